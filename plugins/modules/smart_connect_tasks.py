#!/usr/bin/python
# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r"""
---
module: smart_connect_tasks
short_description: Every Smart Connect task of a DMS for Kafka instance in one run, with purge
version_added: 1.0.0
description:
  - Brings a list of Smart Connect tasks of one Huawei Cloud DMS for Kafka instance to the state asked for, in one
    module run; with O(purge=true) the list is the whole truth for the instance.
  - Each task takes the per-task options of M(huaweicloud.kafka.smart_connect_task), checked the same way and
    applied by the same code (comparison, request bodies, secrets, the pause a modification may need, recreate,
    waiting). Every task is checked before any request is sent.
  - The instance's tasks are read with one list request; only the writes needed are then sent, up to
    O(concurrency) at a time over one HTTP session, and the waits of all tasks poll one listing a round instead
    of one read per task. A no-op run is one request, like a no-op run of M(huaweicloud.kafka.smart_connect_task).
  - One task that fails does not stop the others. Every other task is still applied, then the module fails with
    a short message (how many tasks failed, counted by the service's error code, the first few names and the first
    failure's message); RV(results) (and RV(purge_failed)) hold each task's whole error.
  - Before any write (and in check mode too), the run is refused when its creates would take the instance past its
    task quota as the listing reports it; see the notes.
  - Smart Connect must be enabled on the instance (see M(huaweicloud.kafka.smart_connect)).
author:
  - huaweicloud.kafka contributors (@huaweicloud-kafka)
options:
  instance_id:
    description:
      - Id of the Kafka instance that holds the tasks.
    type: str
    required: true
  tasks:
    description:
      - The tasks, each with the options of M(huaweicloud.kafka.smart_connect_task) that describe one task (all
        but O(huaweicloud.kafka.smart_connect_task#module:task_id) and the connection and waiting options, which
        this module takes once for all).
      - Each O(tasks[].task_name) is listed once. A null option is the option left out.
      - An empty list (or one whose tasks are all V(absent)) with O(purge=true) would delete every task not
        excluded by O(purge_exclude), and is refused unless O(purge_all=true).
    type: list
    elements: dict
    required: true
    suboptions:
      task_name:
        description:
        - Name of the task, 4 to 64 characters of letters, digits, C(-) and C(_); each name is
          listed once.
        - The task is looked up by this name in the instance's listing (several tasks with the
          name is an error for this task, which lists their ids), and created with it when absent.
        - Names are compared exactly, case included. Whether the service takes names that differ
          only in case for one name is undocumented, so the module warns when two names of O(tasks),
          or one of them and a listed task's name, differ only in case.
        type: str
        required: true
      state:
        description:
        - V(present) creates the task when absent and modifies it when it differs, whatever its
          status.
        - V(running) does the same, then resumes a C(PAUSED) task (its sync position is kept)
          and starts a C(WAITING) one.
        - V(paused) does the same, then pauses a C(RUNNING) task. A C(WAITING) task (created with
          O(tasks[].start_later), never started) has never run and is left C(WAITING). A task
          that has to be created is created with O(tasks[].start_later=true) unless O(tasks[].start_later=false)
          is given, so that it never runs.
        - V(restarted) does the same as V(running) and then restarts the task, which B(resets
          its sync position) (it copies from the O(tasks[].source_task.consumer_strategy) again).
          Always reports a change, except that a task just created is not restarted again.
        - V(absent) deletes the task when it exists (or when its instance no longer exists, does
          nothing).
        type: str
        choices:
        - present
        - running
        - paused
        - restarted
        - absent
        default: present
      topics:
        description:
        - Topics the task copies or dumps. Compared as a set, so order does not matter.
        - Mutually exclusive with O(tasks[].topics_regex); one of them is needed to create a task,
          except that a replication task may name its topics in O(tasks[].source_task.topics_mapping)
          only.
        - Setting it on an existing task that uses O(tasks[].topics_regex) switches the task over.
        type: list
        elements: str
      topics_regex:
        description:
        - A regular expression for the topics the task copies or dumps, for example V(topic-obs.*).
        - Mutually exclusive with O(tasks[].topics).
        type: str
      source_type:
        description:
        - V(KAFKA_REPLICATOR_SOURCE) for a replication task. Inferred from O(tasks[].source_task)
          when omitted.
        type: str
        choices:
        - KAFKA_REPLICATOR_SOURCE
        - NONE
      source_task:
        description:
        - The replication between this instance and a peer Kafka (a task is either a replication
          or an OBS dump).
        - Only the suboptions you set are compared with the task.
        type: dict
        suboptions:
          current_cluster_name:
            description:
            - Alias of this instance in the replication. Required to create a replication task.
            type: str
          cluster_name:
            description:
            - Alias of the peer instance. Required to create a replication task.
            type: str
          instance_id:
            description:
            - Id of the peer Kafka instance (in the same region and VPC). The service then fills
              in O(tasks[].source_task.bootstrap_servers) itself.
            - One of O(tasks[].source_task.instance_id) and O(tasks[].source_task.bootstrap_servers)
              is required to create a replication task.
            type: str
          bootstrap_servers:
            description:
            - Addresses (C(host:port)) of the peer Kafka, when it is not given by O(tasks[].source_task.instance_id).
            - Compared as a set.
            type: list
            elements: str
          security_protocol:
            description:
            - How to connect to the peer. The service defaults to V(SASL_SSL) when O(tasks[].source_task.user_name)
              is set, else V(PLAINTEXT).
            - V(SASL_SSL) and V(SASL_PLAINTEXT) need O(tasks[].source_task.user_name) and O(tasks[].source_task.password)
              to create the task.
            - Huawei warns that changing the peer's authentication on an existing task can make
              the task fail; use O(huaweicloud.kafka.smart_connect_task#module:recreate=true)
              for such a change.
            type: str
            choices:
            - PLAINTEXT
            - SASL_SSL
            - SASL_PLAINTEXT
          sasl_mechanism:
            description:
            - SASL mechanism of the peer (the service defaults to V(PLAIN)).
            type: str
            choices:
            - PLAIN
            - SCRAM-SHA-512
          user_name:
            description:
            - SASL user name on the peer.
            type: str
          password:
            description:
            - SASL password on the peer. Write-only, the API never returns it, so it is never
              compared; it is sent when the task is created, and on every run with O(huaweicloud.kafka.smart_connect_task#module:update_secrets=always).
            - Never shown in the output or diff.
            type: str
          direction:
            description:
            - V(pull) copies from the peer into this instance, V(push) from this instance to the
              peer, V(two-way) both ways. Required to create a replication task.
            type: str
            choices:
            - pull
            - push
            - two-way
          sync_consumer_offsets_enabled:
            description:
            - Whether to replicate consumer offsets too.
            type: bool
          replication_factor:
            description:
            - Replicas of the topics the task creates on the target (at most its number of brokers).
            type: int
          task_num:
            description:
            - Number of replication tasks (the service defaults to 2; twice as many run for V(two-way)).
            type: int
          rename_topic_enabled:
            description:
            - Whether target topics get the source alias as prefix. Mutually exclusive with O(tasks[].source_task.topics_mapping).
            type: bool
          provenance_header_enabled:
            description:
            - Whether copied messages carry a header naming their source. Huawei advises it for
              V(two-way), to stop messages from looping.
            type: bool
          consumer_strategy:
            description:
            - Where a new (or restarted) task starts copying from.
            type: str
            choices:
            - latest
            - earliest
          compression_type:
            description:
            - Compression of the copied messages.
            type: str
            choices:
            - none
            - gzip
            - snappy
            - lz4
            - zstd
          topics_mapping:
            description:
            - Target topic names, as a list of C(source:destination) strings, or as a dict that
              maps each source topic to its destination topic. Compared as a set.
            - Mutually exclusive with O(tasks[].source_task.rename_topic_enabled) (setting one
              on an existing task turns the other off).
            type: raw
      sink_type:
        description:
        - V(OBS_SINK) for a dump to OBS. Inferred from O(tasks[].sink_task) when omitted.
        type: str
        choices:
        - OBS_SINK
        - NONE
      sink_task:
        description:
        - The dump of the topics to an OBS bucket (a task is either a replication or an OBS dump).
        - Only the suboptions you set are compared with the task; fields the service fills in
          (C(obs_part_size), C(flush_size), C(timezone), converters...) are never differences.
        type: dict
        suboptions:
          consumer_strategy:
            description:
            - Where the dump starts from.
            type: str
            choices:
            - latest
            - earliest
          destination_file_type:
            description:
            - Format of the dumped files (only V(TEXT) exists).
            type: str
            choices:
            - TEXT
          deliver_time_interval:
            description:
            - Seconds between two dumps, 30 to 900 (the service defaults to 300).
            type: int
          access_key:
            description:
            - Access key (AK) the task writes to OBS with. Write-only like O(tasks[].sink_task.secret_key).
              Required to create an OBS dump, unless O(tasks[].sink_task.agency_name) is set.
            type: str
          secret_key:
            description:
            - Secret key (SK) that goes with O(tasks[].sink_task.access_key). Write-only, the
              API never returns it, so it is never compared; it is sent when the task is created,
              and on every run with O(tasks[].update_secrets=always). Never shown in the output
              or diff. Required to create an OBS dump, unless O(tasks[].sink_task.agency_name)
              is set.
            type: str
          agency_name:
            description:
            - Name of an IAM agency the dump writes to OBS as, instead of with O(tasks[].sink_task.access_key)
              and O(tasks[].sink_task.secret_key) (the agency must delegate OBS access to DMS).
              No keys are then needed.
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
            - Time directories under O(tasks[].sink_task.obs_path) (the service defaults to V(yyyy/MM/dd/HH/mm)).
            type: str
            choices:
            - yyyy
            - yyyy/MM
            - yyyy/MM/dd
            - yyyy/MM/dd/HH
            - yyyy/MM/dd/HH/mm
          record_delimiter:
            description:
            - Separator between records in the dumped files - C(\n) (the default), C(,), C(;),
              C(|) or C(NULL), the values the service documents. Another value is refused before
              any request.
            type: str
          store_keys:
            description:
            - Whether message keys are dumped too.
            type: bool
      start_later:
        description:
        - Create the task without starting it (it stays C(WAITING) until started with O(tasks[].state=running)).
        - Used only when the task is created. Defaults to V(false), except with O(tasks[].state=paused)
          (V(true)) and when O(tasks[].recreate) replaces a C(PAUSED) or C(WAITING) task under
          O(tasks[].state=present) (V(true), so that it does not start running). Ignored with
          O(tasks[].state=running) and O(tasks[].state=restarted), which start the task anyway.
        type: bool
      update_secrets:
        description:
        - When to send the write-only secrets (O(tasks[].source_task.password), O(tasks[].sink_task.access_key),
          O(tasks[].sink_task.secret_key)), which cannot be read back and so cannot be compared.
        - V(on_create) sends them only when the task is created.
        - V(always) also sends them in a C(PUT) on every run, which therefore always reports a
          change. Use it to rotate a secret, or when the service needs the secrets again whenever
          a task is modified.
        - If the service refuses secrets in a C(PUT), the module fails with the service's error;
          rotate the secret with O(tasks[].recreate=true) instead.
        type: str
        choices:
        - on_create
        - always
        default: on_create
      recreate:
        description:
        - When the task differs from the options, delete it and create it again (from the current
          task overlaid with the options) instead of modifying it in place. The new task has a
          new id, and starts from O(tasks[].source_task.consumer_strategy) again.
        - Needs every option a create needs (secrets included), so a task is never deleted that
          could not be created again; this is checked before any request. A replication's peer
          is also checked with the service's connectivity check before the delete (IAM action
          C(dms:connector:validate)).
        - With O(tasks[].update_secrets=always) the task is recreated on every run, so use that
          pair once, to rotate a secret that the service refuses in a C(PUT).
        type: bool
        default: false
      validate_connection:
        description:
        - Before creating a replication, ask the service whether this instance can reach the peer
          with the O(tasks[].source_task) settings (the check of M(huaweicloud.kafka.smart_connect_validate));
          when it cannot, fail and create nothing.
        - The check is a C(POST) (Huawei classes it as a write action), so check mode does not
          make it; use M(huaweicloud.kafka.smart_connect_validate), which does, to check a peer
          in check mode.
        - A replication that O(tasks[].recreate) deletes and creates again is always checked first,
          whatever this says.
        - Ignored for OBS dumps, and when the task exists already.
        type: bool
        default: false
      restart_failed:
        description:
        - With O(tasks[].state=running), restart the task when its status names a failure, once,
          as O(huaweicloud.kafka.smart_connect_task#module:restart_failed) does.
        - If not set, the module's top-level C(restart_failed) applies.
        type: bool
  restart_failed:
    description:
      - The O(tasks[].restart_failed) of every task that does not set its own. Off by default, because a restart
        resets a task's sync position (see O(huaweicloud.kafka.smart_connect_task#module:restart_failed)).
      - A failed task that is not restarted fails its entry of RV(results), naming the ways out.
    type: bool
    default: false
  purge:
    description:
      - Delete the tasks of the instance that O(tasks) does not name, except those O(purge_exclude) protects.
      - Off by default. Try it in check mode first; RV(purged) lists what would be deleted.
    type: bool
    default: false
  purge_all:
    description:
      - Confirms a O(purge) that leaves the instance no task but those O(purge_exclude) protects, which O(tasks)
        empty or with only V(absent) tasks asks for.
      - Without it such a run fails before any request (in check mode too), since O(tasks) may come from a variable
        that is empty by mistake (a mistyped variable name behind a C(default) filter, for example).
      - Needs O(purge=true).
    type: bool
    default: false
  purge_exclude:
    description:
      - Task names, or regular expressions a whole task name must match, that O(purge) never deletes.
    type: list
    elements: str
    default: []
  wait:
    description:
      - Wait until each task reaches the status asked for, as
        O(huaweicloud.kafka.smart_connect_task#module:wait) of M(huaweicloud.kafka.smart_connect_task) does, and
        until each purged task is gone.
      - The tasks are waited for together, one listing a round.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds the whole run may wait, for all the tasks together (one deadline, not one per task). A task not
        ready by then fails with the last status seen; the others are reported as they are.
    type: int
    default: 600
  concurrency:
    description:
      - Requests in flight at once, 1 to 32. V(1) sends one request at a time.
    type: int
    default: 4
extends_documentation_fragment:
  - huaweicloud.kafka.connection
  - huaweicloud.kafka.connection.place
  - huaweicloud.kafka.attributes
attributes:
  check_mode:
    support: full
    details:
      - Reads the instance's tasks once and sends no write; RV(results) and RV(purged) say what would happen.
  diff_mode:
    support: full
    details:
      - One diff per changed (or purged) task, headed by its name. Secrets that are sent appear as C(********).
notes:
  - An instance holds at most 18 tasks, so the listing is one request in practice. When the service cannot list
    them whole (it keeps saying there are more), the module warns, creates none of the listed tasks it did not
    see, and purges only the tasks it saw.
  - Tasks the instance has twice under one name are an error for that name (listed in O(tasks)); O(purge) deletes
    every task of a name that O(tasks) does not have.
  - A task with O(tasks[].recreate=true) that has to be recreated is refused, before anything is deleted, when less
    than 30 seconds of O(wait_timeout) are left for the run.
  - The task quota. After the run the instance would hold the tasks listed, less those it deletes (V(absent) and
    purged ones), plus those it creates (a recreate takes its old task's place). When that is more than the quota
    the listing reports, the run fails before any write, naming the quota and the numbers, and check mode fails
    the same way. The listing's C(max_tasks) is the quota. Its C(quota_tasks), whose meaning is undocumented, is
    read as the tasks the instance can still take, the reading that refuses least (read as the quota itself, it
    could only refuse more). Without either field nothing is checked, and the service refuses a create past its
    quota (C(DMS.00400039)) as a failure of that task.
  - When the creates need the room that the run's deletes make, they wait until those deletes have ended.
seealso:
  - module: huaweicloud.kafka.smart_connect_task
    description: One task, by name or id, with the same options.
  - module: huaweicloud.kafka.smart_connect_task_info
    description: Read the tasks of an instance.
"""

EXAMPLES = r"""
- name: One instance per host of a fleet, many forks against the account's one API rate limit
  huaweicloud.kafka.smart_connect_tasks:
    region: "{{ dms_region }}"
    instance_id: "{{ dms_instance_id }}"
    # Throttled requests are sent again for up to 10 minutes: every fork shares the account's limit.
    rate_limit_timeout: 600
    tasks: "{{ smart_connect_tasks }}"

- name: The whole truth for an instance, with the monitoring team's tasks left alone
  huaweicloud.kafka.smart_connect_tasks:
    region: ap-southeast-1
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    purge: true
    purge_exclude:
      - "monitoring-.*"
    tasks:
      - task_name: replicate-orders
        state: running
        topics: [orders, payments]
        source_task:
          current_cluster_name: A
          cluster_name: B
          instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000002
          direction: pull
          replication_factor: 3
          task_num: 2
          consumer_strategy: earliest
      - task_name: dump-logs
        topics_regex: "logs-.*"
        sink_task:
          consumer_strategy: latest
          destination_file_type: TEXT
          deliver_time_interval: 300
          agency_name: dms-obs-agency
          obs_bucket_name: my-kafka-dumps
          obs_path: kafka/logs
          partition_format: yyyy/MM/dd/HH/mm
      - task_name: replicate-legacy
        state: absent
  register: applied

- name: What a purge would delete, without deleting it
  huaweicloud.kafka.smart_connect_tasks:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    purge: true
    tasks: "{{ wanted_tasks }}"
  check_mode: true
  register: plan

- name: Show it
  ansible.builtin.debug:
    msg: "{{ plan.purged }} would be deleted; {{ plan.results | selectattr('changed') | map(attribute='task_name') }} would change"

- name: Pause every listed task, two requests at a time
  huaweicloud.kafka.smart_connect_tasks:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    concurrency: 2
    tasks:
      - {task_name: replicate-orders, state: paused}
      - {task_name: dump-logs, state: paused}
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
results:
  description:
    - One entry per task of O(tasks), in their order.
  returned: always
  type: list
  elements: dict
  contains:
    task_name:
      description: Name of the task.
      type: str
      sample: replicate-orders
    action:
      description:
        - What the run did (or would do, in check mode) to the task's existence and configuration, V(created),
          V(recreated), V(modified), V(deleted) or V(unchanged), as RV(huaweicloud.kafka.smart_connect_task#module:action)
          of M(huaweicloud.kafka.smart_connect_task).
        - For a failed task, what the service accepted before the failure (V(created) for a task created whose wait
          then failed, V(deleted) for a task O(tasks[].recreate) deleted and could not create again), or V(failed)
          when it accepted nothing of the kind (a create or modification refused; a status change, such as a pause,
          may still have been made, see RV(results[].changed)).
      type: str
      sample: created
    changed:
      description: Whether the run changed the task (or would, in check mode), its status included.
      type: bool
      sample: true
    restarted:
      description: Whether this run restarted the task, as RV(huaweicloud.kafka.smart_connect_task#module:restarted).
      type: bool
      sample: false
    task:
      description:
        - The task as read after the run (as it would be, in check mode), in the shape of
          RV(huaweicloud.kafka.smart_connect_task#module:task) of M(huaweicloud.kafka.smart_connect_task); an
          empty dict for an absent task. Secrets are never included.
      type: dict
      sample: {task_id: 194917d0-1a2b-4c3d-8e9f-0a1b2c3d4e5f, task_name: replicate-orders, status: RUNNING}
    failed:
      description: True when this task failed.
      returned: when the task failed
      type: bool
      sample: true
    msg:
      description: Why the task failed, with the service's C(error_msg (error_code, request id)) when it refused.
      returned: when the task failed
      type: str
      sample: "Failed to create Smart Connect task replicate-orders: Invalid parameter (DMS.00400063, 5fd3c9e7a1b24f0c8d6e9a7b3c2d1e0f)"
    error_code:
      description: The service's error code, when an API call failed the task.
      returned: when an API call failed the task
      type: str
      sample: DMS.00400063
    error_msg:
      description: The service's error message, when an API call failed the task.
      returned: when an API call failed the task
      type: str
      sample: Invalid parameter
    request_id:
      description: The request id of the failed API call.
      returned: when an API call failed the task
      type: str
      sample: 5fd3c9e7a1b24f0c8d6e9a7b3c2d1e0f
    status_code:
      description: The HTTP status of the failed API call (null when no answer came back).
      returned: when an API call failed the task
      type: int
      sample: 400
restarted:
  description:
    - Names of the listed tasks this run restarted, sorted - O(tasks[].state=restarted), C(WAITING) tasks started,
      and failed tasks restarted with O(tasks[].restart_failed).
  returned: always
  type: list
  elements: str
  sample: [dump-orders]
purged:
  description:
    - Names of the tasks deleted (or that would be, in check mode) because O(tasks) does not name them, sorted.
  returned: always
  type: list
  elements: str
  sample: [old-dump, replicate-legacy]
purge_failed:
  description:
    - The tasks O(purge) failed to delete, sorted by name, each with why; the run then fails.
  returned: always
  type: list
  elements: dict
  contains:
    task_name:
      description: Name of the task.
      type: str
      sample: old-dump
    task_id:
      description: Id of the task.
      type: str
      sample: 194917d0-1a2b-4c3d-8e9f-0a1b2c3d4e5f
    changed:
      description: Whether the purge changed the task before it failed.
      type: bool
      sample: false
    msg:
      description: Why the purge failed, with the service's C(error_msg (error_code, request id)) when it refused.
      type: str
      sample: "Failed to delete Smart Connect task 194917d0-1a2b-4c3d-8e9f-0a1b2c3d4e5f: Internal error (DMS.00500000, 5fd3c9e7a1b24f0c8d6e9a7b3c2d1e0f)"
    error_code:
      description: The service's error code, when an API call failed the purge (with C(error_msg), C(request_id)
        and C(status_code), as in RV(results)).
      returned: when an API call failed the purge
      type: str
      sample: DMS.00500000
error_code:
  description: The service's error code, when the listing of the instance failed.
  returned: when the listing failed
  type: str
  sample: DMS.00404022
error_msg:
  description: The service's error message, when the listing of the instance failed.
  returned: when the listing failed
  type: str
  sample: The instance does not exist
request_id:
  description: The request id of the failed listing.
  returned: when the listing failed
  type: str
  sample: 5fd3c9e7a1b24f0c8d6e9a7b3c2d1e0f
status_code:
  description: The HTTP status of the failed listing (null when no answer came back).
  returned: when the listing failed
  type: int
  sample: 404
"""


from ansible_collections.huaweicloud.kafka.plugins.module_utils._ansible.base import HuaweiCloudModule
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.instance import InstanceRunner
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.spec import listed_task_spec


def argument_spec():
    return dict(
        instance_id=dict(type="str", required=True),
        tasks=dict(type="list", elements="dict", required=True, options=listed_task_spec()),
        purge=dict(type="bool", default=False),
        purge_all=dict(type="bool", default=False),
        purge_exclude=dict(type="list", elements="str", default=[]),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
        concurrency=dict(type="int", default=4),
        restart_failed=dict(type="bool", default=False),
    )


def main():
    module = HuaweiCloudModule(argument_spec=argument_spec(), supports_check_mode=True)
    InstanceRunner(module).execute()


if __name__ == "__main__":
    main()
