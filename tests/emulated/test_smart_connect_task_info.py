"""smart_connect_task_info against the emulator: every page under a page-size cap, filters, one GET by id, failures.

Every scenario asserts the requests it makes from the emulator's journal, and that nothing is ever written.
"""

import pytest
from helpers.module_runner import run_main

from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect_task_info

from .smart_connect_support import assert_no_secret, calls, create_directly, obs_dump, replication, writes

MISSING_INSTANCE = "6a1f0c52-4d3b-4e7a-9c41-00000000dead"
MISSING_TASK = "194917d0-1a2b-4c3d-8e9f-0a1b2c3d4e5f"


@pytest.fixture
def info(emu):
    """Run smart_connect_task_info in-process against the emulator; returns the result, ``failed`` set."""

    def run(check=False, **options):
        args = dict(
            access_key=emu.access_key,
            secret_key=emu.secret_key,
            endpoint=emu.url,
            project_id=emu.project_id,
            retries=2,
            timeout=5,
            instance_id=emu.instance_id,
        )
        args.update(options)
        args["_ansible_check_mode"] = check
        return run_main(smart_connect_task_info.main, args)

    return run


def list_offsets(emu):
    """(offset, limit) of every ListConnectorTasks request in the journal, in order."""
    return [
        tuple(int(dict(entry["query"])[key]) for key in ("offset", "limit"))
        for entry in emu.journal(operation="ListConnectorTasks")
    ]


def make_tasks(emu, count, prefix="task"):
    return [create_directly(emu, "%s-%02d" % (prefix, index))["id"] for index in range(count)]


def test_no_task_is_an_empty_list(info, emu):
    result = info()
    assert not result["failed"], result["msg"]
    assert result["changed"] is False
    assert result["tasks"] == []
    assert (result["total_number"], result["max_tasks"], result["quota_tasks"]) == (0, 18, 18)
    assert calls(emu) == ["ListConnectorTasks"]
    assert list_offsets(emu) == [(0, 50)]


@pytest.mark.parametrize(
    "cap, count, offsets",
    [
        (3, 7, [0, 3, 6]),  # a last page shorter than the cap
        (3, 6, [0, 3]),  # the total a multiple of the cap: no extra empty page
        (1, 4, [0, 1, 2, 3]),  # one task a page
        (None, 7, [0]),  # no cap: one page of 50
    ],
)
def test_every_page_is_read_under_the_page_size_cap(info, emu, cap, count, offsets):
    created = make_tasks(emu, count)
    emu.set_config(page_size_cap=cap)
    emu.clear_journal()
    result = info()
    assert not result["failed"], result["msg"]
    assert sorted(task["id"] for task in result["tasks"]) == sorted(created)
    assert [task["task_name"] for task in result["tasks"]] == ["task-%02d" % i for i in reversed(range(count))]
    assert result["total_number"] == count and result["quota_tasks"] == 18 - count
    assert list_offsets(emu) == [(offset, 50) for offset in offsets]
    assert writes(emu) == []


def test_a_throttled_page_is_retried_and_the_pages_still_add_up(info, emu):
    make_tasks(emu, 5)
    emu.set_config(page_size_cap=2)
    emu.inject_fault("gateway_throttle", operation="ListConnectorTasks", skip=1, retry_after="0")
    emu.clear_journal()
    result = info()
    assert not result["failed"], result["msg"]
    assert len(result["tasks"]) == 5 == len({task["id"] for task in result["tasks"]})
    assert list_offsets(emu) == [(0, 50), (2, 50), (2, 50), (4, 50)]  # the throttled page, sent again


def test_tasks_have_the_shape_smart_connect_task_returns(info, run, emu):
    made = [run(**replication(emu)), run(**obs_dump(start_later=True))]
    for result in made:
        assert not result["failed"], result["msg"]
    emu.clear_journal()
    result = info()
    assert not result["failed"], result["msg"]
    by_id = {task["id"]: task for task in result["tasks"]}
    for created in made:
        listed = dict(by_id[created["task"]["id"]])
        assert listed.pop("manageable") and listed.pop("spec") and listed.pop("secrets_needed")
        assert listed == created["task"]
    replicated = by_id[made[0]["task"]["id"]]
    assert replicated["topics"] == ["orders", "payments"]
    assert replicated["source_task"]["topics_mapping"] == ["orders:orders-copy", "payments:payments-copy"]
    assert "password" not in replicated["source_task"] and replicated["sink_task"] is None
    dump = by_id[made[1]["task"]["id"]]
    assert dump["status"] == "WAITING" and dump["topics_regex"] == "logs-.*"
    assert "secret_key" not in dump["sink_task"] and "obs_part_size" not in dump["sink_task"]
    assert_no_secret(result)
    assert calls(emu) == ["ListConnectorTasks"]


def test_filters(info, emu):
    emu.set_async_delay(0)  # created RUNNING at once
    ids = {name: create_directly(emu, name)["id"] for name in ("alpha", "bravo", "charlie")}
    create_directly(emu, "bravo")  # names are not unique
    emu.set_task_status(ids["charlie"], "PAUSED")
    cases = [
        (dict(task_name="bravo"), 2),
        (dict(status=["PAUSED"]), 1),
        (dict(status="paused"), 1),  # one string, any case
        (dict(status=["running", "PAUSED"]), 4),
        (dict(task_name="charlie", status=["PAUSED"]), 1),
        (dict(task_name="alpha", status=["PAUSED"]), 0),
        (dict(task_name="nobody"), 0),
        (dict(status=["RESTARTING"]), 0),
    ]
    for options, count in cases:
        emu.clear_journal()
        result = info(**options)
        assert not result["failed"], result["msg"]
        assert len(result["tasks"]) == count, options
        assert result["total_number"] == 4  # before the filters
        assert calls(emu) == ["ListConnectorTasks"], options
    paused = info(status=["PAUSED"])["tasks"][0]
    assert (paused["id"], paused["task_name"], paused["status"]) == (ids["charlie"], "charlie", "PAUSED")


def test_lookup_by_id_is_one_get(info, emu):
    emu.set_async_delay(0)
    ids = make_tasks(emu, 3)
    emu.set_config(page_size_cap=1)
    emu.clear_journal()
    result = info(task_id=ids[1])
    assert not result["failed"], result["msg"]
    assert [task["id"] for task in result["tasks"]] == [ids[1]]
    assert result["tasks"][0]["task_id"] == ids[1]
    for name in ("total_number", "max_tasks", "quota_tasks"):
        assert name not in result  # only when the list was read
    assert calls(emu) == ["ShowConnectorTask"]
    # The other filters still apply to the task read.
    emu.clear_journal()
    assert info(task_id=ids[1], task_name="someone-else")["tasks"] == []
    assert info(task_id=ids[1], status=["PAUSED"])["tasks"] == []
    assert len(info(task_id=ids[1], task_name="task-01", status=["running"])["tasks"]) == 1
    assert calls(emu) == ["ShowConnectorTask"] * 3


def test_a_missing_task_is_an_empty_list(info, emu):
    emu.clear_journal()
    result = info(task_id=MISSING_TASK)
    assert not result["failed"], result["msg"]
    assert result["tasks"] == [] and result["changed"] is False
    assert calls(emu) == ["ShowConnectorTask"]


@pytest.mark.parametrize(
    "options, operation",
    [
        (dict(), "list the Smart Connect tasks of instance %s" % MISSING_INSTANCE),
        (dict(task_id=MISSING_TASK), "read Smart Connect task %s of instance %s" % (MISSING_TASK, MISSING_INSTANCE)),
    ],
)
def test_a_missing_instance_fails_clearly(info, emu, options, operation):
    emu.clear_journal()
    result = info(instance_id=MISSING_INSTANCE, **options)
    assert result["failed"]
    request_id = emu.journal()[0]["request_id"]
    assert result["msg"] == "Failed to %s: The instance does not exist: %s (DMS.00404022, %s)" % (
        operation,
        MISSING_INSTANCE,
        request_id,
    )
    assert (result["error_code"], result["status_code"], result["request_id"]) == ("DMS.00404022", 404, request_id)
    assert result["tasks"] == [] and result["changed"] is False
    # A task's 404 with the instance's code is told apart from a missing task by reading the instance's list.
    assert (
        calls(emu) == ["ListConnectorTasks"]
        if "task_id" not in options
        else ["ShowConnectorTask", "ListConnectorTasks"]
    )


def test_an_instance_without_smart_connect_fails_with_the_service_message(info, emu):
    result = info(instance_id=emu.instance_id_connector_off)
    assert result["failed"]
    assert result["msg"].startswith(
        "Failed to list the Smart Connect tasks of instance %s: Smart Connect is not "
        "enabled" % emu.instance_id_connector_off
    )
    assert result["error_code"] == "DMS.00400706"


def test_check_mode_reads_the_same_and_writes_nothing(info, emu):
    # Statuses that do not move: with the usual 50 ms of CREATING, a busy machine saw a task turn RUNNING
    # between the two reads, and the reads differed for a reason that has nothing to do with check mode.
    emu.set_async_delay(0)
    make_tasks(emu, 4)
    assert {task["status"] for task in emu.tasks()} == {"RUNNING"}
    emu.set_config(page_size_cap=3)
    normal = info()
    emu.clear_journal()
    checked = info(check=True)
    assert not checked["failed"], checked["msg"]
    assert checked == normal
    assert checked["changed"] is False
    assert list_offsets(emu) == [(0, 50), (3, 50)] and writes(emu) == []


@pytest.mark.parametrize(
    "options, message",
    [
        (dict(instance_id="kafka-1"), "instance_id must be a DMS id"),
        (dict(task_id="12"), "task_id must be a DMS id"),
        (dict(status={"a": 1}), "status"),
        (dict(unknown_option=1), "unknown_option"),
    ],
)
def test_bad_input_fails_before_any_request(info, emu, options, message):
    emu.clear_journal()
    result = info(**options)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert emu.journal() == []
