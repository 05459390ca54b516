"""Templated empties mean "not set", and what can be checked before a request (or before a write) is (issue 12)."""

import pytest

from .smart_connect_support import calls, obs_dump, replication, writes

UPPER = str.upper


def test_an_empty_list_beside_the_peer_instance_id_is_not_a_difference(run, emu):
    options = replication(emu)
    assert not run(**options)["failed"]
    options["source_task"] = dict(options["source_task"], bootstrap_servers=[], user_name="replicator")
    emu.clear_journal()
    result = run(**options)
    assert not result["failed"] and not result["changed"], result.get("msg")
    assert writes(emu) == []  # it used to send a PUT on every run


def test_instance_id_and_bootstrap_servers_together_fail_before_any_write(run, emu):
    options = replication(emu)
    options["source_task"] = dict(options["source_task"], bootstrap_servers=["10.0.0.1:9092"])
    emu.clear_journal()
    result = run(**options)
    assert (
        result["failed"]
        and "source_task.instance_id and source_task.bootstrap_servers are alternatives" in result["msg"]
    )
    assert writes(emu) == []
    # A task read back (it has both: the service fills the servers in) can still be fed back unchanged.
    created = run(**replication(emu))["task"]
    emu.clear_journal()
    fed_back = {key: created[key] for key in ("task_name", "topics", "source_type", "source_task")}
    assert not run(task_id=created["task_id"], **fed_back)["changed"]
    # ... but not with a new peer next to the old servers.
    fed_back["source_task"] = dict(fed_back["source_task"], instance_id=emu.peer_instance_id_2)
    result = run(task_id=created["task_id"], **fed_back)
    assert result["failed"] and "Cannot change the peer" in result["msg"] and writes(emu) == []


@pytest.mark.parametrize("name", ["project_id", "endpoint", "region"])
def test_empty_connection_options_count_as_unset(run, emu, monkeypatch, name):
    monkeypatch.setenv(
        {
            "project_id": "HUAWEICLOUD_SDK_PROJECT_ID",
            "endpoint": "HUAWEICLOUD_DMS_ENDPOINT",
            "region": "HUAWEICLOUD_REGION",
        }[name],
        dict(run.connection, region=emu.region)[name],
    )
    result = run(**dict(obs_dump(), **{name: ""}))
    assert not result["failed"], result["msg"]
    assert all("//" not in entry["path"] for entry in emu.journal())  # never /v2//instances/...


@pytest.mark.parametrize(
    "options, named",
    [
        (dict(secret_key=""), "secret_key is not set"),
        # Neither key: the credential chain looked everywhere (issue 15) and names every place.
        (
            dict(access_key="", secret_key=""),
            "No credentials found. Tried, in order: the options access_key and secret_key (not set); OIDC",
        ),
    ],
)
def test_missing_credentials_name_the_options_and_variables(run, emu, options, named):
    emu.clear_journal()
    result = run(**dict(obs_dump(), **options))
    assert result["failed"] and named in result["msg"]
    assert "HUAWEICLOUD_SDK_SK, HW_SECRET_KEY, CLOUD_SDK_SK for secret_key" in result["msg"]
    assert emu.journal() == []


def test_a_ca_path_that_does_not_exist_is_named(run, emu, tmp_path):
    emu.clear_journal()
    result = run(ca_path=str(tmp_path / "missing.pem"), **obs_dump())
    assert result["failed"] and result["msg"].startswith("ca_path must be a CA bundle file")
    assert emu.journal() == []


def test_a_replication_and_a_dump_at_once_fail_before_any_request(run, emu):
    options = replication(emu, sink_task=obs_dump()["sink_task"])
    emu.clear_journal()
    result = run(**options)
    assert result["failed"] and "not both" in result["msg"] and emu.journal() == []


def test_upper_case_ids_are_the_same_ids(run, emu):
    created = run(**replication(emu))["task"]
    options = replication(emu)
    options["source_task"] = dict(options["source_task"], instance_id=UPPER(emu.peer_instance_id))
    emu.clear_journal()
    result = run(task_id=UPPER(created["task_id"]), instance_id=UPPER(emu.instance_id), **options)
    assert not result["failed"] and not result["changed"], result.get("msg")
    assert calls(emu) == ["ShowConnectorTask"]


def test_a_rename_onto_a_name_another_task_has_fails_before_any_write(run, emu):
    first = run(**obs_dump(task_name="dump-first"))["task"]
    assert not run(**obs_dump(task_name="dump-second"))["failed"]
    emu.clear_journal()
    for check in (True, False):
        result = run(check=check, task_id=first["task_id"], task_name="dump-second")
        assert result["failed"] and "already has that name" in result["msg"]
    assert writes(emu) == []


def test_check_mode_leaves_out_what_the_service_fills_in(run, emu):
    created = run(**replication(emu))["task"]
    result = run(check=True, task_id=created["task_id"], source_task=dict(instance_id=emu.peer_instance_id_2))
    assert result["changed"] and "bootstrap_servers" not in result["task"]["source_task"]


def test_turning_sasl_on_needs_the_password_sent_in_check_mode_too(run, emu):
    plain = replication(emu)
    plain["source_task"] = {
        name: value
        for name, value in plain["source_task"].items()
        if name not in ("user_name", "password", "sasl_mechanism")
    }
    plain["source_task"]["security_protocol"] = "PLAINTEXT"
    created = run(**plain)["task"]
    emu.clear_journal()
    for check in (True, False):
        result = run(
            check=check,
            task_id=created["task_id"],
            source_task=dict(security_protocol="SASL_SSL", user_name="replicator", password="Peer-Pass-8c1f2e"),
        )
        assert result["failed"] and "needs source_task.password sent with the change" in result["msg"]
    assert writes(emu) == []
    result = run(
        task_id=created["task_id"],
        update_secrets="always",
        source_task=dict(security_protocol="SASL_SSL", user_name="replicator", password="Peer-Pass-8c1f2e"),
    )
    assert not result["failed"] and result["changed"], result.get("msg")
