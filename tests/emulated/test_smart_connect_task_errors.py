"""smart_connect_task against the emulator: bad input fails before any request; API errors and throttling."""

import re

import pytest

from .smart_connect_support import OBS_SK, assert_no_secret, calls, create_directly, obs_dump, replication, writes

GOOD_ID = "00000000-0000-4000-8000-000000000000"


def bad_inputs(emu):
    peer = emu.peer_instance_id
    return [
        (dict(task_name="ab"), "task_name must be 4 to 64 characters of letters, digits, - and _; got 'ab'"),
        (dict(task_name="has space"), "task_name must be 4 to 64 characters"),
        (dict(), "one of the following is required: task_id, task_name"),
        (
            dict(task_name="good-name", state="stopped"),
            "value of state must be one of: present, running, paused, restarted, absent, got: stopped",
        ),
        (
            dict(task_name="good-name", update_secrets="never"),
            "value of update_secrets must be one of: on_create, always, got: never",
        ),
        (
            dict(task_name="good-name", source_type="KAFKA"),
            "value of source_type must be one of: KAFKA_REPLICATOR_SOURCE, NONE, got: KAFKA",
        ),
        (
            dict(task_name="good-name", sink_task={"partition_format": "dd"}),
            "value of partition_format must be one "
            "of: yyyy, yyyy/MM, yyyy/MM/dd, yyyy/MM/dd/HH, yyyy/MM/dd/HH/mm, got: dd",
        ),
        (
            dict(task_name="good-name", source_task={"direction": "sideways"}),
            "value of direction must be one of: pull, push, two-way, got: sideways",
        ),
        (dict(task_name="good-name", source_task={"no_such_option": 1}), "no_such_option"),
        (dict(task_name="good-name", wait_timeout="soon"), "wait_timeout"),
        (dict(task_name="good-name", instance_id="kafka-1"), "instance_id must be a DMS id"),
        (dict(task_id="12"), "task_id must be a DMS id"),
        (
            dict(task_name="good-name", topics=["a"], topics_regex="a.*"),
            "topics and topics_regex are mutually exclusive",
        ),
        (dict(task_name="good-name", topics_regex="(unclosed"), "topics_regex is not a valid regular expression"),
        (
            dict(task_name="good-name", source_task={"rename_topic_enabled": True, "topics_mapping": ["a:b"]}),
            "source_task.rename_topic_enabled and source_task.topics_mapping are mutually exclusive",
        ),
        (
            dict(task_name="good-name", source_task={"topics_mapping": ["a->b"]}),
            "source_task.topics_mapping entries must look like 'source:destination'; got 'a->b'",
        ),
        (
            dict(task_name="good-name", source_task={"instance_id": "peer-kafka"}),
            "source_task.instance_id must be the peer Kafka instance's id",
        ),
        (
            dict(task_name="good-name", source_task={"bootstrap_servers": ["host-without-port"]}),
            "source_task.bootstrap_servers must be host:port addresses",
        ),
        (
            dict(task_name="good-name", source_type="NONE", source_task={"instance_id": peer}),
            "source_task is set but source_type is NONE",
        ),
        (
            dict(task_name="good-name", sink_task={"deliver_time_interval": 1000}),
            "sink_task.deliver_time_interval must be 30 to 900 seconds; got 1000",
        ),
        (dict(task_name="good-name", source_task={"task_num": 0}), "source_task.task_num must be 1 or more"),
        (dict(task_name="good-name", wait_timeout=-5), "wait_timeout must be 0 or more seconds"),
        (dict(task_name="good-name", recreate=True, topics=["a"]), "recreate=true needs every option a create needs"),
        (dict(task_name="good-name", timeout=0), "timeout must be a whole number of seconds of at least 1"),
    ]


def test_bad_input_fails_before_any_request(run, emu):
    for options, message in bad_inputs(emu):
        emu.clear_journal()
        result = run(**options)
        assert result["failed"], options
        assert message in result["msg"], (options, result["msg"])
        assert emu.journal() == [], options


@pytest.mark.parametrize(
    "options,message",
    [
        (dict(topics=None), "one of topics or topics_regex is required to create a task"),
        (dict(sink_task={"obs_bucket_name": "b"}), "an OBS dump needs sink_task.access_key, sink_task.secret_key"),
        (
            dict(
                sink_task=None,
                source_task={
                    "direction": "pull",
                    "current_cluster_name": "A",
                    "cluster_name": "B",
                    "security_protocol": "SASL_PLAINTEXT",
                    "instance_id": GOOD_ID,
                },
            ),
            "security_protocol SASL_PLAINTEXT needs source_task.user_name and source_task.password",
        ),
        (
            dict(sink_task=None, source_task={"direction": "pull", "current_cluster_name": "A", "cluster_name": "B"}),
            "source_task.instance_id or source_task.bootstrap_servers (the peer Kafka instance) is required",
        ),
        (dict(sink_task=None, source_task={"instance_id": GOOD_ID}), "source_task.current_cluster_name is required"),
        (dict(sink_task=None), "a task is either a replication"),
    ],
)
def test_what_a_create_lacks_fails_before_any_write(run, emu, options, message):
    given = dict(
        task_name="new-task", topics=["t"], sink_task={"obs_bucket_name": "b", "access_key": "a", "secret_key": "s"}
    )
    given.update(options)
    emu.clear_journal()
    result = run(**given)
    assert result["failed"] and message in result["msg"]
    assert result["msg"].startswith("Cannot create Smart Connect task 'new-task' in instance %s: " % emu.instance_id)
    assert calls(emu) == ["ListConnectorTasks"]  # the lookup that says it must be created, and no write


def test_the_service_refusal_is_shown_with_code_and_request_id(run, emu):
    emu.set_config(unreachable_peers=[])
    result = run(
        **replication(
            emu,
            topics=None,
            topics_regex="[a-z]+",
            source_task=dict(replication(emu)["source_task"], instance_id="6a1f0c52-4d3b-4e7a-9c41-0000000000ff"),
        )
    )
    assert result["failed"] and not result["changed"]
    assert re.match(
        r"^Failed to create Smart Connect task replicate-orders in instance %s: Invalid parameter: "
        r"source_task.instance_id '6a1f0c52-4d3b-4e7a-9c41-0000000000ff' is not a known Kafka instance "
        r"\(DMS.00400062, [0-9a-f]{32}\)$" % emu.instance_id,
        result["msg"],
    ), result["msg"]
    assert result["error_code"] == "DMS.00400062" and result["status_code"] == 400
    assert result["request_id"] == emu.journal(operation="CreateConnectorTask")[0]["request_id"]
    assert_no_secret(result)


@pytest.mark.parametrize("check", [True, False])
def test_a_create_on_a_full_instance_fails_before_the_write_from_the_listing_it_read(run, emu, check):
    emu.set_config(task_quota=2)
    for name in ("task-one", "task-two"):
        create_directly(emu, name)
    emu.clear_journal()
    result = run(check=check, **obs_dump())
    assert result["failed"] and not result["changed"]
    assert result["msg"] == (
        "Cannot create Smart Connect task 'dump-logs' in instance %s: the instance holds 2 tasks and "
        "its task quota is 2 (its task list says max_tasks 2, quota_tasks 0), so the service "
        "would refuse the create (DMS.00400039). Nothing was sent; delete a task first" % emu.instance_id
    )
    assert calls(emu) == ["ListConnectorTasks"]  # the listing that looked for the task; no other request


@pytest.mark.parametrize("fields, meaning", [("none", "remaining"), ("quota_tasks", "total")])
def test_a_quota_the_listing_does_not_make_sure_of_is_left_to_the_service(run, emu, fields, meaning):
    emu.set_config(task_quota=2, quota_fields=fields, quota_tasks_meaning=meaning)
    for name in ("task-one", "task-two"):
        create_directly(emu, name)
    result = run(**obs_dump())
    assert result["failed"] and result["error_code"] == "DMS.00400039", result["msg"]


def test_an_existing_task_on_a_full_instance_is_found_with_one_request(run, emu):
    emu.set_config(task_quota=1)
    create_directly(emu, "task-one")
    emu.clear_journal()
    result = run(task_name="task-one")
    assert not result["failed"] and not result["changed"] and calls(emu) == ["ListConnectorTasks"]


def test_missing_instance(run, emu):
    missing = "6a1f0c52-4d3b-4e7a-9c41-0000000000aa"
    result = run(instance_id=missing, **obs_dump())
    assert result["failed"] and result["error_code"] == "DMS.00404022"
    assert result["msg"].startswith("Failed to list the Smart Connect tasks of instance %s: " % missing)
    result = run(instance_id=missing, task_id=GOOD_ID, state="present")
    assert result["failed"] and result["error_code"] == "DMS.00404022"
    # absent: no instance, no task.
    for options in (dict(task_name="dump-logs"), dict(task_id=GOOD_ID)):
        result = run(instance_id=missing, state="absent", **options)
        assert not result["failed"] and not result["changed"]


def test_smart_connect_off(run, emu):
    result = run(instance_id=emu.instance_id_connector_off, **obs_dump())
    assert result["failed"] and "Smart Connect is not enabled" in result["msg"]


def test_wrong_credentials(run, emu):
    run.connection["secret_key"] = "Not-The-Right-Secret-Key-000000000000000"
    result = run(**obs_dump())
    assert result["failed"] and result["error_code"] == "APIGW.0301" and result["status_code"] == 401
    assert "Not-The-Right-Secret-Key" not in str(result)


@pytest.mark.parametrize("kind", ["dms_throttle", "gateway_throttle", "server_error"])
def test_throttling_and_transient_errors_are_retried(run, emu, kind):
    created = run(**obs_dump())
    emu.clear_journal()
    emu.inject_fault(kind, method="GET", count=2, retry_after="0")
    result = run(task_id=created["task"]["id"])
    assert not result["failed"], result["msg"]
    assert not result["changed"]
    assert [entry["fault"] for entry in emu.journal()] == [kind, kind, None]


def test_throttling_beyond_the_retries_is_sent_again_within_the_budget(run, emu):
    created = run(**obs_dump())
    emu.clear_journal()
    run.connection["retries"] = 1
    emu.inject_fault("dms_throttle", method="GET", count=4)
    result = run(task_id=created["task"]["id"])
    assert not result["failed"], result["msg"]
    assert [entry["fault"] for entry in emu.journal()] == ["dms_throttle"] * 4 + [None]


def test_throttling_beyond_the_budget_surfaces_and_names_it(run, emu):
    run.connection["rate_limit_timeout"] = 1
    emu.inject_fault("dms_throttle", method="GET", count=None)
    result = run(task_id=GOOD_ID)
    assert result["failed"] and result["error_code"] == "DMS.10240407"
    assert "rejected by flow control" in result["msg"]
    assert "still throttled after 1 seconds of waiting (rate_limit_timeout)" in result["msg"]
    assert result["request_id"] is None or result["request_id"] in result["msg"]
    assert len(emu.journal()) >= 2
    emu.clear_faults()


def test_throttled_create_is_retried_but_a_failed_one_is_not(run, emu):
    emu.inject_fault("gateway_throttle", method="POST", count=1, retry_after="0")
    result = run(**obs_dump())
    assert result["changed"] and not result["failed"]
    assert [entry["fault"] for entry in writes(emu)] == ["gateway_throttle", None]
    emu.clear_journal()
    emu.inject_fault("server_error", method="POST", status=502, count=1)
    result = run(**obs_dump(task_name="second-dump"))
    assert result["failed"] and result["status_code"] == 502 and len(writes(emu)) == 1
    assert_no_secret(result)


def test_a_put_whose_answer_is_lost_is_sent_again(run, emu):
    run(**obs_dump())
    emu.inject_fault("drop_after", method="PUT", count=1)
    emu.clear_journal()
    result = run(**obs_dump(topics_regex="logs-v2-.*"))
    assert result["changed"] and not result["failed"], result.get("msg")
    assert [entry["operation"] for entry in writes(emu)] == ["ModifyConnectorTask", "ModifyConnectorTask"]
    assert result["task"]["topics_regex"] == "logs-v2-.*"


def test_quota(run, emu):
    for index in range(emu.max_tasks):
        assert run(wait=False, **obs_dump(task_name="dump-%02d" % index))["changed"]
    emu.clear_journal()
    result = run(**obs_dump(task_name="one-too-many"))
    assert result["failed"] and "its task quota is 18" in result["msg"] and writes(emu) == []  # refused before
    assert OBS_SK not in result["msg"]
