"""Helpers of the fault suite: in-process module runs with fast retries, task specs, journal queries."""

import time

from helpers.module_runner import run_main

from ansible_collections.huaweicloud.kafka.plugins.modules import (
    smart_connect,
    smart_connect_task,
    smart_connect_task_info,
    smart_connect_tasks,
    smart_connect_validate,
)

MODULES = {
    "smart_connect_task": smart_connect_task,
    "smart_connect": smart_connect,
    "smart_connect_task_info": smart_connect_task_info,
    "smart_connect_validate": smart_connect_validate,
    "smart_connect_tasks": smart_connect_tasks,
}

PEER_PASSWORD = "Fault-Peer-Pass-5d1c0b"
OBS_AK = "FAULTOBSACCESSKEY001"
OBS_SK = "FaultObsSecretKey-0a1b2c3d4e5f6a7b8c9d"


def connection(emulator, **overrides):
    options = dict(
        access_key=emulator.access_key,
        secret_key=emulator.secret_key,
        endpoint=emulator.url,
        project_id=emulator.project_id,
        retries=2,
        timeout=5,
    )
    options.update(overrides)
    return options


def run_module(name, args, check=False, diff=False):
    """Run one module's main() in-process; return its result with ``failed`` set (never raises ModuleExit)."""
    return run_main(MODULES[name].main, dict(args, _ansible_check_mode=check, _ansible_diff=diff))


def obs_dump(name, **changes):
    options = dict(
        task_name=name,
        topics_regex="logs-.*",
        sink_task=dict(
            consumer_strategy="earliest",
            destination_file_type="TEXT",
            deliver_time_interval=300,
            access_key=OBS_AK,
            secret_key=OBS_SK,
            obs_bucket_name="fault-bucket",
            obs_path="kafka/logs",
            partition_format="yyyy/MM/dd/HH",
            store_keys=False,
        ),
    )
    options.update(changes)
    return options


def replication(name, peer_instance_id, **changes):
    options = dict(
        task_name=name,
        topics=["orders", "payments"],
        source_task=dict(
            current_cluster_name="A",
            cluster_name="B",
            instance_id=peer_instance_id,
            direction="pull",
            security_protocol="SASL_SSL",
            sasl_mechanism="SCRAM-SHA-512",
            user_name="replicator",
            password=PEER_PASSWORD,
            task_num=2,
            consumer_strategy="earliest",
            compression_type="snappy",
        ),
    )
    options.update(changes)
    return options


def tasks_named(emulator, name, instance_id=None):
    return [task for task in emulator.tasks(instance_id) if task["spec"].get("task_name") == name]


def wait_for_journal(emulator, predicate, timeout=5.0):
    """Poll the journal until ``predicate(entries)`` holds (slow faults are journaled when they answer)."""
    deadline = time.monotonic() + timeout
    while True:
        entries = emulator.journal()
        if predicate(entries):
            return entries
        if time.monotonic() > deadline:
            raise AssertionError("the journal never reached the expected state")
        time.sleep(0.05)
