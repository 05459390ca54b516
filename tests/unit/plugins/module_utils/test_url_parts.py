"""Every value that becomes part of a URL is checked before any request (issue 21, bugs 1 and 4)."""

import importlib

import pytest
import requests
from helpers.module_runner import CREDENTIAL_VARIABLES, run_main

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http import url_parts as _url_parts
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import Client

MODULES = (
    "smart_connect_task",
    "smart_connect_tasks",
    "smart_connect_task_info",
    "smart_connect_validate",
    "smart_connect",
)
INSTANCE = "6a1f0c52-4d3b-4e7a-9c41-000000000001"
# What each module needs besides the value under test, so that only that value can fail.
REQUIRED = {
    "smart_connect_task": dict(task_name="dump-logs"),
    "smart_connect_tasks": dict(tasks=[]),
    "smart_connect_task_info": {},
    "smart_connect_validate": dict(source_task=dict(bootstrap_servers=["10.1.1.1:9092"])),
    "smart_connect": {},
}
# Regions that would move the default endpoint https://dms.{region}.myhuaweicloud.com to another host.
HOSTILE_REGIONS = [
    "attacker.example/x",
    "attacker.example:8443/",
    "attacker.example#",
    "x@attacker.example",
    "attacker.example?",
    "cn-north-4.attacker.example",
    "",
    " cn-north-4",
    "CN-NORTH-4",
    "a b",
    "cn-north-4\n",
    "../..",
    "cn_north_4",
]


@pytest.fixture(autouse=True)
def no_request(monkeypatch):
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def refuse(*args, **kwargs):
        raise AssertionError("a request was sent: %r %r" % (args, kwargs))

    monkeypatch.setattr(requests.Session, "request", refuse)


def run_module(name, **options):
    main = importlib.import_module("ansible_collections.huaweicloud.kafka.plugins.modules." + name).main
    args = dict(access_key="AK", secret_key="SK", region="cn-north-4", instance_id=INSTANCE)
    args.update(REQUIRED[name])
    args.update(options)
    return run_main(main, args)


@pytest.mark.parametrize("region", HOSTILE_REGIONS)
def test_a_region_that_is_not_a_region_name_is_refused(region):
    problems = _url_parts.region_errors(region)
    assert len(problems) == 1 and problems[0].startswith("region must be a Huawei Cloud region name")
    with pytest.raises(ValueError, match="region"):  # "" is no region: then it is required
        Client("AK", "SK", region=region)


@pytest.mark.parametrize("region", ["cn-north-4", "ap-southeast-1", "eu-west-101", "la-south-2", "r"])
def test_region_names_pass(region):
    assert _url_parts.region_errors(region) == []


@pytest.mark.parametrize(
    "url",
    [
        "https://dms.example.com",
        "https://dms.example.com/",
        "https://dms.example.com:8443",
        "http://127.0.0.1:8080",
        "http://localhost:1",
        "http://[::1]:8080",
        "https://10.0.0.5",
        "https://[2001:db8::1]:443",
    ],
)
def test_endpoints_that_pass(url):
    assert _url_parts.endpoint_errors(url, "endpoint") == []


@pytest.mark.parametrize(
    "url, why",
    [
        ("dms.example.com", "the scheme is not https"),
        ("ftp://dms.example.com", "the scheme is not https"),
        ("http://dms.example.com", "http:// is allowed only to loopback"),
        ("http://169.254.169.254", "http:// is allowed only to loopback"),
        ("https://dms.example.com/v2", "it has a path"),
        ("https://dms.example.com?x=1", "it has a path, a query"),
        ("https://dms.example.com#x", "it has a path, a query or a fragment"),
        ("https://user:pw@dms.example.com", "it names a user"),
        ("https://attacker.example@dms.example.com", "it names a user"),
        ("https://dms.example.com:99999", None),
        ("https://dms.example.com:0", "the port is 0"),
        ("https://", "the host is not"),
        ("https://dms_example.com", "the host is not"),
        ("https://dms.example.com\n", "white space or control characters"),
        ("https://dms.exa\tmple.com", "white space or control characters"),
    ],
)
def test_endpoints_that_would_send_requests_elsewhere_are_refused(url, why):
    problems = _url_parts.endpoint_errors(url, "endpoint")
    assert len(problems) == 1 and problems[0].startswith("endpoint must be https://host or https://host:port")
    assert why is None or why in problems[0]


def test_the_metadata_endpoint_may_be_plain_http_to_the_metadata_address_only():
    assert _url_parts.endpoint_errors("http://169.254.169.254", "metadata_endpoint", _url_parts.METADATA_HOSTS) == []
    assert _url_parts.connection_errors(metadata_endpoint="http://169.254.169.254") == []
    assert _url_parts.connection_errors(metadata_endpoint="http://metadata.attacker.example") != []


@pytest.mark.parametrize("project_id", ["", "../x", "p/q", "p?q", "p q", "p%2F", "." * 3, "x" * 65])
def test_a_project_id_that_is_not_one_is_refused(project_id):
    assert _url_parts.project_id_errors(project_id)
    with pytest.raises(ValueError, match="project_id must be a project id"):
        Client("AK", "SK", region="cn-north-4", project_id=project_id)


def test_the_client_refuses_empty_and_dot_path_segments():
    client = Client("AK", "SK", region="cn-north-4", project_id="p")
    for segments in (("instances", "", "connector"), ("instances", "..", "connector"), ("instances", ".")):
        with pytest.raises(ValueError, match="empty or dot-only path segment"):
            client.call("GET", segments, "read")


def test_a_project_id_iam_answers_is_checked_before_it_is_used(monkeypatch):
    client = Client("AK", "SK", region="cn-north-4", iam_endpoint="http://127.0.0.1:1")
    monkeypatch.setattr(client, "_send", lambda *args, **kwargs: {"projects": [{"id": "../../evil"}]})
    with pytest.raises(Exception, match="IAM answered a project id that is not one"):
        client.project_id  # noqa: B018 (reading the property is the test)


@pytest.mark.parametrize("module", MODULES)
@pytest.mark.parametrize(
    "options, message",
    [
        (dict(region="attacker.example/x"), "region must be a Huawei Cloud region name"),
        (dict(region="attacker.example:8443/"), "region must be a Huawei Cloud region name"),
        (dict(endpoint="https://dms.example.com/x"), "endpoint must be https://host"),
        (dict(endpoint="http://dms.example.com"), "http:// is allowed only to loopback"),
        (dict(iam_endpoint="https://iam.example.com?"), "iam_endpoint must be https://host"),
        (dict(metadata_endpoint="http://metadata.example.com"), "metadata_endpoint must be https://host"),
        (dict(project_id="../x"), "project_id must be a project id"),
        (dict(instance_id=""), "instance_id must be a DMS id like 6a1f0c52-4d3b-4e7a-9c41-8d2f0e5b7a13; got an empty"),
        (dict(instance_id="kafka-1"), "instance_id must be a DMS id"),
        (dict(instance_id=INSTANCE + "/x"), "instance_id must be a DMS id"),
    ],
)
def test_every_module_refuses_a_bad_url_part_before_any_request(module, options, message):
    result = run_module(module, **options)
    assert result["failed"] and message in result["msg"], result


@pytest.mark.parametrize("module", ["smart_connect_task", "smart_connect_task_info"])
@pytest.mark.parametrize("task_id", ["", "t1", "../" + INSTANCE])
def test_modules_with_a_task_id_refuse_a_bad_one_before_any_request(module, task_id):
    result = run_module(module, task_id=task_id)
    assert result["failed"] and "task_id must be a DMS id" in result["msg"], result


def test_every_problem_is_named_at_once():
    result = run_module("smart_connect_task_info", region="a/b", instance_id="", task_id="x")
    assert result["failed"]
    for name in ("region must be", "instance_id must be", "task_id must be"):
        assert name in result["msg"]


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("HUAWEICLOUD_SDK_STS_ENDPOINT", "https://sts.attacker.example/steal", "HUAWEICLOUD_SDK_STS_ENDPOINT must be"),
        ("HUAWEICLOUD_SDK_STS_ENDPOINT", "http://sts.example.com", "http:// is allowed only to loopback"),
        (
            "HUAWEICLOUD_METADATA_ENDPOINT",
            "http://metadata.attacker.example",
            "metadata_endpoint (or HUAWEICLOUD_METADATA_ENDPOINT) must be",
        ),
    ],
)
def test_the_credential_chain_checks_where_it_sends_tokens_before_it_asks(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    monkeypatch.setenv("HUAWEICLOUD_OIDC_PROVIDER_URN", "urn:provider")  # OIDC first: STS would be asked
    monkeypatch.setenv("HUAWEICLOUD_OIDC_AGENCY_URN", "urn:agency")
    monkeypatch.setenv("HUAWEICLOUD_OIDC_ID_TOKEN", "an-id-token-never-sent-elsewhere")
    result = run_module("smart_connect_task_info", access_key=None, secret_key=None)
    assert result["failed"] and message in result["msg"], result
    assert "an-id-token-never-sent-elsewhere" not in result["msg"]
