"""Validation rules, each with the HTTP status and DMS code it answers, and the server-filled fields."""

import re
import time
import uuid

import pytest

from .emulator_helpers import error_of, obs_body, replication_body

SOURCE_BAD = "DMS.00400062"  # value outside its pattern/set/range
COMBINATION = "DMS.00400063"  # missing or conflicting fields
JSON_TYPE = "DMS.00400800"  # wrong JSON type / not an object


def with_top(builder, **changes):
    def build(emulator):
        body = builder(emulator)
        for key, value in changes.items():
            if value is ...:
                body.pop(key, None)
            else:
                body[key] = value
        return body

    return build


def with_source(**changes):
    def build(emulator):
        body = replication_body(emulator)
        for key, value in changes.items():
            if value is ...:
                body["source_task"].pop(key, None)
            else:
                body["source_task"][key] = value
        return body

    return build


def with_sink(**changes):
    def build(emulator):
        body = obs_body()
        for key, value in changes.items():
            if value is ...:
                body["sink_task"].pop(key, None)
            else:
                body["sink_task"][key] = value
        return body

    return build


def obs(emulator):
    del emulator
    return obs_body()


INVALID = {
    "name too short": (with_top(obs, task_name="abc"), SOURCE_BAD),
    "name too long": (with_top(obs, task_name="a" * 65), SOURCE_BAD),
    "name bad character": (with_top(obs, task_name="bad name!"), SOURCE_BAD),
    "name missing": (with_top(obs, task_name=...), COMBINATION),
    "obs both topics and regex": (with_top(obs, topics="a"), COMBINATION),
    "obs neither topics nor regex": (with_top(obs, topics_regex=...), COMBINATION),
    "replication without any topic": (with_top(replication_body, topics=...), COMBINATION),
    "replication both topics and regex": (with_top(replication_body, topics_regex="t.*"), COMBINATION),
    "bad topics_regex": (with_top(obs, topics_regex="(unclosed"), SOURCE_BAD),
    "bad source_type": (with_top(replication_body, source_type="MYSQL_SOURCE"), SOURCE_BAD),
    "bad sink_type": (with_top(obs, sink_type="DWS_SINK"), SOURCE_BAD),
    "no side at all": (with_top(obs, sink_type="NONE"), COMBINATION),
    "both sides": (
        lambda e: dict(replication_body(e), sink_type="OBS_SINK", sink_task=obs_body()["sink_task"]),
        COMBINATION,
    ),
    "source_task missing": (with_top(replication_body, source_task=...), COMBINATION),
    "sink_task missing": (with_top(obs, sink_task=...), COMBINATION),
    "bad security_protocol": (with_source(security_protocol="SSL"), SOURCE_BAD),
    "bad sasl_mechanism": (with_source(sasl_mechanism="SCRAM-SHA-256"), SOURCE_BAD),
    "bad direction": (with_source(direction="both"), SOURCE_BAD),
    "direction missing": (with_source(direction=...), COMBINATION),
    "cluster alias missing": (with_source(cluster_name=...), COMBINATION),
    "bad source consumer_strategy": (with_source(consumer_strategy="newest"), SOURCE_BAD),
    "bad compression_type": (with_source(compression_type="brotli"), SOURCE_BAD),
    "rename with topics_mapping": (with_source(rename_topic_enabled=True, topics_mapping="a:b"), COMBINATION),
    "malformed topics_mapping": (with_source(topics_mapping="a-b"), SOURCE_BAD),
    "no peer": (with_source(instance_id=...), COMBINATION),
    "unknown peer instance": (with_source(instance_id=str(uuid.uuid4())), SOURCE_BAD),
    "malformed peer instance id": (with_source(instance_id="not-a-uuid"), SOURCE_BAD),
    "malformed bootstrap_servers": (with_source(instance_id=..., bootstrap_servers="host-without-port"), SOURCE_BAD),
    "SASL_SSL without password": (with_source(security_protocol="SASL_SSL", user_name="u"), COMBINATION),
    "SASL_PLAINTEXT without user": (with_source(security_protocol="SASL_PLAINTEXT", password="p"), COMBINATION),
    "replication_factor 0": (with_source(replication_factor=0), SOURCE_BAD),
    "task_num as string": (with_source(task_num="2"), JSON_TYPE),
    "bool as string": (with_source(rename_topic_enabled="false"), JSON_TYPE),
    "bad sink consumer_strategy": (with_sink(consumer_strategy="newest"), SOURCE_BAD),
    "destination_file_type JSON": (with_sink(destination_file_type="JSON"), SOURCE_BAD),
    "deliver_time_interval 29": (with_sink(deliver_time_interval=29), SOURCE_BAD),
    "deliver_time_interval 901": (with_sink(deliver_time_interval=901), SOURCE_BAD),
    "bad partition_format": (with_sink(partition_format="dd/MM/yyyy"), SOURCE_BAD),
    "bucket missing": (with_sink(obs_bucket_name=...), COMBINATION),
    "access_key missing": (with_sink(access_key=...), COMBINATION),
    "secret_key missing": (with_sink(secret_key=...), COMBINATION),
    "start_later as string": (with_top(obs, start_later="yes"), JSON_TYPE),
    "source_task not an object": (with_top(replication_body, source_task="x"), JSON_TYPE),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_create_bodies(emulator, dms, case):
    builder, code = INVALID[case]
    response = dms.create(builder(emulator))
    assert error_of(response) == (400, code), response.text
    assert re.match(r"^[0-9a-f]{32}$", response.headers["X-Request-Id"])
    assert emulator.tasks() == []


VALID = {
    "name of 4": with_top(obs, task_name="abcd"),
    "name of 64 with - and _": with_top(obs, task_name="a-_" + "b" * 61),
    "deliver_time_interval 30": with_sink(deliver_time_interval=30),
    "deliver_time_interval 900": with_sink(deliver_time_interval=900),
    "replication by bootstrap_servers": with_source(instance_id=..., bootstrap_servers="10.0.0.1:9092,10.0.0.2:9092"),
    "replication by topics_mapping only": with_top(with_source(topics_mapping="a:b,c:d"), topics=...),
    "replication by regex": with_top(replication_body, topics=..., topics_regex="topic-.*"),
    "SASL with credentials": with_source(security_protocol="SASL_SSL", user_name="u", password="p"),
    "null fields are absent": with_source(topics_mapping=None, user_name=None),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid_create_bodies(emulator, dms, case):
    assert dms.create(VALID[case](emulator)).status_code == 200


def test_documented_examples_are_accepted(emulator, dms):
    two_way = {
        "task_name": "smart-connect-2",
        "start_later": True,
        "source_type": "KAFKA_REPLICATOR_SOURCE",
        "source_task": {
            "current_cluster_name": "A",
            "cluster_name": "B",
            "user_name": "user1",
            "password": "********",
            "sasl_mechanism": "SCRAM-SHA-512",
            "instance_id": emulator.peer_instance_id,
            "direction": "two-way",
            "sync_consumer_offsets_enabled": False,
            "replication_factor": 3,
            "task_num": 2,
            "rename_topic_enabled": False,
            "provenance_header_enabled": True,
            "consumer_strategy": "latest",
            "compression_type": "snappy",
            "topics_mapping": "topic-sc-1:topic-sc-3,topic-sc-2:topic-sc-4",
        },
    }
    task = dms.create_ok(two_way)
    assert task["status"] == "WAITING"
    assert task["source_task"]["security_protocol"] == "SASL_SSL"  # inferred from the credentials
    assert dms.create(dict(obs_body(), task_name="smart-connect-1")).status_code == 200


def test_server_fills_in_fields_and_never_returns_secrets(emulator, dms):
    before = int(time.time() * 1000)
    body = replication_body(emulator, password="peer-pw")
    del body["source_task"]["task_num"]
    replication = dms.create_ok(body)
    source = replication["source_task"]
    assert source["bootstrap_servers"] == "192.168.1.31:9092,192.168.1.32:9092,192.168.1.33:9092"
    assert (source["task_num"], source["user_name"], source["topics_mapping"]) == (2, "", "")
    assert "password" not in source and "start_later" not in replication
    assert uuid.UUID(replication["id"]) and before - 1000 <= replication["create_time"] <= before + 60000
    assert replication["sink_task"] is None and replication["sink_type"] == "NONE"

    dump = dms.create_ok(obs_body())
    sink = dump["sink_task"]
    assert sink["obs_part_size"] == 5242880
    assert sink["schema_generator_class"] == "io.confluent.connect.storage.hive.schema.DefaultSchemaGenerator"
    assert sink["partitioner_class"] == "io.confluent.connect.storage.partitioner.TimeBasedPartitioner"
    assert sink["value_converter"] == sink["key_converter"] == "org.apache.kafka.connect.converters.ByteArrayConverter"
    assert sink["kv_delimiter"] == ":" and isinstance(sink["flush_size"], int) and sink["timezone"]
    assert "access_key" not in sink and "secret_key" not in sink

    for task in [dms.show(replication["id"]).json(), dms.show(dump["id"]).json()] + dms.list().json()["tasks"]:
        text = repr(task)
        assert "peer-pw" not in text and "obs-secret-key" not in text and "OBSACCESSKEY" not in text
    stored = {task["id"]: task["spec"] for task in emulator.tasks()}
    assert stored[replication["id"]]["source_task"]["password"] == "peer-pw"
    assert stored[dump["id"]]["sink_task"]["access_key"] == "OBSACCESSKEY"


def test_duplicate_names_are_allowed(dms):
    first, second = dms.create_ok(obs_body("same-name")), dms.create_ok(obs_body("same-name"))
    assert first["id"] != second["id"]
    assert [task["task_name"] for task in dms.list().json()["tasks"]] == ["same-name", "same-name"]


def test_quota_of_18_tasks(emulator, dms):
    for index in range(18):
        dms.create_ok(obs_body("task-%02d" % index))
    assert error_of(dms.create(obs_body("task-18"))) == (400, "DMS.00400039")
    listed = dms.list(limit=50).json()
    assert (listed["total_number"], listed["max_tasks"], listed["quota_tasks"]) == (18, 18, 0)
    assert len(emulator.tasks()) == 18


def test_instance_and_task_ids(dms):
    unknown_instance = str(uuid.uuid4())
    assert error_of(dms.call("GET", dms.instance_path(unknown_instance))) == (404, "DMS.00404022")
    assert error_of(dms.list(instance_id=unknown_instance)) == (404, "DMS.00404022")
    assert error_of(dms.call("GET", dms.instance_path("not-an-id"))) == (400, "DMS.00400030")
    assert error_of(dms.show("not-a-task-id")) == (400, "DMS.00400070")
    for method in ("GET", "PUT", "DELETE"):
        response = dms.call(method, dms.task_path(str(uuid.uuid4())), {} if method == "PUT" else None)
        assert error_of(response) == (404, "DMS.00404070")
    assert error_of(dms.action(str(uuid.uuid4()), "pause")) == (404, "DMS.00404070")


def test_tasks_need_smart_connect_on(emulator, dms):
    off = emulator.instance_id_connector_off
    assert error_of(dms.create(obs_body(), off)) == (400, "DMS.00400706")
    assert error_of(dms.list(instance_id=off)) == (400, "DMS.00400706")
    assert error_of(dms.show(str(uuid.uuid4()), off)) == (400, "DMS.00400706")


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 51}, {"offset": -1}, {"limit": "ten"}, {"offset": "1.5"}])
def test_list_parameters_out_of_range(dms, query):
    assert error_of(dms.list(**query)) == (400, "DMS.00400800")


def test_list_paging_counts_records_newest_first(dms):
    ids = [dms.create_ok(obs_body("task-%02d" % index))["id"] for index in range(12)]
    default_page = dms.list().json()
    assert len(default_page["tasks"]) == 10 and default_page["total_number"] == 12
    pages = [dms.list(offset=offset, limit=5).json()["tasks"] for offset in (0, 5, 10)]
    assert [len(page) for page in pages] == [5, 5, 2]
    assert [task["id"] for page in pages for task in page] == list(reversed(ids))
    assert dms.list(offset=1, limit=2).json()["tasks"] == pages[0][1:3]
    assert dms.list(offset=12).json()["tasks"] == []


def test_malformed_bodies(dms):
    assert error_of(dms.call("POST", dms.tasks_path(), raw_body=b"{not json")) == (400, "DMS.00400800")
    assert error_of(dms.call("POST", dms.tasks_path(), [obs_body()])) == (400, "DMS.00400800")
    assert error_of(dms.call("POST", dms.tasks_path())) == (400, "DMS.00400800")


def test_modify_validates_the_result(emulator, dms):
    task = dms.create_ok(replication_body(emulator))
    assert error_of(dms.modify(task["id"], {"topics_regex": "x.*"})) == (400, COMBINATION)  # merged: both set
    assert error_of(dms.modify(task["id"], {"source_task": {"direction": "sideways"}})) == (400, SOURCE_BAD)
    assert error_of(dms.modify(task["id"], {"task_name": "x"})) == (400, SOURCE_BAD)
    assert dms.modify(task["id"], {"topics": "", "topics_regex": "x.*"}).status_code == 200


VALIDATE = {
    "peer instance ok": ({"type": "KAFKA_REPLICATOR_SOURCE", "task": {"instance_id": "PEER"}}, None),
    "bootstrap ok": ({"type": "KAFKA_REPLICATOR_SOURCE", "task": {"bootstrap_servers": "10.1.1.1:9092"}}, None),
    "obs ok": ({"type": "OBS_SINK"}, None),
    "bad type": ({"type": "MYSQL"}, SOURCE_BAD),
    "no peer": ({"type": "KAFKA_REPLICATOR_SOURCE", "task": {}}, COMBINATION),
    "unknown peer": ({"type": "KAFKA_REPLICATOR_SOURCE", "task": {"instance_id": str(uuid.uuid4())}}, SOURCE_BAD),
    "unreachable host": (
        {"type": "KAFKA_REPLICATOR_SOURCE", "task": {"bootstrap_servers": "10.9.9.9:9092"}},
        SOURCE_BAD,
    ),
}


@pytest.mark.parametrize("case", sorted(VALIDATE))
def test_validate_connectivity(emulator, dms, case):
    body, code = VALIDATE[case]
    if body.get("task", {}).get("instance_id") == "PEER":
        body["task"]["instance_id"] = emulator.peer_instance_id
    emulator.set_config(unreachable_peers=["10.9.9.9"])
    response = dms.call("POST", dms.instance_path() + "/connector/validate", body)
    if code is None:
        assert response.status_code == 200 and response.json() == {}
    else:
        assert error_of(response) == (400, code)
