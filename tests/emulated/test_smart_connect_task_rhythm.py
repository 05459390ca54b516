"""smart_connect_task against the emulator: check -> apply -> check -> apply, lookups, renaming, request counts."""

import pytest

from .smart_connect_support import (
    OBS_AK,
    OBS_SK,
    PEER_PASSWORD,
    assert_no_secret,
    calls,
    create_directly,
    obs_dump,
    replication,
    writes,
)


def rhythm(run, emu, options):
    """check -> apply -> check -> apply; return the four results, asserting changes and requests."""
    emu.clear_journal()
    first_check = run(check=True, diff=True, **options)
    assert not first_check["failed"], first_check["msg"]
    assert first_check["changed"] and writes(emu) == []
    assert emu.tasks() == []

    emu.clear_journal()
    applied = run(diff=True, **options)
    assert not applied["failed"], applied["msg"]
    assert applied["changed"]
    assert [entry["operation"] for entry in writes(emu)] == ["CreateConnectorTask"]

    emu.clear_journal()
    second_check = run(check=True, diff=True, **options)
    assert not second_check["changed"] and writes(emu) == []
    emu.clear_journal()
    second_apply = run(diff=True, **options)
    assert not second_apply["changed"], second_apply.get("diff")
    assert calls(emu) == ["ListConnectorTasks"]  # a no-op by name: one list call, nothing else
    for result in (first_check, applied, second_check, second_apply):
        assert_no_secret(result)
    return first_check, applied, second_check, second_apply


def test_replication_rhythm(run, emu):
    first_check, applied, second_check, second_apply = rhythm(run, emu, replication(emu))
    task = applied["task"]
    assert task["status"] == "RUNNING" and task["id"]
    assert task["topics"] == ["orders", "payments"]
    assert task["source_task"]["topics_mapping"] == ["orders:orders-copy", "payments:payments-copy"]
    assert task["source_task"]["bootstrap_servers"] == ["192.168.1.31:9092", "192.168.1.32:9092", "192.168.1.33:9092"]
    assert "password" not in task["source_task"]
    # Check mode predicted what the real run made (but the id and the addresses the server looks up).
    predicted = first_check["task"]
    assert predicted["id"] is None and predicted["status"] == "RUNNING"
    for key in ("task_name", "topics", "source_type", "sink_type"):
        assert predicted[key] == task[key]
    assert second_apply["task"] == dict(task, status="RUNNING")
    # The diff shows the secret that was sent, masked, and nothing before the create.
    assert applied["diff"]["before"] == {}
    assert applied["diff"]["after"]["source_task"]["password"] == "********"
    assert second_apply["diff"]["before"] == second_apply["diff"]["after"]
    # What was created is what was asked for, secrets included.
    stored = emu.tasks()[0]["spec"]
    assert stored["source_task"]["password"] == PEER_PASSWORD
    assert stored["source_task"]["direction"] == "two-way"


def test_obs_dump_rhythm_started_later(run, emu):
    results = rhythm(run, emu, obs_dump(start_later=True))
    applied, second = results[1], results[3]
    assert applied["task"]["status"] == "WAITING" == second["task"]["status"]
    sink = applied["task"]["sink_task"]
    assert sink["obs_bucket_name"] == "my-bucket" and sink["partition_format"] == "yyyy/MM/dd/HH"
    assert "access_key" not in sink and "secret_key" not in sink
    assert "obs_part_size" not in sink  # filled by the server, not an option
    assert applied["diff"]["after"]["sink_task"]["secret_key"] == "********"
    create = [entry for entry in emu.journal() if entry["operation"] == "CreateConnectorTask"]
    assert create == []  # the journal was cleared before the last run
    stored = emu.tasks()[0]["spec"]["sink_task"]
    assert (stored["access_key"], stored["secret_key"]) == (OBS_AK, OBS_SK)


def test_create_request_body(run, emu):
    result = run(**obs_dump(start_later=True))
    assert not result["failed"], result["msg"]
    body = [entry for entry in emu.journal() if entry["operation"] == "CreateConnectorTask"][0]["body"]
    assert body["task_name"] == "dump-logs" and body["start_later"] is True
    assert body["topics_regex"] == "logs-.*" and "topics" not in body
    assert body["source_type"] == "NONE" and body["sink_type"] == "OBS_SINK"
    assert body["sink_task"]["access_key"] == OBS_AK and body["sink_task"]["deliver_time_interval"] == 300


def test_no_op_by_id_is_exactly_one_get(run, emu):
    created = run(**replication(emu))
    emu.clear_journal()
    result = run(task_id=created["task"]["id"], **replication(emu))
    assert not result["changed"]
    journal = emu.journal()
    assert [(entry["method"], entry["operation"]) for entry in journal] == [("GET", "ShowConnectorTask")]
    # A bare id, no options at all: still one GET, and the task comes back.
    emu.clear_journal()
    result = run(task_id=created["task"]["id"])
    assert not result["changed"] and result["task"]["task_name"] == "replicate-orders"
    assert calls(emu) == ["ShowConnectorTask"]


def test_modification_is_one_put_and_uses_its_answer(run, emu):
    run(**replication(emu))
    emu.clear_journal()
    result = run(**replication(emu, topics=["orders", "refunds"]))
    assert result["changed"] and result["task"]["topics"] == ["orders", "refunds"]
    assert calls(emu) == ["ListConnectorTasks", "ModifyConnectorTask"]


def test_returned_task_can_be_fed_back(run, emu):
    created = run(**replication(emu))
    task = created["task"]
    options = {
        key: task[key]
        for key in ("task_name", "topics", "topics_regex", "source_type", "source_task", "sink_type", "sink_task")
    }
    emu.clear_journal()
    result = run(task_id=task["task_id"], **options)
    assert not result["failed"], result["msg"]
    assert not result["changed"] and calls(emu) == ["ShowConnectorTask"]


def test_lookup_by_name_follows_pages(run, emu):
    first = create_directly(emu, "oldest-task")  # the list is newest first: this one comes last
    for index in range(11):
        create_directly(emu, "filler-%02d" % index)
    emu.set_config(page_size_cap=5)
    emu.clear_journal()
    result = run(task_name="oldest-task", state="present")
    assert not result["changed"] and result["task"]["id"] == first["id"]
    lists = emu.journal(operation="ListConnectorTasks")
    assert [dict(entry["query"]) for entry in lists] == [
        {"offset": "0", "limit": "50"},
        {"offset": "5", "limit": "50"},
        {"offset": "10", "limit": "50"},
    ]
    # Without the cap, the 12 tasks fit in one page: one call.
    emu.set_config(page_size_cap=None)
    emu.clear_journal()
    run(task_name="oldest-task")
    assert calls(emu) == ["ListConnectorTasks"]


def test_a_name_matching_several_tasks_is_an_error_listing_their_ids(run, emu):
    ids = sorted([create_directly(emu, "twin-task")["id"], create_directly(emu, "twin-task")["id"]])
    emu.clear_journal()
    for state in ("present", "absent"):
        result = run(task_name="twin-task", topics=["t"], state=state)
        assert result["failed"]
        assert result["msg"] == (
            "task_name 'twin-task' matches 2 tasks of instance %s (ids: %s); give task_id "
            "to choose one" % (emu.instance_id, ", ".join(ids))
        )
    assert writes(emu) == [] and len(emu.tasks()) == 2


def test_rename_by_id(run, emu):
    created = run(**obs_dump())
    task_id = created["task"]["id"]
    emu.clear_journal()
    check = run(check=True, diff=True, task_id=task_id, task_name="dump-logs-v2")
    assert check["changed"] and check["task"]["task_name"] == "dump-logs-v2" and writes(emu) == []
    assert check["diff"]["before"]["task_name"] == "dump-logs" and check["diff"]["after"]["task_name"] == "dump-logs-v2"
    renamed = run(task_id=task_id, task_name="dump-logs-v2")
    assert renamed["changed"] and renamed["task"]["task_name"] == "dump-logs-v2" and renamed["task"]["id"] == task_id
    put = emu.journal(operation="ModifyConnectorTask")[0]["body"]
    assert put["task_name"] == "dump-logs-v2" and "access_key" not in put["sink_task"]
    assert not run(task_id=task_id, task_name="dump-logs-v2")["changed"]
    # The old name finds nothing now, the new one the same task.
    assert run(task_name="dump-logs-v2")["task"]["id"] == task_id
    keys = {"obs_bucket_name": "b", "access_key": "a", "secret_key": "s"}
    assert run(check=True, task_name="dump-logs", topics=["x"], sink_task=keys)["changed"]


def test_unknown_task_id(run, emu):
    missing = "00000000-0000-4000-8000-000000000000"
    result = run(task_id=missing, task_name="whatever")
    assert result["failed"]
    assert result["msg"] == (
        "Smart Connect task %s does not exist in instance %s; to create a task, give "
        "task_name without task_id" % (missing, emu.instance_id)
    )
    emu.clear_journal()
    result = run(task_id=missing, state="absent")
    assert not result["failed"] and not result["changed"] and result["task"] == {}
    assert calls(emu) == ["ShowConnectorTask"]


@pytest.mark.parametrize("unused_side", ["null", "empty"])
@pytest.mark.parametrize("list_order", ["reversed", "sorted_desc"])
def test_server_readings_do_not_make_changes(run, emu, unused_side, list_order):
    emu.set_config(unused_side=unused_side, list_order=list_order)
    options = replication(emu, topics=["a1", "b2", "c3"])
    assert run(**options)["changed"]
    assert not run(**options)["changed"]
    assert not run(**obs_dump())["failed"]
    assert not run(**obs_dump())["changed"]


def test_action_says_what_happened_to_the_task(run, emu):
    """``action``: created, modified, recreated, deleted or unchanged, in check mode and for real."""
    options = obs_dump()
    steps = [
        (dict(check=True), "created", True),
        ({}, "created", True),
        ({}, "unchanged", False),
        (dict(state="paused"), "unchanged", True),  # a status change alone
        (dict(check=True, sink_task=dict(options["sink_task"], deliver_time_interval=600)), "modified", True),
        (dict(sink_task=dict(options["sink_task"], deliver_time_interval=600)), "modified", True),
        (dict(sink_task=dict(options["sink_task"], deliver_time_interval=900), recreate=True), "recreated", True),
        (dict(state="absent", check=True), "deleted", True),
        (dict(state="absent"), "deleted", True),
        (dict(state="absent"), "unchanged", False),
    ]
    for changes, action, changed in steps:
        result = run(**dict(options, **changes))
        assert not result["failed"], result["msg"]
        assert (result["action"], result["changed"]) == (action, changed), changes
