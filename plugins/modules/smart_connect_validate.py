#!/usr/bin/python
# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r"""
---
module: smart_connect_validate
short_description: Check that a DMS for Kafka instance can reach a peer Kafka, before a replication is created
version_added: 1.0.0
description:
  - Asks the service whether the Kafka instance O(instance_id) can reach the peer Kafka described by
    O(source_task) with those settings (address, security protocol, SASL user and password), with the
    connectivity check of Smart Connect (C(POST /v2/{project_id}/instances/{instance_id}/connector/validate)).
  - Changes nothing, so it never reports a change and runs in check mode too. An unreachable peer fails the run
    with the service's message and code; a reachable one returns RV(valid=true).
  - M(huaweicloud.kafka.smart_connect_task) makes the same check before it deletes a replication to create it
    again, and before it creates one with O(huaweicloud.kafka.smart_connect_task#module:validate_connection=true).
  - Smart Connect must be enabled on the instance.
author:
  - huaweicloud.kafka contributors (@huaweicloud-kafka)
options:
  instance_id:
    description:
      - Id of the Kafka instance whose Smart Connect would run the replication.
    type: str
    required: true
  source_task:
    description:
      - The peer to check, with the suboptions of M(huaweicloud.kafka.smart_connect_task)'s
        O(huaweicloud.kafka.smart_connect_task#module:source_task), checked the same way before any request.
      - One of O(source_task.instance_id) and O(source_task.bootstrap_servers) is required; with
        O(source_task.security_protocol=SASL_SSL) or V(SASL_PLAINTEXT), O(source_task.user_name) and
        O(source_task.password) are too. The other suboptions are sent as given.
    type: dict
    required: true
extends_documentation_fragment:
  - huaweicloud.kafka.source_task
  - huaweicloud.kafka.connection
  - huaweicloud.kafka.connection.place
  - huaweicloud.kafka.attributes
attributes:
  check_mode:
    support: full
    details:
      - The check changes nothing, so check mode makes it too.
  diff_mode:
    support: none
notes:
  - The IAM action of the check is C(dms:connector:validate), which Huawei classes as a write permission; see
    the least-privilege guide.
seealso:
  - module: huaweicloud.kafka.smart_connect_task
  - name: Connectivity check (API)
    description: Huawei Cloud API reference for checking the connectivity of a Smart Connect task.
    link: https://support.huaweicloud.com/intl/en-us/api-kafka/ValidateConnectorConnectivity.html
"""

EXAMPLES = r"""
- name: Can the instance reach the peer with these credentials?
  huaweicloud.kafka.smart_connect_validate:
    region: ap-southeast-1
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    source_task:
      current_cluster_name: A
      cluster_name: B
      instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000003
      security_protocol: SASL_SSL
      sasl_mechanism: SCRAM-SHA-512
      user_name: replicator
      password: "{{ vault_peer_password }}"

- name: A peer outside Huawei Cloud, by its addresses
  huaweicloud.kafka.smart_connect_validate:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    source_task:
      bootstrap_servers: ["192.168.1.31:9092", "192.168.1.32:9092"]
      security_protocol: PLAINTEXT
"""

RETURN = r"""
credential_source:
  description:
    - Where the keys the run signed with came from, V(options), V(environment), V(oidc), V(credentials_file) or
      V(metadata); never a value. See the connection options.
  returned: when the connection options were read
  type: str
  sample: metadata
instance_id:
  description:
    - The Kafka instance the run managed (O(instance_id), in lower case), on success and on failure alike. Ansible
      Automation Platform counts the instances a job managed from it (C(extensions/audit/event_query.yml)).
  returned: always, unless the connection options are invalid
  type: str
  sample: 6a1f0c52-4d3b-4e7a-9c41-000000000001
valid:
  description: V(true) when the service says the peer can be reached (on failure, V(false)).
  returned: always
  type: bool
  sample: true
error_code:
  description: The service's error code, when the check failed.
  returned: on API failure
  type: str
  sample: DMS.00400062
error_msg:
  description: The service's error message, when the check failed.
  returned: on API failure
  type: str
  sample: "Invalid parameter: connectivity check failed: cannot reach 6a1f0c52-4d3b-4e7a-9c41-000000000003"
request_id:
  description: The request id of a failed API call (quote it to Huawei support).
  returned: on API failure
  type: str
  sample: 5fd3c9e7a1b24f0c8d6e9a7b3c2d1e0f
status_code:
  description: The HTTP status of a failed API call (null when no answer came back).
  returned: on API failure
  type: int
  sample: 400
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._ansible.base import HuaweiCloudModule
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.validate import ValidateRunner
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.spec import source_task_spec


def argument_spec():
    return dict(
        instance_id=dict(type="str", required=True),
        source_task=dict(type="dict", required=True, options=source_task_spec()),
    )


def main():
    module = HuaweiCloudModule(argument_spec=argument_spec(), supports_check_mode=True)
    ValidateRunner(module).execute()


if __name__ == "__main__":
    main()
