"""The request journal: entry shape, filters, raw bodies, clearing."""

import json

import requests

from .emulator_helpers import obs_body, replication_body, sdk_sign


def test_entry_shape(emulator, dms):
    task = dms.create_ok(replication_body(emulator, password="sent-secret"))
    dms.list(offset=0, limit=5)
    create, listing = emulator.journal()
    assert set(create) == {
        "seq",
        "time",
        "request_id",
        "operation",
        "method",
        "path",
        "query",
        "headers",
        "body",
        "signature",
        "access_key",
        "fault",
        "status",
        "delivered",
        "response_body",
    }
    assert (create["operation"], create["method"], create["status"], create["signature"]) == (
        "CreateConnectorTask",
        "POST",
        200,
        "ok",
    )
    assert create["body"]["source_task"]["password"] == "sent-secret"  # raw, as sent
    assert create["response_body"]["id"] == task["id"] and create["delivered"] is True
    assert create["access_key"] == emulator.access_key and create["fault"] is None
    assert listing["query"] == [["limit", "5"], ["offset", "0"]]  # as the SDK signer orders them
    assert listing["seq"] > create["seq"]


def test_filters_reads_and_writes(emulator, dms):
    task = dms.create_ok(obs_body())
    dms.show(task["id"])
    dms.list()
    dms.action(task["id"], "pause")
    assert [entry["method"] for entry in emulator.requests(method="GET")] == ["GET", "GET"]
    assert len(emulator.requests(path_contains=task["id"])) == 2
    assert [entry["operation"] for entry in emulator.writes()] == ["CreateConnectorTask", "PauseConnectorTask"]
    assert len(emulator.reads()) == 2
    assert len(emulator.requests(method="GET", operation="ListConnectorTasks")) == 1
    assert emulator.clear_journal() == 4
    assert emulator.journal() == []


def test_text_bodies_and_failed_signatures_are_recorded(emulator, dms):
    dms.call("POST", dms.tasks_path(), raw_body=b"plain text")
    dms.call("GET", dms.tasks_path(), sk="wrong-secret-key")
    text, unsigned = emulator.journal()
    assert (text["body"], text["status"]) == ("plain text", 400)
    assert unsigned["signature"] == "signature does not match" and unsigned["status"] == 401


def test_chunked_request_body(emulator, dms):
    body = json.dumps(obs_body()).encode()
    headers = {"Content-Type": "application/json", "X-Project-Id": emulator.project_id}
    url, signed = sdk_sign(
        "POST",
        emulator.url,
        dms.tasks_path(),
        headers=headers,
        body=body,
        ak=emulator.access_key,
        sk=emulator.secret_key,
    )
    response = requests.post(url, headers=signed, data=iter([body[:10], body[10:]]), timeout=5)
    assert response.status_code == 200, response.text
    assert emulator.journal()[-1]["body"]["task_name"] == obs_body()["task_name"]
