"""Modules find credentials like the SDK when no key is given (issue 15), against the emulator's identity endpoints.

Each source gives the emulator's temporary triple (OIDC and metadata) or keys written to a file; the result
says ``credential_source``; explicit options cost no identity request; nothing anywhere fails before any
request to DMS and contacts nothing but loopback; ``-vvv`` shows no key of any source. A source that is
configured but broken fails the run, naming it, and never hands it to the next source (issue 21).
"""

import os
import socket

import pytest
from ansible.module_utils.basic import AnsibleModule
from helpers.ansible_cli import run_playbook
from helpers.module_runner import run_main
from helpers.secret_scan import SecretScanner, known_secrets

from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect_task_info

OIDC_ID_TOKEN = "emulator-oidc-id-token-0001"
IDENTITY_OPERATIONS = ("MetadataToken", "MetadataSecurityKey", "AssumeAgencyWithOidc")


def info(emu, **connection):
    args = dict(
        dict(
            endpoint=emu.url, iam_endpoint=emu.url, region=emu.region, retries=0, timeout=5, instance_id=emu.instance_id
        ),
        **connection,
    )
    return run_main(smart_connect_task_info.main, args)


def operations(emu):
    return [entry["operation"] for entry in emu.journal()]


def oidc_variables(emu):
    return dict(
        HUAWEICLOUD_OIDC_PROVIDER_URN=emu.oidc_provider_urn,
        HUAWEICLOUD_OIDC_AGENCY_URN=emu.oidc_agency_urn,
        HUAWEICLOUD_OIDC_ID_TOKEN=OIDC_ID_TOKEN,
        HUAWEICLOUD_SDK_STS_ENDPOINT=emu.url,
    )


def file_text(emu, **extra):
    lines = ["[basic]", "ak = %s" % emu.access_key, "sk = %s" % emu.secret_key]
    lines += ["%s = %s" % item for item in extra.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def sources(emu, monkeypatch, tmp_path):
    """Set up one source: sources("oidc"), sources("credentials_file", project_id=...), ..."""
    path = tmp_path / "credentials"

    def use(name, **extra):
        if name == "oidc":
            for key, value in oidc_variables(emu).items():
                monkeypatch.setenv(key, value)
        elif name == "environment":
            monkeypatch.setenv("HW_ACCESS_KEY", emu.access_key)
            monkeypatch.setenv("HW_SECRET_KEY", emu.secret_key)
        elif name == "credentials_file":
            path.write_text(file_text(emu, **extra))
            monkeypatch.setenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", str(path))
        elif name == "metadata":
            monkeypatch.setenv("HUAWEICLOUD_METADATA_ENDPOINT", emu.url)

    return use


@pytest.mark.parametrize(
    "source, first",
    [
        ("oidc", ["AssumeAgencyWithOidc"]),
        ("environment", []),
        ("credentials_file", []),
        ("metadata", ["MetadataToken", "MetadataSecurityKey"]),
    ],
)
def test_each_source_alone(emu, sources, source, first):
    sources(source)
    emu.clear_journal()
    result = info(emu)
    assert not result["failed"], result["msg"]
    assert result["credential_source"] == source
    assert operations(emu) == first + ["KeystoneListProjects", "ListConnectorTasks"]
    signed = emu.journal()[-1]
    assert signed["signature"] == "ok"
    temporary = source in ("oidc", "metadata")
    assert signed["access_key"] == (emu.temp_access_key if temporary else emu.access_key)
    assert (signed["headers"].get("X-Security-Token") == emu.security_token) is temporary


def test_the_files_project_id_saves_the_iam_lookup(emu, sources):
    sources("credentials_file", project_id=emu.project_id)
    emu.clear_journal()
    result = info(emu)
    assert result["credential_source"] == "credentials_file"
    assert operations(emu) == ["ListConnectorTasks"]


def test_explicit_options_beat_every_source_and_ask_none(emu, sources):
    for name in ("oidc", "credentials_file", "metadata"):
        sources(name)
    emu.clear_journal()
    result = info(emu, access_key=emu.access_key, secret_key=emu.secret_key, project_id=emu.project_id)
    assert result["credential_source"] == "options"
    assert operations(emu) == ["ListConnectorTasks"]  # no identity request at all


def test_environment_beats_the_file_and_metadata_and_asks_neither(emu, sources):
    for name in ("environment", "credentials_file", "metadata"):
        sources(name)
    emu.clear_journal()
    result = info(emu, project_id=emu.project_id)
    assert result["credential_source"] == "environment"
    assert operations(emu) == ["ListConnectorTasks"]


def test_oidc_comes_before_the_environment_as_in_the_sdk(emu, sources):
    sources("environment")
    sources("oidc")
    emu.clear_journal()
    result = info(emu, project_id=emu.project_id)
    assert result["credential_source"] == "oidc"
    assert operations(emu) == ["AssumeAgencyWithOidc", "ListConnectorTasks"]


def test_the_file_beats_metadata(emu, sources):
    sources("credentials_file")
    sources("metadata")
    emu.clear_journal()
    assert info(emu, project_id=emu.project_id)["credential_source"] == "credentials_file"
    assert not set(operations(emu)) & set(IDENTITY_OPERATIONS)


# ----- Issue 21: a configured source that is broken fails the run; it never becomes another identity -------
WRONG_TOKEN = "a-token-sts-refuses-0001"
FILE_ONLY_SK = "File-Only-Secret-Key-0001"


def break_source(case, emu, monkeypatch, tmp_path):
    """Set up one broken source (metadata is ready to answer behind it); return what the message must say."""
    oidc = oidc_variables(emu)
    if case == "wrong-oidc-token":
        oidc["HUAWEICLOUD_OIDC_ID_TOKEN"] = WRONG_TOKEN
        expected = "OIDC is configured", "HTTP 401", "the id token is not valid (STS.0401)"
    elif case == "oidc-without-agency":
        del oidc["HUAWEICLOUD_OIDC_AGENCY_URN"]
        expected = (
            "OIDC is configured as the credential source (HUAWEICLOUD_OIDC_ID_TOKEN, "
            "HUAWEICLOUD_OIDC_PROVIDER_URN set)",
            "not set: HUAWEICLOUD_OIDC_AGENCY_URN",
        )
    elif case == "missing-token-file":
        del oidc["HUAWEICLOUD_OIDC_ID_TOKEN"]
        oidc["HUAWEICLOUD_OIDC_TOKEN_FILE"] = str(tmp_path / "no-token-here")
        expected = "OIDC is configured", "cannot read the id token file %s" % oidc["HUAWEICLOUD_OIDC_TOKEN_FILE"]
    else:
        oidc = {}
        path = tmp_path / "credentials"
        if case == "file-without-sk":
            path.write_text("[basic]\nsk = %s\n" % FILE_ONLY_SK)
            expected = "The credentials file %s is configured" % path, "[basic] has sk but no ak"
        else:  # the path names a directory
            path = tmp_path
            expected = "The credentials file %s is configured" % path, "it is a directory"
        monkeypatch.setenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", str(path))
    for key, value in oidc.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("HUAWEICLOUD_METADATA_ENDPOINT", emu.url)
    return expected


@pytest.mark.parametrize(
    "case", ["wrong-oidc-token", "oidc-without-agency", "missing-token-file", "file-without-sk", "file-is-a-directory"]
)
def test_a_broken_source_fails_and_never_becomes_another_identity(emu, monkeypatch, tmp_path, case):
    warnings = []
    monkeypatch.setattr(AnsibleModule, "warn", lambda self, warning: warnings.append(warning))
    expected = break_source(case, emu, monkeypatch, tmp_path)
    emu.clear_journal()
    result = info(emu, project_id=emu.project_id)
    assert result["failed"], "signed as %s instead of failing" % result.get("credential_source")
    for text in expected:
        assert text in result["msg"], (text, result["msg"])
    assert "No other source is tried while it is configured" in result["msg"]
    # Only STS, for the token it refuses: nothing after the broken source was asked, and nothing reached DMS.
    assert operations(emu) == (["AssumeAgencyWithOidc"] if case == "wrong-oidc-token" else [])
    assert not warnings
    scan = SecretScanner(known_secrets(emu, extra=(OIDC_ID_TOKEN, WRONG_TOKEN, FILE_ONLY_SK)))
    scan.add("failed result (%s)" % case, result)
    scan.check()


@pytest.mark.parametrize(
    "variable, expected",
    [
        ("HW_ACCESS_KEY", "secret_key is not set"),
        ("HW_SECURITY_TOKEN", "security_token is set but access_key and secret_key are not"),
    ],
)
def test_half_a_pair_fails_without_looking_elsewhere(emu, sources, monkeypatch, variable, expected):
    sources("metadata")
    monkeypatch.setenv(variable, emu.access_key if variable == "HW_ACCESS_KEY" else emu.security_token)
    emu.clear_journal()
    result = info(emu)
    assert result["failed"] and expected in result["msg"]
    assert emu.journal() == []


def test_no_credentials_anywhere_fails_before_dms_and_touches_only_loopback(emu, monkeypatch):
    """conftest.py points metadata and STS at a closed loopback port: record every connection the run makes."""
    connected = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        connected.append(address)
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    emu.clear_journal()
    result = info(emu)
    monkeypatch.undo()
    assert result["failed"] and result["msg"].startswith("No credentials found. Tried, in order")
    assert "the ECS metadata service at http://127.0.0.1:9 (no connection" in result["msg"]
    assert emu.journal() == []  # not one request to DMS (nor IAM) on the emulator
    assert connected and {address[0] for address in connected} == {"127.0.0.1"}
    assert "169.254.169.254" not in {address[0] for address in connected}


PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: List with credentials from the chain
      huaweicloud.kafka.smart_connect_task_info:
        instance_id: "%s"
      register: listed
    - name: Show where they came from
      ansible.builtin.debug:
        var: listed.credential_source
"""


@pytest.mark.parametrize("source", ["oidc", "environment", "credentials_file", "metadata"])
def test_vvv_output_shows_no_key_of_any_source(emu, tmp_path, source):
    credentials_file = tmp_path / "credentials"
    env = dict(HUAWEICLOUD_DMS_ENDPOINT=emu.url, HUAWEICLOUD_IAM_ENDPOINT=emu.url, HUAWEICLOUD_REGION=emu.region)
    if source == "oidc":
        env.update(oidc_variables(emu))
    elif source == "environment":
        env.update(
            HUAWEICLOUD_SDK_AK=emu.temp_access_key,
            HUAWEICLOUD_SDK_SK=emu.temp_secret_key,
            HUAWEICLOUD_SDK_SECURITY_TOKEN=emu.security_token,
        )
    elif source == "credentials_file":
        credentials_file.write_text("[basic]\nak = %s\nsk = %s\nsecurity_token = %s\n" % emu.temp_credentials)
        env["HUAWEICLOUD_SDK_CREDENTIALS_FILE"] = str(credentials_file)
    else:
        env["HUAWEICLOUD_METADATA_ENDPOINT"] = emu.url
    done = run_playbook(PLAYBOOK % emu.instance_id, "-vvv", env=env)
    assert done.returncode == 0, done.stdout[-3000:]
    assert '"listed.credential_source": "%s"' % source in done.stdout
    scan = SecretScanner(known_secrets(emu, extra=(OIDC_ID_TOKEN,)))
    scan.add_process("ansible-playbook -vvv (%s)" % source, done)
    scan.check()


@pytest.mark.parametrize("case", ["wrong-oidc-token", "file-without-sk"])
def test_a_broken_source_fails_the_playbook_and_vvv_shows_no_secret(emu, monkeypatch, tmp_path, case):
    """Through ansible-playbook: the task fails with the message, and -vvv holds no token or key."""
    break_source(case, emu, monkeypatch, tmp_path)
    env = {
        name: value
        for name, value in os.environ.items()
        if name.startswith(("HUAWEICLOUD_OIDC_", "HUAWEICLOUD_SDK_", "HUAWEICLOUD_METADATA_"))
    }
    env.update(HUAWEICLOUD_DMS_ENDPOINT=emu.url, HUAWEICLOUD_IAM_ENDPOINT=emu.url, HUAWEICLOUD_REGION=emu.region)
    emu.clear_journal()
    done = run_playbook(PLAYBOOK % emu.instance_id, "-vvv", env=env)
    assert done.returncode == 2, done.stdout[-3000:]
    assert "No other source is tried while it is configured" in done.stdout
    assert operations(emu) == (["AssumeAgencyWithOidc"] if case == "wrong-oidc-token" else [])
    scan = SecretScanner(known_secrets(emu, extra=(OIDC_ID_TOKEN, WRONG_TOKEN, FILE_ONLY_SK)))
    scan.add_process("ansible-playbook -vvv (%s)" % case, done)
    scan.check()


AWKWARD_SK = 'File-"sk"\\with\ttab-é-%s'
AWKWARD_TOKEN = 'tok-"quoted"\\-end/+='  # ASCII: a header value


def test_keys_from_a_source_are_masked_in_every_written_form(tmp_path, monkeypatch):
    """A service that quotes them back (JSON-escaped, percent-encoded) still shows only the mask."""
    from helpers.loopback import Answer, ScriptedServer  # pylint: disable=import-outside-toplevel
    from helpers.secret_scan import escaped_forms  # pylint: disable=import-outside-toplevel

    path = tmp_path / "credentials"
    path.write_text(
        "[basic]\nak = FILEAK\nsk = %s\nsecurity_token = %s\nproject_id = p1\n" % (AWKWARD_SK, AWKWARD_TOKEN),
        encoding="utf-8",
    )
    monkeypatch.setenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", str(path))
    echoed = " ".join(sorted(escaped_forms(AWKWARD_SK) | escaped_forms(AWKWARD_TOKEN)))
    server = ScriptedServer().start()
    try:
        server.default = Answer(400, {"error_code": "DMS.00400062", "error_msg": "echo: " + echoed})
        args = dict(
            endpoint=server.url,
            region="cn-north-4",
            retries=0,
            timeout=5,
            instance_id="6a1f0c52-4d3b-4e7a-9c41-000000000001",
        )
        result = run_main(smart_connect_task_info.main, args)
    finally:
        server.stop()
    assert result["failed"] and result["credential_source"] == "credentials_file", result["msg"]
    assert server.requests and server.requests[0].headers["X-Security-Token"] == AWKWARD_TOKEN, result["msg"]
    assert "********" in result["msg"]
    scan = SecretScanner((AWKWARD_SK, AWKWARD_TOKEN))
    scan.add("failed result", result)
    scan.check()
