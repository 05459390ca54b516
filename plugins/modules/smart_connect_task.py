#!/usr/bin/python
# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r"""
---
module: smart_connect_task
short_description: Create, modify, start, pause, restart and delete DMS for Kafka Smart Connect tasks
version_added: 1.0.0
description:
  - Idempotently manages one Smart Connect task of a Huawei Cloud DMS for Kafka instance, either a
    Kafka-to-Kafka replication (O(source_task)) or a dump of topics to OBS (O(sink_task)).
  - The task is found by O(task_id) when given (one C(GET)), else by O(task_name) (one list call while the
    instance's tasks fit in a page of 50).
  - Only the options you set are compared with the task as read, recursively; fields the server fills in and
    options you leave out are not differences. Topic lists, C(bootstrap_servers) and C(topics_mapping) are
    compared as sets, and empty values (C(""), C([]) and null) are alike. Write-only secrets (C(source_task.password), C(sink_task.access_key),
    C(sink_task.secret_key)) are never returned by the API, so they are never compared; see O(update_secrets).
  - When something differs, the task is modified in place with one C(PUT) that carries the whole configuration
    (the current task overlaid with your options), so the result is the same whether the service replaces the
    task with the body or merges the body into it. With O(recreate=true) the task is deleted and created again
    instead.
  - Smart Connect must be enabled on the instance.
author:
  - huaweicloud.kafka contributors (@huaweicloud-kafka)
options:
  instance_id:
    description:
      - Id of the Kafka instance that holds the task.
    type: str
    required: true
  task_id:
    description:
      - Id of the task. When given, the task is read by id and O(task_name) is the name it should have
        (set it to rename the task).
      - A task that does not exist is an error, except with O(state=absent); to create a task, give
        O(task_name) without O(task_id).
      - One of O(task_id) and O(task_name) is required.
    type: str
  task_name:
    description:
      - Name of the task, 4 to 64 characters of letters, digits, C(-) and C(_).
      - Without O(task_id), the task is looked up by this name (several tasks with the name is an error that
        lists their ids), and created with it when absent.
      - With O(task_id), the name the task should have.
      - Names are compared exactly, case included. Whether the service takes names that differ only in case for
        one name is undocumented, so the module warns when the instance has a task whose name differs from this
        one only in case.
    type: str
  state:
    description:
      - V(present) creates the task when absent and modifies it when it differs, whatever its status.
      - V(running) does the same, then resumes a C(PAUSED) task (its sync position is kept) and starts a
        C(WAITING) one.
      - V(paused) does the same, then pauses a C(RUNNING) task. A C(WAITING) task (created with
        O(start_later), never started) has never run and is left C(WAITING). A task that has to be created is
        created with O(start_later=true) unless O(start_later=false) is given, so that it never runs.
      - V(restarted) does the same as V(running) and then restarts the task, which B(resets its sync
        position) (it copies from the O(source_task.consumer_strategy) again). Always reports a change,
        except that a task just created is not restarted again.
      - V(absent) deletes the task when it exists (or when its instance no longer exists, does nothing).
    type: str
    choices: [present, running, paused, restarted, absent]
    default: present
  topics:
    description:
      - Topics the task copies or dumps. Compared as a set, so order does not matter.
      - Mutually exclusive with O(topics_regex); one of them is needed to create a task, except that a
        replication task may name its topics in O(source_task.topics_mapping) only.
      - Setting it on an existing task that uses O(topics_regex) switches the task over.
    type: list
    elements: str
  topics_regex:
    description:
      - A regular expression for the topics the task copies or dumps, for example V(topic-obs.*).
      - Mutually exclusive with O(topics).
    type: str
  source_type:
    description:
      - V(KAFKA_REPLICATOR_SOURCE) for a replication task. Inferred from O(source_task) when omitted.
    type: str
    choices: [KAFKA_REPLICATOR_SOURCE, NONE]
  source_task:
    description:
      - The replication between this instance and a peer Kafka (a task is either a replication or an OBS dump).
      - Only the suboptions you set are compared with the task.
    type: dict
  sink_type:
    description:
      - V(OBS_SINK) for a dump to OBS. Inferred from O(sink_task) when omitted.
    type: str
    choices: [OBS_SINK, NONE]
  sink_task:
    description:
      - The dump of the topics to an OBS bucket (a task is either a replication or an OBS dump).
      - Only the suboptions you set are compared with the task; fields the service fills in (C(obs_part_size),
        C(flush_size), C(timezone), converters...) are never differences.
    type: dict
    suboptions:
      consumer_strategy:
        description:
          - Where the dump starts from.
        type: str
        choices: [latest, earliest]
      destination_file_type:
        description:
          - Format of the dumped files (only V(TEXT) exists).
        type: str
        choices: [TEXT]
      deliver_time_interval:
        description:
          - Seconds between two dumps, 30 to 900 (the service defaults to 300).
        type: int
      access_key:
        description:
          - Access key (AK) the task writes to OBS with. Write-only like O(sink_task.secret_key). Required to
            create an OBS dump, unless O(sink_task.agency_name) is set.
        type: str
      secret_key:
        description:
          - Secret key (SK) that goes with O(sink_task.access_key). Write-only, the API never returns it, so it
            is never compared; it is sent when the task is created, and on every run with
            O(update_secrets=always). Never shown in the output or diff. Required to create an OBS dump, unless
            O(sink_task.agency_name) is set.
        type: str
      agency_name:
        description:
          - Name of an IAM agency the dump writes to OBS as, instead of with O(sink_task.access_key) and
            O(sink_task.secret_key) (the agency must delegate OBS access to DMS). No keys are then needed.
          - Returned by reads, so it is compared like any other field.
        type: str
      obs_bucket_name:
        description:
          - OBS bucket to dump into. Required to create an OBS dump.
        type: str
      obs_path:
        description:
          - Directory in the bucket (levels separated by C(/)).
        type: str
      partition_format:
        description:
          - Time directories under O(sink_task.obs_path) (the service defaults to V(yyyy/MM/dd/HH/mm)).
        type: str
        choices: [yyyy, yyyy/MM, yyyy/MM/dd, yyyy/MM/dd/HH, yyyy/MM/dd/HH/mm]
      record_delimiter:
        description:
          - Separator between records in the dumped files - C(\n) (the default), C(,), C(;), C(|) or C(NULL), the
            values the service documents. Another value is refused before any request.
        type: str
      store_keys:
        description:
          - Whether message keys are dumped too.
        type: bool
  start_later:
    description:
      - Create the task without starting it (it stays C(WAITING) until started with O(state=running)).
      - Used only when the task is created. Defaults to V(false), except with O(state=paused) (V(true)) and when
        O(recreate) replaces a C(PAUSED) or C(WAITING) task under O(state=present) (V(true), so that it does not
        start running). Ignored with O(state=running) and O(state=restarted), which start the task anyway.
    type: bool
  update_secrets:
    description:
      - When to send the write-only secrets (O(source_task.password), O(sink_task.access_key),
        O(sink_task.secret_key)), which cannot be read back and so cannot be compared.
      - V(on_create) sends them only when the task is created.
      - V(always) also sends them in a C(PUT) on every run, which therefore always reports a change. Use it to
        rotate a secret, or when the service needs the secrets again whenever a task is modified.
      - If the service refuses secrets in a C(PUT), the module fails with the service's error; rotate the
        secret with O(recreate=true) instead.
    type: str
    choices: [on_create, always]
    default: on_create
  recreate:
    description:
      - When the task differs from the options, delete it and create it again (from the current task overlaid
        with the options) instead of modifying it in place. The new task has a new id, and starts from
        O(source_task.consumer_strategy) again.
      - Needs every option a create needs (secrets included), so a task is never deleted that could not be
        created again; this is checked before any request. A replication's peer is also checked with the
        service's connectivity check before the delete (IAM action C(dms:connector:validate)).
      - With O(update_secrets=always) the task is recreated on every run, so use that pair once, to rotate a
        secret that the service refuses in a C(PUT).
    type: bool
    default: false
  validate_connection:
    description:
      - Before creating a replication, ask the service whether this instance can reach the peer with the
        O(source_task) settings (the check of M(huaweicloud.kafka.smart_connect_validate)); when it cannot, fail
        and create nothing.
      - The check is a C(POST) (Huawei classes it as a write action), so check mode does not make it; use
        M(huaweicloud.kafka.smart_connect_validate), which does, to check a peer in check mode.
      - A replication that O(recreate) deletes and creates again is always checked first, whatever this says.
      - Ignored for OBS dumps, and when the task exists already.
    type: bool
    default: false
  restart_failed:
    description:
      - With O(state=running), restart the task when its status names a failure (C(FAILED), C(ERROR)...), then
        wait for it to run. A task that fails again is reported with its status (and any reason the service
        gives) after that one restart - a run never restarts a task twice.
      - Off by default because a restart resets the task's sync position - it starts again from its
        C(consumer_strategy) (C(latest) skips what was written meanwhile; C(earliest) copies everything again).
      - A failed task whose declaration changed too (the change is often the fix) is modified and restarted -
        modified first where the service takes a change to a failed task, else restarted first and modified once it
        runs.
      - When off, a failed task fails the module, naming both ways out (this option, or O(state=restarted)), and
        nothing is written to it. A failed task is never reported as fine.
    type: bool
    default: false
  wait:
    description:
      - Wait until the task reaches the status asked for. V(RUNNING) after a create (V(WAITING) with
        O(start_later)), a start, a resume or a restart; V(PAUSED) after a pause; a settled status
        (V(RUNNING), V(PAUSED) or V(WAITING)) after a modification; gone after a delete.
      - Polls with a jittered backoff. The first read comes after about 0.4 seconds, later ones up to 10 seconds
        apart.
      - With V(false), the module returns the task as the last write returned it, with RV(task.status) set to
        the status asked for after a pause, resume or restart (which return nothing). A task that must
        settle before it can be modified, paused or restarted is waited for anyway.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait with O(wait); the module then fails with the last status seen.
    type: int
    default: 600
extends_documentation_fragment:
  - huaweicloud.kafka.source_task
  - huaweicloud.kafka.connection
  - huaweicloud.kafka.connection.place
  - huaweicloud.kafka.attributes
attributes:
  check_mode:
    support: full
    details:
      - Makes the same reads as a real run and no write; RV(task) is the task as it would be (with a null id
        when it would be created).
  diff_mode:
    support: full
    details:
      - Secrets that are sent appear as C(********).
notes:
  - The Smart Connect API has no filter on its list call, so a lookup by O(task_name) pages through all the
    instance's tasks (at most 18 per instance, so one call in practice). O(task_id) is the cheapest.
  - A task to be created on an instance whose listing (read to find the task by name) says its task quota is
    reached fails before the create is sent, and check mode predicts that failure. The quota is the listing's
    C(max_tasks), or its C(quota_tasks) read as the tasks the instance can still take (its meaning is undocumented;
    that reading refuses least). Without either field the create is sent, and the service's refusal
    (C(DMS.00400039)) is the failure.
  - Huawei does not say whether a modification needs the task paused. If the service refuses to modify a
    C(RUNNING) task because of its status, the module pauses it, modifies it and resumes it. If the modification
    then fails, the module resumes the task before it fails, and says so; if the resume fails too, the failure
    says that the task is left C(PAUSED).
  - After a modification, the task the service answers with (or, when the answer is empty or partial, the task
    read once more) is compared with the options; a change the service accepted but did not apply fails the run,
    naming each field and the value it still has.
  - A create whose answer was lost (a dropped connection, a timeout) or names no task is not sent again blindly;
    the task is looked up by name for a few seconds and adopted when found (with a warning), and created once
    more only when it is certainly absent. A list or task answer that makes no sense (no C(tasks) list, a task
    without an id or a status, a body that is not JSON) is a failure that names the operation and the request
    id, never read as "no task". When the task list cannot be read whole (the service keeps saying there are
    more tasks), the module warns, and refuses to create a task it did not find.
  - A status that names a failure (C(FAILED), C(ERROR), or any status containing either) ends a wait at once with
    the status and the task id. Other statuses the module does not know keep it waiting, with a warning.
  - With O(recreate=true), a replication is deleted only after the service's connectivity check
    (C(POST .../connector/validate)) says its peer can be reached. If the create after the delete fails, the
    failure says first that the old task was deleted and not created again, reports C(changed), and returns the
    configuration that was sent in RV(config), secrets masked.
  - Before any write, the module refuses a rename (by O(task_id)) onto a name another task has, and turning SASL on
    for a task that had none without its O(source_task.password) sent (O(update_secrets=always)). Empty values
    (C(""), C([]), null) of suboptions, as templates produce them, mean "not set".
seealso:
  - name: Smart Connect API
    description: Huawei Cloud API reference for DMS for Kafka Smart Connect tasks.
    link: https://support.huaweicloud.com/intl/en-us/api-kafka/ModifyConnectorTask.html
"""

EXAMPLES = r"""
- name: Replicate two topics from a peer instance, by name
  huaweicloud.kafka.smart_connect_task:
    region: ap-southeast-1
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    task_name: replicate-orders
    topics: [orders, payments]
    source_task:
      current_cluster_name: A
      cluster_name: B
      instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000003
      direction: pull
      security_protocol: SASL_SSL
      sasl_mechanism: SCRAM-SHA-512
      user_name: replicator
      password: "{{ vault_peer_password }}"
      replication_factor: 3
      consumer_strategy: earliest
      compression_type: snappy
      topics_mapping:
        orders: orders-copy
        payments: payments-copy
  register: replication

- name: Replicate from a peer only if the service says it can reach it (nothing is created otherwise)
  huaweicloud.kafka.smart_connect_task:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    task_name: replicate-events
    topics: [events]
    validate_connection: true
    source_task:
      current_cluster_name: A
      cluster_name: B
      bootstrap_servers: ["192.168.1.31:9092", "192.168.1.32:9092"]
      direction: pull

- name: Dump every topic matching a pattern to OBS, created but not started
  huaweicloud.kafka.smart_connect_task:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    task_name: dump-logs
    topics_regex: "logs-.*"
    start_later: true
    sink_task:
      obs_bucket_name: my-bucket
      obs_path: kafka/logs
      access_key: "{{ obs_ak }}"
      secret_key: "{{ obs_sk }}"
      deliver_time_interval: 300
      partition_format: yyyy/MM/dd/HH
      store_keys: false

- name: Dump to OBS through an IAM agency, with no access keys in the playbook
  huaweicloud.kafka.smart_connect_task:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    task_name: dump-audit
    topics: [audit]
    sink_task:
      obs_bucket_name: my-audit-bucket
      agency_name: dms-obs-writer

- name: Credentials once for every module of the collection
  module_defaults:
    group/huaweicloud.kafka.all:
      region: ap-southeast-1
      access_key: "{{ hw_ak }}"
      secret_key: "{{ hw_sk }}"
  block:
    - name: Pause the replication (its sync position is kept)
      huaweicloud.kafka.smart_connect_task:
        instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
        task_id: "{{ replication.task.task_id }}"
        state: paused

    - name: Resume it
      huaweicloud.kafka.smart_connect_task:
        instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
        task_id: "{{ replication.task.task_id }}"
        state: running

- name: Rename a task
  huaweicloud.kafka.smart_connect_task:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    task_id: "{{ replication.task.task_id }}"
    task_name: replicate-orders-v2

- name: Rotate the peer password (sent in a PUT; always reports changed while update_secrets is always)
  huaweicloud.kafka.smart_connect_task:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    task_name: replicate-orders
    source_task:
      password: "{{ vault_new_peer_password }}"
    update_secrets: always

- name: Change the peer's authentication by deleting and creating the task again
  huaweicloud.kafka.smart_connect_task:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    task_name: replicate-orders
    recreate: true
    topics: [orders, payments]
    source_task:
      current_cluster_name: A
      cluster_name: B
      instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000003
      direction: pull
      security_protocol: SASL_SSL
      sasl_mechanism: PLAIN
      user_name: replicator
      password: "{{ vault_peer_password }}"

- name: Start from the beginning again (resets the sync position)
  huaweicloud.kafka.smart_connect_task:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    task_name: replicate-orders
    state: restarted

- name: Delete the OBS dump
  huaweicloud.kafka.smart_connect_task:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    task_name: dump-logs
    state: absent
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
restarted:
  description: Whether this run restarted the task (O(state=restarted), a C(WAITING) task started, or O(restart_failed)).
  returned: always
  type: bool
  sample: false
action:
  description:
    - What the run did (or would do, in check mode) to the task's existence and configuration, V(created),
      V(recreated), V(modified), V(deleted) or V(unchanged).
    - A pause, resume or restart alone leaves it V(unchanged); C(changed) and RV(task.status) tell those.
  returned: success
  type: str
  sample: modified
task:
  description:
    - The task as read after the run (as it would be, in check mode), with the option names and types, so that
      its configuration can be fed back as module input. Secrets are never included.
    - An empty dict with O(state=absent).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the task (as the API names it; null in check mode when it would be created).
      type: str
      sample: 194917d0-1a2b-4c3d-8e9f-0a1b2c3d4e5f
    task_id:
      description: The same as RV(task.id), under the option's name.
      type: str
      sample: 194917d0-1a2b-4c3d-8e9f-0a1b2c3d4e5f
    task_name:
      description: Name of the task.
      type: str
      sample: replicate-orders
    status:
      description:
        - C(CREATING), C(RUNNING), C(PAUSED), C(WAITING) (created with O(start_later), never started) or
          C(RESTARTING); other values are passed on as the service sends them.
      type: str
      sample: RUNNING
    create_time:
      description: Creation time, in milliseconds since the epoch.
      type: int
      sample: 1708427753133
    topics:
      description: Topics of the task, sorted; null when the task uses RV(task.topics_regex).
      type: list
      elements: str
      sample: [orders, payments]
    topics_regex:
      description: Topic regular expression; null when the task uses RV(task.topics).
      type: str
      sample: null
    source_type:
      description: V(KAFKA_REPLICATOR_SOURCE) or V(NONE).
      type: str
      sample: KAFKA_REPLICATOR_SOURCE
    source_task:
      description:
        - The replication settings (the O(source_task) suboptions, C(password) excepted); null for an OBS dump.
        - Its C(bootstrap_servers) and C(topics_mapping) are sorted lists.
      type: dict
      sample:
        current_cluster_name: A
        cluster_name: B
        direction: pull
        instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000003
        bootstrap_servers: ["192.168.1.31:9092", "192.168.1.32:9092"]
        security_protocol: PLAINTEXT
        sasl_mechanism: PLAIN
        user_name: ""
        consumer_strategy: earliest
        sync_consumer_offsets_enabled: false
        rename_topic_enabled: false
        provenance_header_enabled: false
        topics_mapping: ["orders:orders-copy"]
        compression_type: none
        task_num: 2
        replication_factor: 3
    sink_type:
      description: V(OBS_SINK) or V(NONE).
      type: str
      sample: NONE
    sink_task:
      description:
        - The OBS dump settings (the O(sink_task) suboptions, C(access_key) and C(secret_key) excepted); null for
          a replication.
      type: dict
      sample: null
config:
  description:
    - The configuration that was sent to create the task again, as the API takes it, secrets shown as C(********),
      when O(recreate=true) deleted the task and the create failed.
  returned: when a recreate deleted the task and could not create it again
  type: dict
  sample: {task_name: replicate-orders, topics: orders, source_type: KAFKA_REPLICATOR_SOURCE, sink_type: NONE,
           source_task: {cluster_name: B, password: "********"}}
diff:
  description: With C(--diff), the task before and after (secrets that are sent shown as C(********)).
  returned: when diff mode is on
  type: dict
  sample:
    before: {task_name: dump-logs, topics_regex: "logs-.*", sink_task: {deliver_time_interval: 300}}
    after: {task_name: dump-logs, topics_regex: "logs-.*", sink_task: {deliver_time_interval: 600}}
error_code:
  description: The service's error code, when an API call failed.
  returned: on API failure
  type: str
  sample: DMS.00400063
error_msg:
  description: The service's error message, when an API call failed.
  returned: on API failure
  type: str
  sample: "Invalid parameter: source_task.cluster_name is required"
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
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.task import TaskRunner
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.spec import task_action_spec, task_spec


def argument_spec():
    spec = dict(
        instance_id=dict(type="str", required=True),
        task_id=dict(type="str"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
    )
    spec.update(task_action_spec())
    spec.update(task_spec())
    return spec


def main():
    module = HuaweiCloudModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
        required_one_of=[("task_id", "task_name")],
    )
    TaskRunner(module).execute()


if __name__ == "__main__":
    main()
