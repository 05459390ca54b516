"""Listing a project's Kafka instances (every page, whatever the service says) and the host variables of each."""

import pytest

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import fleet
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.instances import (
    OFFSET_PAST_END,
    list_kafka_instances,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError


class PagedClient:
    """Answers ListInstances from a list of pages (callables of the offset), recording every query."""

    def __init__(self, answer):
        self.answer = answer
        self.queries = []
        self.project_id = "p1"
        self.endpoint = "https://dms.example"

    def call(self, method, segments, operation, body=None, query=None):
        assert (method, segments, body) == ("GET", ["instances"], None)
        self.queries.append(dict(query))
        return self.answer(dict(query))


def instances(*numbers):
    return [{"instance_id": "i-%d" % number, "name": "kafka-%d" % number} for number in numbers]


def from_list(everything, total=None):
    def answer(query):
        offset, limit = int(query["offset"]), int(query["limit"])
        if offset and offset >= len(everything):
            raise ApiError("list", "Invalid offset", status=400, error_code=OFFSET_PAST_END, request_id="r-1")
        return {
            "instances": everything[offset : offset + limit],
            "instance_num": len(everything) if total is None else total,
        }

    return answer


def test_every_page_by_offset_with_the_filters_sent():
    client = PagedClient(from_list(instances(*range(120))))
    found = list_kafka_instances(client, {"name": "kafka", "exact_match_name": False, "status": None})
    assert [each["instance_id"] for each in found] == ["i-%d" % n for n in range(120)]
    assert [query["offset"] for query in client.queries] == [0, 50, 100]
    assert client.queries[0] == {
        "engine": "kafka",
        "name": "kafka",
        "exact_match_name": "false",
        "offset": 0,
        "limit": 50,
    }


def test_a_list_that_shrank_ends_at_the_offset_past_the_end():
    everything = instances(*range(60))

    def answer(query):
        if query["offset"]:
            del everything[50:]  # ten went away between the two pages
        return from_list(everything, total=60)(query)

    assert len(list_kafka_instances(PagedClient(answer))) == 50


def test_an_offset_past_the_end_on_the_first_page_is_an_error():
    def answer(query):
        raise ApiError("list", "Invalid offset", status=400, error_code=OFFSET_PAST_END, request_id="r-1")

    with pytest.raises(ApiError):
        list_kafka_instances(PagedClient(answer))


def test_a_server_that_keeps_saying_more_is_given_up_on():
    # Every page says there is one more instance than the pages so far have given.
    client = PagedClient(
        lambda query: {"instances": instances(int(query["offset"])), "instance_num": 2 + int(query["offset"])}
    )
    found = list_kafka_instances(client, page_size=1)
    assert len(client.queries) == 2 + 3  # what the first page's total needs, and EXTRA_PAGES
    assert len(found) == 5


def test_a_moved_list_keeps_each_instance_once_and_odd_answers_end_the_listing():
    pages = {0: instances(1, 2), 2: instances(2, 3)}
    client = PagedClient(lambda query: {"instances": pages.get(int(query["offset"]), []), "instance_num": 4})
    assert [each["instance_id"] for each in list_kafka_instances(client, page_size=2)] == ["i-1", "i-2", "i-3"]
    assert list_kafka_instances(PagedClient(lambda query: None)) == []
    assert list_kafka_instances(PagedClient(lambda query: {"instances": ["junk", {"instance_id": "i-9"}]})) == [
        {"instance_id": "i-9"}
    ]


def test_host_vars_prefix_every_field_and_make_tags_a_dict():
    listing = fleet.RegionListing("eu-west-101", "p1", "https://dms.example")
    found = fleet.host_vars(
        {
            "instance_id": "i-1",
            "name": "a",
            "tags": [{"key": "env", "value": "prod"}, {"key": "x"}, "junk"],
            "new-field": 1,
        },
        listing,
    )
    assert found["dms_tags"] == {"env": "prod", "x": ""}
    assert found["dms_new_field"] == 1 and found["dms_instance_id"] == "i-1"
    assert (found["dms_region"], found["dms_project_id"], found["dms_endpoint"]) == (
        "eu-west-101",
        "p1",
        "https://dms.example",
    )
    assert fleet.host_vars({"tags": None}, listing)["dms_tags"] == {}


def test_a_region_entry_sets_its_own_connection_over_the_shared_one():
    shared = {"project_id": None, "endpoint": "https://shared", "iam_endpoint": None, "region": None}
    own = fleet.region_settings(shared, {"name": "eu-west-101", "project_id": "p2", "endpoint": ""})
    assert own == {"project_id": "p2", "endpoint": "https://shared", "iam_endpoint": None, "region": "eu-west-101"}
    assert shared["region"] is None  # the shared settings are left as they were


def test_a_cached_listing_comes_back_the_same():
    listing = fleet.RegionListing("r", "p", "e", instances(1))
    again = fleet.RegionListing.from_dict(listing.to_dict())
    assert (again.region, again.project_id, again.endpoint, again.instances, again.error) == (
        "r",
        "p",
        "e",
        instances(1),
        None,
    )
