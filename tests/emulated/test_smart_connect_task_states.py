"""smart_connect_task against the emulator: every state transition, in check mode and for real, and waiting."""

import time

import pytest

from .smart_connect_support import calls, obs_dump, replication, writes


def ops(emu):
    """The operations of the writes in the journal."""
    return [entry["operation"] for entry in emu.journal() if entry["method"] != "GET"]


def transition(run, emu, state, task_id, expect_changed, expect_status, expect_writes):
    """Check mode (no write, predicted status), then the real run, then again (not changed)."""
    emu.clear_journal()
    check = run(check=True, task_id=task_id, state=state)
    assert not check["failed"], check["msg"]
    assert check["changed"] is expect_changed and check["task"]["status"] == expect_status
    assert writes(emu) == []
    emu.clear_journal()
    real = run(task_id=task_id, state=state)
    assert not real["failed"], real["msg"]
    assert real["changed"] is expect_changed and real["task"]["status"] == expect_status
    assert ops(emu) == expect_writes
    assert emu.tasks()[0]["status"] == expect_status
    return real


def test_every_transition(run, emu):
    created = run(**replication(emu))
    task_id = created["task"]["id"]
    transition(run, emu, "present", task_id, False, "RUNNING", [])
    transition(run, emu, "running", task_id, False, "RUNNING", [])
    transition(run, emu, "paused", task_id, True, "PAUSED", ["PauseConnectorTask"])
    transition(run, emu, "paused", task_id, False, "PAUSED", [])
    transition(run, emu, "present", task_id, False, "PAUSED", [])
    transition(run, emu, "running", task_id, True, "RUNNING", ["ResumeConnectorTask"])
    transition(run, emu, "restarted", task_id, True, "RUNNING", ["RestartConnectorTask"])
    transition(run, emu, "paused", task_id, True, "PAUSED", ["PauseConnectorTask"])
    # restarted from PAUSED: the restart endpoint (which also starts), and RUNNING at the end.
    transition(run, emu, "restarted", task_id, True, "RUNNING", ["RestartConnectorTask"])
    restart = emu.journal(operation="RestartConnectorTask")[0]
    assert restart["path"] == "/v2/%s/kafka/instances/%s/connector/tasks/%s/restart" % (
        emu.project_id,
        emu.instance_id,
        task_id,
    )
    # absent: check mode, then delete, then nothing to do.
    emu.clear_journal()
    check = run(check=True, diff=True, task_id=task_id, state="absent")
    assert check["changed"] and check["task"] == {} and writes(emu) == []
    assert check["diff"]["before"]["id"] == task_id and check["diff"]["after"] == {}
    gone = run(task_id=task_id, state="absent")
    assert gone["changed"] and gone["task"] == {} and emu.tasks() == []
    again = run(task_id=task_id, state="absent")
    assert not again["changed"]


def test_waiting_task_is_left_waiting_by_paused_and_started_by_running(run, emu):
    created = run(**obs_dump(start_later=True))
    task_id = created["task"]["id"]
    assert created["task"]["status"] == "WAITING"
    transition(run, emu, "paused", task_id, False, "WAITING", [])
    transition(run, emu, "present", task_id, False, "WAITING", [])
    transition(run, emu, "running", task_id, True, "RUNNING", ["RestartConnectorTask"])


def test_waiting_task_restarted(run, emu):
    task_id = run(**obs_dump(start_later=True))["task"]["id"]
    transition(run, emu, "restarted", task_id, True, "RUNNING", ["RestartConnectorTask"])


def test_create_in_each_state(run, emu):
    # paused: created with start_later, so it never runs; it stays WAITING.
    emu.clear_journal()
    result = run(state="paused", **obs_dump(task_name="made-paused"))
    assert result["changed"] and result["task"]["status"] == "WAITING"
    assert emu.journal(operation="CreateConnectorTask")[0]["body"]["start_later"] is True
    assert ops(emu) == ["CreateConnectorTask"]
    # paused with start_later=false: created running, then paused.
    emu.clear_journal()
    result = run(state="paused", start_later=False, **obs_dump(task_name="made-run-then-paused"))
    assert result["changed"] and result["task"]["status"] == "PAUSED"
    assert ops(emu) == ["CreateConnectorTask", "PauseConnectorTask"]
    # running and restarted start the task whatever start_later says, and a new task is not restarted.
    for state in ("running", "restarted"):
        emu.clear_journal()
        result = run(state=state, start_later=True, **obs_dump(task_name="made-" + state))
        assert result["changed"] and result["task"]["status"] == "RUNNING", state
        assert ops(emu) == ["CreateConnectorTask"]
        assert emu.journal(operation="CreateConnectorTask")[0]["body"]["start_later"] is False
    # Check mode predicts each of them without writing.
    emu.clear_journal()
    for state, status in (
        ("present", "RUNNING"),
        ("running", "RUNNING"),
        ("paused", "WAITING"),
        ("restarted", "RUNNING"),
    ):
        result = run(check=True, state=state, **obs_dump(task_name="check-" + state))
        assert result["changed"] and result["task"]["status"] == status and result["task"]["id"] is None
    assert writes(emu) == []
    result = run(check=True, state="paused", start_later=False, **obs_dump(task_name="check-paused-2"))
    assert result["task"]["status"] == "PAUSED"
    assert run(check=True, state="absent", task_name="no-such-task")["changed"] is False


def test_wait_false_returns_what_the_write_returned(run, emu):
    emu.set_async_delay(30)
    start = time.monotonic()
    created = run(wait=False, **replication(emu))
    assert created["changed"] and created["task"]["status"] == "CREATING"
    assert time.monotonic() - start < 10  # far from the 30 s a wait would take, even on a busy machine
    # The list after the create looks for a task of that name another run made at the same moment (issue 24).
    assert calls(emu) == ["ListConnectorTasks", "CreateConnectorTask", "ListConnectorTasks"]
    emu.set_task_status(created["task"]["id"], "RUNNING")
    emu.clear_journal()
    paused = run(wait=False, task_id=created["task"]["id"], state="paused")
    assert paused["changed"] and paused["task"]["status"] == "PAUSED"
    assert calls(emu) == ["ShowConnectorTask", "PauseConnectorTask"]


def test_wait_timeout_fails_with_the_last_status(run, emu):
    emu.set_async_delay(30)
    start = time.monotonic()
    result = run(wait_timeout=1, **obs_dump())
    elapsed = time.monotonic() - start
    assert result["failed"] and result["changed"]
    assert result["msg"].startswith(
        "Timed out after 1 seconds waiting for Smart Connect task %s (dump-logs) "
        "to be RUNNING; last status seen: CREATING" % result["task"]["id"]
    )
    assert result["task"]["status"] == "CREATING"
    assert 0.9 < elapsed < 10  # the deadline, not the 30 s the status takes (wide: the machine may be busy)


def test_unknown_status_is_not_a_target(run, emu):
    task_id = run(**obs_dump())["task"]["id"]
    emu.set_task_status(task_id, "ABNORMAL")
    result = run(task_id=task_id, state="running", wait_timeout=0)
    assert result["failed"] and "last status seen: ABNORMAL" in result["msg"]
    # A paused run waits for a settled status before it can pause, and times out the same way.
    result = run(task_id=task_id, state="paused", wait_timeout=0)
    assert result["failed"] and "to be RUNNING or PAUSED or WAITING; last status seen: ABNORMAL" in result["msg"]
    assert not run(task_id=task_id, state="present")["changed"]


def test_moving_statuses_are_waited_for(run, emu):
    emu.set_async_delay(0.3)
    created = run(wait=False, **replication(emu))
    task_id = created["task"]["id"]
    # paused needs RUNNING first: it waits for the create to finish even with wait=false.
    emu.clear_journal()
    result = run(wait=False, task_id=task_id, state="paused")
    assert result["changed"] and emu.tasks()[0]["status"] == "PAUSED"
    assert ops(emu) == ["PauseConnectorTask"]
    # restarted: RESTARTING, then RUNNING after the delay; wait sees it through.
    start = time.monotonic()
    result = run(task_id=task_id, state="restarted")
    assert result["task"]["status"] == "RUNNING" and time.monotonic() - start >= 0.25


@pytest.mark.parametrize("wait", [True, False])
def test_modify_that_restarts_the_task(run, emu, wait):
    emu.set_config(modify_restarts=True)
    emu.set_async_delay(2)  # RESTARTING must outlast the run with wait=false, even on a busy machine
    task_id = run(**obs_dump())["task"]["id"]
    emu.clear_journal()
    result = run(wait=wait, task_id=task_id, sink_task={"deliver_time_interval": 600})
    assert result["changed"]
    assert result["task"]["status"] == ("RUNNING" if wait else "RESTARTING")
    assert result["task"]["sink_task"]["deliver_time_interval"] == 600
