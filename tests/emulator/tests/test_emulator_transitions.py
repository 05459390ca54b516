"""The status machine: every task action from every status, instance jobs, and async progression."""

import time

import pytest

from emulator import EmulatorClient, EmulatorServer, config, defaults, errors, state

from .emulator_helpers import SignedCaller, error_of, obs_body, replication_body

ACTIONS = ("pause", "resume", "restart", "delete", "modify")
STATUSES = ("CREATING", "RUNNING", "PAUSED", "WAITING", "RESTARTING", "FAILED")  # FAILED: undocumented
EXPECTED = {  # (action, status) -> status afterwards (async_delay 0), or None when refused
    ("pause", "RUNNING"): "PAUSED",
    ("resume", "PAUSED"): "RUNNING",
    ("restart", "WAITING"): "RUNNING",
    ("restart", "PAUSED"): "RUNNING",
    ("restart", "RUNNING"): "RUNNING",
    ("restart", "FAILED"): "RUNNING",  # what the console's restart of a failed task is for
    ("modify", "RUNNING"): "RUNNING",
    ("modify", "PAUSED"): "PAUSED",
    ("modify", "WAITING"): "WAITING",
}
EXPECTED.update({("delete", status): "gone" for status in STATUSES})


def make_store(delay=0.0):
    clock = state.ManualClock()
    switches = config.Switches(async_delay=delay)
    return state.Store(switches, clock), clock


def new_task(store, **overrides):
    body = dict(obs_body(), **overrides)
    return store.create_task(defaults.INSTANCE_CONNECTOR_ON, body)


def run_action(store, task, action):
    if action == "delete":
        store.delete_task(defaults.INSTANCE_CONNECTOR_ON, task.id)
    elif action == "modify":
        store.modify_task(defaults.INSTANCE_CONNECTOR_ON, task.id, {"topics_regex": "other-*"})
    else:
        store.act(defaults.INSTANCE_CONNECTOR_ON, task.id, action)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", ACTIONS)
def test_transition_table(action, status):
    store = make_store()[0]
    task = new_task(store)
    store.set_task_status(task.id, status)
    expected = EXPECTED.get((action, status))
    if expected is None:
        with pytest.raises(errors.ApiError) as caught:
            run_action(store, task, action)
        assert (caught.value.status, caught.value.error_code) == (400, "DMS.00400026")
        assert task.status == status
        return
    run_action(store, task, action)
    if expected == "gone":
        assert task.id not in store.instances[defaults.INSTANCE_CONNECTOR_ON].tasks
    else:
        assert store.show_task(defaults.INSTANCE_CONNECTOR_ON, task.id).status == expected


def test_async_statuses_move_after_the_delay():
    store, clock = make_store(delay=5)
    task = new_task(store)
    waiting = new_task(store, task_name="later-task", start_later=True)
    assert (task.status, waiting.status) == ("CREATING", "CREATING")
    clock.advance(4.9)
    assert store.show_task(defaults.INSTANCE_CONNECTOR_ON, task.id).status == "CREATING"
    clock.advance(0.2)
    assert store.show_task(defaults.INSTANCE_CONNECTOR_ON, task.id).status == "RUNNING"
    assert store.show_task(defaults.INSTANCE_CONNECTOR_ON, waiting.id).status == "WAITING"
    store.act(defaults.INSTANCE_CONNECTOR_ON, waiting.id, "restart")
    assert waiting.status == "RESTARTING"
    with pytest.raises(errors.ApiError):
        store.act(defaults.INSTANCE_CONNECTOR_ON, waiting.id, "pause")
    clock.advance(5)
    assert store.show_task(defaults.INSTANCE_CONNECTOR_ON, waiting.id).status == "RUNNING"


def test_zero_delay_is_immediate():
    store = make_store(delay=0)[0]
    assert new_task(store).status == "RUNNING"
    assert new_task(store, task_name="later-task", start_later=True).status == "WAITING"


def test_enable_passes_through_extending_and_blocks_with_job_running():
    store, clock = make_store(delay=2)
    instance_id = defaults.INSTANCE_CONNECTOR_OFF
    answer = store.enable_connector(instance_id, {"node_cnt": 3})
    instance = store.instances[instance_id]
    assert instance.status == "EXTENDING" and not instance.connector_enable
    with pytest.raises(errors.ApiError) as caught:
        store.create_task(instance_id, obs_body())
    assert caught.value.error_code == "DMS.00400017"
    with pytest.raises(errors.ApiError) as caught:
        store.enable_connector(instance_id, {})
    assert caught.value.error_code == "DMS.00400017"
    clock.advance(2)
    instance = store.instance(instance_id)
    assert (instance.status, instance.connector_enable, instance.connector_id, instance.connector_node_num) == (
        "RUNNING",
        True,
        answer["connector_id"],
        3,
    )


def test_disable_passes_through_connector_deleting_and_deletes_tasks():
    store, clock = make_store(delay=1)
    instance_id = defaults.INSTANCE_CONNECTOR_ON
    task = new_task(store)
    clock.advance(1)
    store.disable_connector(instance_id)
    assert store.instances[instance_id].status == "CONNECTOR_DELETING"
    with pytest.raises(errors.ApiError) as caught:
        store.act(instance_id, task.id, "pause")
    assert caught.value.error_code == "DMS.00400017"
    clock.advance(1)
    instance = store.instance(instance_id)
    assert (instance.status, instance.connector_enable, instance.tasks) == ("RUNNING", False, {})


def test_actions_on_an_instance_that_is_not_running():
    store = make_store()[0]
    task = new_task(store)
    store.update_instance(defaults.INSTANCE_CONNECTOR_ON, {"status": "RESTARTING"})
    for call in (
        lambda: store.act(defaults.INSTANCE_CONNECTOR_ON, task.id, "pause"),
        lambda: new_task(store, task_name="another"),
        lambda: store.disable_connector(defaults.INSTANCE_CONNECTOR_ON),
    ):
        with pytest.raises(errors.ApiError) as caught:
            call()
        assert (caught.value.status, caught.value.error_code) == (400, "DMS.00400026")
    assert store.show_task(defaults.INSTANCE_CONNECTOR_ON, task.id).status == "RUNNING"  # reads still work


def test_enable_needs_two_nodes_and_an_instance_without_smart_connect():
    store = make_store()[0]
    with pytest.raises(errors.ApiError) as caught:
        store.enable_connector(defaults.INSTANCE_CONNECTOR_OFF, {"node_cnt": 1})
    assert caught.value.error_code == "DMS.00400062"
    with pytest.raises(errors.ApiError) as caught:
        store.enable_connector(defaults.INSTANCE_CONNECTOR_ON, {"node_cnt": 2})
    assert caught.value.error_code == "DMS.00400026"
    with pytest.raises(errors.ApiError) as caught:
        store.disable_connector(defaults.INSTANCE_CONNECTOR_OFF)
    assert caught.value.error_code == "DMS.00400706"


# ----- the same over HTTP, with real (tiny) delays -----------------------------------------------------


def test_http_async_progression_with_a_small_delay(emulator, dms):
    emulator.set_async_delay(2)  # long enough for the checks in between, even on a busy machine
    created = dms.create_ok(replication_body(emulator))
    assert created["status"] == "CREATING"
    assert dms.wait_task_status(created["id"], "RUNNING", timeout=15) == "RUNNING"
    assert dms.action(created["id"], "restart").status_code == 204
    assert dms.show(created["id"]).json()["status"] == "RESTARTING"
    assert error_of(dms.action(created["id"], "pause")) == (400, "DMS.00400026")
    assert dms.wait_task_status(created["id"], "RUNNING", timeout=15) == "RUNNING"


def test_http_enable_then_create_after_extending(emulator, dms):
    emulator.set_async_delay(2)  # long enough for the two checks below, even on a busy machine
    off = emulator.instance_id_connector_off
    answer = dms.call("POST", dms.instance_path(off) + "/connector", {"node_cnt": 2})
    assert answer.status_code == 200 and set(answer.json()) == {"job_id", "connector_id"}
    assert dms.call("GET", dms.instance_path(off)).json()["status"] == "EXTENDING"
    assert error_of(dms.create(obs_body(), off)) == (400, "DMS.00400017")
    deadline = time.monotonic() + 15  # bounded wait for EXTENDING to end
    while time.monotonic() < deadline:
        if dms.call("GET", dms.instance_path(off)).json()["status"] == "RUNNING":
            break
        time.sleep(0.02)
    assert dms.create(obs_body(), off).status_code == 200


def test_http_disable_answers_job_id_and_removes_tasks(emulator, dms):
    dms.create_ok(obs_body())
    path = "/v2/%s/kafka/instances/%s/delete-connector" % (emulator.project_id, emulator.instance_id)
    answer = dms.call("POST", path)
    assert answer.status_code == 200 and set(answer.json()) == {"job_id"}
    instance = dms.call("GET", dms.instance_path()).json()
    assert (instance["connector_enable"], instance["connector_id"], instance["connector_node_num"]) == (False, "", 0)
    assert error_of(dms.list()) == (400, "DMS.00400706")


def test_in_process_server_with_an_injected_clock():
    clock = state.ManualClock()
    settings = config.Settings(switches=config.Switches(async_delay=30))
    with EmulatorServer(settings, clock=clock) as server:
        caller = SignedCaller(EmulatorClient(server.url))
        task = caller.create_ok(obs_body())
        assert task["status"] == "CREATING"
        clock.advance(29.9)
        assert caller.show(task["id"]).json()["status"] == "CREATING"
        clock.advance(0.2)
        assert caller.show(task["id"]).json()["status"] == "RUNNING"
        caller.session.close()
