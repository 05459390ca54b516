"""A missing task's 404, under every reading of its undocumented error code (issue 21, bug 2).

The service's code for a missing task is undocumented; ``DMS.00404022`` is its missing-instance code and
plausible for a task too. After the module's own DELETE any 404 on the task's URL means gone; elsewhere a
404 with the instance's code is told apart by reading the instance, never guessed from the code.
"""

import pytest
from helpers.module_runner import run_main

from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect_tasks

from .smart_connect_support import obs_dump, writes

READINGS = ("task", "instance", "none")
NO_SUCH_TASK = "6a1f0c52-4d3b-4e7a-9c41-0000000000aa"


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("wait", [True, False])
def test_a_delete_confirmed_by_any_404_is_a_success(run, emu, reading, wait):
    emu.set_config(missing_task_code=reading)
    task_id = run(**obs_dump())["task"]["id"]
    gone = run(task_id=task_id, state="absent", wait=wait)
    assert not gone["failed"], gone["msg"]
    assert gone["changed"] and gone["task"] == {} and emu.tasks() == []
    again = run(task_id=task_id, state="absent")
    assert not again["failed"] and not again["changed"], again.get("msg")


@pytest.mark.parametrize("reading", READINGS)
def test_a_purge_confirmed_by_any_404_is_a_success(run, emu, reading):
    emu.set_config(missing_task_code=reading)
    run(**obs_dump(task_name="dump-unwanted"))
    result = run_main(
        smart_connect_tasks.main, dict(run.connection, instance_id=emu.instance_id, tasks=[obs_dump()], purge=True)
    )
    assert not result["failed"], result["msg"]
    assert result["purged"] == ["dump-unwanted"]
    assert sorted(task["spec"]["task_name"] for task in emu.tasks()) == ["dump-logs"]


@pytest.mark.parametrize("reading", READINGS)
def test_a_task_id_that_does_not_exist_is_absent_under_every_reading(run, emu, reading):
    emu.set_config(missing_task_code=reading)
    emu.clear_journal()
    result = run(task_id=NO_SUCH_TASK, state="absent")
    assert not result["failed"] and not result["changed"], result.get("msg")
    assert writes(emu) == []
    # Only the instance's code is ambiguous: the instance's list is read to tell a missing task from a missing instance.
    reads = [entry["operation"] for entry in emu.journal()]
    assert reads == ["ShowConnectorTask"] + (["ListConnectorTasks"] if reading == "instance" else [])


def test_a_missing_instance_is_not_read_as_a_missing_task(run, emu):
    emu.set_config(missing_task_code="instance")
    result = run(task_id=NO_SUCH_TASK, state="present", instance_id="6a1f0c52-4d3b-4e7a-9c41-00000000dead")
    assert result["failed"] and result["error_code"] == "DMS.00404022", result
