# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The options that describe one Smart Connect task, as AnsibleModule specs.

Private to this collection: it may change without notice between releases. The single source of truth
for the modules' argument specs (their DOCUMENTATION is tested against it).
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v


def source_task_spec():
    """Suboptions of ``source_task`` (Kafka-to-Kafka replication)."""
    return dict(
        current_cluster_name=dict(type="str"),
        cluster_name=dict(type="str"),
        instance_id=dict(type="str"),
        bootstrap_servers=dict(type="list", elements="str"),
        security_protocol=dict(type="str", choices=list(v.SECURITY_PROTOCOLS)),
        sasl_mechanism=dict(type="str", choices=list(v.SASL_MECHANISMS)),
        user_name=dict(type="str"),
        password=dict(type="str", no_log=True),
        direction=dict(type="str", choices=list(v.DIRECTIONS)),
        sync_consumer_offsets_enabled=dict(type="bool"),
        replication_factor=dict(type="int"),
        task_num=dict(type="int"),
        rename_topic_enabled=dict(type="bool"),
        provenance_header_enabled=dict(type="bool"),
        consumer_strategy=dict(type="str", choices=list(v.CONSUMER_STRATEGIES)),
        compression_type=dict(type="str", choices=list(v.COMPRESSION_TYPES)),
        topics_mapping=dict(type="raw"),
    )


def sink_task_spec():
    """Suboptions of ``sink_task`` (dump to OBS)."""
    return dict(
        consumer_strategy=dict(type="str", choices=list(v.CONSUMER_STRATEGIES)),
        destination_file_type=dict(type="str", choices=list(v.FILE_TYPES)),
        deliver_time_interval=dict(type="int"),
        access_key=dict(type="str", no_log=True),
        secret_key=dict(type="str", no_log=True),
        agency_name=dict(type="str"),
        obs_bucket_name=dict(type="str"),
        obs_path=dict(type="str"),
        partition_format=dict(type="str", choices=list(v.PARTITION_FORMATS)),
        record_delimiter=dict(type="str"),
        store_keys=dict(type="bool"),
    )


def task_spec():
    """The options that describe a task's configuration (top level)."""
    return dict(
        task_name=dict(type="str"),
        topics=dict(type="list", elements="str"),
        topics_regex=dict(type="str"),
        source_type=dict(type="str", choices=list(v.SOURCE_TYPES)),
        source_task=dict(type="dict", options=source_task_spec()),
        sink_type=dict(type="str", choices=list(v.SINK_TYPES)),
        sink_task=dict(type="dict", options=sink_task_spec()),
    )


def task_action_spec():
    """The options that say what to do with a task: its state, secrets, recreate, start_later."""
    return dict(
        state=dict(type="str", default="present", choices=list(v.STATES)),
        start_later=dict(type="bool"),
        update_secrets=dict(type="str", default="on_create", choices=list(v.UPDATE_SECRETS), no_log=False),
        recreate=dict(type="bool", default=False),
        validate_connection=dict(type="bool", default=False),
        restart_failed=dict(type="bool", default=False),
    )


def listed_task_spec():
    """The options of one task of smart_connect_tasks' ``tasks``: smart_connect_task's, without task_id."""
    spec = task_spec()
    spec["task_name"] = dict(spec["task_name"], required=True)
    spec.update(task_action_spec())
    spec["restart_failed"] = dict(type="bool")  # unset: the module's restart_failed
    return spec


SIDE_SPECS = {"source_task": source_task_spec(), "sink_task": sink_task_spec()}
