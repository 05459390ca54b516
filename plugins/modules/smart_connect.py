#!/usr/bin/python
# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r"""
---
module: smart_connect
short_description: Enable or disable Smart Connect on a DMS for Kafka instance
version_added: 1.0.0
description:
  - Ensures that Smart Connect, the DMS for Kafka feature that runs replication and OBS dump tasks
    (M(huaweicloud.kafka.smart_connect_task)), is enabled (O(state=present)) or disabled (O(state=absent)) on a
    Huawei Cloud DMS for Kafka instance.
  - Idempotent. The instance is read first (C(connector_enable), C(connector_id), C(connector_node_num),
    C(status)) and Smart Connect is enabled or disabled only when it is not already as asked.
  - While Smart Connect is being enabled the instance is C(EXTENDING), while it is being disabled
    C(CONNECTOR_DELETING); both last minutes. With O(wait), the module returns once the instance is
    C(RUNNING) again with Smart Connect as asked.
  - B(Disabling Smart Connect deletes every task of the instance), with no way back. The module therefore
    refuses to disable it while the instance has tasks, unless O(force=true); the failure lists the tasks that
    would be deleted.
author:
  - huaweicloud.kafka contributors (@huaweicloud-kafka)
options:
  instance_id:
    description:
      - Id of the Kafka instance.
    type: str
    required: true
  state:
    description:
      - V(present) enables Smart Connect when it is off.
      - V(absent) disables it when it is on, B(deleting every task of the instance) (see O(force)).
    type: str
    choices: [present, absent]
    default: present
  node_cnt:
    description:
      - Number of Smart Connect nodes, 2 to 16 (checked before any request). Used only when Smart Connect is
        enabled; when not set, 2 nodes are asked for.
      - The API cannot change the node count of an instance on which Smart Connect is already on. If the
        instance reports another count, the module warns and reports no change; to change it, disable Smart
        Connect (O(state=absent), which deletes every task) and enable it again.
      - Ignored with O(state=absent).
    type: int
  specification:
    description:
      - Bandwidth of Smart Connect, for example V(100MB). Only some older instance flavors need it; sent only when
        Smart Connect is enabled, and never compared.
    type: str
  spec_code:
    description:
      - Storage specification code of Smart Connect, for example V(dms.physical.storage.ultra.v2). Only some older
        instance flavors need it; sent only when Smart Connect is enabled, and never compared.
    type: str
  force:
    description:
      - With O(state=absent), disable Smart Connect even though the instance still has tasks. B(They are all
        deleted.)
      - Without it, the module counts the tasks first (one list request) and fails before any change if there are
        any, listing their names and ids.
    type: bool
    default: false
  wait:
    description:
      - Wait until the instance is C(RUNNING) again with Smart Connect enabled (or disabled), polling it with a
        capped, jittered backoff of up to 10 seconds.
      - With V(false), the module returns as soon as the service has accepted the request; RV(connector) then
        shows the state being reached and the status the instance moves to (C(EXTENDING) or
        C(CONNECTOR_DELETING)).
      - Either way, if the instance is found in the middle of an enable or disable job, the module waits for that
        job to end before it decides anything, and if the service answers that the instance is busy
        (C(DMS.00400026), C(DMS.00400017)) the request is sent again with a backoff, within O(wait_timeout). If
        another job has brought Smart Connect to the state asked for meanwhile, nothing more is sent and no change
        is reported.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds the whole run may take to wait, for a busy instance and with O(wait); the module then fails with
        the last status seen.
      - The default matches the 50 minutes the Terraform provider allows.
    type: int
    default: 3000
extends_documentation_fragment:
  - huaweicloud.kafka.connection
  - huaweicloud.kafka.connection.place
  - huaweicloud.kafka.attributes
attributes:
  check_mode:
    support: full
    details:
      - Reads the instance (and, to disable it without O(force), lists its tasks) and writes nothing; RV(connector)
        is predicted.
      - Check mode does not wait for a running enable or disable job, and decides from the instance as read.
  diff_mode:
    support: full
    details:
      - The diff shows C(enabled) and C(node_cnt) before and after.
notes:
  - The instance must be C(RUNNING) for Smart Connect to be enabled or disabled. Huawei also requires, to enable it,
    C(auto.create.groups.enable=true) on the instance, 2 to 16 brokers, a flavor that is not single-node, and,
    through the API, pay-per-use billing.
  - Before an enable, the module asks whether Smart Connect resources are sold out
    (C(GET .../connector), C(soldOut)), and fails before the C(POST) when they are, in check mode too.
  - While it waits, the module follows the background job the enable or disable answered with
    (C(GET /v2/{project_id}/instances/{instance_id}/tasks/{job_id})) beside the instance's status. A job that ends
    C(FAILED) or C(CANCELLED) fails the run at once with its name, status and times. When the job cannot be read
    (not found, no permission), the module warns and follows the instance's status alone.
  - Tasks can be created only while Smart Connect is on, with M(huaweicloud.kafka.smart_connect_task).
seealso:
  - module: huaweicloud.kafka.smart_connect_task
  - module: huaweicloud.kafka.smart_connect_task_info
  - name: Enabling Smart Connect (API)
    description: Huawei Cloud API reference for enabling Smart Connect.
    link: https://support.huaweicloud.com/intl/en-us/api-kafka/CreateConnector.html
  - name: Disabling Smart Connect (API)
    description: Huawei Cloud API reference for disabling Smart Connect.
    link: https://support.huaweicloud.com/intl/en-us/api-kafka/DeleteConnector.html
"""

EXAMPLES = r"""
- name: Enable Smart Connect with 2 nodes and wait until the instance is RUNNING again
  huaweicloud.kafka.smart_connect:
    region: ap-southeast-1
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
  register: smart_connect

- name: Enable it with 4 nodes on an older flavor that needs the bandwidth and storage code, without waiting
  huaweicloud.kafka.smart_connect:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000002
    node_cnt: 4
    specification: 100MB
    spec_code: dms.physical.storage.ultra.v2
    wait: false

- name: Credentials once for every module of the collection
  module_defaults:
    group/huaweicloud.kafka.all:
      region: ap-southeast-1
      access_key: "{{ hw_ak }}"
      secret_key: "{{ hw_sk }}"
  block:
    - name: Smart Connect on, then a task
      huaweicloud.kafka.smart_connect:
        instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001

    - name: Dump logs to OBS
      huaweicloud.kafka.smart_connect_task:
        instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
        task_name: dump-logs
        topics_regex: "logs-.*"
        sink_task:
          obs_bucket_name: my-bucket
          access_key: "{{ obs_ak }}"
          secret_key: "{{ obs_sk }}"

- name: Disable Smart Connect; fails, changing nothing, if the instance still has tasks
  huaweicloud.kafka.smart_connect:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    state: absent

- name: Disable Smart Connect and DELETE EVERY TASK of the instance
  huaweicloud.kafka.smart_connect:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    state: absent
    force: true
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
connector:
  description:
    - Smart Connect on the instance after the run (as it would be, in check mode).
  returned: always
  type: dict
  contains:
    enabled:
      description: Whether Smart Connect is on (with O(wait=false), whether it is being turned on).
      type: bool
      sample: true
    connector_id:
      description: Id of the instance's Smart Connect; null when it is off, or not known yet (check mode).
      type: str
      sample: 7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6
    node_cnt:
      description: Number of Smart Connect nodes; null when Smart Connect is off or the service does not say.
      type: int
      sample: 2
    status:
      description:
        - Status of the instance, C(RUNNING) once a job is over. With O(wait=false) after a change, the status the
          job puts the instance in, C(EXTENDING) or C(CONNECTOR_DELETING).
      type: str
      sample: RUNNING
    job_id:
      description: Id of the enable or disable job the module started.
      returned: when the module enabled or disabled Smart Connect (not in check mode)
      type: str
      sample: 2c1f7d3e-5a6b-4c8d-9e0f-1a2b3c4d5e6f
    job_progress:
      description:
        - How far that job said it was when last read while the module waited for it (C(progress_percentage),
          C(remain_time) in seconds), as the service gives them. A timeout's message quotes them too.
      returned: when the module waited for a job it started and could read its progress
      type: dict
      sample: {progress_percentage: 100, remain_time: 0}
diff:
  description: With C(--diff), C(enabled) and C(node_cnt) before and after.
  returned: when diff mode is on
  type: dict
  sample:
    before: {enabled: false, node_cnt: null}
    after: {enabled: true, node_cnt: 2}
error_code:
  description: The service's error code, when an API call failed.
  returned: on API failure
  type: str
  sample: DMS.00400017
error_msg:
  description: The service's error message, when an API call failed.
  returned: on API failure
  type: str
  sample: A background job is running on the instance
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
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.connector import (
    ConnectorRunner,
    connector_argument_spec,
)


def main():
    module = HuaweiCloudModule(argument_spec=connector_argument_spec(), supports_check_mode=True)
    ConnectorRunner(module).execute()


if __name__ == "__main__":
    main()
