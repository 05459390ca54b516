"""Signature verification: failures answer 401 APIGW.0301 like the gateway; the built-in canonicaliser
agrees with the official SDK signer on arbitrary requests."""

import datetime
import json
import types
import warnings

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from emulator import config, signature, state
from emulator.sdk_import import isolated_home

from .emulator_helpers import error_of, sdk_sign

with isolated_home():
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer


def old_date(minutes):
    moment = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=minutes)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def assert_auth_failure(emulator, response, reason):
    assert error_of(response) == (401, "APIGW.0301")
    body = response.json()
    assert body["error_msg"].startswith("Incorrect IAM authentication information: verify aksk signature fail")
    assert reason in body["error_msg"]
    assert body["request_id"] == response.headers["X-Request-Id"]
    entry = emulator.journal()[-1]
    assert reason in entry["signature"] and entry["status"] == 401


def test_sdk_signed_request_passes(emulator, dms):
    assert dms.list().status_code == 200
    assert emulator.journal()[-1]["signature"] == "ok"


def test_wrong_secret_key_shows_the_canonical_request(emulator, dms):
    response = dms.call("GET", dms.tasks_path(), query=[("limit", "5")], sk="not-the-secret")
    assert_auth_failure(emulator, response, "signature does not match")
    message = response.json()["error_msg"]
    assert (
        "canonical request: GET|/v2/%s/instances/%s/connector/tasks/|limit=5|content-type:application/json|"
        % (emulator.project_id, emulator.instance_id)
        in message
    )
    assert "||content-type;host;x-project-id;x-sdk-date|e3b0c442" in message


def test_tampered_body(emulator, dms):
    url, headers = sdk_sign(
        "POST",
        emulator.url,
        dms.tasks_path(),
        headers={"Content-Type": "application/json"},
        body=b'{"task_name": "a"}',
        ak=emulator.access_key,
        sk=emulator.secret_key,
    )
    response = requests.post(url, headers=headers, data=b'{"task_name": "b"}', timeout=5)
    assert_auth_failure(emulator, response, "signature does not match")


@pytest.mark.parametrize("minutes, ok", [(16, False), (-16, False), (14, True), (-14, True)])
def test_date_skew(emulator, dms, minutes, ok):
    response = dms.call("GET", dms.tasks_path(), headers={"X-Sdk-Date": old_date(minutes)})
    if ok:
        assert response.status_code == 200
    else:
        assert_auth_failure(emulator, response, "seconds away from the server time")


def test_missing_authorization(emulator):
    response = requests.get(
        emulator.url + "/v2/%s/instances/%s" % (emulator.project_id, emulator.instance_id), timeout=5
    )
    assert_auth_failure(emulator, response, "missing Authorization header")


@pytest.mark.parametrize(
    "drop, reason",
    [("X-Sdk-Date", "signed header x-sdk-date is missing"), ("X-Project-Id", "signed header x-project-id is missing")],
)
def test_signed_header_missing(emulator, dms, drop, reason):
    url, headers = sdk_sign(
        "GET",
        emulator.url,
        dms.tasks_path(),
        headers={"Content-Type": "application/json", "X-Project-Id": emulator.project_id},
        ak=emulator.access_key,
        sk=emulator.secret_key,
    )
    del headers[drop]
    assert_auth_failure(emulator, requests.get(url, headers=headers, timeout=5), reason)


def test_malformed_authorization_and_unknown_key(emulator, dms):
    url, headers = sdk_sign("GET", emulator.url, dms.tasks_path(), ak=emulator.access_key, sk=emulator.secret_key)
    headers["Authorization"] = "Bearer abc"
    assert_auth_failure(emulator, requests.get(url, headers=headers, timeout=5), "malformed Authorization")
    response = dms.call("GET", dms.tasks_path(), ak="UNKNOWNAK00000000000")
    assert_auth_failure(emulator, response, "ak UNKNOWNAK00000000000 not exist")


def test_temporary_credentials_need_the_matching_token(emulator, dms):
    access_key, secret_key, token = emulator.temp_credentials
    assert dms.call("GET", dms.tasks_path(), ak=access_key, sk=secret_key, token=token).status_code == 200
    response = dms.call("GET", dms.tasks_path(), ak=access_key, sk=secret_key)
    assert_auth_failure(emulator, response, "X-Security-Token is required")
    response = dms.call("GET", dms.tasks_path(), ak=access_key, sk=secret_key, token="stolen-token")
    assert_auth_failure(emulator, response, "X-Security-Token does not match")


def test_underscore_headers_are_not_signed(emulator, dms):
    response = dms.call("GET", dms.tasks_path(), headers={"X_Custom_Header": "value"})
    assert response.status_code == 200
    assert "x_custom_header" not in emulator.journal()[-1]["headers"].get("Authorization", "").lower()


def test_awkward_paths_and_queries_verify(emulator, dms):
    # Trailing slash, encoded characters and repeated keys must verify (then fail on their own merits).
    path = dms.tasks_path() + "/"
    response = dms.call(
        "GET",
        path,
        query=[("limit", "2"), ("offset", "0"), ("x", "a b*"), ("x", "10"), ("x", "2"), ("empty", ""), ("plus", "1+1")],
    )
    assert response.status_code == 200, response.text
    response = dms.call("GET", dms.instance_path("caf%C3%A9-%2F-id"))
    assert error_of(response) == (400, "DMS.00400030")
    assert emulator.journal()[-1]["signature"] == "ok"


def test_non_ascii_header_value(emulator, dms):
    response = dms.call("GET", dms.tasks_path(), headers={"X-Note": "données-été"})
    assert response.status_code == 200
    assert emulator.journal()[-1]["headers"]["X-Note"] == "données-été"


def test_project_checks(emulator, dms):
    assert error_of(dms.call("GET", dms.tasks_path(), project_header="ffffffffffffffffffffffffffffffff")) == (
        401,
        "APIGW.0301",
    )
    other = "/v2/ffffffffffffffffffffffffffffffff/instances/%s" % emulator.instance_id
    assert error_of(dms.call("GET", other)) == (401, "DMS.10240104")
    assert error_of(dms.call("GET", other, project_header=False)) == (401, "DMS.10240104")
    assert dms.call("GET", dms.instance_path(), project_header=False).status_code == 200


def test_ambiguous_project_of_the_account_has_no_instances(emulator, dms):
    emulator.make_region_ambiguous()
    path = dms.instance_path(project_id=emulator.ambiguous_project_id)
    assert error_of(dms.call("GET", path, project_header=emulator.ambiguous_project_id)) == (404, "DMS.00404022")
    assert error_of(dms.call("GET", path)) == (401, "DMS.10240104")  # header and path disagree


def test_unknown_api_is_a_gateway_404(emulator, dms):
    assert error_of(dms.call("GET", "/v2/%s/nothing-here" % emulator.project_id)) == (404, "APIGW.0101")
    assert error_of(dms.call("PATCH", dms.tasks_path())) == (404, "APIGW.0101")
    assert emulator.journal()[-1]["operation"] is None


# ----- the built-in implementation against the official signer -------------------------------------------


def sdk_authorization(method, host, path, query, headers, body, ak, sk):
    request = SdkRequest(
        method=method,
        schema="http",
        host=host,
        resource_path=path,
        query_params=list(query),
        header_params=dict(headers),
        body=body,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        Signer(types.SimpleNamespace(ak=ak, sk=sk)).sign(request)
    return request


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
SEGMENT = st.text(alphabet="abcXYZ019-._~ %+*/:@éß", min_size=0, max_size=10)


@settings(max_examples=150, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
    segments=st.lists(SEGMENT, min_size=1, max_size=5),
    query=st.lists(st.tuples(TEXT, TEXT), max_size=5),
    extra_headers=st.dictionaries(
        st.sampled_from(["X-A", "x-b", "X_Skip", "Content-Type", "User-Agent"]),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=10),
        max_size=4,
    ),
    body=st.one_of(
        st.just(b""), st.binary(max_size=40), st.dictionaries(TEXT, TEXT).map(lambda d: json.dumps(d).encode())
    ),
)
def test_builtin_verifier_agrees_with_the_sdk_signer(method, segments, query, extra_headers, body):
    creds = config.Credentials()
    host = "127.0.0.1:8443"
    path = "/" + "/".join(segments)
    headers = dict(
        extra_headers, **{"X-Sdk-Date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")}
    )
    signed = sdk_authorization(method, host, path, query, headers, body, creds.access_key, creds.secret_key)
    # What the server receives: the path unchanged, the SDK's canonical query string, UTF-8 header values.
    wire_headers = [(name, value.encode("iso-8859-1").decode("utf-8")) for name, value in signed.header_params.items()]
    raw_query = signed.uri.partition("?")[2]
    wire = signature.WireRequest(
        method=method, raw_path=path, query_pairs=signature.parse_query(raw_query), headers=wire_headers, body=body
    )
    for signer in ("builtin", "sdk"):
        verdict = signature.Verifier(creds, state.SystemClock(), signer).verify(wire)
        assert verdict.reason == "ok", (signer, verdict.canonical_request)


def test_worked_example_from_the_signing_guide():
    canonical = signature.canonical_request(
        "GET",
        "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
        [("limit", "2"), ("marker", "13551d6b-755d-4757-b956-536f674975c0")],
        {"content-type": "application/json", "x-sdk-date": "20191115T033655Z", "host": "service.region.example.com"},
        b"",
    )
    assert (
        signature.builtin_signature("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", "20191115T033655Z", canonical)
        == "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
    )
