"""Each switch for what nobody knows about the real service, and the admin config API."""

import pytest

from emulator.client import AdminApiError

from .emulator_helpers import error_of, obs_body, replication_body


def sasl_replication(emulator):
    return replication_body(
        emulator, security_protocol="SASL_SSL", user_name="user1", password="pw-1", topics_mapping="a:b,c:d"
    )


def stored_spec(emulator, task_id):
    return {task["id"]: task["spec"] for task in emulator.tasks()}[task_id]


def test_merge_mode_keeps_what_is_not_sent(emulator, dms):
    task = dms.create_ok(sasl_replication(emulator))
    answer = dms.modify(task["id"], {"topics": "t1,t2,t3", "source_task": {"compression_type": "lz4"}})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["topics"] == "t1,t2,t3" and body["task_name"] == task["task_name"]
    assert body["source_task"]["compression_type"] == "lz4"
    assert body["source_task"]["topics_mapping"] == "a:b,c:d"  # kept
    assert body["source_task"]["user_name"] == "user1"
    assert stored_spec(emulator, task["id"])["source_task"]["password"] == "pw-1"  # kept
    assert body == dms.show(task["id"]).json()


def test_merge_mode_ignores_nulls_and_clears_with_empty_strings(emulator, dms):
    task = dms.create_ok(replication_body(emulator, topics_mapping="a:b"))
    body = dms.modify(task["id"], {"task_name": None, "source_task": {"topics_mapping": ""}}).json()
    assert body["task_name"] == task["task_name"] and body["source_task"]["topics_mapping"] == ""


def test_replace_mode_resets_what_is_not_sent(emulator, dms):
    emulator.set_config(modify_mode="replace")
    task = dms.create_ok(sasl_replication(emulator))
    # Only some top-level fields: the rest is reset, so the task is no longer valid.
    assert error_of(dms.modify(task["id"], {"topics": "t9"})) == (400, "DMS.00400063")
    # A whole task without the password: sub-objects are replaced wholesale, the secret is gone.
    whole = sasl_replication(emulator)
    del whole["source_task"]["password"]
    assert error_of(dms.modify(task["id"], whole)) == (400, "DMS.00400063")
    # A whole task with a sub-object missing some keys: those keys go back to their defaults.
    whole = sasl_replication(emulator)
    del whole["source_task"]["topics_mapping"], whole["source_task"]["compression_type"]
    whole["topics"] = "only-this"
    body = dms.modify(task["id"], whole).json()
    assert body["topics"] == "only-this"
    assert (body["source_task"]["topics_mapping"], body["source_task"]["compression_type"]) == ("", "none")
    assert body["id"] == task["id"] and body["create_time"] == task["create_time"]


def test_replace_mode_with_refused_secrets_keeps_stored_ones(emulator, dms):
    emulator.set_config(modify_mode="replace", put_secrets="reject")
    task = dms.create_ok(sasl_replication(emulator))
    whole = sasl_replication(emulator)
    del whole["source_task"]["password"]
    whole["topics"] = "changed"
    assert dms.modify(task["id"], whole).status_code == 200
    assert stored_spec(emulator, task["id"])["source_task"]["password"] == "pw-1"


@pytest.mark.parametrize("mode", ["merge", "replace"])
def test_put_secrets_accept(emulator, dms, mode):
    emulator.set_config(modify_mode=mode)
    task = dms.create_ok(obs_body())
    answer = dms.modify(task["id"], dict(obs_body(secret_key="new-secret", access_key="NEWAK")))
    assert answer.status_code == 200 and "secret_key" not in answer.json()["sink_task"]
    sink = stored_spec(emulator, task["id"])["sink_task"]
    assert (sink["access_key"], sink["secret_key"]) == ("NEWAK", "new-secret")


@pytest.mark.parametrize("secret", ["password", "access_key", "secret_key"])
def test_put_secrets_reject(emulator, dms, secret):
    emulator.set_config(put_secrets="reject")
    if secret == "password":
        task = dms.create_ok(sasl_replication(emulator))
        body = {"source_task": {"password": "other"}}
    else:
        task = dms.create_ok(obs_body())
        body = {"sink_task": {secret: "other"}}
    assert error_of(dms.modify(task["id"], body)) == (400, "DMS.00400063")
    assert dms.modify(task["id"], {"task_name": "renamed-task"}).status_code == 200


@pytest.mark.parametrize("unused_side, expected", [("null", None), ("empty", {})])
def test_unused_side(emulator, dms, unused_side, expected):
    emulator.set_config(unused_side=unused_side)
    replication = dms.create_ok(replication_body(emulator))
    dump = dms.create_ok(obs_body())
    assert replication["sink_task"] == expected and dump["source_task"] == expected
    assert dms.show(replication["id"]).json()["sink_task"] == expected
    assert all(
        task.get("sink_task") == expected or task.get("source_task") == expected for task in dms.list().json()["tasks"]
    )


@pytest.mark.parametrize(
    "order, topics, mapping, servers",
    [
        ("as_sent", "b,c,a", "x:1,y:2", "192.168.1.31:9092,192.168.1.32:9092,192.168.1.33:9092"),
        ("reversed", "a,c,b", "y:2,x:1", "192.168.1.33:9092,192.168.1.32:9092,192.168.1.31:9092"),
        ("sorted_desc", "c,b,a", "y:2,x:1", "192.168.1.33:9092,192.168.1.32:9092,192.168.1.31:9092"),
    ],
)
def test_list_order(emulator, dms, order, topics, mapping, servers):
    emulator.set_config(list_order=order)
    body = replication_body(emulator, topics_mapping="x:1,y:2")
    body["topics"] = "b,c,a"
    for task in (dms.create_ok(body), dms.show(dms.list().json()["tasks"][0]["id"]).json()):
        assert task["topics"] == topics
        assert task["source_task"]["topics_mapping"] == mapping
        assert task["source_task"]["bootstrap_servers"] == servers
    task_id = dms.list().json()["tasks"][0]["id"]
    assert stored_spec(emulator, task_id)["topics"] == "b,c,a"  # stored as sent


def test_page_size_cap(emulator, dms):
    emulator.set_config(page_size_cap=3)
    for index in range(5):
        dms.create_ok(obs_body("task-%d" % index))
    listed = dms.list(limit=50).json()
    assert len(listed["tasks"]) == 3 and listed["total_number"] == 5
    assert len(dms.list(offset=3, limit=50).json()["tasks"]) == 2
    assert len(dms.list(limit=2).json()["tasks"]) == 2


def test_task_quota_refuses_the_create_past_it(emulator, dms):
    emulator.set_config(task_quota=2)
    for index in range(2):
        dms.create_ok(obs_body("task-%d" % index))
    assert error_of(dms.create(obs_body("task-2"))) == (400, "DMS.00400039")
    listed = dms.list(limit=50).json()
    assert (listed["total_number"], listed["max_tasks"], listed["quota_tasks"]) == (2, 2, 0)
    with pytest.raises(AdminApiError, match="400"):
        emulator.set_config(task_quota=-1)


@pytest.mark.parametrize(
    "fields, meaning, expected",
    [
        ("both", "remaining", {"max_tasks": 5, "quota_tasks": 4}),
        ("both", "total", {"max_tasks": 5, "quota_tasks": 5}),
        ("max_tasks", "remaining", {"max_tasks": 5}),
        ("quota_tasks", "remaining", {"quota_tasks": 4}),
        ("quota_tasks", "total", {"quota_tasks": 5}),
        ("none", "remaining", {}),
    ],
)
def test_quota_fields_of_the_list_answer(emulator, dms, fields, meaning, expected):
    emulator.set_config(task_quota=5, quota_fields=fields, quota_tasks_meaning=meaning)
    dms.create_ok(obs_body())
    listed = dms.list(limit=50).json()
    assert {name: listed[name] for name in ("max_tasks", "quota_tasks") if name in listed} == expected


def test_modify_requires_paused(emulator, dms):
    emulator.set_config(modify_requires_paused=True)
    task = dms.create_ok(obs_body())
    assert error_of(dms.modify(task["id"], {"topics_regex": "x.*"})) == (400, "DMS.00400026")
    dms.action(task["id"], "pause")
    assert dms.modify(task["id"], {"topics_regex": "x.*"}).status_code == 200


def test_modify_restarts(emulator, dms):
    task_id = dms.create_ok(obs_body())["id"]  # RUNNING at once: async_delay is 0 here
    emulator.set_config(modify_restarts=True, async_delay=5)
    assert dms.modify(task_id, {"topics_regex": "x.*"}).json()["status"] == "RESTARTING"
    emulator.set_config(modify_restarts=False)
    dms.action(task_id, "delete")


def test_config_api_and_reset(emulator):
    assert emulator.config()["modify_mode"] == "merge"
    emulator.set_config(modify_mode="replace", page_size_cap=2, ambiguous_regions=["r1"])
    assert emulator.config()["page_size_cap"] == 2
    for bad in (
        {"modify_mode": "patch"},
        {"nope": 1},
        {"async_delay": -1},
        {"page_size_cap": 0},
        {"modify_restarts": "yes"},
        {"ambiguous_regions": "r1"},
    ):
        with pytest.raises(AdminApiError, match="400"):
            emulator.set_config(**bad)
    assert emulator.config()["modify_mode"] == "replace"  # a refused update changes nothing
    emulator.reset()
    config = emulator.config()
    assert (config["modify_mode"], config["page_size_cap"], config["ambiguous_regions"]) == ("merge", None, [])


@pytest.mark.parametrize("reading, code", [("task", "DMS.00404070"), ("instance", "DMS.00404022"), ("none", None)])
def test_missing_task_code(emulator, dms, reading, code):
    emulator.set_config(missing_task_code=reading)
    task_id = dms.create_ok(obs_body())["id"]
    assert dms.action(task_id, "delete").status_code == 204
    for answer in (dms.show(task_id), dms.action(task_id, "delete"), dms.action(task_id, "pause")):
        assert answer.status_code == 404
        assert answer.json().get("error_code") == code and answer.json()["error_msg"]
    assert error_of(dms.show(task_id, instance_id="6a1f0c52-4d3b-4e7a-9c41-00000000ffff")) == (404, "DMS.00404022")


def test_taken_names_refused_answers_400_and_accepted_makes_two(emulator, dms):
    body = {
        "task_name": "twin-task",
        "topics": "a",
        "source_type": "NONE",
        "sink_type": "OBS_SINK",
        "sink_task": {"obs_bucket_name": "b", "access_key": "ak", "secret_key": "sk"},
    }
    path = dms.instance_path() + "/connector/tasks"
    try:
        assert dms.call("POST", path, body).status_code == 200
        emulator.set_config(taken_names="refused")
        refused = dms.call("POST", path, body)
        assert refused.status_code == 400 and refused.json()["error_code"] == "DMS.00400091"
        emulator.set_config(taken_names="accepted")
        assert dms.call("POST", path, body).status_code == 200
        assert [task["spec"]["task_name"] for task in emulator.tasks()] == ["twin-task", "twin-task"]
    finally:
        emulator.reset()


def test_list_barrier_holds_lists_until_they_meet_then_turns_itself_off(emulator, dms):
    import threading

    from .emulator_helpers import SignedCaller

    path = dms.instance_path() + "/connector/tasks"
    emulator.set_config(list_barrier=2)
    statuses = []

    def list_once():
        caller = SignedCaller(emulator)
        statuses.append(caller.call("GET", path, timeout=15).status_code)
        caller.session.close()

    first = threading.Thread(target=list_once)
    first.start()
    first.join(timeout=0.5)
    assert first.is_alive()  # held: the second list has not come yet
    list_once()
    first.join(timeout=15)
    assert statuses == [200, 200]
    assert emulator.config()["list_barrier"] is None
    assert dms.call("GET", path).status_code == 200  # not held any more
