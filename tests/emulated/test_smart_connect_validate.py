"""smart_connect_validate and validate_connection against the emulator: the service's connectivity check."""

import pytest
from helpers.module_runner import run_main

from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect_validate

from .smart_connect_support import PEER_PASSWORD, assert_no_secret, calls, replication, writes


@pytest.fixture
def validate(emu, run):
    def call(check=False, **options):
        args = dict(run.connection, instance_id=emu.instance_id, _ansible_check_mode=check)
        args.update(options)
        return run_main(smart_connect_validate.main, args)

    return call


def peer(emu, **changes):
    source = dict(
        current_cluster_name="A",
        cluster_name="B",
        instance_id=emu.peer_instance_id,
        security_protocol="SASL_SSL",
        sasl_mechanism="SCRAM-SHA-512",
        user_name="replicator",
        password=PEER_PASSWORD,
    )
    source.update(changes)
    return source


def test_a_reachable_peer_in_the_rhythm(validate, emu):
    for check in (True, False, True, False):
        emu.clear_journal()
        result = validate(check=check, source_task=peer(emu))
        assert not result["failed"] and result["valid"] is True and result["changed"] is False, result.get("msg")
        assert calls(emu) == ["ValidateConnectorConnectivity"]  # it changes nothing: check mode asks too
        assert_no_secret(result)
    body = emu.journal()[0]["body"]
    assert body["type"] == "KAFKA_REPLICATOR_SOURCE" and body["task"]["password"] == PEER_PASSWORD
    assert body["task"]["instance_id"] == emu.peer_instance_id


def test_a_peer_by_its_addresses(validate, emu):
    result = validate(source_task=dict(bootstrap_servers=["10.0.0.5:9092", "10.0.0.6:9092"]))
    assert not result["failed"] and result["valid"], result.get("msg")
    assert emu.journal()[-1]["body"]["task"]["bootstrap_servers"] == "10.0.0.5:9092,10.0.0.6:9092"


def test_an_unreachable_peer_fails_with_the_services_message(validate, emu):
    emu.set_config(unreachable_peers=[emu.peer_instance_id])
    result = validate(source_task=peer(emu))
    assert result["failed"] and result["valid"] is False and result["changed"] is False
    assert result["msg"].startswith(
        "Failed to check the connectivity of instance %s to its peer Kafka: " % emu.instance_id
    )
    assert "cannot reach" in result["msg"] and result["error_code"] and result["request_id"]
    assert_no_secret(result)


@pytest.mark.parametrize(
    "source, message",
    [
        (dict(user_name="u"), "source_task.instance_id or source_task.bootstrap_servers (the peer) is required"),
        (dict(instance_id="6a1f0c52-4d3b-4e7a-9c41-000000000003", bootstrap_servers=["h:1"]), "are alternatives"),
        (
            dict(bootstrap_servers=["h:1"], security_protocol="SASL_SSL", user_name="u"),
            "security_protocol SASL_SSL needs source_task.password",
        ),
        (dict(bootstrap_servers=["no-port"]), "must be host:port addresses"),
    ],
)
def test_bad_peers_fail_before_any_request(validate, emu, source, message):
    emu.clear_journal()
    result = validate(source_task=source)
    assert result["failed"] and message in result["msg"] and emu.journal() == []


def test_validate_connection_creates_nothing_for_an_unreachable_peer(run, emu):
    emu.set_config(unreachable_peers=[emu.peer_instance_id])
    emu.clear_journal()
    check = run(check=True, validate_connection=True, **replication(emu))
    assert check["changed"] and writes(emu) == []  # check mode sends no POST, not even the check
    result = run(validate_connection=True, **replication(emu))
    assert result["failed"] and not result["changed"]
    assert (
        "Not creating Smart Connect task 'replicate-orders': the connectivity check to the peer failed" in result["msg"]
        and "Nothing was created" in result["msg"]
    )
    assert [entry["operation"] for entry in writes(emu)] == ["ValidateConnectorConnectivity"]
    emu.set_config(unreachable_peers=[])
    emu.clear_journal()
    result = run(validate_connection=True, **replication(emu))
    assert not result["failed"] and result["action"] == "created", result.get("msg")
    assert [entry["operation"] for entry in writes(emu)] == ["ValidateConnectorConnectivity", "CreateConnectorTask"]
    emu.clear_journal()
    assert not run(validate_connection=True, **replication(emu))["changed"]  # an existing task: no check
    assert writes(emu) == []
