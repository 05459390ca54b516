"""Helpers for the smart_connect_task tests against the DMS emulator (fixtures in conftest.py).

``ModuleRun(emulator)(**options)`` runs the module's ``main()`` in-process (check mode with ``check=True``, diff mode with
``diff=True``) against the ``emulator`` fixture over HTTP on 127.0.0.1 and returns the result dict, with
``failed`` set. Statuses move after 50 ms and the module polls every 20-200 ms, so waits stay short.
"""

import json

from helpers.module_runner import run_main

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import Client
from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect_task

# Secrets used in the tests: none of them may ever appear in a result or in Ansible's output.
PEER_PASSWORD = "Peer-Pass-8c1f2e"
NEW_PEER_PASSWORD = "Peer-Pass-Rotated-77aa"
OBS_AK = "OBSACCESSKEY7788QQ11"
OBS_SK = "ObsSecretKey-4e2d9c0b7a61f3e5d8c2b1a0"
SECRETS = (PEER_PASSWORD, NEW_PEER_PASSWORD, OBS_AK, OBS_SK)


class ModuleRun:
    """Runs smart_connect_task in-process against the emulator."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.connection = dict(
            access_key=emulator.access_key,
            secret_key=emulator.secret_key,
            endpoint=emulator.url,
            project_id=emulator.project_id,
            retries=2,
            timeout=5,
        )

    def __call__(self, check=False, diff=False, **options):
        args = dict(self.connection, instance_id=self.emulator.instance_id)
        args.update(options)
        args["_ansible_check_mode"] = check
        args["_ansible_diff"] = diff
        return run_main(smart_connect_task.main, args)


def calls(emulator):
    """The DMS operations the journal holds, in order, e.g. ["ListConnectorTasks", "ModifyConnectorTask"]."""
    return [entry["operation"] for entry in emulator.journal()]


def writes(emulator):
    return [entry for entry in emulator.journal() if entry["method"] != "GET"]


def assert_no_secret(*texts):
    """None of the test secrets appears in any of the texts (results are dumped to JSON first)."""
    for text in texts:
        text = text if isinstance(text, str) else json.dumps(text)
        for secret in SECRETS:
            assert secret not in text, "a secret leaked"


def replication(emu, **changes):
    options = dict(
        task_name="replicate-orders",
        topics=["orders", "payments"],
        source_task=dict(
            current_cluster_name="A",
            cluster_name="B",
            instance_id=emu.peer_instance_id,
            direction="two-way",
            security_protocol="SASL_SSL",
            sasl_mechanism="SCRAM-SHA-512",
            user_name="replicator",
            password=PEER_PASSWORD,
            replication_factor=3,
            task_num=2,
            provenance_header_enabled=True,
            consumer_strategy="earliest",
            compression_type="snappy",
            topics_mapping={"orders": "orders-copy", "payments": "payments-copy"},
        ),
    )
    options.update(changes)
    return options


def obs_dump(**changes):
    options = dict(
        task_name="dump-logs",
        topics_regex="logs-.*",
        sink_task=dict(
            consumer_strategy="earliest",
            destination_file_type="TEXT",
            deliver_time_interval=300,
            access_key=OBS_AK,
            secret_key=OBS_SK,
            obs_bucket_name="my-bucket",
            obs_path="kafka/logs",
            partition_format="yyyy/MM/dd/HH",
            record_delimiter="\n",
            store_keys=False,
        ),
    )
    options.update(changes)
    return options


def signed_client(emu):
    return Client(
        access_key=emu.access_key, secret_key=emu.secret_key, endpoint=emu.url, project_id=emu.project_id, retries=0
    )


def create_directly(emu, name, topic="t"):
    body = {
        "task_name": name,
        "topics": topic,
        "source_type": "NONE",
        "sink_type": "OBS_SINK",
        "sink_task": {"obs_bucket_name": "b", "access_key": "x", "secret_key": "y"},
    }
    return signed_client(emu).call("POST", ("instances", emu.instance_id, "connector", "tasks"), "create", body=body)
