"""Smart Connect logic without a server: shapes, comparison, bodies, validation, the API wrapper, waiting."""

import copy

import pytest
from emulator import validation as emulated
from helpers.api_tasks import API_OBS, API_REPLICATION, INSTANCE, PEER, PEER_2, TASK_ID, merged, params
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import api as sc_api
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as vocab
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.retry import Backoff
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners import waiter as waiting
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks import checks, plan, shapes
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks import spec as specs

# ----- shapes ----------------------------------------------------------------------------------------------


def test_normalize_replication_task():
    task = shapes.normalize_task(API_REPLICATION)
    assert task["id"] == task["task_id"] == TASK_ID
    assert task["topics"] == ["topic-1643449744", "topic-b"] and task["topics_regex"] is None
    assert task["source_task"]["bootstrap_servers"] == ["192.168.44.1:9092", "192.168.45.58:9092"]
    assert task["source_task"]["topics_mapping"] == []
    assert task["sink_task"] is None and task["sink_type"] == "NONE"
    assert task["create_time"] == 1708427753133 and task["status"] == "RUNNING"


@pytest.mark.parametrize("unused", [None, {}])
def test_normalize_obs_task_drops_server_fields_and_unused_side(unused):
    task = shapes.normalize_task(dict(API_OBS, source_task=unused))
    assert task["source_task"] is None
    assert task["topics"] is None and task["topics_regex"] == "topic-obs*"
    assert "obs_part_size" not in task["sink_task"] and "timezone" not in task["sink_task"]
    assert task["create_time"] == 1708427753133  # a string from the API becomes an int
    kept = shapes.normalize_task(API_OBS, keep_server_fields=True)
    assert kept["sink_task"]["obs_part_size"] == 5242880


def test_normalize_never_returns_secrets_and_coerces_types():
    api = copy.deepcopy(API_REPLICATION)
    api["source_task"].update(password="hunter2", task_num="4", rename_topic_enabled="true")
    api["sink_task"] = {"access_key": "AK", "secret_key": "SK", "store_keys": "false"}
    task = shapes.normalize_task(api)
    assert "password" not in task["source_task"]
    assert task["source_task"]["task_num"] == 4 and task["source_task"]["rename_topic_enabled"] is True
    assert task["sink_task"] == {"store_keys": False}
    assert shapes.normalize_task(None) is None


def test_normalized_task_is_valid_module_input():
    task = shapes.normalize_task(API_REPLICATION)
    spec = specs.task_spec()
    for name in vocab.CONFIG_FIELDS:
        assert name in spec
    for side in vocab.SIDES:
        assert set(task[side] or {}) <= set(specs.SIDE_SPECS[side])
    assert checks.check_options(params(**shapes.config_of(task))) == []


@pytest.mark.parametrize(
    "value,expected",
    [
        (None, None),
        ("b,a,,a", ["a", "b"]),
        ([" b ", "a,c"], ["a", "b", "c"]),
        ([], []),
    ],
)
def test_split_list(value, expected):
    assert shapes.split_list(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        ["t2:u2", "t1:u1"],
        {"t1": "u1", "t2": "u2"},
        "t2:u2, t1 : u1",
        ["t1:u1,t2:u2", "t1:u1"],
    ],
)
def test_topics_mapping_forms_normalise_alike(value):
    assert shapes.normalize_mapping(value) == ["t1:u1", "t2:u2"]


def test_join_list():
    assert shapes.join_list(["a", "b"]) == "a,b" and shapes.join_list([]) == "" and shapes.join_list(None) == ""


# ----- the user's wishes ---------------------------------------------------------------------------------


def test_desired_task_keeps_only_what_is_set_and_infers_types():
    desired = shapes.desired_task(
        params(task_name="abcd", topics=["b", "a"], source_task={"instance_id": PEER, "topics_mapping": {"x": "y"}})
    )
    assert desired == {
        "task_name": "abcd",
        "topics": ["a", "b"],
        "source_type": "KAFKA_REPLICATOR_SOURCE",
        "source_task": {"instance_id": PEER, "topics_mapping": ["x:y"]},
    }
    assert shapes.desired_task(params(sink_task={"store_keys": False}))["sink_type"] == "OBS_SINK"
    assert shapes.desired_task(params(task_name="abcd")) == {"task_name": "abcd"}
    assert shapes.desired_task(params(source_type="NONE")) == {"source_type": "NONE"}


def test_has_secrets():
    given_params = params(source_task={"password": "p1"}, sink_task={"access_key": "ak1", "secret_key": "sk1"})
    assert shapes.has_secrets(shapes.desired_task(given_params))
    assert not shapes.has_secrets(shapes.desired_task(params(source_task={"user_name": "u"})))


# ----- validation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given_params,message",
    [
        (dict(task_name="ab"), "task_name must be 4 to 64 characters of letters, digits, - and _; got 'ab'"),
        (dict(task_name="bad name!"), "task_name must be 4 to 64 characters"),
        (dict(task_name="x" * 65), "task_name must be 4 to 64 characters"),
        (dict(topics=["a"], topics_regex="a.*"), "topics and topics_regex are mutually exclusive"),
        (dict(topics_regex="("), "topics_regex is not a valid regular expression"),
        (dict(topics_regex=" "), "topics_regex must not be blank"),
        (dict(topics=[" ", ""]), "topics must name at least one topic; got [' ', '']"),
        (dict(topics=[]), "topics must name at least one topic; got []"),
        (dict(source_type="NONE", source_task={"direction": "pull"}), "source_task is set but source_type is NONE"),
        (dict(sink_type="NONE", sink_task={"obs_path": "x"}), "sink_task is set but sink_type is NONE"),
        (
            dict(source_task={"rename_topic_enabled": True, "topics_mapping": ["a:b"]}),
            "source_task.rename_topic_enabled and source_task.topics_mapping are mutually exclusive",
        ),
        (dict(source_task={"topics_mapping": ["a-b"]}), "source_task.topics_mapping entries must look like"),
        (dict(source_task={"topics_mapping": ["a:b:c"]}), "source_task.topics_mapping entries must look like"),
        (dict(source_task={"topics_mapping": {"a": ""}}), "source_task.topics_mapping entries must look like"),
        (dict(source_task={"topics_mapping": 3}), "must be a list of 'source:destination' strings or a dict"),
        (dict(source_task={"instance_id": "peer"}), "source_task.instance_id must be the peer Kafka instance's id"),
        (dict(source_task={"bootstrap_servers": ["10.0.0.1"]}), "source_task.bootstrap_servers must be host:port"),
        (dict(source_task={"task_num": 0}), "source_task.task_num must be 1 or more; got 0"),
        (dict(source_task={"replication_factor": -1}), "source_task.replication_factor must be 1 or more"),
        (dict(sink_task={"deliver_time_interval": 20}), "sink_task.deliver_time_interval must be 30 to 900"),
    ],
)
def test_check_options_names_the_option(given_params, message):
    problems = checks.check_options(params(**given_params))
    assert any(message in problem for problem in problems), problems


def test_check_options_accepts_good_input():
    assert checks.check_options(params(task_name="good_name-1", topics=["a"], task_id=TASK_ID.upper())) == []
    assert checks.check_options(params(source_task={"rename_topic_enabled": True, "topics_mapping": []})) == []
    assert checks.check_options(params(source_task={"bootstrap_servers": ["10.0.0.1:9092", "[::1]:9093"]})) == []


REPLICATION = dict(
    task_name="repl",
    topics=["a"],
    source_task=dict(current_cluster_name="A", cluster_name="B", direction="pull", instance_id=PEER),
)
OBS = dict(task_name="dump", topics_regex="a.*", sink_task=dict(obs_bucket_name="b", access_key="ak", secret_key="sk"))


@pytest.mark.parametrize(
    "changes,message",
    [
        (dict(task_name=None), "task_name is required to create a task"),
        (dict(topics=None), "one of topics or topics_regex is required"),
        (
            dict(source_task=dict(REPLICATION["source_task"], instance_id=None)),
            "source_task.instance_id or source_task.bootstrap_servers (the peer Kafka instance) is required",
        ),
        (dict(source_task=dict(REPLICATION["source_task"], cluster_name=None)), "source_task.cluster_name is required"),
        (
            dict(source_task=dict(REPLICATION["source_task"], security_protocol="SASL_SSL", user_name="u")),
            "security_protocol SASL_SSL needs source_task.password",
        ),
        (
            dict(source_task=dict(REPLICATION["source_task"], security_protocol="SASL_PLAINTEXT")),
            "security_protocol SASL_PLAINTEXT needs source_task.user_name and source_task.password",
        ),
        (dict(source_task=dict(REPLICATION["source_task"], user_name="u")), "security_protocol SASL_SSL needs"),
        (dict(sink_task={"obs_path": "x"}), "a task is either a replication"),
        (dict(source_type="NONE", source_task=None), "a task is either a replication"),
    ],
)
def test_check_create_replication(changes, message):
    problems = checks.check_create(shapes.desired_task(params(**merged(REPLICATION, **changes))))
    assert any(message in problem for problem in problems), problems


def test_check_create_complete_tasks_and_obs_keys():
    assert checks.check_create(shapes.desired_task(params(**REPLICATION))) == []
    assert checks.check_create(shapes.desired_task(params(**OBS))) == []
    mapping_only = merged(REPLICATION, topics=None)
    mapping_only["source_task"] = dict(REPLICATION["source_task"], topics_mapping=["a:b"])
    assert checks.check_create(shapes.desired_task(params(**mapping_only))) == []
    problems = checks.check_create(shapes.desired_task(params(**merged(OBS, sink_task={"obs_bucket_name": "b"}))))
    assert problems == ["an OBS dump needs sink_task.access_key, sink_task.secret_key to create a task"]


def test_recreate_needs_a_full_create():
    problems = checks.check_options(params(task_name="repl", topics=["a"], recreate=True))
    assert problems and all(
        problem.startswith("recreate=true needs every option a create needs") for problem in problems
    )
    assert checks.check_options(params(recreate=True, **REPLICATION)) == []


# ----- comparison ------------------------------------------------------------------------------------------


def test_differences_is_a_recursive_subset_compare():
    current = shapes.normalize_task(API_REPLICATION)
    assert plan.differences({}, current) == {}
    same = {
        "task_name": "smart-connect-121248117",
        "topics": ["topic-b", "topic-1643449744"],
        "source_task": {
            "bootstrap_servers": ["192.168.45.58:9092", "192.168.44.1:9092"],
            "task_num": 2,
            "password": "never compared",
            "topics_mapping": [],
        },
    }
    assert plan.differences(same, current) == {}
    changed = {"topics": ["topic-b"], "source_task": {"task_num": 3, "direction": "pull"}}
    assert plan.differences(changed, current) == {"topics": ["topic-b"], "source_task": {"task_num": 3}}


def test_differences_against_the_unused_side():
    current = shapes.normalize_task(API_OBS)
    assert plan.differences({"sink_task": {"deliver_time_interval": 300}}, current) == {}
    assert plan.differences({"source_task": {"direction": "pull"}}, current) == {"source_task": {"direction": "pull"}}
    assert plan.differences({"source_task": {"password": "x"}}, current) == {}


@pytest.mark.parametrize(
    "want,have,same",
    [
        ("", None, True),
        (None, "", True),
        ([], None, True),
        (["a"], None, False),
        ("a", "a", True),
        (["a", "b"], ["b", "a"], True),
        (0, None, False),
        (False, None, False),
        (3, 3, True),
    ],
)
def test_same_value(want, have, same):
    assert plan.same_value(want, have) is same


# ----- merging and bodies ----------------------------------------------------------------------------------


def test_merge_switches_exclusive_pairs():
    current = shapes.normalize_task(API_REPLICATION)
    merged = plan.merge_task(current, {"topics_regex": "x.*"})
    assert merged["topics"] is None and merged["topics_regex"] == "x.*"
    merged = plan.merge_task(shapes.normalize_task(API_OBS), {"topics": ["t"]})
    assert merged["topics"] == ["t"] and merged["topics_regex"] is None
    merged = plan.merge_task(current, {"source_task": {"instance_id": PEER_2}})
    assert "bootstrap_servers" not in merged["source_task"]
    merged = plan.merge_task(current, {"source_task": {"bootstrap_servers": ["10.0.0.1:9092"]}})
    assert merged["source_task"]["instance_id"] == "" and merged["source_task"]["bootstrap_servers"] == [
        "10.0.0.1:9092"
    ]
    renamed = copy.deepcopy(API_REPLICATION)
    renamed["source_task"]["rename_topic_enabled"] = True
    merged = plan.merge_task(shapes.normalize_task(renamed), {"source_task": {"topics_mapping": ["a:b"]}})
    assert merged["source_task"]["rename_topic_enabled"] is False
    mapped = copy.deepcopy(API_REPLICATION)
    mapped["source_task"]["topics_mapping"] = "a:b"
    merged = plan.merge_task(shapes.normalize_task(mapped), {"source_task": {"rename_topic_enabled": True}})
    assert merged["source_task"]["topics_mapping"] == []


def test_merge_turns_the_other_side_off():
    merged = plan.merge_task(shapes.normalize_task(API_REPLICATION), shapes.desired_task(params(**OBS)))
    assert merged["source_type"] == "NONE" and merged["source_task"] is None
    assert merged["sink_type"] == "OBS_SINK" and merged["sink_task"]["obs_bucket_name"] == "b"
    assert checks.check_create(merged) == []
    both = plan.merge_task(
        shapes.normalize_task(API_OBS), {"source_type": "KAFKA_REPLICATOR_SOURCE", "sink_type": "OBS_SINK"}
    )
    assert both["sink_type"] == "OBS_SINK"  # both asked for: left to the validation to refuse


def test_create_body_full_task_with_secrets():
    desired = shapes.desired_task(params(**merged(OBS, sink_task=merged(OBS["sink_task"], store_keys=False))))
    body = plan.create_body(desired, start_later=True)
    assert body == {
        "task_name": "dump",
        "start_later": True,
        "topics_regex": "a.*",
        "source_type": "NONE",
        "sink_type": "OBS_SINK",
        "sink_task": {"obs_bucket_name": "b", "access_key": "ak", "secret_key": "sk", "store_keys": False},
    }
    body = plan.create_body(shapes.desired_task(params(**merged(REPLICATION, topics=["b", "a"]))))
    assert body["topics"] == "a,b" and body["source_type"] == "KAFKA_REPLICATOR_SOURCE" and "sink_task" not in body
    assert body["start_later"] is False


def test_modify_body_carries_whole_configuration_and_no_secret_by_default():
    desired = {
        "task_name": "renamed-1",
        "source_task": {"task_num": 4, "password": "p"},
        "source_type": "KAFKA_REPLICATOR_SOURCE",
    }
    body = plan.modify_body(desired, API_REPLICATION)
    assert body["task_name"] == "renamed-1"
    assert body["topics"] == "topic-1643449744,topic-b"
    assert body["source_type"] == "KAFKA_REPLICATOR_SOURCE" and body["sink_type"] == "NONE"
    assert "sink_task" not in body
    expected_source = dict(
        API_REPLICATION["source_task"], task_num=4, bootstrap_servers="192.168.44.1:9092,192.168.45.58:9092"
    )
    assert body["source_task"] == expected_source
    assert "password" not in body["source_task"]
    assert plan.modify_body(desired, API_REPLICATION, send_secrets=True)["source_task"]["password"] == "p"


def test_modify_body_clears_switched_fields_with_empty_strings():
    body = plan.modify_body({"topics_regex": "x.*"}, API_REPLICATION)
    assert body["topics"] == "" and body["topics_regex"] == "x.*"
    body = plan.modify_body({"source_task": {"instance_id": PEER_2}}, API_REPLICATION)
    assert body["source_task"]["instance_id"] == PEER_2 and body["source_task"]["bootstrap_servers"] == ""
    body = plan.modify_body({"sink_task": {"deliver_time_interval": 600}}, API_OBS)
    assert body["sink_task"]["obs_part_size"] == 5242880  # server-filled fields go back as read
    assert "topics" not in body and body["topics_regex"] == "topic-obs*"


def test_predict():
    body = plan.modify_body({"source_task": {"task_num": 4, "password": "p"}}, API_REPLICATION, send_secrets=True)
    predicted = plan.predict(body, API_REPLICATION)
    assert predicted["id"] == TASK_ID and predicted["source_task"]["task_num"] == 4
    assert "password" not in predicted["source_task"]
    created = plan.predict(plan.create_body(shapes.desired_task(params(**OBS))), status="RUNNING")
    assert created["id"] is None and created["status"] == "RUNNING" and "access_key" not in created["sink_task"]
    assert "start_later" not in created


# ----- both PUT readings, with the emulator's own merge/replace as oracles -----------------------------------


def _stored(api_task):
    """The emulator's stored spec for a task as read (secrets re-added, as the server keeps them)."""
    spec = {name: copy.deepcopy(api_task.get(name)) for name in emulated.TOP_LEVEL_FIELDS}
    if spec["source_task"]:
        spec["source_task"]["password"] = "stored-password"
    if spec["sink_task"]:
        spec["sink_task"].update(access_key="stored-ak", secret_key="stored-sk")
    for side in vocab.SIDES:
        spec[side] = spec[side] or None
    return spec


def _resolve(instance_id):
    return {PEER: "192.168.1.31:9092,192.168.1.32:9092", PEER_2: "192.168.2.41:9092"}.get(instance_id)


def _apply(mode, api_task, body):
    stored = _stored(api_task)
    if mode == "merge":
        candidate = emulated.merge_for_modify(stored, body)
    else:
        candidate = emulated.replace_for_modify(stored, body, keep_stored_secrets=True)
    result = emulated.normalize_task(candidate, _resolve)
    return dict(result, id=api_task["id"], status=api_task["status"], create_time=api_task["create_time"])


SOURCE_CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "task_num": st.integers(1, 8),
        "replication_factor": st.integers(1, 5),
        "direction": st.sampled_from(vocab.DIRECTIONS),
        "compression_type": st.sampled_from(vocab.COMPRESSION_TYPES),
        "consumer_strategy": st.sampled_from(vocab.CONSUMER_STRATEGIES),
        "provenance_header_enabled": st.booleans(),
        "rename_topic_enabled": st.booleans(),
        "instance_id": st.sampled_from([PEER, PEER_2]),
        "cluster_name": st.sampled_from(["B", "C"]),
    },
)
TOPIC_CHANGES = st.one_of(
    st.just({}),
    st.fixed_dictionaries({"topics": st.lists(st.sampled_from(["t1", "t2", "t3", "t4"]), min_size=1, max_size=4)}),
    st.fixed_dictionaries({"topics_regex": st.sampled_from(["t.*", "x-[0-9]+"])}),
)


@settings(max_examples=150, deadline=None)
@given(
    source=SOURCE_CHANGES,
    topics=TOPIC_CHANGES,
    name=st.sampled_from([None, "other-name"]),
    mapping=st.one_of(st.none(), st.lists(st.sampled_from(["a:b", "c:d"]), max_size=2)),
)
def test_modify_body_leaves_the_desired_task_under_merge_and_replace(source, topics, name, mapping):
    source = dict(source)
    if mapping is not None and not source.get("rename_topic_enabled"):
        source["topics_mapping"] = mapping
    given_params = dict(topics)
    if name:
        given_params["task_name"] = name
    if source:
        given_params["source_task"] = source
    desired = shapes.desired_task(params(**given_params))
    current = shapes.normalize_task(API_REPLICATION)
    body = plan.modify_body(desired, API_REPLICATION)
    predicted = shapes.normalize_task(plan.predict(body, API_REPLICATION))
    for mode in ("merge", "replace"):
        after = shapes.normalize_task(_apply(mode, API_REPLICATION, body))
        assert plan.differences(desired, after) == {}, mode
        # What the user did not set stays as it was (the server fills bootstrap_servers for a new peer).
        for key, value in (current["source_task"] or {}).items():
            if key not in source and key not in (
                "bootstrap_servers",
                "instance_id",
                "topics_mapping",
                "rename_topic_enabled",
            ):
                assert after["source_task"][key] == value, (mode, key)
        # Check mode predicts the same task, but for the addresses the server looks up for a peer id.
        predicted["source_task"].pop("bootstrap_servers", None)
        assert plan.differences(shapes.config_of(predicted), after) == {}


def test_obs_modify_under_both_readings_keeps_secrets_and_server_fields():
    desired = shapes.desired_task(params(sink_task={"deliver_time_interval": 600, "obs_path": "new"}, topics=["t1"]))
    body = plan.modify_body(desired, API_OBS)
    for mode in ("merge", "replace"):
        stored = _apply(mode, API_OBS, body)
        assert stored["sink_task"]["access_key"] == "stored-ak"
        after = shapes.normalize_task(stored)
        assert plan.differences(desired, after) == {} and after["topics_regex"] is None


# ----- the API wrapper -------------------------------------------------------------------------------------


class FakeClient:
    def __init__(self, answers=None):
        self.calls = []
        self.answers = list(answers or [])

    def call(self, method, segments, operation, body=None, query=None):
        self.calls.append((method, segments, operation, body, query))
        answer = self.answers.pop(0) if self.answers else None
        if isinstance(answer, ApiError):
            raise ApiError(answer.operation, answer.error_msg, answer.status, answer.error_code)
        return answer


def page(count, total, start=0):
    return {
        "tasks": [{"id": "t%d" % i, "task_name": "name-%d" % (i % 3)} for i in range(start, start + count)],
        "total_number": total,
    }


def test_list_tasks_follows_total_number_with_record_offsets():
    client = FakeClient([page(10, 25), page(10, 25, 10), page(5, 25, 20)])
    tasks = sc_api.SmartConnectApi(client, INSTANCE).list_all()[0]
    assert len(tasks) == 25
    assert [call[4] for call in client.calls] == [[("offset", o), ("limit", 50)] for o in (0, 10, 20)]
    assert client.calls[0][1] == ("instances", INSTANCE, "connector", "tasks")


def test_list_tasks_one_call_when_one_page_and_stops_on_empty_page():
    client = FakeClient([page(3, 3)])
    assert len(sc_api.SmartConnectApi(client, INSTANCE).list_all()[0]) == 3 and len(client.calls) == 1
    client = FakeClient([page(2, 10), {"tasks": [], "total_number": 10}])
    assert len(sc_api.SmartConnectApi(client, INSTANCE).list_all()[0]) == 2 and len(client.calls) == 2


def test_find_by_name_returns_every_match():
    client = FakeClient([page(6, 6)])
    tasks = sc_api.SmartConnectApi(client, INSTANCE).list_all()[0]
    assert [t["id"] for t in tasks if t["task_name"] == "name-1"] == ["t1", "t4"]


def test_show_and_delete_treat_a_task_404_as_absent():
    missing = ApiError("read", "no task", status=404, error_code="DMS.00404070")
    client = FakeClient([missing, ApiError("delete", "gone", status=404)])
    api = sc_api.SmartConnectApi(client, INSTANCE)
    assert api.show(TASK_ID) is None
    assert api.delete(TASK_ID) is False


NO_INSTANCE = ApiError("read", "no instance", status=404, error_code="DMS.00404022")


@pytest.mark.parametrize("code", ["DMS.00404070", None, "DMS.00404022"])
def test_after_its_own_delete_any_404_means_gone_without_another_read(code):
    client = FakeClient([ApiError("read", "gone", status=404, error_code=code)])
    assert sc_api.SmartConnectApi(client, INSTANCE).show(TASK_ID, deleted=True) is None
    assert len(client.calls) == 1


def test_a_404_with_the_instance_code_reads_the_instance_list_to_tell_which_is_missing():
    client = FakeClient([NO_INSTANCE, page(0, 0)])  # the list answers: the instance is there, the task is not
    api = sc_api.SmartConnectApi(client, INSTANCE)
    assert api.show(TASK_ID) is None
    assert [call[0] for call in client.calls] == ["GET", "GET"] and client.calls[1][4] == [("offset", 0), ("limit", 1)]
    client = FakeClient([NO_INSTANCE, page(0, 0)])
    assert sc_api.SmartConnectApi(client, INSTANCE).delete(TASK_ID) is False
    client = FakeClient([NO_INSTANCE, NO_INSTANCE])  # the list 404s too: the instance is missing
    with pytest.raises(ApiError, match="no instance"):
        sc_api.SmartConnectApi(client, INSTANCE).show(TASK_ID)
    client = FakeClient([NO_INSTANCE, ApiError("list", "denied", status=403, error_code="DMS.00403000")])
    with pytest.raises(ApiError, match="denied"):  # could not tell: never guessed as "nothing there"
        sc_api.SmartConnectApi(client, INSTANCE).show(TASK_ID)


@pytest.mark.parametrize(
    "error",
    [
        ApiError("read", "throttled", status=404, error_code="DMS.10240407"),
        ApiError("read", "bad", status=400, error_code="DMS.00400070"),
    ],
)
def test_show_raises_other_errors(error):
    with pytest.raises(ApiError):
        sc_api.SmartConnectApi(FakeClient([error]), INSTANCE).show(TASK_ID)


def test_action_paths():
    client = FakeClient()
    api = sc_api.SmartConnectApi(client, INSTANCE)
    api.pause(TASK_ID)
    api.resume(TASK_ID)
    api.restart(TASK_ID)
    api.modify(TASK_ID, {"task_name": "x"})
    api.create({"task_name": "x"})
    api.instance()
    tasks = ("instances", INSTANCE, "connector", "tasks")
    assert [(c[0], c[1]) for c in client.calls] == [
        ("PUT", tasks + (TASK_ID, "pause")),
        ("PUT", tasks + (TASK_ID, "resume")),
        ("PUT", ("kafka",) + tasks + (TASK_ID, "restart")),
        ("PUT", tasks + (TASK_ID,)),
        ("POST", tasks),
        ("GET", ("instances", INSTANCE)),
    ]
    assert "restart Smart Connect task" in client.calls[2][2]


# ----- waiting ----------------------------------------------------------------------------------------------


class FakeTime:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def no_jitter(base=0.5, cap=10.0, factor=2.0):
    return Backoff(base=base, cap=cap, factor=factor, rand=lambda low, high: high)


def status_is(*targets):
    return lambda task: task is not None and task.get("status") in targets


def test_waiter_backs_off_with_a_cap():
    fake = FakeTime()
    statuses = iter(["CREATING"] * 7 + ["RUNNING"])
    waiter = waiting.Waiter(600, sleep=fake.sleep, clock=fake.clock, backoff=no_jitter())
    task = waiter.until(lambda: {"status": next(statuses)}, status_is("RUNNING"), known={"status": "CREATING"})
    assert task["status"] == "RUNNING"
    assert fake.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0]
    assert waiter.polls == 8


def test_waiter_default_backoff_polls_soon_then_spreads_out_with_jitter():
    fake = FakeTime()
    waiter = waiting.Waiter(10000, sleep=fake.sleep, clock=fake.clock)
    first = [waiting.Waiter(1, sleep=fake.sleep, clock=fake.clock).backoff.delay(0) for _attempt in range(200)]
    assert 0.32 <= min(first) < max(first) <= 0.4  # a 0.3 s transition is seen at the first poll
    later = [waiter.backoff.delay(attempt) for attempt in range(12)]
    assert later[3] > 1.0 and max(later) <= 10.0 and later[-1] >= 8.0


def test_waiter_polls_at_once_without_a_known_value():
    fake = FakeTime()
    waiter = waiting.Waiter(600, sleep=fake.sleep, clock=fake.clock)
    assert waiter.until(lambda: {"status": "PAUSED"}, status_is("PAUSED"))["status"] == "PAUSED"
    assert fake.sleeps == [] and waiter.polls == 1


def test_waiter_times_out_with_the_last_value_and_never_sleeps_past_the_deadline():
    fake = FakeTime()
    waiter = waiting.Waiter(7, sleep=fake.sleep, clock=fake.clock, backoff=no_jitter())
    with pytest.raises(waiting.WaitTimeout) as caught:
        waiter.until(
            lambda: {"status": "RESTARTING"},
            status_is("RUNNING"),
            known={"status": "CREATING"},
            timeout_message=lambda task: "late; last status seen: %s" % task["status"],
        )
    assert str(caught.value) == "late; last status seen: RESTARTING"
    assert caught.value.last == {"status": "RESTARTING"}
    assert fake.sleeps == [0.5, 1.0, 2.0, 3.5]


def test_waiter_at_the_deadline_polls_once_more_for_a_fresh_value():
    fake = FakeTime()
    waiter = waiting.Waiter(0, sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(waiting.WaitTimeout) as caught:
        waiter.until(lambda: {"status": "RESTARTING"}, status_is("RUNNING"), known={"status": "CREATING"})
    assert caught.value.last == {"status": "RESTARTING"} and fake.sleeps == [] and waiter.polls == 1
    waiter = waiting.Waiter(0, sleep=fake.sleep, clock=fake.clock)
    assert waiter.until(lambda: {"status": "RUNNING"}, status_is("RUNNING"), known={"status": "CREATING"})
    assert waiter.polls == 1 and fake.sleeps == []


def test_waiter_stops_at_once_when_the_failed_condition_holds():
    fake = FakeTime()
    waiter = waiting.Waiter(60, sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(waiting.WaitFailed, match="disappeared while waiting for it to be RUNNING") as caught:
        waiter.until(
            lambda: None,
            status_is("RUNNING"),
            known={"status": "CREATING"},
            failed=lambda task: task is None and "task x disappeared while waiting for it to be RUNNING",
        )
    assert caught.value.last is None and waiter.polls == 1


def test_waiter_until_gone():
    fake = FakeTime()
    answers = iter([{"status": "RUNNING"}, {"status": "DELETING"}, None])
    waiter = waiting.Waiter(60, sleep=fake.sleep, clock=fake.clock, backoff=no_jitter())
    waiter.until(lambda: next(answers), lambda task: task is None)
    assert fake.sleeps == [0.5, 1.0] and waiter.polls == 3
    waiter = waiting.Waiter(2, sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(waiting.WaitTimeout, match="to be deleted; last status seen: DELETING"):
        waiter.until(
            lambda: {"status": "DELETING"},
            lambda task: task is None,
            timeout_message=lambda task: "x to be deleted; last status seen: %s" % task["status"],
        )


def test_one_deadline_for_every_wait_of_a_waiter():
    fake = FakeTime()
    waiter = waiting.Waiter(5, sleep=fake.sleep, clock=fake.clock, backoff=no_jitter(base=1.0))
    statuses = iter(["CREATING", "RUNNING"])
    waiter.until(lambda: {"status": next(statuses)}, status_is("RUNNING"), known={"status": "CREATING"})
    with pytest.raises(waiting.WaitTimeout):
        waiter.until(lambda: {"status": "PAUSING"}, status_is("PAUSED"), known={"status": "RUNNING"})
    assert sum(fake.sleeps) == pytest.approx(5.0)


@pytest.mark.parametrize("unused", [None, ""])
def test_an_unused_side_given_as_null_or_empty_names_no_unknown_type(unused):
    dump = dict(API_OBS, source_type=unused)
    assert vocab.unknown_types(dump) == []
    assert vocab.unknown_types(dict(dump, source_type="REDIS_REPLICATOR_SOURCE")) == [
        "source_type REDIS_REPLICATOR_SOURCE"
    ]


def test_an_unused_side_type_given_as_empty_compares_as_none():
    listed = dict(API_OBS, source_type="")
    assert shapes.normalize_task(listed)["source_type"] == vocab.NONE
    assert plan.differences({"source_type": vocab.NONE}, shapes.normalize_task(listed)) == {}
