"""The safety-net calls under the bad days the emulator injects: the connectivity check, the sold-out check and
the enable job read."""

import pytest

from .fault_support import PEER_PASSWORD, connection, run_module


def validate_args(emu):
    return dict(
        connection(emu),
        instance_id=emu.instance_id,
        source_task=dict(
            instance_id=emu.peer_instance_id,
            security_protocol="SASL_SSL",
            user_name="replicator",
            password=PEER_PASSWORD,
        ),
    )


@pytest.mark.parametrize("kind, options", [("gateway_throttle", {"retry_after": "0"}), ("dms_throttle", {})])
def test_a_throttled_connectivity_check_is_sent_again(fast, kind, options):
    emu = fast
    emu.inject_fault(kind, method="POST", path=r"/connector/validate/?$", count=2, **options)
    result = run_module("smart_connect_validate", validate_args(emu))
    assert not result["failed"] and result["valid"], result.get("msg")
    assert len(emu.journal(operation="ValidateConnectorConnectivity")) == 3


@pytest.mark.parametrize(
    "kind, options, marker",
    [
        ("server_error", {"status": 503}, "APIG.0201"),
        ("server_error", {"status": 502, "html": True}, "HTTP 502"),
        ("drop_before", {}, "ConnectionError"),
    ],
)
def test_a_failed_connectivity_check_is_a_clean_failure(fast, kind, options, marker):
    emu = fast
    emu.inject_fault(kind, method="POST", path=r"/connector/validate/?$", count=5, **options)
    result = run_module("smart_connect_validate", validate_args(emu))
    assert result["failed"] and result["valid"] is False and not result["changed"]
    assert result["msg"].startswith("Failed to check the connectivity of instance") and marker in result["msg"]
    assert "Traceback" not in result["msg"]


def test_the_sold_out_check_and_the_job_read_are_retried_like_every_read(fast):
    emu = fast
    emu.inject_fault("server_error", method="GET", path=r"/instances/[0-9a-f-]{36}/connector/?$", count=2, status=500)
    emu.inject_fault("server_error", method="GET", path=r"/instances/[0-9a-f-]{36}/tasks/[^/]+/?$", count=2, status=503)
    args = dict(connection(emu), instance_id=emu.instance_id_connector_off)
    result = run_module("smart_connect", args)
    assert not result["failed"] and result["changed"] and result["connector"]["enabled"], result.get("msg")
    assert len(emu.journal(operation="ShowConnectorResourceInfo")) == 3
    rerun = run_module("smart_connect", args)
    assert not rerun["failed"] and not rerun["changed"]
