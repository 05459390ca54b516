"""IAM project lookup on the same origin, and the admin API (instances, task status, state, loopback)."""

import uuid

import pytest
import requests

from emulator import server
from emulator.client import AdminApiError

from .emulator_helpers import error_of, obs_body


def projects(dms, name=None):
    query = [] if name is None else [("name", name)]
    response = dms.call("GET", "/v3/projects", query=query, project_header=False)
    assert response.status_code == 200 and response.headers["X-IAM-Trace-Id"]
    return response.json()["projects"]


def test_iam_lookup(emulator, dms):
    found = projects(dms, emulator.region)
    assert [(project["id"], project["name"], project["enabled"]) for project in found] == [
        (emulator.project_id, emulator.region, True)
    ]
    assert found[0]["domain_id"] == emulator.domain_id
    assert projects(dms, "xx-unknown-9") == []
    assert [project["id"] for project in projects(dms)] == [emulator.project_id]
    assert emulator.journal()[-1]["operation"] == "KeystoneListProjects"


def test_iam_ambiguous_region(emulator, dms):
    emulator.make_region_ambiguous()
    assert [project["id"] for project in projects(dms, emulator.region)] == [
        emulator.project_id,
        emulator.ambiguous_project_id,
    ]
    emulator.set_config(ambiguous_regions=["eu-west-0"])
    assert len(projects(dms, "eu-west-0")) == 2  # any region listed answers two projects
    assert len(projects(dms, emulator.region)) == 1


def test_iam_needs_a_signature(emulator):
    response = requests.get(emulator.url + "/v3/projects?name=" + emulator.region, timeout=5)
    assert error_of(response) == (401, "APIGW.0301")


def test_add_and_update_instances(emulator, dms):
    added = emulator.add_instance(name="extra", connector_enable=True, connect_address="10.7.0.1,10.7.0.2")
    instance_id = added["instance_id"]
    assert (added["name"], added["connector_enable"], added["connector_node_num"]) == ("extra", True, 2)
    shown = dms.call("GET", dms.instance_path(instance_id)).json()
    assert shown["kafka_private_connect_address"] == "10.7.0.1:9092,10.7.0.2:9092"
    assert dms.create(obs_body(), instance_id).status_code == 200
    # The new instance is a peer too.
    body = {"type": "KAFKA_REPLICATOR_SOURCE", "task": {"instance_id": instance_id}}
    assert dms.call("POST", dms.instance_path() + "/connector/validate", body).status_code == 200

    emulator.update_instance(instance_id, status="FROZEN")
    assert error_of(dms.create(obs_body(), instance_id)) == (400, "DMS.00400026")
    with pytest.raises(AdminApiError, match="409"):
        emulator.add_instance(instance_id=instance_id)
    with pytest.raises(AdminApiError, match="400"):
        emulator.add_instance(instance_id="NOT-A-UUID")
    with pytest.raises(AdminApiError, match="404"):
        emulator.update_instance(str(uuid.uuid4()), status="RUNNING")
    with pytest.raises(AdminApiError, match="400"):
        emulator.update_instance(instance_id, colour="blue")

    emulator.reset()
    assert error_of(dms.call("GET", dms.instance_path(instance_id))) == (404, "DMS.00404022")


def test_force_an_undocumented_task_status(emulator, dms):
    task = dms.create_ok(obs_body())
    emulator.set_task_status(task["id"], "ERROR")
    assert dms.show(task["id"]).json()["status"] == "ERROR"
    with pytest.raises(AdminApiError, match="404"):
        emulator.set_task_status(str(uuid.uuid4()), "RUNNING")


def test_state_dump_and_info(emulator, dms):
    dms.create_ok(obs_body())
    dumped = emulator.state()
    assert set(dumped) == {"instances", "config", "credentials"}
    assert set(dumped["instances"]) == set(emulator.instance_ids.values())
    assert emulator.tasks()[0]["spec"]["sink_task"]["secret_key"] == "obs-secret-key"
    assert emulator.instance_ids == {
        "connector_on": emulator.instance_id,
        "connector_off": emulator.instance_id_connector_off,
        "peer_1": emulator.peer_instance_id,
        "peer_2": emulator.peer_instance_id_2,
    }


def test_admin_errors(emulator):
    for method, path in (("GET", "/nothing"), ("POST", "/journal")):
        response = requests.request(method, emulator.url + "/_emulator" + path, timeout=5)
        assert response.status_code == 404 and "error" in response.json()
    response = requests.put(emulator.url + "/_emulator/config", data=b"not json", timeout=5)
    assert response.status_code == 400
    response = requests.get(emulator.url + "/_emulator/health", timeout=5)
    assert response.json()["ok"] is True and response.headers["X-Request-Id"]


@pytest.mark.parametrize(
    "address, answered",
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("10.0.0.5", False),
        ("192.168.1.1", False),
        ("::ffff:10.0.0.1", False),
        ("junk", False),
    ],
)
def test_admin_is_loopback_only(address, answered):
    assert server.is_loopback(address) is answered
