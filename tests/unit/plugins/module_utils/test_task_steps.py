"""The plan of one task's run (_tasks/steps.py): the next step and why, from the task found and the declaration.

Pure functions: every case is a table row, no request and no runner."""

import pytest
from helpers.api_tasks import API_OBS, API_REPLICATION, PEER, PEER_2, TASK_ID, merged, params

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks import steps
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.checks import PEER_TWICE
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.shapes import desired_task


def step_for(current, **given):
    options = params(**given)
    return steps.write_step(current, desired_task(options), options)


def test_no_task_is_created():
    step = step_for(None, task_name="dump", topics_regex="a.*")
    assert step.action == "create" and "'dump'" in step.reason


def test_no_task_by_id_is_refused_with_the_way_to_create_one():
    step = step_for(None, task_id=TASK_ID)
    assert step.action == "refuse"
    assert step.reason.endswith("to create a task, give task_name without task_id")


def test_a_task_with_the_declared_configuration_is_kept():
    assert step_for(API_OBS, task_name=API_OBS["task_name"]).action == "keep"


def test_a_difference_is_modified_and_named():
    step = step_for(API_OBS, task_name=API_OBS["task_name"], sink_task=dict(deliver_time_interval=600))
    assert step.action == "modify" and "sink_task" in step.reason and not step.send_secrets


def test_secrets_sent_with_update_secrets_always_are_a_modify_that_sends_them():
    step = step_for(
        API_OBS,
        task_name=API_OBS["task_name"],
        update_secrets="always",
        sink_task=dict(access_key="ak", secret_key="sk"),
    )
    assert step.action == "modify" and step.send_secrets and "update_secrets=always" in step.reason


def test_recreate_true_recreates_what_differs():
    step = step_for(API_OBS, task_name=API_OBS["task_name"], recreate=True, topics_regex="other.*")
    assert step.action == "recreate" and step.reason.endswith("recreate=true")


def test_a_rename_by_id_asks_the_runner_to_check_the_name_is_free():
    assert step_for(API_OBS, task_id=TASK_ID, task_name="renamed").rename
    assert not step_for(API_OBS, task_name=API_OBS["task_name"], topics_regex="other.*").rename


def test_both_peers_declared_and_changed_are_refused():
    source = dict(instance_id=PEER_2, bootstrap_servers=["h:1"])
    step = step_for(API_REPLICATION, task_name=API_REPLICATION["task_name"], source_task=source)
    assert step.action == "refuse" and PEER_TWICE in step.reason


def test_access_keys_instead_of_an_agency_are_refused_unless_recreate():
    current = merged(API_OBS, sink_task=dict(API_OBS["sink_task"], agency_name="dump-agency"))
    keys = dict(access_key="ak", secret_key="sk")
    step = step_for(current, task_name=API_OBS["task_name"], sink_task=keys)
    assert step.action == "refuse" and "recreate=true" in step.reason and "'dump-agency'" in step.reason
    assert step_for(current, task_name=API_OBS["task_name"], sink_task=keys, recreate=True).action == "recreate"


def test_turning_sasl_on_without_the_password_is_refused():
    step = step_for(
        API_REPLICATION,
        task_name=API_REPLICATION["task_name"],
        source_task=dict(instance_id=PEER, security_protocol="SASL_SSL", user_name="u"),
    )
    assert step.action == "refuse" and "needs source_task.password sent with the change" in step.reason


@pytest.mark.parametrize(
    "state, status, created, start_later, modified, action, targets",
    [
        ("present", v.RUNNING, False, False, False, "none", ()),
        ("present", v.CREATING, True, False, False, "wait", (v.RUNNING,)),
        ("present", v.CREATING, True, True, False, "wait", (v.WAITING,)),
        ("present", v.RUNNING, False, False, True, "wait", v.STABLE_STATUSES),
        ("running", v.PAUSED, False, False, False, "resume", (v.RUNNING,)),
        ("running", v.WAITING, False, False, False, "restart", (v.RUNNING,)),
        ("running", v.RUNNING, False, False, False, "wait", (v.RUNNING,)),
        ("running", v.CREATING, True, False, False, "wait", (v.RUNNING,)),
        ("paused", v.RUNNING, False, False, False, "pause", (v.PAUSED,)),
        ("paused", v.PAUSED, False, False, False, "none", ()),
        ("paused", v.WAITING, False, False, False, "none", ()),
        ("paused", v.CREATING, True, True, False, "wait", (v.WAITING,)),
        ("paused", v.CREATING, True, False, False, "pause", (v.PAUSED,)),
        ("restarted", v.RUNNING, False, False, False, "restart", (v.RUNNING,)),
        ("restarted", v.CREATING, True, False, False, "wait", (v.RUNNING,)),
    ],
)
def test_status_steps(state, status, created, start_later, modified, action, targets):
    step = steps.status_step(state, status, created, start_later, modified)
    assert (step.action, tuple(step.targets)) == (action, tuple(targets)) and step.reason


@pytest.mark.parametrize(
    "state, status, created, start_later, expected",
    [
        ("running", v.CREATING, False, False, True),  # found moving: it may end WAITING, which needs a start
        ("running", v.CREATING, True, False, False),  # created by this run: it is on its way to RUNNING
        ("running", v.RUNNING, False, False, False),
        ("paused", v.RESTARTING, False, False, True),
        ("paused", v.CREATING, True, True, False),  # created not to start: it ends WAITING by itself
        ("restarted", v.RESTARTING, False, False, True),
        ("restarted", v.CREATING, True, False, False),
        ("present", v.CREATING, False, False, False),
    ],
)
def test_what_settles_before_the_status_step(state, status, created, start_later, expected):
    assert steps.settles_first(state, status, created, start_later) is expected


def test_absent_has_no_status_step():
    with pytest.raises(ValueError):
        steps.status_step("absent", v.RUNNING)


def test_describe_prefers_the_task_to_the_options():
    assert steps.describe({"id": "t-1", "task_name": "a"}, {"task_id": None, "task_name": "b"}) == (
        "Smart Connect task t-1 (a)"
    )
    assert steps.describe(None, {"task_id": None, "task_name": "b"}) == "Smart Connect task b"


@pytest.mark.parametrize("status", ["FAILED", "CREATE_FAILED", "ERROR"])
def test_a_failed_task_asked_to_run_is_restarted_only_with_restart_failed(status):
    refused = steps.status_step("running", status)
    assert (
        refused.action == "refuse" and "restart_failed: true" in refused.reason and "state: restarted" in refused.reason
    )
    healed = steps.status_step("running", status, restart_failed=True)
    assert (healed.action, healed.targets) == ("restart", (v.RUNNING,))
    assert not steps.settles_first("running", status, False, False)  # waiting cannot mend a failure
    assert steps.status_step("present", status, restart_failed=True).action == "none"
