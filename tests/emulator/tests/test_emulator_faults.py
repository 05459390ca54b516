"""Each fault kind, how faults match and count, and that the admin API is never faulted."""

import time

import pytest
import requests

from emulator.client import AdminApiError

from .emulator_helpers import error_of, obs_body


def test_gateway_throttle(emulator, dms):
    emulator.inject_fault("gateway_throttle", method="GET", retry_after=2)
    response = dms.list()
    assert error_of(response) == (429, "APIG.0308")
    assert response.headers["Retry-After"] == "2"
    assert response.json()["request_id"] == response.headers["X-Request-Id"]
    assert dms.list().status_code == 200  # count 1: used up
    assert [entry["fault"] for entry in emulator.journal()] == ["gateway_throttle", None]


def test_dms_throttle_is_a_404(emulator, dms):
    emulator.inject_fault("dms_throttle")
    assert error_of(dms.list()) == (404, "DMS.10240407")


@pytest.mark.parametrize(
    "status, code", [(500, "DMS.00500000"), (502, "APIG.0201"), (503, "APIG.0201"), (504, "APIG.0202")]
)
def test_server_error_with_json_body(emulator, dms, status, code):
    emulator.inject_fault("server_error", status=status)
    assert error_of(dms.list()) == (status, code)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_error_with_html_body(emulator, dms, status):
    emulator.inject_fault("server_error", status=status, html=True)
    response = dms.list()
    assert response.status_code == status and response.headers["Content-Type"] == "text/html"
    assert response.text.startswith("<html>") and response.headers["X-Request-Id"]


def test_drop_before_changes_nothing(emulator, dms):
    emulator.inject_fault("drop_before", method="POST")
    with pytest.raises(requests.ConnectionError):
        dms.create(obs_body())
    assert emulator.tasks() == []
    entry = emulator.journal()[-1]
    assert (entry["fault"], entry["status"], entry["delivered"], entry["operation"]) == (
        "drop_before",
        None,
        False,
        "CreateConnectorTask",
    )
    assert dms.create(obs_body()).status_code == 200


def test_drop_after_applies_the_change(emulator, dms):
    emulator.inject_fault("drop_after", method="POST")
    with pytest.raises(requests.ConnectionError):
        dms.create(obs_body())
    assert len(emulator.tasks()) == 1
    entry = emulator.journal()[-1]
    assert (entry["fault"], entry["status"], entry["delivered"]) == ("drop_after", 200, False)
    assert entry["response_body"]["id"] == emulator.tasks()[0]["id"]


def test_slow_answers(emulator, dms):
    emulator.inject_fault("slow", delay=0.3)
    started = time.monotonic()
    assert dms.list().status_code == 200
    assert time.monotonic() - started >= 0.3
    emulator.inject_fault("slow", delay=0.5)
    with pytest.raises(requests.Timeout):
        dms.call("GET", dms.tasks_path(), timeout=0.1)


def test_matching_skip_and_count(emulator, dms):
    task = dms.create_ok(obs_body())
    emulator.inject_fault("dms_throttle", method="get", path=r"/connector/tasks/?$", skip=1, count=2)
    assert dms.show(task["id"]).status_code == 200  # another path: not matched
    statuses = [dms.list().status_code for attempt in range(4)]
    assert statuses == [200, 404, 404, 200]
    assert emulator.faults() == []


def test_operation_match_and_unlimited_count(emulator, dms):
    task = dms.create_ok(obs_body())
    emulator.inject_fault("server_error", operation="ShowConnectorTask", count=None)
    assert [dms.show(task["id"]).status_code for attempt in range(3)] == [503, 503, 503]
    assert dms.list().status_code == 200
    assert emulator.faults()[0]["fired"] == 3
    emulator.clear_faults()
    assert dms.show(task["id"]).status_code == 200


def test_admin_api_is_never_faulted_or_journaled(emulator, dms):
    emulator.inject_fault("drop_before", count=None)
    assert emulator.config()["async_delay"] == 0  # admin call still answered
    assert emulator.journal() == []
    with pytest.raises(requests.ConnectionError):
        dms.list()
    assert len(emulator.journal()) == 1


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "explode"},
        {"kind": "server_error", "status": 418},
        {"kind": "slow", "delay": 99},
        {"kind": "dms_throttle", "count": 0},
        {"kind": "dms_throttle", "path": "("},
        {"kind": "dms_throttle", "bogus": 1},
    ],
)
def test_bad_fault_specs(emulator, spec):
    kind = spec.pop("kind")
    with pytest.raises(AdminApiError, match="400"):
        emulator.inject_fault(kind, **spec)
