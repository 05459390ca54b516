# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment:
    # The suboptions of source_task, the peer of a replication: smart_connect_task and smart_connect_validate
    # take the same ones (_task_spec.source_task_spec). Each module adds its own description of source_task.
    DOCUMENTATION = r"""
options:
  source_task:
    description:
      - The peer Kafka of a replication, and how the replication runs.
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
          - Id of the peer Kafka instance (in the same region and VPC). The service then fills in
            O(source_task.bootstrap_servers) itself.
          - One of O(source_task.instance_id) and O(source_task.bootstrap_servers) is required to create a
            replication task.
        type: str
      bootstrap_servers:
        description:
          - Addresses (C(host:port)) of the peer Kafka, when it is not given by O(source_task.instance_id).
          - Compared as a set.
        type: list
        elements: str
      security_protocol:
        description:
          - How to connect to the peer. The service defaults to V(SASL_SSL) when O(source_task.user_name) is
            set, else V(PLAINTEXT).
          - V(SASL_SSL) and V(SASL_PLAINTEXT) need O(source_task.user_name) and O(source_task.password) to
            create the task.
          - Huawei warns that changing the peer's authentication on an existing task can make the task fail;
            use O(huaweicloud.kafka.smart_connect_task#module:recreate=true) for such a change.
        type: str
        choices: [PLAINTEXT, SASL_SSL, SASL_PLAINTEXT]
      sasl_mechanism:
        description:
          - SASL mechanism of the peer (the service defaults to V(PLAIN)).
        type: str
        choices: [PLAIN, SCRAM-SHA-512]
      user_name:
        description:
          - SASL user name on the peer.
        type: str
      password:
        description:
          - SASL password on the peer. Write-only, the API never returns it, so it is never compared; it is
            sent when the task is created, and on every run with
            O(huaweicloud.kafka.smart_connect_task#module:update_secrets=always).
          - Never shown in the output or diff.
        type: str
      direction:
        description:
          - V(pull) copies from the peer into this instance, V(push) from this instance to the peer, V(two-way)
            both ways. Required to create a replication task.
        type: str
        choices: [pull, push, two-way]
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
          - Whether target topics get the source alias as prefix. Mutually exclusive with
            O(source_task.topics_mapping).
        type: bool
      provenance_header_enabled:
        description:
          - Whether copied messages carry a header naming their source. Huawei advises it for V(two-way), to
            stop messages from looping.
        type: bool
      consumer_strategy:
        description:
          - Where a new (or restarted) task starts copying from.
        type: str
        choices: [latest, earliest]
      compression_type:
        description:
          - Compression of the copied messages.
        type: str
        choices: [none, gzip, snappy, lz4, zstd]
      topics_mapping:
        description:
          - Target topic names, as a list of C(source:destination) strings, or as a dict that maps each source
            topic to its destination topic. Compared as a set.
          - Mutually exclusive with O(source_task.rename_topic_enabled) (setting one on an existing task turns
            the other off).
        type: raw
"""
