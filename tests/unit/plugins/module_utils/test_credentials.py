"""The credential chain (issue 15): each source, their order, refresh, fast failure, one clear error.

The network sources (STS, ECS metadata) are the emulator's identity endpoints or a scripted server, both on
127.0.0.1; tests/conftest.py points them at a closed loopback port for any test that does not.
"""

import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from helpers.loopback import NOWHERE, Answer, ScriptedServer, closed_port_url
from helpers.secret_scan import leaks

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http import credentials as creds
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError, Client


@pytest.fixture
def env():
    """An empty environment for the chain (a dict, as Chain takes one), on loopback, no file.

    tests/conftest.py points HOME at an empty directory: the default credentials file does not exist.
    """
    return {"HUAWEICLOUD_METADATA_ENDPOINT": NOWHERE, "HUAWEICLOUD_SDK_STS_ENDPOINT": NOWHERE}


@pytest.fixture
def scripted():
    server = ScriptedServer().start()
    yield server
    server.stop()


def oidc_env(emulator, **extra):
    return dict(
        dict(
            HUAWEICLOUD_OIDC_PROVIDER_URN=emulator.oidc_provider_urn,
            HUAWEICLOUD_OIDC_AGENCY_URN=emulator.oidc_agency_urn,
            HUAWEICLOUD_OIDC_ID_TOKEN="emulator-oidc-id-token-0001",
            HUAWEICLOUD_SDK_STS_ENDPOINT=emulator.url,
        ),
        **extra,
    )


@pytest.fixture
def write_file(env, tmp_path):
    """write_file(text or bytes): a credentials file, named in HUAWEICLOUD_SDK_CREDENTIALS_FILE."""

    def write(content):
        env["HUAWEICLOUD_SDK_CREDENTIALS_FILE"] = write.path
        with open(write.path, "wb" if isinstance(content, bytes) else "w") as handle:
            handle.write(content)

    write.path = str(tmp_path / "credentials")
    return write


def default_file_path():
    return os.path.join(os.environ["HOME"], ".huaweicloud", "credentials")


def triple(found):
    return found.access_key, found.secret_key, found.security_token


def test_metadata_gives_the_agency_keys_with_a_session_token(emulator, env):
    env["HUAWEICLOUD_METADATA_ENDPOINT"] = emulator.url
    found = creds.Chain(environ=env).resolve()
    assert (found.source, triple(found)) == ("metadata", emulator.temp_credentials)
    assert found.expires_at and found.expires_at > time.time() + 3000
    token_put, key_get = emulator.journal()
    assert (token_put["method"], token_put["path"]) == ("PUT", "/meta-data/latest/api/token")
    assert token_put["headers"]["X-Metadata-Token-Ttl-Seconds"] == "21600"
    assert key_get["headers"]["X-Metadata-Token"] == emulator.journal()[0]["response_body"]
    assert key_get["status"] == 200


def test_metadata_without_session_tokens_asks_without_one(emulator, env):
    emulator.set_config(metadata_token="unsupported")
    env["HUAWEICLOUD_METADATA_ENDPOINT"] = emulator.url
    assert triple(creds.Chain(environ=env).resolve()) == emulator.temp_credentials
    assert "X-Metadata-Token" not in emulator.journal()[-1]["headers"]


def test_an_ecs_without_agency_is_named(emulator, env):
    emulator.set_config(metadata_agency=False)
    env["HUAWEICLOUD_METADATA_ENDPOINT"] = emulator.url
    with pytest.raises(creds.NoCredentials) as caught:
        creds.Chain(environ=env).resolve()
    assert "the ECS has no agency" in str(caught.value)
    assert len(emulator.journal()) == 2  # no new session token for a 401 that says "no agency"


def test_oidc_exchanges_the_id_token_at_sts(emulator, env, tmp_path):
    token_file = tmp_path / "id-token"
    token_file.write_text("emulator-oidc-id-token-0001\n")
    env.update(
        oidc_env(
            emulator,
            HUAWEICLOUD_OIDC_SESSION_NAME="ci-42",
            HUAWEICLOUD_OIDC_DURATION_SECONDS="900",
            HUAWEICLOUD_OIDC_POLICY_IDS="p1, p2",
        )
    )
    del env["HUAWEICLOUD_OIDC_ID_TOKEN"]
    env["HUAWEICLOUD_OIDC_TOKEN_FILE"] = str(token_file)
    hidden = []
    found = creds.Chain(environ=env, hide=lambda *values: hidden.extend(values)).resolve()
    assert (found.source, triple(found)) == ("oidc", emulator.temp_credentials)
    (sent,) = emulator.journal()
    assert (sent["method"], sent["path"]) == ("POST", "/v5/agencies/assume-with-oidc")
    assert sent["body"] == dict(
        provider_urn=emulator.oidc_provider_urn,
        agency_urn=emulator.oidc_agency_urn,
        agency_session_name="ci-42",
        id_token="emulator-oidc-id-token-0001",
        duration_seconds=900,
        policy_ids=["p1", "p2"],
    )
    assert "emulator-oidc-id-token-0001" in hidden and emulator.temp_secret_key in hidden


def test_default_sts_endpoint_is_the_sdks_for_the_region():
    assert creds.sts_endpoint_for("ap-southeast-1", {}) == "https://sts.ap-southeast-1.myhuaweicloud.com"
    assert creds.sts_endpoint_for("eu-west-101", {}) == "https://sts.cn-north-4.myhuaweicloud.com"
    assert creds.sts_endpoint_for(None, {}) == "https://sts.cn-north-4.myhuaweicloud.com"
    assert (
        creds.sts_endpoint_for("cn-north-4", {"HUAWEICLOUD_SDK_STS_ENDPOINT": "http://127.0.0.1:1"})
        == "http://127.0.0.1:1"
    )


def test_a_refused_id_token_is_an_error_not_another_identity(emulator, env, write_file):
    """Issue 21: STS refusing the token used to hand the run to the credentials file (or metadata)."""
    env.update(oidc_env(emulator, HUAWEICLOUD_OIDC_ID_TOKEN="not-the-token"))
    env["HUAWEICLOUD_METADATA_ENDPOINT"] = emulator.url
    write_file("[basic]\nak = FILEAK\nsk = file-secret\n")
    message = broken(env, secrets=("not-the-token", "file-secret"))
    assert message.startswith("OIDC is configured as the credential source")
    assert "HTTP 401" in message and "the id token is not valid (STS.0401)" in message
    assert [entry["operation"] for entry in emulator.journal()] == ["AssumeAgencyWithOidc"]  # nothing after it


def test_the_credentials_file(env, write_file):
    write_file(
        "[basic]\nak = FILEAK\nsk = file%secret\nsecurity_token = tok\nproject_id = p-file\n"
        "iam_endpoint = https://iam.example\n"
    )
    found = creds.Chain(environ=env).resolve()
    assert (found.source, triple(found), found.project_id, found.iam_endpoint) == (
        "credentials_file",
        ("FILEAK", "file%secret", "tok"),
        "p-file",
        "https://iam.example",
    )
    assert not found.needs_refresh(time.time() + 10**6)  # nothing to refresh it from


def test_the_default_credentials_file_is_in_home(monkeypatch, tmp_path, env):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".huaweicloud").mkdir()
    (tmp_path / ".huaweicloud" / "credentials").write_text("[basic]\nak = HOMEAK\nsk = home-secret\n")
    assert creds.Chain(environ=env).resolve().access_key == "HOMEAK"


def broken(env, secrets=()):
    """The message of a chain that must fail on a configured source; it holds none of ``secrets``."""
    with pytest.raises(creds.NoCredentials) as caught:
        creds.Chain(environ=env).resolve()
    message = str(caught.value)
    assert not leaks(message, secrets), "a secret in the message"
    return message


# ----- Issue 21: a source that is configured but broken fails; only unconfigured sources fall through ------
# Each case has the emulator's metadata service (and, but for OIDC cases, a good credentials file) ready to
# answer: before the fix, the run silently signed with that other identity.


@pytest.fixture
def fallback(emulator, env):
    """Metadata on the emulator, ready to answer if the chain wrongly went on."""
    env["HUAWEICLOUD_METADATA_ENDPOINT"] = emulator.url
    yield emulator
    assert not emulator.journal(operation="MetadataSecurityKey"), "the chain went on to metadata"


@pytest.mark.parametrize(
    "text, reason",
    [
        ("[global]\nak = A\nsk = global-secret\n", "no [basic] section"),
        ("[basic]\nak = A\n", "[basic] has ak but no sk"),
        ("[basic]\nsk = only-sk-secret\n", "[basic] has sk but no ak"),
        ("[basic]\nproject_id = p\n", "no ak and sk in [basic]"),
        ("", "no [basic] section"),
        ("[basic]\nidp_id = x\nid_token_file = /t\n", "IAM identity federation is not supported"),
        ("ak = A\n", "not an INI file"),
        (b"[basic]\nak = A\nsk = \xff\xfe\n", "not UTF-8 text"),
    ],
    ids=["no-basic", "no-sk", "no-ak", "no-keys", "empty", "federation", "not-ini", "not-utf8"],
)
def test_a_named_credentials_file_that_is_unusable_is_an_error(fallback, env, write_file, text, reason):
    write_file(text)
    message = broken(env, secrets=("global-secret", "only-sk-secret"))
    assert message.startswith(
        "The credentials file %s is configured as the credential source "
        "(HUAWEICLOUD_SDK_CREDENTIALS_FILE names it) but is unusable: " % write_file.path
    )
    assert reason in message and "unset HUAWEICLOUD_SDK_CREDENTIALS_FILE" in message


def test_a_named_credentials_file_that_is_missing_or_a_directory_is_an_error(fallback, env, tmp_path):
    env["HUAWEICLOUD_SDK_CREDENTIALS_FILE"] = str(tmp_path / "no-such-file")
    assert "cannot read it: No such file or directory" in broken(env)
    env["HUAWEICLOUD_SDK_CREDENTIALS_FILE"] = str(tmp_path)
    assert (
        "%s is configured as the credential source (HUAWEICLOUD_SDK_CREDENTIALS_FILE names it) but is "
        "unusable: it is a directory" % tmp_path in broken(env)
    )


def test_the_default_credentials_file_is_configured_when_it_exists(fallback, env):
    path = default_file_path()
    os.makedirs(os.path.dirname(path))
    try:
        with open(path, "w") as handle:
            handle.write("[basic]\nsk = home-secret\n")
        message = broken(env, secrets=("home-secret",))
        assert (
            "The credentials file %s is configured as the credential source (it exists at the SDK's default "
            "path)" % path in message
        )
        assert "[basic] has sk but no ak" in message and "or remove it" in message
        os.remove(path)
        os.mkdir(path)  # a directory where the file should be: there, so meant to be used
        assert "it is a directory" in broken(env)
    finally:
        if os.path.isdir(path):
            os.rmdir(path)
    # Absent: not configured, the next source answers.
    assert creds.Chain(environ=env).resolve().source == "metadata"
    fallback.clear_journal()  # rightly asked this time


@pytest.mark.parametrize(
    "variables, missing",
    [
        (
            dict(HUAWEICLOUD_OIDC_PROVIDER_URN="urn-p", HUAWEICLOUD_OIDC_ID_TOKEN="oidc-secret-token"),
            "not set: HUAWEICLOUD_OIDC_AGENCY_URN",
        ),
        (
            dict(HUAWEICLOUD_OIDC_AGENCY_URN="urn-a"),
            "not set: HUAWEICLOUD_OIDC_PROVIDER_URN; HUAWEICLOUD_OIDC_ID_TOKEN or HUAWEICLOUD_OIDC_TOKEN_FILE",
        ),
        (
            dict(HUAWEICLOUD_OIDC_ID_TOKEN="oidc-secret-token"),
            "not set: HUAWEICLOUD_OIDC_PROVIDER_URN; HUAWEICLOUD_OIDC_AGENCY_URN",
        ),
    ],
    ids=["no-agency", "only-agency", "only-token"],
)
def test_oidc_with_a_piece_missing_is_an_error(fallback, env, write_file, variables, missing):
    env.update(variables)
    write_file("[basic]\nak = FILEAK\nsk = file-secret\n")
    message = broken(env, secrets=("oidc-secret-token", "file-secret"))
    assert message.startswith(
        "OIDC is configured as the credential source (%s set) but is unusable: %s. "
        % (", ".join(sorted(variables)), missing)
    ), message
    assert "unset every HUAWEICLOUD_OIDC_* variable" in message
    assert not fallback.journal()  # STS not asked either: nothing to ask it with


def test_oidc_with_an_unusable_token_file_is_an_error(fallback, env, tmp_path):
    env.update(oidc_env(fallback))
    del env["HUAWEICLOUD_OIDC_ID_TOKEN"]
    for path, reason in ((tmp_path / "missing-token", "No such file or directory"), (tmp_path, "Is a directory")):
        env["HUAWEICLOUD_OIDC_TOKEN_FILE"] = str(path)
        assert "cannot read the id token file %s: %s" % (path, reason) in broken(env)
    empty = tmp_path / "empty-token"
    empty.write_text(" \n")
    env["HUAWEICLOUD_OIDC_TOKEN_FILE"] = str(empty)
    assert "the id token file %s is empty" % empty in broken(env)
    assert not fallback.journal()


def test_oidc_with_sts_unreachable_is_an_error(fallback, env):
    env.update(oidc_env(fallback, HUAWEICLOUD_SDK_STS_ENDPOINT=NOWHERE))
    message = broken(env, secrets=("emulator-oidc-id-token-0001",))
    assert "OIDC is configured as the credential source" in message and "no connection to 127.0.0.1:9" in message


def test_half_an_environment_pair_is_an_error(fallback, env):
    env["HUAWEICLOUD_SDK_SK"] = "env-half-secret"
    message = broken(env, secrets=("env-half-secret",))
    assert message.startswith(
        "The environment is configured as the credential source (HUAWEICLOUD_SDK_SK set) "
        "but is unusable: not set: HUAWEICLOUD_SDK_AK"
    )


def test_the_sdks_environment_federation_is_an_error_not_ignored(fallback, env):
    env.update(HUAWEICLOUD_SDK_IDP_ID="idp", HUAWEICLOUD_SDK_ID_TOKEN_FILE="/run/token")
    message = broken(env)
    assert message.startswith(
        "The environment is configured as the credential source (HUAWEICLOUD_SDK_IDP_ID, "
        "HUAWEICLOUD_SDK_ID_TOKEN_FILE set) but is unusable: IAM identity federation"
    )
    assert "use the HUAWEICLOUD_OIDC_* variables instead" in message


def test_an_oidc_duration_that_is_not_a_number_is_an_error(fallback, env):
    env.update(oidc_env(fallback, HUAWEICLOUD_OIDC_DURATION_SECONDS="an hour"))
    assert "HUAWEICLOUD_OIDC_DURATION_SECONDS must be a whole number of seconds, got an hour" in broken(env)
    assert not fallback.journal()


def test_optional_oidc_settings_alone_do_not_configure_oidc(fallback, env):
    env.update(HUAWEICLOUD_OIDC_SESSION_NAME="ci", HUAWEICLOUD_OIDC_DURATION_SECONDS="900")
    assert creds.Chain(environ=env).resolve().source == "metadata"
    fallback.clear_journal()  # this one may go on: nothing was configured


def test_order_oidc_environment_file_metadata(emulator, env, write_file):
    env["HUAWEICLOUD_METADATA_ENDPOINT"] = emulator.url
    assert creds.Chain(environ=env).resolve().source == "metadata"
    write_file("[basic]\nak = FILEAK\nsk = file-secret\n")
    assert creds.Chain(environ=env).resolve().source == "credentials_file"
    env.update(HUAWEICLOUD_SDK_AK="ENVAK", HUAWEICLOUD_SDK_SK="env-secret")
    assert triple(creds.Chain(environ=env).resolve()) == ("ENVAK", "env-secret", None)
    env.update(oidc_env(emulator))
    assert creds.Chain(environ=env).resolve().source == "oidc"
    # The sources after the one that answered are never asked.
    assert [entry["operation"] for entry in emulator.journal()] == [
        "MetadataToken",
        "MetadataSecurityKey",
        "AssumeAgencyWithOidc",
    ]


def test_nothing_anywhere_names_every_place_tried(env):
    with pytest.raises(creds.NoCredentials) as caught:
        creds.Chain(environ=env).resolve()
    message = str(caught.value)
    for place in (
        "the options access_key and secret_key",
        "HUAWEICLOUD_OIDC_PROVIDER_URN",
        "HUAWEICLOUD_OIDC_TOKEN_FILE",
        "HUAWEICLOUD_SDK_AK, HW_ACCESS_KEY, CLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK, HW_SECRET_KEY, CLOUD_SDK_SK",
        default_file_path(),
        "the ECS metadata service at http://127.0.0.1:9 (no connection",
    ):
        assert place in message, place
    assert (
        message.index("OIDC")
        < message.index("HUAWEICLOUD_SDK_AK")
        < message.index("credentials file")
        < message.index("metadata")
    )


def test_an_unanswering_metadata_endpoint_fails_within_its_timeout(scripted, env, monkeypatch):
    monkeypatch.setattr(creds, "METADATA_TIMEOUT", (0.5, 0.5))  # the real one is 3 s: the same code path
    scripted.default = Answer(200, "never in time", delay=3)
    env["HUAWEICLOUD_METADATA_ENDPOINT"] = scripted.url
    started = time.monotonic()
    with pytest.raises(creds.NoCredentials) as caught:
        creds.Chain(environ=env).resolve()
    assert time.monotonic() - started < 2.5
    assert "(timeout to 127.0.0.1:" in str(caught.value)


def test_metadata_timeouts_are_a_few_seconds():
    assert max(creds.METADATA_TIMEOUT) <= 3


def test_a_closed_metadata_port_fails_at_once(env):
    env["HUAWEICLOUD_METADATA_ENDPOINT"] = closed_port_url()
    started = time.monotonic()
    with pytest.raises(creds.NoCredentials):
        creds.Chain(environ=env).resolve()
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    "body",
    [
        {
            "credential": {
                "access": "A1",
                "secret": "S1",
                "securitytoken": "T1",
                "expires_at": "2030-01-01T00:00:00.000000Z",
            }
        },
        {
            "credentials": {
                "accessKeyId": "A1",
                "secretAccessKey": "S1",
                "securityToken": "T1",
                "expiration": "2030-01-01T00:00:00.000000Z",
            }
        },
        {
            "credentials": {
                "access_key_id": "A1",
                "secret_access_key": "S1",
                "security_token": "T1",
                "expires_at": "2030-01-01T00:00:00Z",
            }
        },
    ],
    ids=["metadata-spelling", "camel-case", "snake-case"],
)
def test_every_answer_spelling_the_sdk_reads(scripted, env, body):
    scripted.answer(Answer(200, "session"), Answer(200, body))
    env["HUAWEICLOUD_METADATA_ENDPOINT"] = scripted.url
    found = creds.Chain(environ=env).resolve()
    assert triple(found) == ("A1", "S1", "T1")
    assert found.expires_at == 1893456000  # 2030-01-01T00:00:00 UTC, not local time


class FakeClock:
    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now


def metadata_client(emulator, env):
    """A client signing with temporary keys from the emulator's metadata endpoint, on a clock the test moves."""
    env["HUAWEICLOUD_METADATA_ENDPOINT"] = emulator.url
    clock = FakeClock()
    found = creds.Chain(environ=env, clock=clock).resolve()
    client = Client(
        found.access_key,
        found.secret_key,
        security_token=found.security_token,
        endpoint=emulator.url,
        project_id=emulator.project_id,
        credentials=found,
        clock=clock,
    )
    return client, found, clock


def test_temporary_keys_are_refreshed_near_expiry_and_masked(emulator, env):
    """A long wait: the client fetches new keys from their source before signing with keys about to lapse."""
    client, found, clock = metadata_client(emulator, env)
    path = ["instances", emulator.instance_id]
    client.call("GET", path, "show")
    assert [e["operation"] for e in emulator.journal()][-1] == "ShowInstance"  # no refresh: an hour left
    emulator.clear_journal()
    clock.now = found.expires_at - 200  # within the 5-minute margin
    client.call("GET", path, "show")
    operations = [e["operation"] for e in emulator.journal()]
    assert operations == ["MetadataToken", "MetadataSecurityKey", "ShowInstance"]
    assert emulator.journal()[-1]["headers"]["X-Security-Token"] == emulator.security_token
    assert emulator.journal()[-1]["signature"] == "ok"
    # The new keys are masked from the moment they arrive.
    assert client.redact("x %s y" % emulator.temp_secret_key) == "x ******** y"


def test_refreshed_keys_are_masked_even_when_new(scripted):
    """A source that hands out new keys: the client's messages mask them too."""
    clock = FakeClock()
    first = creds.Credentials(
        "metadata",
        "A1",
        "first-secret",
        "first-token",
        expires_at=clock.now + 100,
        issued_at=clock.now - 3500,
        fetch=lambda: creds.Credentials("metadata", "A2", "second-secret", "second-token", expires_at=clock.now + 3600),
    )
    scripted.answer(Answer(400, {"error_code": "X", "error_msg": "echo second-secret and second-token"}))
    client = Client(
        "A1",
        "first-secret",
        security_token="first-token",
        endpoint=scripted.url,
        project_id="p",
        credentials=first,
        clock=clock,
        retries=0,
    )
    with pytest.raises(ApiError) as caught:
        client.call("GET", ["x"], "show")
    assert "second-secret" not in str(caught.value) and "second-token" not in str(caught.value)
    assert scripted.requests[0].headers["X-Security-Token"] == "second-token"
    assert not client._credentials.needs_refresh(clock.now + 60)  # the new hour-long keys: not on every request


def test_short_lived_keys_are_not_refreshed_on_every_request():
    now = time.time()
    keys = creds.Credentials("oidc", "A", "S", "T", expires_at=now + 240, issued_at=now, fetch=lambda: None)
    assert not keys.needs_refresh(now + 60)  # 4-minute keys: refreshed in their second half only
    assert keys.needs_refresh(now + 130)


def test_a_failed_refresh_is_an_api_error_naming_the_source(emulator, env):
    client, found, clock = metadata_client(emulator, env)
    emulator.set_config(metadata_agency=False)
    clock.now = found.expires_at - 10
    with pytest.raises(ApiError) as caught:
        client.call("GET", ["instances", emulator.instance_id], "show the instance")
    assert "Could not refresh the temporary credentials from metadata" in str(caught.value)
    assert caught.value.error_code == "CredentialRefresh"


def test_threads_sharing_a_client_refresh_once_and_never_sign_with_half_a_pair(emulator, env):
    """smart_connect_tasks' threads: keys about to lapse are fetched once, and every request is signed whole."""
    client, found, clock = metadata_client(emulator, env)
    client.allow_parallel(8)
    emulator.clear_journal()
    clock.now = found.expires_at - 200  # within the margin: the first thread to sign refreshes
    with ThreadPoolExecutor(8) as pool:
        for future in [
            pool.submit(client.call, "GET", ["instances", emulator.instance_id], "show") for _call in range(16)
        ]:
            future.result()
    operations = [entry["operation"] for entry in emulator.journal()]
    assert operations.count("MetadataSecurityKey") == 1 and operations.count("ShowInstance") == 16
    assert all(entry["signature"] == "ok" for entry in emulator.journal() if entry["operation"] == "ShowInstance")


def test_a_failed_refresh_keeps_the_keys_that_still_hold_and_is_tried_again_later(emulator, env):
    """A source down for a moment: the keys in use (minutes left) sign on, and all threads retry it once later."""
    client, found, clock = metadata_client(emulator, env)
    client.allow_parallel(4)
    emulator.set_config(metadata_agency=False)
    emulator.clear_journal()
    clock.now = found.expires_at - 200  # within the refresh margin, but minutes left
    with ThreadPoolExecutor(4) as pool:
        for future in [
            pool.submit(client.call, "GET", ["instances", emulator.instance_id], "show") for _call in range(8)
        ]:
            future.result()
    operations = [entry["operation"] for entry in emulator.journal()]
    assert operations.count("MetadataSecurityKey") == 1 and operations.count("ShowInstance") == 8
    emulator.set_config(metadata_agency=True)
    clock.now += 31  # past the retry pause: the next request refreshes
    client.call("GET", ["instances", emulator.instance_id], "show")
    assert [entry["operation"] for entry in emulator.journal()].count("MetadataSecurityKey") == 2
