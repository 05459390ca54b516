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
