"""Differential: the SDK's own CredentialProviderChain and the collection's chain, given the same environment and
files, resolve to the same access key, secret key, security token and project id (issue 15); and where a
configured source is broken, the SDK goes on to another identity while the collection fails (issue 21).

The SDK (test-only oracle, never a run-time dependency) has its metadata endpoint pointed at the emulator, and
its STS endpoint through HUAWEICLOUD_SDK_STS_ENDPOINT, so neither leaves 127.0.0.1.
"""

import logging
import os

import pytest
from emulator.sdk_import import isolated_home

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http import credentials as creds

with isolated_home():
    from huaweicloudsdkcore.auth import internal as sdk_internal
    from huaweicloudsdkcore.auth import provider as sdk_provider
    from huaweicloudsdkcore.exceptions.exception_handler import DefaultExceptionHandler
    from huaweicloudsdkcore.exceptions.exceptions import SdkException
    from huaweicloudsdkcore.http.http_client import HttpClient
    from huaweicloudsdkcore.http.http_config import HttpConfig


@pytest.fixture
def world(emulator, monkeypatch, tmp_path):
    """One environment for both chains: os.environ itself, the SDK's metadata endpoint on the emulator.

    HOME is an empty directory (tests/conftest.py), so neither finds a default credentials file.
    """
    for name in list(os.environ):
        if name.startswith(("HUAWEICLOUD_SDK_", "HW_", "CLOUD_SDK_", "HUAWEICLOUD_OIDC_", "HC_CONTAINER_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HUAWEICLOUD_SDK_STS_ENDPOINT", emulator.url)
    monkeypatch.setenv("HUAWEICLOUD_METADATA_ENDPOINT", emulator.url)
    monkeypatch.setattr(sdk_internal.MetadataAccessor, "_METADATA_ENDPOINT", emulator.url)
    return emulator


def sdk_resolve():
    found = sdk_provider.CredentialProviderChain.get_basic_credential_provider_chain().get_credentials()
    # OIDC keys are fetched on first use, with the client's HTTP client: do what the first request does.
    found.process_sts(
        HttpClient(HttpConfig.get_default_config(), None, DefaultExceptionHandler(), logging.getLogger("sdk-oracle"))
    )
    return found.ak, found.sk, found.security_token, found.project_id


def ours():
    found = creds.Chain().resolve()
    return found.access_key, found.secret_key, found.security_token, found.project_id


@pytest.fixture
def write_file(monkeypatch, tmp_path):
    """write_file(text): a credentials file, named in HUAWEICLOUD_SDK_CREDENTIALS_FILE."""

    def write(text):
        path = tmp_path / "credentials"
        path.write_text(text)
        monkeypatch.setenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", str(path))

    return write


def test_oidc_with_an_id_token(world, monkeypatch):
    monkeypatch.setenv("HUAWEICLOUD_OIDC_PROVIDER_URN", world.oidc_provider_urn)
    monkeypatch.setenv("HUAWEICLOUD_OIDC_AGENCY_URN", world.oidc_agency_urn)
    monkeypatch.setenv("HUAWEICLOUD_OIDC_ID_TOKEN", "emulator-oidc-id-token-0001")
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", "p-from-env")
    assert ours() == sdk_resolve() == world.temp_credentials + ("p-from-env",)
    sdk_body, our_body = [entry["body"] for entry in world.journal(operation="AssumeAgencyWithOidc")]
    assert our_body == sdk_body  # the same request, defaults included (session name, duration)


def test_oidc_with_a_token_file_and_options(world, monkeypatch, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("  emulator-oidc-id-token-0001\n")
    monkeypatch.setenv("HUAWEICLOUD_OIDC_PROVIDER_URN", world.oidc_provider_urn)
    monkeypatch.setenv("HUAWEICLOUD_OIDC_AGENCY_URN", world.oidc_agency_urn)
    monkeypatch.setenv("HUAWEICLOUD_OIDC_TOKEN_FILE", str(token_file))
    monkeypatch.setenv("HUAWEICLOUD_OIDC_SESSION_NAME", "ci-run-7")
    monkeypatch.setenv("HUAWEICLOUD_OIDC_DURATION_SECONDS", "1800")
    monkeypatch.setenv("HUAWEICLOUD_OIDC_POLICY", '{"Version": "5.0"}')
    monkeypatch.setenv("HUAWEICLOUD_OIDC_POLICY_IDS", "a, b,,c")
    assert ours() == sdk_resolve()
    sdk_body, our_body = [entry["body"] for entry in world.journal(operation="AssumeAgencyWithOidc")]
    assert our_body == sdk_body


def test_environment(world, monkeypatch):
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "ENVAK")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "env-secret")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SECURITY_TOKEN", "env-token")
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", "p-env")
    assert ours() == sdk_resolve() == ("ENVAK", "env-secret", "env-token", "p-env")


@pytest.mark.parametrize(
    "text",
    [
        "[basic]\nak = FILEAK\nsk = file-secret\nproject_id = p-file\n",
        "[basic]\nAK = FILEAK\nSK = file-secret\nsecurity_token = file-token\nproject_id = p-file\n"
        "iam_endpoint = https://iam.example\n",
        "[global]\nak = GLOBAL\nsk = g\n[basic]\nak = FILEAK\nsk = file-secret\n",
    ],
    ids=["keys", "token-and-upper-case-keys", "two-sections"],
)
def test_credentials_file(world, write_file, text):
    write_file(text)
    assert ours() == sdk_resolve()
    assert ours()[0] == "FILEAK"


def test_metadata(world):
    assert ours() == sdk_resolve() == world.temp_credentials + (None,)


def test_metadata_without_session_tokens(world):
    world.set_config(metadata_token="unsupported")
    assert ours() == sdk_resolve()


def test_order_when_every_source_answers(world, monkeypatch, write_file):
    write_file("[basic]\nak = FILEAK\nsk = file-secret\n")
    assert ours() == sdk_resolve()  # the file before metadata
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "ENVAK")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "env-secret")
    assert ours()[:3] == sdk_resolve()[:3] == ("ENVAK", "env-secret", None)  # the environment before the file
    monkeypatch.setenv("HUAWEICLOUD_OIDC_PROVIDER_URN", world.oidc_provider_urn)
    monkeypatch.setenv("HUAWEICLOUD_OIDC_AGENCY_URN", world.oidc_agency_urn)
    monkeypatch.setenv("HUAWEICLOUD_OIDC_ID_TOKEN", "emulator-oidc-id-token-0001")
    assert ours()[:3] == sdk_resolve()[:3] == world.temp_credentials  # OIDC before the environment


# ----- Where the collection is stricter (issue 21) ------------------------------------------------------
# A source that is configured but broken: the SDK's chain takes the next source's identity (here the
# emulator's metadata agency, after a good credentials file for the OIDC cases); the collection fails.


def oidc_pieces(world, monkeypatch, **pieces):
    for key, value in pieces.items():
        monkeypatch.setenv("HUAWEICLOUD_OIDC_" + key.upper(), value.replace("{provider}", world.oidc_provider_urn))


@pytest.mark.parametrize(
    "case", ["oidc-without-agency", "missing-token-file", "file-without-sk", "file-is-a-directory"]
)
def test_the_sdk_takes_another_identity_where_the_collection_fails(world, monkeypatch, tmp_path, case):
    if case == "oidc-without-agency":
        oidc_pieces(world, monkeypatch, provider_urn="{provider}", id_token="emulator-oidc-id-token-0001")
    elif case == "missing-token-file":
        oidc_pieces(
            world,
            monkeypatch,
            provider_urn="{provider}",
            agency_urn=world.oidc_agency_urn,
            token_file=str(tmp_path / "no-token"),
        )
    elif case == "file-without-sk":
        (tmp_path / "credentials").write_text("[basic]\nak = FILEAK\n")
        monkeypatch.setenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    else:
        monkeypatch.setenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", str(tmp_path))
    assert sdk_resolve()[:3] == world.temp_credentials  # the SDK: the metadata agency's keys
    with pytest.raises(creds.NoCredentials) as caught:
        ours()
    assert "is configured as the credential source" in str(caught.value) and "but is unusable" in str(caught.value)


def test_a_refused_id_token_fails_in_both(world, monkeypatch):
    """The SDK commits to OIDC once its variables are set and fails at the first request; so does the collection."""
    oidc_pieces(
        world, monkeypatch, provider_urn="{provider}", agency_urn=world.oidc_agency_urn, id_token="a-token-sts-refuses"
    )
    with pytest.raises(SdkException) as sdk_caught:
        sdk_resolve()
    assert "STS.0401" in str(sdk_caught.value)
    with pytest.raises(creds.NoCredentials):
        ours()
