"""Many instances over projects and regions: placing them, IAM's answer per region, ListInstances' pages."""

import pytest

from emulator import fleet
from emulator.client import AdminApiError

from .emulator_helpers import error_of

with_sdk = pytest.importorskip  # the SDK is the oracle for the list answer's shape


def list_instances(dms, project_id=None, **query):
    pairs = [(name, str(value)) for name, value in query.items()]
    return dms.call(
        "GET",
        "/v2/%s/instances" % (project_id or dms.emulator.project_id),
        query=pairs,
        project_header=project_id or True,
    )


def listed(dms, project_id=None, **query):
    response = list_instances(dms, project_id, **query)
    assert response.status_code == 200, response.text
    body = response.json()
    return [instance["name"] for instance in body["instances"]], body["instance_num"]


def projects_of(dms, region):
    response = dms.call("GET", "/v3/projects", query=[("name", region)], project_header=False)
    return [project["id"] for project in response.json()["projects"]]


def test_seeded_instances_are_listed_in_pages(emulator, dms):
    names, total = listed(dms, engine="kafka", limit=50)
    assert total == 4 and names[0] == "kafka-emulator-connect-on"
    first, total = listed(dms, engine="kafka", offset=0, limit=3)
    second, _total = listed(dms, engine="kafka", offset=3, limit=3)
    assert total == 4 and first + second == names and len(second) == 1


def test_an_offset_past_the_end_is_refused(emulator, dms):
    assert error_of(list_instances(dms, engine="kafka", offset=4, limit=10)) == (400, fleet.OFFSET_PAST_END)
    assert error_of(list_instances(dms, engine="kafka", limit=51)) == (400, "DMS.00400800")
    assert error_of(list_instances(dms, engine="kafka", limit=0)) == (400, "DMS.00400800")


def test_an_empty_project_lists_nothing_without_an_error(emulator, dms):
    emulator.set_config(ambiguous_regions=["eu-west-0"])
    assert listed(dms, emulator.ambiguous_project_id, engine="kafka") == ([], 0)


def test_filters(emulator, dms):
    emulator.add_instance(name="orders-prod", status="CREATEFAILED", enterprise_project_id="ep-1")
    assert listed(dms, name="peer")[0] == ["kafka-emulator-peer-1", "kafka-emulator-peer-2"]
    assert listed(dms, name="peer", exact_match_name="true") == ([], 0)
    assert listed(dms, name="kafka-emulator-peer-1", exact_match_name="true")[1] == 1
    assert listed(dms, status="CREATEFAILED") == (["orders-prod"], 1)
    assert listed(dms, include_failure="false")[1] == 4
    assert listed(dms, enterprise_project_id="ep-1") == (["orders-prod"], 1)
    assert listed(dms, instance_id=emulator.instance_id) == (["kafka-emulator-connect-on"], 1)
    assert listed(dms, engine="rabbitmq") == ([], 0)


def test_instances_in_other_regions_live_in_their_projects(emulator, dms):
    emulator.add_instance(name="eu-1", region="eu-west-101", tags={"env": "prod"})
    added = emulator.add_instance(name="eu-2", region="eu-west-101", tags=[{"key": "env", "value": "dev"}])
    given = emulator.add_instance(name="ap-1", region="ap-southeast-1", project_id="ap-project-0001")
    eu_project = fleet.derived_project_id("eu-west-101")
    assert projects_of(dms, "eu-west-101") == [eu_project]
    assert projects_of(dms, "ap-southeast-1") == ["ap-project-0001"]
    assert projects_of(dms, emulator.region) == [emulator.project_id]
    assert listed(dms, eu_project) == (["eu-1", "eu-2"], 2)
    assert listed(dms)[1] == 4  # the home project keeps its own
    assert list_instances(dms, eu_project).json()["instances"][1]["tags"] == [{"key": "env", "value": "dev"}]
    # Found only under its own project's paths.
    here = dms.call("GET", dms.instance_path(added["instance_id"], eu_project), project_header=eu_project)
    assert here.status_code == 200 and here.json()["name"] == "eu-2"
    assert error_of(dms.call("GET", dms.instance_path(added["instance_id"]))) == (404, "DMS.00404022")
    assert error_of(
        dms.call("GET", dms.instance_path(emulator.instance_id, eu_project), project_header=eu_project)
    ) == (
        404,
        "DMS.00404022",
    )
    assert given["instance_id"] in emulator.state()["instances"]


def test_placing_refuses_what_cannot_be(emulator):
    emulator.add_instance(name="ap-1", region="ap-southeast-1", project_id="ap-project-0001")
    for fields, words in (
        ({"region": "AP_1"}, "region must be"),
        ({"project_id": "../x"}, "project_id must be"),
        ({"region": "eu-west-0", "project_id": "ap-project-0001"}, "is in region ap-southeast-1"),
        ({"tags": [{"key": 1}]}, "tags must be"),
        ({"specification": ""}, "specification must be"),
    ):
        with pytest.raises(AdminApiError, match=words):
            emulator.add_instance(**fields)


def test_many_instances_at_once_and_tags_updated(emulator, dms):
    added = emulator.add_instances([{"name": "fleet-%03d" % n, "region": "la-south-2"} for n in range(120)])
    assert len(added) == 120
    project = fleet.derived_project_id("la-south-2")
    names, offset = [], 0
    while True:
        page, total = listed(dms, project, engine="kafka", offset=offset, limit=50)
        names += page
        offset += len(page)
        if offset >= total:
            break
    assert names == ["fleet-%03d" % n for n in range(120)]
    emulator.update_instance(added[0]["instance_id"], tags={"team": "data"})
    assert list_instances(dms, project, limit=1).json()["instances"][0]["tags"] == [{"key": "team", "value": "data"}]


def test_the_sdk_reads_the_list(emulator, kafka_client):
    models = with_sdk("huaweicloudsdkkafka.v2.model")
    emulator.add_instance(name="tagged", tags={"env": "prod"}, engine_version="3.x", specification="c6.4u8g.cluster")
    answer = kafka_client.list_instances(models.ListInstancesRequest(engine="kafka", name="tagged", limit=50))
    assert answer.instance_num == 1
    instance = answer.instances[0]
    assert (instance.name, instance.engine_version, instance.specification) == ("tagged", "3.x", "c6.4u8g.cluster")
    assert [(tag.key, tag.value) for tag in instance.tags] == [("env", "prod")]
