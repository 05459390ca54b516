#!/usr/bin/python
# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r"""
---
module: smart_connect_task_info
short_description: List the Smart Connect tasks of a DMS for Kafka instance
version_added: 1.0.0
description:
  - Reads the Smart Connect tasks of a Huawei Cloud DMS for Kafka instance, optionally filtered by O(task_id),
    O(task_name) and O(status), and returns them in the shape M(huaweicloud.kafka.smart_connect_task) returns
    its RV(huaweicloud.kafka.smart_connect_task#module:task) in, so that a task read here can be fed back as
    that module's input.
  - Without O(task_id), every page of the task list is read (the service may return fewer tasks per page
    than asked for; the module follows the pages by the number of tasks actually received). The list call has
    no filter, so O(task_name) and O(status) are applied to the tasks read. A task seen twice while paging (the
    list changed between pages) is returned once.
  - With O(task_id), the task is read with a single C(GET); the list is not read, so RV(total_number),
    RV(max_tasks) and RV(quota_tasks) are not returned.
  - Never changes anything.
author:
  - huaweicloud.kafka contributors (@huaweicloud-kafka)
options:
  instance_id:
    description:
      - Id of the Kafka instance whose tasks to read.
      - An instance that does not exist is an error.
    type: str
    required: true
  task_id:
    description:
      - Read only this task, with one C(GET).
      - A task that does not exist gives an empty RV(tasks), not an error.
      - O(task_name) and O(status) still filter that one task.
    type: str
  task_name:
    description:
      - Return only the tasks with exactly this name (the service does not make names unique, so there may be
        several).
    type: str
  status:
    description:
      - Return only the tasks in one of these statuses, for example V(RUNNING), V(PAUSED), V(WAITING),
        V(CREATING) or V(RESTARTING). Compared without regard to case.
    type: list
    elements: str
extends_documentation_fragment:
  - huaweicloud.kafka.connection
  - huaweicloud.kafka.connection.place
  - huaweicloud.kafka.attributes
attributes:
  check_mode:
    support: full
    details:
      - The module only reads, so a check mode run makes exactly the requests a normal run makes.
  diff_mode:
    support: none
notes:
  - If Smart Connect is not enabled on the instance, the service refuses to list or read its tasks, and the
    module fails with the service's message. Enable it with M(huaweicloud.kafka.smart_connect).
  - Paging stops after RV(total_number) pages plus three, even if the service keeps answering that more tasks
    exist, with a warning; an instance holds at most 18 tasks, which normally come in one page.
seealso:
  - module: huaweicloud.kafka.smart_connect_task
  - module: huaweicloud.kafka.smart_connect
  - name: Smart Connect API
    description: Huawei Cloud API reference for listing Smart Connect tasks.
    link: https://support.huaweicloud.com/intl/en-us/api-kafka/ListConnectorTasks.html
"""

EXAMPLES = r"""
- name: Read every Smart Connect task of an instance
  huaweicloud.kafka.smart_connect_task_info:
    region: ap-southeast-1
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
  register: smart_connect

- name: Show how many more tasks the instance can take
  ansible.builtin.debug:
    msg: "{{ smart_connect.tasks | length }} tasks, room for {{ smart_connect.quota_tasks }} more"

- name: One task, by id (a single GET; an empty list when it does not exist)
  huaweicloud.kafka.smart_connect_task_info:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    task_id: 194917d0-1a2b-4c3d-8e9f-0a1b2c3d4e5f
  register: one

- name: Every paused replication, with credentials set once for the whole collection
  module_defaults:
    group/huaweicloud.kafka.all:
      region: ap-southeast-1
      access_key: "{{ hw_ak }}"
      secret_key: "{{ hw_sk }}"
  block:
    - name: Read the paused tasks
      huaweicloud.kafka.smart_connect_task_info:
        instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
        status: PAUSED
      register: paused

    - name: Resume each of them
      huaweicloud.kafka.smart_connect_task:
        instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
        task_id: "{{ item.task_id }}"
        state: running
      loop: "{{ paused.tasks }}"
      loop_control:
        label: "{{ item.task_name }}"

- name: Copy a task's configuration to another instance (a task read here is valid module input)
  huaweicloud.kafka.smart_connect_task:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000004
    task_name: "{{ one.tasks[0].task_name }}"
    topics: "{{ one.tasks[0].topics }}"
    sink_task: "{{ one.tasks[0].sink_task | combine({'access_key': obs_ak, 'secret_key': obs_sk}) }}"
  when: one.tasks | length == 1
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
tasks:
  description:
    - The matching tasks, newest first as the service lists them; an empty list when none matches.
    - Each task has the shape of M(huaweicloud.kafka.smart_connect_task)'s
      RV(huaweicloud.kafka.smart_connect_task#module:task) (option names and types, topic lists sorted, no
      write-only secret, no field the server fills in on its own).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Id of the task.
      type: str
      sample: 194917d0-1a2b-4c3d-8e9f-0a1b2c3d4e5f
    task_id:
      description: The same as RV(tasks[].id), under the option's name.
      type: str
      sample: 194917d0-1a2b-4c3d-8e9f-0a1b2c3d4e5f
    task_name:
      description: Name of the task.
      type: str
      sample: dump-logs
    status:
      description: C(CREATING), C(RUNNING), C(PAUSED), C(WAITING) or C(RESTARTING), or another value as the service sends it.
      type: str
      sample: RUNNING
    create_time:
      description: Creation time, in milliseconds since the epoch.
      type: int
      sample: 1708427753133
    topics:
      description: Topics of the task, sorted; null when the task uses RV(tasks[].topics_regex).
      type: list
      elements: str
      sample: null
    topics_regex:
      description: Topic regular expression; null when the task uses RV(tasks[].topics).
      type: str
      sample: "logs-.*"
    source_type:
      description:
        - V(KAFKA_REPLICATOR_SOURCE) or V(NONE), or a type the collection does not know (the service removed its
          Redis types in 2025), as the service sends it.
      type: str
      sample: NONE
    source_task:
      description:
        - The replication settings (C(password) excepted); null for an OBS dump.
        - C(bootstrap_servers) and C(topics_mapping) are sorted lists.
        - For a type the collection does not know, the settings as the service sends them, without any field
          whose name suggests a secret.
      type: dict
      sample: null
    sink_type:
      description: V(OBS_SINK) or V(NONE).
      type: str
      sample: OBS_SINK
    sink_task:
      description: The OBS dump settings (C(access_key) and C(secret_key) excepted); null for a replication.
      type: dict
      sample:
        consumer_strategy: earliest
        destination_file_type: TEXT
        deliver_time_interval: 300
        obs_bucket_name: my-bucket
        obs_path: kafka/logs
        partition_format: yyyy/MM/dd/HH
        record_delimiter: "\n"
        store_keys: false
    spec:
      description:
        - The task as a declaration, in the shape of one item of
          O(huaweicloud.kafka.smart_connect_tasks#module:tasks) - only options the modules take, no id, status or
          creation time, no value the service would fill in anyway (its defaults, the peer's addresses when the peer
          is an instance), topics as a list.
        - Fed back to M(huaweicloud.kafka.smart_connect_tasks), with or without the secrets of
          RV(tasks[].secrets_needed), it asks for the task as it is, so the run changes nothing and sends no write.
        - Null when the task cannot be managed (RV(tasks[].manageable) is false).
      type: dict
      sample: {task_name: dump-logs, topics_regex: "logs-.*", sink_type: OBS_SINK, sink_task: {obs_bucket_name: my-bucket, obs_path: kafka/logs}}
    secrets_needed:
      description:
        - The write-only secrets the task uses, which no read gives back, as option paths - V(source_task.password)
          for a SASL peer, V(sink_task.access_key) and V(sink_task.secret_key) for an OBS dump without an agency.
        - A declaration adopting the task needs them only to create it again or to send them (recreate, or
          update_secrets=always); the spec never carries a value for them.
      type: list
      elements: str
      sample: [sink_task.access_key, sink_task.secret_key]
    manageable:
      description:
        - False for a task of a type the collection does not know; the modules leave such a task alone, except to
          delete it (state=absent, or purge).
      type: bool
      sample: true
total_number:
  description: How many tasks the instance holds, before any filter, as the service counts them.
  returned: when the task list was read, that is without O(task_id)
  type: int
  sample: 3
max_tasks:
  description: The most tasks the instance can hold.
  returned: when the task list was read and the service sent it
  type: int
  sample: 18
quota_tasks:
  description: The task quota the service reports for the instance.
  returned: when the task list was read and the service sent it
  type: int
  sample: 15
error_code:
  description: The service's error code, when an API call failed.
  returned: on API failure
  type: str
  sample: DMS.00404022
error_msg:
  description: The service's error message, when an API call failed.
  returned: on API failure
  type: str
  sample: "The instance does not exist: 6a1f0c52-4d3b-4e7a-9c41-000000000001"
request_id:
  description: The request id of a failed API call (quote it to Huawei support).
  returned: on API failure
  type: str
  sample: 5fd3c9e7a1b24f0c8d6e9a7b3c2d1e0f
status_code:
  description: The HTTP status of a failed API call (null when no answer came back).
  returned: on API failure
  type: int
  sample: 404
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._ansible.base import HuaweiCloudModule
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.info import InfoReader


def argument_spec():
    return dict(
        instance_id=dict(type="str", required=True),
        task_id=dict(type="str"),
        task_name=dict(type="str"),
        status=dict(type="list", elements="str"),
    )


def main():
    module = HuaweiCloudModule(argument_spec=argument_spec(), supports_check_mode=True)
    InfoReader(module).execute()


if __name__ == "__main__":
    main()
