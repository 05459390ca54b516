"""Failed tasks asked to run (issue 25, item 3): never reported as fine; restarted once with restart_failed."""

import pytest
from helpers.module_runner import run_main

from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect_tasks

from .smart_connect_support import obs_dump, writes


def failed_task(run, emu, **shown):
    created = run(**obs_dump())
    assert not created["failed"], created["msg"]
    emu.set_task_status(created["task"]["id"], "FAILED", **shown)
    emu.clear_journal()
    return created["task"]["id"]


def restarts(emu):
    return [entry for entry in emu.journal() if entry["operation"] == "RestartConnectorTask"]


@pytest.mark.parametrize("wait", [True, False])
def test_a_failed_task_asked_to_run_fails_naming_both_ways_out(run, emu, wait):
    task_id = failed_task(run, emu, error_message="peer unreachable: connection refused")
    done = run(**obs_dump(state="running", wait=wait))
    assert done["failed"]
    for words in ("is FAILED", "restart_failed: true", "state: restarted", "sync position", "peer unreachable"):
        assert words in done["msg"]
    assert writes(emu) == [] and done["restarted"] is False
    assert emu.tasks()[0]["id"] == task_id and emu.tasks()[0]["status"] == "FAILED"
    check = run(check=True, **obs_dump(state="running"))
    assert check["failed"] and "is FAILED" in check["msg"]


def test_restart_failed_restarts_it_once_and_it_runs(run, emu):
    failed_task(run, emu)
    check = run(check=True, **obs_dump(state="running", restart_failed=True))
    assert check["changed"] and check["restarted"] and check["task"]["status"] == "RUNNING" and writes(emu) == []
    done = run(**obs_dump(state="running", restart_failed=True))
    assert not done["failed"], done["msg"]
    assert done["changed"] and done["restarted"] and done["task"]["status"] == "RUNNING"
    assert len(restarts(emu)) == 1
    again = run(**obs_dump(state="running", restart_failed=True))
    assert not again["changed"] and not again["restarted"]


def test_a_task_that_fails_again_is_reported_after_exactly_one_restart(run, emu):
    failed_task(run, emu)
    emu.set_config(async_ends_in="FAILED")  # the restart ends FAILED again
    done = run(**obs_dump(state="running", restart_failed=True))
    assert done["failed"] and "FAILED again after this run restarted it" in done["msg"]
    assert done["restarted"] and len(restarts(emu)) == 1


def test_state_present_leaves_a_failed_task_alone(run, emu):
    failed_task(run, emu)
    done = run(**obs_dump(state="present", restart_failed=True))
    assert not done["failed"] and not done["changed"] and done["task"]["status"] == "FAILED"
    assert writes(emu) == []


def test_smart_connect_tasks_restarts_with_the_module_default_unless_a_task_says_no(run, emu):
    keep = failed_task(run, emu)
    other = run(**obs_dump(task_name="dump-other", topics_regex="other-.*"))
    emu.set_task_status(other["task"]["id"], "FAILED")
    emu.clear_journal()
    args = dict(
        run.connection,
        instance_id=emu.instance_id,
        restart_failed=True,
        tasks=[
            obs_dump(state="running"),
            obs_dump(task_name="dump-other", topics_regex="other-.*", state="running", restart_failed=False),
        ],
        _ansible_check_mode=False,
        _ansible_diff=False,
    )
    done = run_main(smart_connect_tasks.main, args)
    assert done["failed"] and done["restarted"] == [obs_dump()["task_name"]]
    entries = {entry["task_name"]: entry for entry in done["results"]}
    assert entries["dump-other"]["failed"] and "restart_failed: true" in entries["dump-other"]["msg"]
    assert entries[obs_dump()["task_name"]]["task"]["status"] == "RUNNING"
    assert [entry["path"].rsplit("/", 2)[1] for entry in restarts(emu)] == [keep]


@pytest.mark.parametrize("modify_failed", [False, True], ids=["put-refused-when-failed", "put-taken-when-failed"])
def test_a_failed_task_whose_declaration_changed_is_modified_and_restarted(run, emu, modify_failed):
    """The change is often the fix: with restart_failed it lands and the task runs, whether the service modifies a
    failed task (then it is restarted after) or not (then it is restarted first and modified once it runs)."""
    failed_task(run, emu)
    emu.set_config(modify_failed=modify_failed)
    fixed = obs_dump(state="running", restart_failed=True, topics_regex="fixed-.*")
    check = run(check=True, **fixed)
    assert not check["failed"], check["msg"]
    assert check["changed"] and check["restarted"] and writes(emu) == []
    done = run(**fixed)
    assert not done["failed"], done["msg"]
    assert done["changed"] and done["restarted"] and done["task"]["status"] == "RUNNING"
    assert done["task"]["topics_regex"] == "fixed-.*" and emu.tasks()[0]["spec"]["topics_regex"] == "fixed-.*"
    assert len(restarts(emu)) == 1
    again = run(**fixed)
    assert not again["changed"] and not again["restarted"]


def test_a_failed_task_whose_declaration_changed_is_left_as_it_was_without_a_way_to_restart(run, emu):
    failed_task(run, emu)
    changed = obs_dump(state="running", topics_regex="fixed-.*")
    for check in (True, False):
        done = run(check=check, **changed)
        assert done["failed"] and "is FAILED" in done["msg"]
        assert "restart_failed: true" in done["msg"] and "state: restarted" in done["msg"]
    assert writes(emu) == [] and emu.tasks()[0]["spec"]["topics_regex"] == "logs-.*"


def test_a_task_found_restarting_that_ends_failed_is_healed(run, emu):
    task_id = failed_task(run, emu)
    emu.set_config(async_ends_in="FAILED", async_delay=5)  # still RESTARTING when looked at, on a busy machine too
    emu.set_task_status(task_id, "RUNNING")
    restarting = run(**obs_dump(state="restarted", wait=False))  # as the console would: it will end FAILED
    assert not restarting["failed"] and emu.tasks()[0]["status"] == "RESTARTING"
    emu.set_config(async_ends_in=None)
    emu.clear_journal()
    done = run(**obs_dump(state="running", restart_failed=True))
    assert not done["failed"], done["msg"]
    assert done["restarted"] and done["task"]["status"] == "RUNNING" and len(restarts(emu)) == 1


def test_a_task_restarted_by_state_restarted_that_fails_again_says_so(run, emu):
    failed_task(run, emu)
    emu.set_config(async_ends_in="FAILED")
    done = run(**obs_dump(state="restarted"))
    assert done["failed"] and "FAILED again after this run restarted it (state=restarted)" in done["msg"]
    assert "restart_failed=true" not in done["msg"] and len(restarts(emu)) == 1


@pytest.mark.parametrize("modify_failed", [False, True], ids=["put-refused-when-failed", "put-taken-when-failed"])
def test_state_present_modifies_a_failed_task_without_restarting_it(run, emu, modify_failed):
    failed_task(run, emu)
    emu.set_config(modify_failed=modify_failed)
    done = run(**obs_dump(state="present", topics_regex="fixed-.*"))
    assert restarts(emu) == []
    if modify_failed:
        assert not done["failed"], done["msg"]
        assert done["changed"] and done["task"]["status"] == "FAILED"
        assert emu.tasks()[0]["spec"]["topics_regex"] == "fixed-.*"
    else:
        assert done["failed"] and "takes no modification of a task in that status" in done["msg"]
        assert "restart_failed: true" in done["msg"] and "(DMS.00400026, " in done["msg"]
        assert emu.tasks()[0]["spec"]["topics_regex"] == "logs-.*"


def test_state_paused_refuses_a_failed_task_before_any_write(run, emu):
    failed_task(run, emu)
    for check in (True, False):
        done = run(check=check, **obs_dump(state="paused", topics_regex="fixed-.*"))
        assert done["failed"] and "is FAILED, and a failed task cannot be paused" in done["msg"], done["msg"]
        assert "state: restarted" in done["msg"] and not done["changed"]
    assert writes(emu) == [] and emu.tasks()[0]["status"] == "FAILED"


def test_a_restart_the_service_refuses_is_not_reported_as_restarted(run, emu):
    task_id = failed_task(run, emu)
    emu.set_task_status(task_id, "CREATE_FAILED")  # the emulator restarts FAILED tasks only
    done = run(**obs_dump(state="running", restart_failed=True))
    assert done["failed"] and "Failed to restart" in done["msg"] and done["restarted"] is False
    changed = run(**obs_dump(state="running", restart_failed=True, topics_regex="fixed-.*"))
    assert changed["failed"] and changed["restarted"] is False
    assert "The change was not sent: the service modifies the task only once it runs" in changed["msg"]


def test_a_change_refused_after_the_restart_it_needed_says_the_task_was_restarted(run, emu):
    failed_task(run, emu)
    emu.set_config(put_secrets="reject")  # the PUT that follows the restart is refused
    done = run(**obs_dump(state="running", restart_failed=True, topics_regex="fixed-.*", update_secrets="always"))
    assert done["failed"] and done["restarted"] and "had been restarted first" in done["msg"], done["msg"]
    assert emu.tasks()[0]["status"] == "RUNNING"
