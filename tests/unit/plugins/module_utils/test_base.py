"""The shared connection options: environment fallbacks, precedence, validation, failures."""

import pytest
from helpers.module_runner import CREDENTIAL_VARIABLES, ModuleExit, module_args

from ansible_collections.huaweicloud.kafka.plugins.module_utils._ansible import base as _base
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.runner import Runner


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def build(args):
    with module_args(args):
        return _base.HuaweiCloudModule(argument_spec={}, supports_check_mode=True)


def fail_message(args):
    with pytest.raises(ModuleExit) as caught:
        build(args)
    assert caught.value.failed
    return caught.value.result["msg"]


@pytest.mark.parametrize(
    "option,names",
    [
        ("access_key", ["HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY", "CLOUD_SDK_AK"]),
        ("secret_key", ["HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY", "CLOUD_SDK_SK"]),
        ("security_token", ["HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN"]),
        ("region", ["HUAWEICLOUD_REGION", "HW_REGION_NAME"]),
        ("project_id", ["HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"]),
        ("endpoint", ["HUAWEICLOUD_DMS_ENDPOINT"]),
        ("iam_endpoint", ["HUAWEICLOUD_IAM_ENDPOINT"]),
    ],
)
def test_environment_fallbacks_in_order_and_option_wins(monkeypatch, option, names):
    base_args = {"access_key": "ak", "secret_key": "sk", "region": "ap-southeast-1"}
    base_args.pop(option, None)
    # Values of the option's form: region and project id must be names, endpoints URLs.
    form = {"region": "region-from-%s", "project_id": "project-from-%s"}.get(option, "https://from-%s")
    # Set them all: the first name in the documented order wins...
    for rank, name in enumerate(names):
        monkeypatch.setenv(name, form % rank)
    assert build(base_args).params[option] == form % 0
    # ...and each later one is used when those before it are unset.
    for rank, name in enumerate(names[:-1]):
        monkeypatch.delenv(name)
        assert build(base_args).params[option] == form % (rank + 1)
    # An explicit option beats every environment variable.
    assert build(dict(base_args, **{option: form % "explicit"})).params[option] == form % "explicit"


def test_empty_environment_variables_count_as_unset(monkeypatch):
    # AWX injects the optional fields of a credential as empty strings.
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", "")
    monkeypatch.setenv("HW_PROJECT_ID", "p-from-terraform-name")
    monkeypatch.setenv("HUAWEICLOUD_DMS_ENDPOINT", "")
    params = build({"access_key": "ak", "secret_key": "sk", "region": "r"}).params
    assert params["project_id"] == "p-from-terraform-name"
    assert params["endpoint"] is None


def test_defaults():
    params = build({"access_key": "ak", "secret_key": "sk", "region": "r"}).params
    assert params["validate_certs"] is True
    assert params["timeout"] == 30 and params["retries"] == 4
    assert params["security_token"] is None and params["ca_path"] is None


def test_credentials_are_required():
    message = fail_message({"region": "r"})
    assert "access_key" in message and "secret_key" in message


def test_region_required_unless_endpoint_and_project_id():
    assert "missing: endpoint, project_id" in fail_message({"access_key": "a", "secret_key": "s"})
    assert "missing: project_id" in fail_message(
        {"access_key": "a", "secret_key": "s", "endpoint": "http://127.0.0.1:1"}
    )
    module = build({"access_key": "a", "secret_key": "s", "endpoint": "http://127.0.0.1:1", "project_id": "p"})
    assert module.client.project_id == "p" and module.client.endpoint == "http://127.0.0.1:1"


@pytest.mark.parametrize(
    "args,expected",
    [
        ({"timeout": 0}, "timeout must be a whole number of seconds of at least 1, got 0"),
        ({"retries": -1}, "retries must be 0 or more, got -1"),
        ({"rate_limit_timeout": -1}, "rate_limit_timeout must be 0 or more seconds, got -1"),
        ({"rate_limit_timeout": "soon"}, "rate_limit_timeout"),
        (
            {"endpoint": "dms.example.com"},
            "endpoint must be https://host or https://host:port (http:// only to "
            "127.0.0.1, ::1 or localhost); got 'dms.example.com'",
        ),
        ({"iam_endpoint": "ftp://x"}, "iam_endpoint must be https://host or https://host:port"),
        ({"timeout": "soon"}, "timeout"),
    ],
)
def test_bad_connection_options(args, expected):
    assert expected in fail_message(dict({"access_key": "a", "secret_key": "s", "region": "r"}, **args))


def test_client_is_built_from_the_options():
    module = build(
        {
            "access_key": "ak",
            "secret_key": "sk",
            "security_token": "tok",
            "region": "eu-west-101",
            "project_id": "p",
            "validate_certs": False,
            "timeout": 7,
            "retries": 1,
            "rate_limit_timeout": 45,
        }
    )
    client = module.client
    assert client is module.client  # built once
    assert client.endpoint == "https://dms.eu-west-101.myhuaweicloud.eu"
    assert client.iam_endpoint == "https://iam.eu-west-101.myhuaweicloud.eu"
    assert (client.timeout, client.retries, client.rate_limit_timeout) == (7, 1, 45)
    assert client.redact("sk and tok") == "******** and ********"


def test_missing_requests_fails_with_ansibles_message(monkeypatch):
    monkeypatch.setattr(_base, "HAS_REQUESTS", False)
    message = fail_message({"access_key": "a", "secret_key": "s", "region": "r"})
    assert "Failed to import the required Python library (requests)" in message


def test_an_api_failure_shows_operation_message_code_and_request_id():
    error = ApiError("modify task t1", "Invalid parameter", status=400, error_code="DMS.00400062", request_id="rid")
    with module_args(
        {
            "access_key": "a",
            "secret_key": "s3cr3t-key",
            "region": "r",
            "instance_id": "6a1f0c52-4d3b-4e7a-9c41-000000000001",
        }
    ):
        module = _base.HuaweiCloudModule(argument_spec={"instance_id": {"type": "str"}})

        class Failing(Runner):
            def run(self):
                raise error

        with pytest.raises(ModuleExit) as caught:
            Failing(module).execute()
    result = caught.value.result
    assert result["msg"] == "Failed to modify task t1: Invalid parameter (DMS.00400062, rid)"
    assert result["error_code"] == "DMS.00400062" and result["request_id"] == "rid"
    assert result["status_code"] == 400 and result["changed"] is False
