"""The emulator's identity endpoints: ECS metadata and STS assume-with-oidc (see README.md, "Identity endpoints")."""

import calendar
import time

import requests


def test_metadata_needs_the_ttl_header_and_a_session_token(emulator):
    base = emulator.url
    assert requests.put(base + "/meta-data/latest/api/token", timeout=5).status_code == 400
    assert requests.get(base + "/openstack/latest/securitykey", timeout=5).status_code == 401
    token = requests.put(
        base + "/meta-data/latest/api/token", headers={"X-Metadata-Token-Ttl-Seconds": "60"}, timeout=5
    ).text
    answer = requests.get(base + "/openstack/latest/securitykey", headers={"X-Metadata-Token": token}, timeout=5)
    credential = answer.json()["credential"]
    assert (credential["access"], credential["secret"], credential["securitytoken"]) == emulator.temp_credentials
    expires = calendar.timegm(time.strptime(credential["expires_at"], "%Y-%m-%dT%H:%M:%S.%fZ"))
    assert abs(expires - (time.time() + 3600)) < 5
    assert [entry["operation"] for entry in emulator.journal()][-2:] == ["MetadataToken", "MetadataSecurityKey"]


def test_switches_ttl_and_no_agency(emulator):
    emulator.set_config(identity_ttl=30, metadata_token="optional")
    credential = requests.get(emulator.url + "/openstack/latest/securitykey", timeout=5).json()["credential"]
    expires = calendar.timegm(time.strptime(credential["expires_at"], "%Y-%m-%dT%H:%M:%S.%fZ"))
    assert abs(expires - (time.time() + 30)) < 5
    emulator.set_config(metadata_agency=False)
    refused = requests.get(emulator.url + "/openstack/latest/securitykey", timeout=5)
    assert refused.status_code == 401 and "Please configure Cloud Service Agency first" in refused.text


def test_sts_checks_provider_agency_token_and_duration(emulator):
    url = emulator.url + "/v5/agencies/assume-with-oidc"
    body = dict(
        provider_urn=emulator.oidc_provider_urn,
        agency_urn=emulator.oidc_agency_urn,
        agency_session_name="s",
        id_token="emulator-oidc-id-token-0001",
        duration_seconds=900,
    )
    answer = requests.post(url, json=body, timeout=5)
    assert answer.status_code == 200
    assert answer.json()["credentials"]["access_key_id"] == emulator.temp_access_key
    assert requests.post(url, json=dict(body, id_token="other"), timeout=5).json()["error_code"] == "STS.0401"
    assert requests.post(url, json=dict(body, agency_urn="x"), timeout=5).status_code == 403
    assert requests.post(url, json=dict(body, duration_seconds=60), timeout=5).status_code == 400


def test_identity_requests_take_faults(emulator):
    emulator.inject_fault("server_error", operation="MetadataSecurityKey", status=503)
    emulator.set_config(metadata_token="optional")
    assert requests.get(emulator.url + "/openstack/latest/securitykey", timeout=5).status_code == 503
    emulator.inject_fault("drop_before", operation="AssumeAgencyWithOidc")
    try:
        requests.post(emulator.url + "/v5/agencies/assume-with-oidc", json={}, timeout=5)
        raise AssertionError("the connection should have been dropped")
    except requests.exceptions.ConnectionError:
        pass
