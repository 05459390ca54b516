"""smart_connect_task against the emulator: modifications under both PUT readings, secrets, recreate."""

import pytest

from .smart_connect_support import (
    NEW_PEER_PASSWORD,
    OBS_AK,
    OBS_SK,
    PEER_PASSWORD,
    assert_no_secret,
    calls,
    obs_dump,
    replication,
    writes,
)

READINGS = ["merge", "replace"]


def stored(emu):
    (task,) = emu.tasks()
    return task


def modify_rhythm(run, emu, options, base_options):
    """From a task made by base_options: check (no write), apply (one PUT), check and apply (no change)."""
    emu.clear_journal()
    check = run(check=True, diff=True, **options)
    assert not check["failed"], check["msg"]
    assert check["changed"] and writes(emu) == []
    emu.clear_journal()
    applied = run(diff=True, **options)
    assert not applied["failed"], applied["msg"]
    assert applied["changed"]
    assert [entry["operation"] for entry in writes(emu)] == ["ModifyConnectorTask"]
    assert calls(emu)[-1] == "ModifyConnectorTask"  # its answer is used: no read after it
    assert not run(check=True, **options)["changed"]
    assert not run(**options)["changed"]
    # Check mode predicted the task the real run made (the addresses of a new peer excepted).
    for key in ("task_name", "topics", "topics_regex", "sink_task"):
        assert check["task"][key] == applied["task"][key], key
    for key, value in (applied["task"]["source_task"] or {}).items():
        if key != "bootstrap_servers":
            assert check["task"]["source_task"][key] == value, key
    assert check["diff"]["before"] == applied["diff"]["before"]
    assert_no_secret(check, applied)
    return applied


@pytest.mark.parametrize("reading", READINGS)
def test_replication_changes_under_both_readings(run, emu, reading):
    emu.set_config(modify_mode=reading, put_secrets="reject")
    base = replication(emu)
    created = run(**base)
    task_id = created["task"]["id"]
    source = dict(base["source_task"], task_num=4, compression_type="zstd", consumer_strategy="latest")
    changed = replication(emu, topics=["orders", "refunds"], source_task=source)
    applied = modify_rhythm(run, emu, changed, base)
    task = applied["task"]
    assert task["id"] == task_id and task["topics"] == ["orders", "refunds"]
    assert task["source_task"]["task_num"] == 4 and task["source_task"]["compression_type"] == "zstd"
    # What the user did not change stayed, secret included (the PUT never carried it).
    spec = stored(emu)["spec"]
    assert spec["source_task"]["password"] == PEER_PASSWORD
    assert spec["source_task"]["direction"] == "two-way" and spec["source_task"]["replication_factor"] == 3
    (put,) = emu.journal(operation="ModifyConnectorTask")
    body = put["body"]
    assert "password" not in body["source_task"]
    # The whole configuration goes in the PUT, so that a replacing server loses nothing.
    assert set(body) == {"task_name", "topics", "source_type", "source_task", "sink_type"}
    assert body["source_task"]["user_name"] == "replicator" and body["source_task"]["direction"] == "two-way"
    assert sorted(spec["topics"].split(",")) == ["orders", "refunds"]


@pytest.mark.parametrize("reading", READINGS)
def test_only_one_suboption_given(run, emu, reading):
    emu.set_config(modify_mode=reading, put_secrets="reject")
    run(**replication(emu))
    options = dict(task_name="replicate-orders", source_task={"replication_factor": 2})
    applied = modify_rhythm(run, emu, options, None)
    assert applied["task"]["source_task"]["replication_factor"] == 2
    spec = stored(emu)["spec"]
    assert spec["topics"] and spec["source_task"]["topics_mapping"] and spec["source_task"]["user_name"] == "replicator"


@pytest.mark.parametrize("reading", READINGS)
def test_switches_between_exclusive_fields(run, emu, reading):
    emu.set_config(modify_mode=reading, put_secrets="reject")
    run(**replication(emu))
    # topics -> topics_regex
    applied = modify_rhythm(run, emu, dict(task_name="replicate-orders", topics_regex="orders-.*"), None)
    assert applied["task"]["topics"] is None and applied["task"]["topics_regex"] == "orders-.*"
    # topics_mapping -> rename_topic_enabled
    applied = modify_rhythm(
        run, emu, dict(task_name="replicate-orders", source_task={"rename_topic_enabled": True}), None
    )
    assert applied["task"]["source_task"]["topics_mapping"] == []
    # a new peer by id: the server fills in its addresses
    applied = modify_rhythm(
        run, emu, dict(task_name="replicate-orders", source_task={"instance_id": emu.peer_instance_id_2}), None
    )
    assert applied["task"]["source_task"]["bootstrap_servers"] == [
        "192.168.2.41:9092",
        "192.168.2.42:9092",
        "192.168.2.43:9092",
    ]
    # a peer by address only
    applied = modify_rhythm(
        run,
        emu,
        dict(task_name="replicate-orders", source_task={"bootstrap_servers": ["10.9.0.1:9092", "10.9.0.2:9092"]}),
        None,
    )
    assert applied["task"]["source_task"]["instance_id"] == ""
    assert applied["task"]["source_task"]["bootstrap_servers"] == ["10.9.0.1:9092", "10.9.0.2:9092"]


@pytest.mark.parametrize("reading", READINGS)
def test_obs_changes_under_both_readings(run, emu, reading):
    emu.set_config(modify_mode=reading, put_secrets="reject")
    run(**obs_dump())
    options = obs_dump(topics_regex=None, topics=["logs-a", "logs-b"])
    options["sink_task"] = dict(options["sink_task"], deliver_time_interval=600, store_keys=True)
    applied = modify_rhythm(run, emu, options, None)
    assert applied["task"]["topics"] == ["logs-a", "logs-b"] and applied["task"]["topics_regex"] is None
    assert applied["task"]["sink_task"]["deliver_time_interval"] == 600
    spec = stored(emu)["spec"]["sink_task"]
    assert (spec["access_key"], spec["secret_key"]) == (OBS_AK, OBS_SK)


def test_replace_reading_that_accepts_secrets_needs_them_again(run, emu):
    """A replacing PUT that takes secrets clears those not sent: the service refuses, the module says why."""
    emu.set_config(modify_mode="replace", put_secrets="accept")
    run(**obs_dump())
    result = run(**obs_dump(topics_regex="other-.*"))
    assert result["failed"] and not result["changed"]
    assert result["msg"].startswith("Failed to modify Smart Connect task %s: Invalid parameter: " % stored(emu)["id"])
    assert "(DMS.00400063, " in result["msg"] and result["request_id"] and result["error_code"] == "DMS.00400063"
    assert (
        "hint: if the service needs the secrets again in every modification, set update_secrets=always" in result["msg"]
    )
    assert_no_secret(result)
    # With update_secrets=always it works, and keeps reporting a change.
    for attempt in range(2):
        result = run(update_secrets="always", **obs_dump(topics_regex="other-.*"))
        assert not result["failed"], result["msg"]
        assert result["changed"], attempt
    assert stored(emu)["spec"]["topics_regex"] == "other-.*"


@pytest.mark.parametrize("reading", READINGS)
def test_update_secrets(run, emu, reading):
    emu.set_config(modify_mode=reading, put_secrets="accept")
    run(**replication(emu))
    # on_create: a new password alone is not a difference, and never sent.
    rotated = replication(emu)
    rotated["source_task"] = dict(rotated["source_task"], password=NEW_PEER_PASSWORD)
    emu.clear_journal()
    assert not run(**rotated)["changed"] and writes(emu) == []
    # always: sent in a PUT on every run, so always changed; check mode writes nothing.
    check = run(check=True, diff=True, update_secrets="always", **rotated)
    assert check["changed"] and writes(emu) == []
    assert check["diff"]["after"]["source_task"]["password"] == "********"
    for attempt in range(2):
        emu.clear_journal()
        result = run(diff=True, update_secrets="always", **rotated)
        assert result["changed"] and calls(emu) == ["ListConnectorTasks", "ModifyConnectorTask"], attempt
        assert emu.journal(operation="ModifyConnectorTask")[0]["body"]["source_task"]["password"] == NEW_PEER_PASSWORD
        assert_no_secret(result)
    assert stored(emu)["spec"]["source_task"]["password"] == NEW_PEER_PASSWORD


def test_put_that_refuses_secrets_surfaces_the_error(run, emu):
    emu.set_config(put_secrets="reject")
    run(**obs_dump())
    result = run(update_secrets="always", **obs_dump())
    assert result["failed"] and not result["changed"]
    assert "sink_task.access_key, sink_task.secret_key cannot be modified (DMS.00400063, " in result["msg"]
    assert "hint: if the service refuses secrets in a modification, rotate them with recreate=true" in result["msg"]
    assert_no_secret(result)
    # The documented way out: recreate with update_secrets=always.
    old_id = stored(emu)["id"]
    emu.clear_journal()
    new_keys = dict(obs_dump()["sink_task"], secret_key=OBS_SK + "-new")
    result = run(update_secrets="always", recreate=True, **obs_dump(sink_task=new_keys))
    assert result["changed"] and not result["failed"], result.get("msg")
    assert [entry["operation"] for entry in writes(emu)] == ["DeleteConnectorTask", "CreateConnectorTask"]
    assert stored(emu)["id"] != old_id and stored(emu)["spec"]["sink_task"]["secret_key"] == OBS_SK + "-new"


def test_recreate(run, emu):
    base = replication(emu)
    old = run(**base)["task"]
    changed = replication(emu, recreate=True, topics=["orders"])
    emu.clear_journal()
    check = run(check=True, diff=True, **changed)
    assert check["changed"] and writes(emu) == [] and check["task"]["id"] is None
    emu.clear_journal()
    result = run(**changed)
    assert result["changed"] and result["task"]["id"] != old["id"] and result["task"]["status"] == "RUNNING"
    # The peer is checked before the delete: a replication is never deleted that could not come back.
    assert [entry["operation"] for entry in writes(emu)] == [
        "ValidateConnectorConnectivity",
        "DeleteConnectorTask",
        "CreateConnectorTask",
    ]
    create = emu.journal(operation="CreateConnectorTask")[0]["body"]
    assert create["topics"] == "orders" and create["source_task"]["password"] == PEER_PASSWORD
    assert create["source_task"]["direction"] == "two-way"
    # No difference: nothing happens.
    emu.clear_journal()
    assert not run(**changed)["changed"] and writes(emu) == []


def test_recreate_keeps_what_the_user_did_not_set_and_a_paused_task_stays_stopped(run, emu):
    run(state="paused", start_later=False, **obs_dump(sink_task=dict(obs_dump()["sink_task"], obs_path="keep/me")))
    options = obs_dump(recreate=True)
    options["sink_task"] = {name: value for name, value in options["sink_task"].items() if name != "obs_path"}
    options["sink_task"]["deliver_time_interval"] = 120
    result = run(**options)
    assert result["changed"]
    assert result["task"]["status"] == "WAITING"  # it was PAUSED: the new one does not start running
    assert result["task"]["sink_task"]["obs_path"] == "keep/me"
    assert result["task"]["sink_task"]["deliver_time_interval"] == 120


def test_recreate_without_a_full_create_fails_before_any_request(run, emu):
    run(**replication(emu))
    emu.clear_journal()
    result = run(task_name="replicate-orders", topics=["orders"], recreate=True)
    assert result["failed"]
    assert result["msg"].startswith("recreate=true needs every option a create needs")
    assert emu.journal() == []
    incomplete = replication(emu, recreate=True)
    incomplete["source_task"] = dict(incomplete["source_task"], password=None)
    result = run(**incomplete)
    assert result["failed"] and "security_protocol SASL_SSL needs source_task.password" in result["msg"]
    assert emu.journal() == [] and len(emu.tasks()) == 1


@pytest.mark.parametrize("state", ["present", "running", "paused"])
def test_modify_when_the_service_needs_the_task_paused(run, emu, state):
    emu.set_config(modify_requires_paused=True)
    run(**obs_dump())
    emu.clear_journal()
    result = run(state=state, **obs_dump(topics_regex="new-.*"))
    assert not result["failed"], result["msg"]
    assert result["changed"] and result["task"]["topics_regex"] == "new-.*"
    expected = ["ModifyConnectorTask", "PauseConnectorTask", "ModifyConnectorTask"]
    if state != "paused":
        expected.append("ResumeConnectorTask")
    assert [entry["operation"] for entry in writes(emu)] == expected
    assert stored(emu)["status"] == ("PAUSED" if state == "paused" else "RUNNING")
    assert result["task"]["status"] == stored(emu)["status"]
    # A paused task is modified at once.
    if state == "paused":
        emu.clear_journal()
        run(state="paused", **obs_dump(topics_regex="newer-.*"))
        assert [entry["operation"] for entry in writes(emu)] == ["ModifyConnectorTask"]


def test_recreate_turns_a_replication_into_an_obs_dump(run, emu):
    run(**replication(emu, task_name="convert-me"))
    emu.clear_journal()
    result = run(diff=True, recreate=True, **obs_dump(task_name="convert-me"))
    assert result["changed"] and not result["failed"], result.get("msg")
    assert [entry["operation"] for entry in writes(emu)] == ["DeleteConnectorTask", "CreateConnectorTask"]
    task = result["task"]
    assert task["source_type"] == "NONE" and task["source_task"] is None and task["sink_type"] == "OBS_SINK"
    assert result["diff"]["before"]["source_type"] == "KAFKA_REPLICATOR_SOURCE"
    assert not run(**obs_dump(task_name="convert-me"))["changed"]
