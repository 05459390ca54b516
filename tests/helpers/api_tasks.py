"""Tasks as the API answers them, and module parameters as AnsibleModule fills them: shared by the unit tests of the
task logic and of its plan."""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as vocab
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks import spec as specs

PEER = "6a1f0c52-4d3b-4e7a-9c41-000000000003"
PEER_2 = "6a1f0c52-4d3b-4e7a-9c41-000000000004"
INSTANCE = "6a1f0c52-4d3b-4e7a-9c41-000000000001"
TASK_ID = "194917d0-1a2b-4c3d-8e9f-0a1b2c3d4e5f"

# The documented PUT response (ModifyConnectorTask), ids made whole.
API_REPLICATION = {
    "task_name": "smart-connect-121248117",
    "topics": "topic-1643449744,topic-b",
    "source_task": {
        "current_cluster_name": "A",
        "cluster_name": "B",
        "direction": "pull",
        "bootstrap_servers": "192.168.45.58:9092,192.168.44.1:9092",
        "instance_id": PEER,
        "consumer_strategy": "earliest",
        "sync_consumer_offsets_enabled": False,
        "rename_topic_enabled": False,
        "provenance_header_enabled": False,
        "security_protocol": "PLAINTEXT",
        "sasl_mechanism": "PLAIN",
        "user_name": "",
        "topics_mapping": "",
        "compression_type": "none",
        "task_num": 2,
        "replication_factor": 3,
    },
    "source_type": "KAFKA_REPLICATOR_SOURCE",
    "sink_task": None,
    "sink_type": "NONE",
    "id": TASK_ID,
    "status": "RUNNING",
    "create_time": 1708427753133,
}

API_OBS = {
    "task_name": "smart-connect-1",
    "topics_regex": "topic-obs*",
    "source_type": "NONE",
    "source_task": {},
    "sink_type": "OBS_SINK",
    "sink_task": {
        "consumer_strategy": "earliest",
        "destination_file_type": "TEXT",
        "deliver_time_interval": 300,
        "obs_bucket_name": "obs_bucket",
        "obs_path": "obsTransfer-1810125534",
        "partition_format": "yyyy/MM/dd/HH/mm",
        "record_delimiter": "\n",
        "store_keys": False,
        "obs_part_size": 5242880,
        "flush_size": 1000000,
        "timezone": "UTC",
        "kv_delimiter": ":",
    },
    "id": TASK_ID,
    "status": "WAITING",
    "create_time": "1708427753133",
}


def merged(base, **changes):
    """A copy of base with changes."""
    result = dict(base)
    result.update(changes)
    return result


def params(**given_params):
    """Module parameters as AnsibleModule fills them: every option present, unset ones None."""
    result = dict.fromkeys(specs.task_spec())
    for side in vocab.SIDES:
        if given_params.get(side) is not None:
            full = dict.fromkeys(specs.SIDE_SPECS[side])
            full.update(given_params[side])
            given_params[side] = full
    result.update(
        instance_id=INSTANCE,
        task_id=None,
        state="present",
        start_later=None,
        update_secrets="on_create",
        recreate=False,
        wait=True,
        wait_timeout=600,
    )
    result.update(given_params)
    return result
