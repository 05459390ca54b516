"""A run never leaves a task worse than it found it, whatever the service answers (issue 12).

Each test sets the emulator switch or fault that makes the service answer in one awkward way, and checks that
the module undoes what it did, or says exactly how things were left; and that it never reads an answer that
makes no sense as "nothing there".
"""

import time

import pytest

from .fault_support import PEER_PASSWORD, connection, obs_dump, replication, run_module, tasks_named


def task_args(emu, **options):
    return dict(connection(emu), instance_id=emu.instance_id, **options)


def operations(emu, writes_only=False):
    return [entry["operation"] for entry in emu.journal() if not writes_only or entry["method"] != "GET"]


def only_task(emu, name):
    tasks = tasks_named(emu, name)
    assert len(tasks) == 1, tasks
    return tasks[0]


# ----- the module's own pause is undone ------------------------------------------------------------------


def running_replication(emu, name):
    created = run_module("smart_connect_task", task_args(emu, **replication(name, emu.peer_instance_id)))
    assert not created["failed"] and created["task"]["status"] == "RUNNING", created
    emu.set_config(modify_requires_paused=True, put_secrets="reject")


def test_a_failed_modify_after_the_modules_own_pause_resumes_the_task(fast):
    emu = fast
    running_replication(emu, "own-pause")
    changed = replication("own-pause", emu.peer_instance_id, update_secrets="always")
    changed["source_task"]["compression_type"] = "lz4"
    emu.clear_journal()
    result = run_module("smart_connect_task", task_args(emu, **changed))
    assert result["failed"]
    assert result["msg"].startswith("Failed to modify Smart Connect task ")
    assert "The task, paused for the modification, was resumed" in result["msg"]
    assert operations(emu, writes_only=True) == [
        "ModifyConnectorTask",
        "PauseConnectorTask",
        "ModifyConnectorTask",
        "ResumeConnectorTask",
    ]  # refused while RUNNING, then paused
    assert only_task(emu, "own-pause")["status"] == "RUNNING"
    assert result["task"]["status"] == "RUNNING"  # as last read, not a prediction

    # The failure's own hint (recreate) then ends RUNNING, as the task was before the module paused it.
    emu.set_config(modify_requires_paused=False)
    result = run_module("smart_connect_task", task_args(emu, recreate=True, **changed))
    assert not result["failed"] and result["action"] == "recreated", result.get("msg")
    assert only_task(emu, "own-pause")["status"] == "RUNNING"


def test_when_the_resume_fails_too_the_failure_says_the_task_is_left_paused(fast):
    emu = fast
    running_replication(emu, "left-paused")
    changed = replication("left-paused", emu.peer_instance_id, update_secrets="always")
    emu.inject_fault("server_error", method="PUT", path=r"/resume/?$", count=10, status=500)
    result = run_module("smart_connect_task", task_args(emu, **changed))
    assert result["failed"]
    assert (
        "The task is left PAUSED: the module paused it for the modification, and resuming it failed too: "
        "Failed to resume Smart Connect task" in result["msg"]
    )
    assert result["task"]["status"] == "PAUSED" and only_task(emu, "left-paused")["status"] == "PAUSED"


# ----- recreate deletes only what it can bring back -----------------------------------------------------


def test_recreate_checks_the_peer_before_deleting(fast):
    emu = fast
    name = "recreate-unreachable"
    assert not run_module("smart_connect_task", task_args(emu, **replication(name, emu.peer_instance_id)))["failed"]
    emu.set_config(unreachable_peers=[emu.peer_instance_id])
    emu.clear_journal()
    options = replication(name, emu.peer_instance_id, recreate=True, topics=["orders"])
    result = run_module("smart_connect_task", task_args(emu, **options))
    assert result["failed"] and not result["changed"]
    assert "the connectivity check to the peer failed" in result["msg"] and "Nothing was deleted" in result["msg"]
    assert result["error_code"] and result["request_id"]
    assert operations(emu, writes_only=True) == ["ValidateConnectorConnectivity"]
    assert only_task(emu, name)["spec"]["topics"] == "orders,payments"


def test_a_create_that_fails_after_the_delete_says_so_first(fast):
    emu = fast
    name = "recreate-lost"
    assert not run_module("smart_connect_task", task_args(emu, **replication(name, emu.peer_instance_id)))["failed"]
    emu.inject_fault("server_error", method="POST", path=r"/connector/tasks/?$", count=5, status=500)
    options = replication(name, emu.peer_instance_id, recreate=True, topics=["orders"])
    result = run_module("smart_connect_task", task_args(emu, **options))
    assert result["failed"] and result["changed"] is True
    assert result["msg"].startswith("The old task ")
    assert "was deleted and not created again: Failed to create Smart Connect task" in result["msg"]
    assert result["config"]["topics"] == "orders" and result["config"]["source_task"]["password"] == "********"
    assert PEER_PASSWORD not in str(result)
    assert tasks_named(emu, name) == []
    emu.clear_faults()  # the returned configuration is enough to bring the task back
    assert not run_module("smart_connect_task", task_args(emu, **options))["failed"]
    assert only_task(emu, name)["status"] == "RUNNING"


# ----- a change that was accepted but not applied -----------------------------------------------------


def test_a_put_accepted_but_not_applied_fails_by_name(fast):
    emu = fast
    name = "not-applied"
    assert not run_module("smart_connect_task", task_args(emu, **obs_dump(name)))["failed"]
    emu.set_config(modify_ignores=["sink_task.deliver_time_interval"])
    emu.clear_journal()
    changed = obs_dump(name, sink_task=dict(obs_dump(name)["sink_task"], deliver_time_interval=600))
    result = run_module("smart_connect_task", task_args(emu, **changed))
    assert result["failed"]
    assert "accepted the change to Smart Connect task" in result["msg"]
    assert "but sink_task.deliver_time_interval is still 300" in result["msg"]
    assert operations(emu) == ["ListConnectorTasks", "ModifyConnectorTask"]  # the answer showed it: no extra read
    emu.set_config(modify_ignores=[])
    emu.clear_journal()
    assert not run_module("smart_connect_task", task_args(emu, **changed))["failed"]
    assert operations(emu) == ["ListConnectorTasks", "ModifyConnectorTask"]  # a modify stays two requests


# ----- answers that were lost or make no sense ----------------------------------------------------------


def test_a_create_answer_without_an_id_is_looked_up_and_adopted(fast, warnings):
    emu = fast
    emu.inject_fault("malformed", method="POST", path=r"/connector/tasks/?$", drop="id")
    result = run_module("smart_connect_task", task_args(emu, **obs_dump("no-id")))
    assert not result["failed"] and result["changed"], result.get("msg")
    assert result["task"]["id"] == only_task(emu, "no-id")["id"]
    assert any("without a task id" in warning and "adopted" in warning for warning in warnings)
    assert operations(emu, writes_only=True) == ["CreateConnectorTask"]


@pytest.mark.parametrize(
    "method, path, drop, what",
    [
        ("GET", r"/connector/tasks/?$", "tasks", "list the Smart Connect tasks"),
        ("GET", r"/connector/tasks/?$", "id", "list the Smart Connect tasks"),
        ("GET", r"/connector/tasks/?$", "", "list the Smart Connect tasks"),
    ],
)
def test_a_list_answer_that_makes_no_sense_is_never_read_as_no_tasks(fast, method, path, drop, what):
    emu = fast
    assert not run_module("smart_connect_task", task_args(emu, **obs_dump("odd-list")))["failed"]
    emu.clear_journal()
    emu.inject_fault("malformed", method=method, path=path, drop=drop)
    result = run_module("smart_connect_task", task_args(emu, **obs_dump("odd-list", topics_regex="new-.*")))
    assert result["failed"] and what in result["msg"]
    answered = emu.journal()[0]
    assert answered["request_id"] in result["msg"] and result["request_id"] == answered["request_id"]
    assert operations(emu, writes_only=True) == []  # never a create of a second task, never a modify


def test_a_task_without_a_status_is_a_clear_failure(fast):
    emu = fast
    created = run_module("smart_connect_task", task_args(emu, **obs_dump("no-status")))
    emu.clear_journal()
    emu.inject_fault("malformed", method="GET", path=r"/connector/tasks/[0-9a-f-]{36}/?$", drop="status")
    result = run_module("smart_connect_task", task_args(emu, task_id=created["task"]["id"], state="paused"))
    assert result["failed"] and "read Smart Connect task %s" % created["task"]["id"] in result["msg"]
    assert "no status" in result["msg"] and result["error_code"] == "MalformedAnswer"
    assert operations(emu, writes_only=True) == []


def test_a_status_that_names_a_failure_ends_the_wait_at_once(fast):
    emu = fast
    emu.set_config(async_ends_in="CREATE_FAILED")
    started = time.monotonic()
    result = run_module("smart_connect_task", task_args(emu, wait_timeout=600, **obs_dump("fails-to-start")))
    assert result["failed"] and time.monotonic() - started < 10
    task_id = only_task(emu, "fails-to-start")["id"]
    assert "%s (fails-to-start) is CREATE_FAILED" % task_id in result["msg"]
    assert result["task"]["status"] == "CREATE_FAILED"


def test_an_unknown_status_keeps_the_wait_going_with_a_warning(fast, warnings):
    emu = fast
    emu.set_config(async_ends_in="SUSPENDED")
    result = run_module("smart_connect_task", task_args(emu, wait_timeout=1, **obs_dump("odd-status")))
    assert result["failed"] and "Timed out after 1 seconds" in result["msg"]
    assert "last status seen: SUSPENDED" in result["msg"]
    assert [warning for warning in warnings if "SUSPENDED" in warning and "does not know" in warning]


def test_paging_that_never_ends_warns_in_smart_connect_task_too(fast, warnings):
    emu = fast
    assert not run_module("smart_connect_task", task_args(emu, **obs_dump("paged")))["failed"]
    assert not run_module("smart_connect_task", task_args(emu, **obs_dump("paged-2")))["failed"]
    # Every page is the first one, and the total keeps saying there are more: paging is cut short (100 pages).
    emu.set_config(page_size_cap=1, total_number_extra=500, list_ignores_offset=True)
    result = run_module("smart_connect_task", task_args(emu, **obs_dump("paged-2")))  # on the first page
    assert not result["failed"] and not result["changed"], result.get("msg")
    assert any("may be incomplete" in warning for warning in warnings)
    emu.clear_journal()
    result = run_module("smart_connect_task", task_args(emu, **obs_dump("paged")))  # on a page never read
    assert result["failed"] and "not creating a task that may exist" in result["msg"]
    assert operations(emu, writes_only=True) == [] and len(tasks_named(emu, "paged")) == 1


def test_deleting_where_smart_connect_is_off_is_ok_and_unchanged(fast):
    emu = fast
    args = dict(connection(emu), instance_id=emu.instance_id_connector_off, task_name="gone-anyway", state="absent")
    result = run_module("smart_connect_task", args)
    assert not result["failed"] and not result["changed"] and result["action"] == "unchanged", result.get("msg")
    assert operations(emu, writes_only=True) == []
