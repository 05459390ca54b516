"""Adopting tasks made in the console (issue 25, items 1 and 2): smart_connect_task_info exports each task as a
declaration, which fed back to smart_connect_tasks changes nothing and sends no write; a task of a type the
collection does not know passes through, is left alone, and is deleted only by purge."""

import json

import pytest
from helpers.module_runner import run_main

from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect_task_info, smart_connect_tasks

from .smart_connect_support import OBS_AK, OBS_SK, PEER_PASSWORD, assert_no_secret, writes

REDIS_PASSWORD = "Redis-Pass-3f9a0c"


def console_tasks(emu):
    """Tasks as the console leaves them: server fills, topics as one string, OBS defaults, a SASL peer, an agency,
    and a Redis replication (a type removed in 2025)."""
    return [
        {
            "task_name": "replicate-orders",
            "topics": "payments,orders",
            "source_type": "KAFKA_REPLICATOR_SOURCE",
            "source_task": {
                "current_cluster_name": "A",
                "cluster_name": "B",
                "instance_id": emu.peer_instance_id,
                "direction": "pull",
                "user_name": "replicator",
                "password": PEER_PASSWORD,
                "sasl_mechanism": "SCRAM-SHA-512",
                "compression_type": "lz4",
                "topics_mapping": "orders:orders-copy,payments:payments-copy",
            },
            "sink_type": "NONE",
        },
        {
            "task_name": "replicate-by-address",
            "topics_regex": "events-.*",
            "source_type": "KAFKA_REPLICATOR_SOURCE",
            "source_task": {
                "current_cluster_name": "A",
                "cluster_name": "C",
                "bootstrap_servers": "10.1.0.2:9092,10.1.0.1:9092",
                "direction": "push",
                "task_num": 4,
            },
        },
        {
            "task_name": "dump-logs",
            "topics": "metrics,logs",
            "sink_type": "OBS_SINK",
            "sink_task": {"obs_bucket_name": "archive", "access_key": OBS_AK, "secret_key": OBS_SK},
        },
        {
            "task_name": "dump-through-agency",
            "topics_regex": "audit-.*",
            "sink_type": "OBS_SINK",
            "sink_task": {
                "obs_bucket_name": "archive",
                "obs_path": "audit",
                "agency_name": "dms-obs",
                "store_keys": True,
            },
        },
        {
            "task_name": "redis-sync",
            "topics": "cache",
            "source_type": "REDIS_REPLICATOR_SOURCE",
            "source_task": {
                "redis_address": "10.0.0.5:6379",
                "redis_password": REDIS_PASSWORD,
                "sync_mode": "full",
                # Deeper, and under names no list of secret names can foresee: left out all the same.
                "replicas": [{"address": "10.0.0.6:6379", "auth": {"user": "sync", "passwd": REDIS_PASSWORD}}],
                "sentinel": {"master": "m1", "sentinel_pwd": REDIS_PASSWORD},
            },
            "sink_type": "NONE",
        },
    ]


@pytest.fixture
def console(emu):
    for task in console_tasks(emu):
        emu.seed_task(task)
    emu.clear_journal()
    return emu


def read_info(emu, run):
    args = dict(run.connection, instance_id=emu.instance_id, _ansible_check_mode=False, _ansible_diff=False)
    result = run_main(smart_connect_task_info.main, args)
    assert not result["failed"], result["msg"]
    return {task["task_name"]: task for task in result["tasks"]}


def apply(emu, run, tasks, **options):
    args = dict(
        run.connection, instance_id=emu.instance_id, tasks=tasks, _ansible_check_mode=False, _ansible_diff=False
    )
    args.update(options)
    return run_main(smart_connect_tasks.main, args)


def test_the_exported_specs_are_minimal_declarations(console, run):
    tasks = read_info(console, run)
    assert tasks["replicate-orders"]["spec"] == {
        "task_name": "replicate-orders",
        "topics": ["orders", "payments"],
        "source_type": "KAFKA_REPLICATOR_SOURCE",
        "source_task": {
            "current_cluster_name": "A",
            "cluster_name": "B",
            "instance_id": console.peer_instance_id,
            "direction": "pull",
            "security_protocol": "SASL_SSL",
            "sasl_mechanism": "SCRAM-SHA-512",
            "user_name": "replicator",
            "compression_type": "lz4",
            "topics_mapping": ["orders:orders-copy", "payments:payments-copy"],
        },
    }
    assert tasks["replicate-orders"]["secrets_needed"] == ["source_task.password"]
    assert tasks["replicate-by-address"]["spec"]["source_task"]["bootstrap_servers"] == [
        "10.1.0.1:9092",
        "10.1.0.2:9092",
    ]
    assert tasks["replicate-by-address"]["secrets_needed"] == []
    assert tasks["dump-logs"]["spec"] == {
        "task_name": "dump-logs",
        "topics": ["logs", "metrics"],
        "sink_type": "OBS_SINK",
        "sink_task": {"obs_bucket_name": "archive"},
    }
    assert tasks["dump-logs"]["secrets_needed"] == ["sink_task.access_key", "sink_task.secret_key"]
    assert tasks["dump-through-agency"]["secrets_needed"] == []
    for task in tasks.values():
        for name in ("id", "task_id", "status", "create_time"):
            assert name not in (task["spec"] or {})
    assert_no_secret(json.dumps(tasks), REDIS_PASSWORD)


@pytest.mark.parametrize("with_secrets", [False, True])
def test_the_specs_fed_back_change_nothing_and_send_no_write(console, run, with_secrets):
    tasks = read_info(console, run)
    specs = [task["spec"] for task in tasks.values() if task["manageable"]]
    if with_secrets:
        secrets = {
            "source_task.password": PEER_PASSWORD,
            "sink_task.access_key": OBS_AK,
            "sink_task.secret_key": OBS_SK,
        }
        for task, spec in zip([task for task in tasks.values() if task["manageable"]], specs):
            for path in task["secrets_needed"]:
                side, name = path.split(".")
                spec[side][name] = secrets[path]
    console.clear_journal()
    done = apply(console, run, specs)
    assert not done["failed"], done["msg"]
    assert not done["changed"] and {entry["action"] for entry in done["results"]} == {"unchanged"}
    assert writes(console) == []
    assert [entry["operation"] for entry in console.journal()] == ["ListConnectorTasks"]


def test_a_task_of_an_unknown_type_passes_through_and_is_left_alone(console, run):
    redis = read_info(console, run)["redis-sync"]
    assert redis["manageable"] is False and redis["spec"] is None and redis["secrets_needed"] == []
    assert redis["source_type"] == "REDIS_REPLICATOR_SOURCE"
    assert redis["source_task"] == {  # no password, at any depth
        "redis_address": "10.0.0.5:6379",
        "sync_mode": "full",
        "replicas": [{"address": "10.0.0.6:6379"}],
        "sentinel": {"master": "m1"},
    }
    declared = read_info(console, run)["dump-logs"]["spec"]
    done = apply(console, run, [declared])
    assert not done["failed"] and not done["changed"] and writes(console) == []
    clash = apply(console, run, [dict(declared, task_name="redis-sync")])
    entry = clash["results"][0]
    assert clash["failed"] and entry["failed"] and "REDIS_REPLICATOR_SOURCE" in entry["msg"] and writes(console) == []


def test_purge_deletes_an_unknown_type_unless_excluded(console, run):
    specs = [task["spec"] for task in read_info(console, run).values() if task["manageable"]]
    kept = apply(console, run, specs, purge=True, purge_exclude=["redis-.*"])
    assert not kept["failed"] and kept["purged"] == [] and writes(console) == []
    purged = apply(console, run, specs, purge=True)
    assert not purged["failed"], purged["msg"]
    assert purged["purged"] == ["redis-sync"]
    assert [entry["operation"] for entry in writes(console)] == ["DeleteConnectorTask"]


def test_a_task_of_an_unknown_type_addressed_by_id_is_left_alone_saying_how_to_act_on_it(console, run):
    redis = read_info(console, run)["redis-sync"]
    console.clear_journal()
    done = run(task_id=redis["id"], state="restarted")
    assert done["failed"] and "REDIS_REPLICATOR_SOURCE" in done["msg"]
    assert "Restart or pause it in the console, or delete it (state: absent)" in done["msg"]
    assert "another task_name" not in done["msg"] and writes(console) == []
