"""The AWX credential type (extensions/awx/credential_type_huaweicloud.yml), proven with ansible-runner.

A job runs the way AWX runs it: the credential type's injectors are rendered with the credential's inputs into
the job's ``env/envvars``, the project's playbook names no credential at all, and ``ansible_runner.run`` drives
``ansible-playbook`` against the DMS emulator with the temporary-credential triple. Then no secret may appear in
anything the job left behind (events, stdout, artifacts).
"""

import json
import os
import sys

import pytest
import yaml

ansible_runner = pytest.importorskip(
    "ansible_runner", reason="ansible-runner is not installed (tests/requirements-awx.txt)"
)
from jinja2.sandbox import ImmutableSandboxedEnvironment  # noqa: E402  pylint: disable=wrong-import-position

# ansible-runner drives ansible-playbook through pexpect, as AWX does; the emulator's threads make Python warn.
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CREDENTIAL_TYPE = os.path.join(ROOT, "extensions", "awx", "credential_type_huaweicloud.yml")

from helpers.ansible_cli import collections_path  # noqa: E402  pylint: disable=wrong-import-position
from helpers.loopback import identity_environment  # noqa: E402  pylint: disable=wrong-import-position

PEER_PASSWORD = "Awx-Peer-Pass-3b7e91"
OBS_ACCESS_KEY = "AWXOBSACCESSKEY00042"
OBS_SECRET_KEY = "AwxObsSecretKey-9f8e7d6c5b4a"

PLAYBOOK = """\
---
- name: Smart Connect tasks with credentials injected by AWX
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Replicate orders from the peer
      huaweicloud.kafka.smart_connect_task:
        instance_id: "{{ kafka_instance_id }}"
        task_name: awx-replication
        topics: [orders]
        source_task:
          current_cluster_name: local
          cluster_name: peer
          instance_id: "{{ peer_instance_id }}"
          direction: pull
          security_protocol: SASL_SSL
          sasl_mechanism: SCRAM-SHA-512
          user_name: replicator
          password: "{{ peer_password }}"

    - name: Dump logs to OBS
      huaweicloud.kafka.smart_connect_task:
        instance_id: "{{ kafka_instance_id }}"
        task_name: awx-obs-dump
        topics_regex: "logs-.*"
        sink_task:
          obs_bucket_name: awx-bucket
          access_key: "{{ obs_access_key }}"
          secret_key: "{{ obs_secret_key }}"

    - name: List the tasks
      huaweicloud.kafka.smart_connect_task_info:
        instance_id: "{{ kafka_instance_id }}"
      register: listed

    - name: Both tasks are there
      ansible.builtin.assert:
        that:
          - listed.tasks | map(attribute='task_name') | sort == ['awx-obs-dump', 'awx-replication']
"""


def credential_type():
    with open(CREDENTIAL_TYPE) as handle:
        return yaml.safe_load(handle)


def render_injectors(definition, inputs, keep_empty):
    """The environment AWX injects: each ``injectors.env`` template rendered in a sandbox with the inputs.

    AWX sets every variable, an input not given rendering as ""; ``keep_empty=False`` drops those instead.
    """
    environment = ImmutableSandboxedEnvironment()
    injected = {}
    for name, template in definition["injectors"]["env"].items():
        value = environment.from_string(template).render(**inputs)
        if value or keep_empty:
            injected[name] = value
    return injected


def test_credential_type_shape():
    definition = credential_type()
    assert definition["kind"] == "cloud"
    fields = {field["id"]: field for field in definition["inputs"]["fields"]}
    assert list(fields) == [
        "access_key",
        "secret_key",
        "security_token",
        "region",
        "project_id",
        "endpoint",
        "iam_endpoint",
    ]
    assert {name for name, field in fields.items() if field.get("secret")} == {"secret_key", "security_token"}
    assert all(field["type"] == "string" for field in fields.values())
    assert set(definition["inputs"]["required"]) == {"access_key", "secret_key", "region"}
    assert definition["injectors"]["env"] == {
        "HUAWEICLOUD_SDK_AK": "{{ access_key }}",
        "HUAWEICLOUD_SDK_SK": "{{ secret_key }}",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN": "{{ security_token }}",
        "HUAWEICLOUD_REGION": "{{ region }}",
        "HUAWEICLOUD_SDK_PROJECT_ID": "{{ project_id }}",
        "HUAWEICLOUD_DMS_ENDPOINT": "{{ endpoint }}",
        "HUAWEICLOUD_IAM_ENDPOINT": "{{ iam_endpoint }}",
    }


def make_private_data_dir(base, injected_env, extravars):
    """The private_data_dir AWX hands to ansible-runner: project, inventory, env/envvars, env/extravars."""
    for folder in ("project", "inventory", "env"):
        (base / folder).mkdir(parents=True)
    (base / "project" / "site.yml").write_text(PLAYBOOK)
    (base / "inventory" / "hosts").write_text(
        "localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable
    )
    (base / "env" / "envvars").write_text(yaml.safe_dump(injected_env))
    (base / "env" / "extravars").write_text(yaml.safe_dump(extravars))
    return base


@pytest.mark.parametrize(
    "keep_empty, with_project_id",
    [
        pytest.param(True, True, id="awx-every-field-set"),
        # AWX injects an empty project_id field as HUAWEICLOUD_SDK_PROJECT_ID='': it must count as unset.
        pytest.param(True, False, id="awx-empty-project-id"),
        pytest.param(False, False, id="empty-dropped-project-looked-up"),
    ],
)
def test_job_with_injected_temporary_credentials(emulator, tmp_path, monkeypatch, keep_empty, with_project_id):
    emulator.set_async_delay(0)
    access_key, secret_key, security_token = emulator.temp_credentials
    inputs = {
        "access_key": access_key,
        "secret_key": secret_key,
        "security_token": security_token,
        "region": emulator.region,
        # Without project_id, the modules look it up through the emulator's IAM API.
        "project_id": emulator.project_id if with_project_id else "",
        "endpoint": emulator.url,
        "iam_endpoint": emulator.url,
    }
    injected = render_injectors(credential_type(), inputs, keep_empty)
    assert injected["HUAWEICLOUD_SDK_SECURITY_TOKEN"] == security_token
    assert ("HUAWEICLOUD_SDK_PROJECT_ID" in injected) is (keep_empty or with_project_id)

    # The job's process: no credential from the caller, ansible-playbook of this venv, the collection checkout.
    for name in list(os.environ):
        if name.startswith(("HUAWEICLOUD_", "HW_", "CLOUD_SDK_", "ANSIBLE_")):
            monkeypatch.delenv(name)
    for name, value in identity_environment(tmp_path).items():  # the credential chain stays on loopback
        monkeypatch.setenv(name, value)
    home = tmp_path / "ansible-home"
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    monkeypatch.setenv("ANSIBLE_COLLECTIONS_PATH", collections_path())
    monkeypatch.setenv("ANSIBLE_COLLECTIONS_SCAN_SYS_PATH", "false")
    monkeypatch.setenv("ANSIBLE_HOME", str(home))
    monkeypatch.setenv("ANSIBLE_LOCAL_TEMP", str(home / "tmp"))
    monkeypatch.setenv("ANSIBLE_NOCOLOR", "1")

    private = make_private_data_dir(
        tmp_path / "job",
        injected,
        {
            "kafka_instance_id": emulator.instance_id,
            "peer_instance_id": emulator.peer_instance_id,
            "peer_password": PEER_PASSWORD,
            "obs_access_key": OBS_ACCESS_KEY,
            "obs_secret_key": OBS_SECRET_KEY,
        },
    )
    # AWX runs jobs with suppress_env_files (its AWX_RUNNER_OMIT_ENV_FILES setting, on by default): without it
    # ansible-runner writes the whole environment, injected secrets included, to artifacts/<ident>/command.
    result = ansible_runner.run(
        private_data_dir=str(private),
        playbook="site.yml",
        verbosity=3,
        cmdline="--diff",
        quiet=True,
        timeout=90,
        suppress_env_files=True,
    )
    stdout = result.stdout.read()
    assert (result.status, result.rc) == ("successful", 0), stdout[-4000:]
    assert result.stats["changed"] == {"localhost": 2}, result.stats

    # The tasks exist in the emulator, with the secrets the job passed (the service keeps them).
    tasks = {task["spec"]["task_name"]: task for task in emulator.tasks()}
    assert set(tasks) == {"awx-replication", "awx-obs-dump"}
    assert tasks["awx-replication"]["spec"]["source_task"]["password"] == PEER_PASSWORD
    # Every request was signed with the temporary key and its token.
    journal = emulator.journal()
    assert len(journal) >= 4
    for entry in journal:
        headers = {name.lower(): value for name, value in entry["headers"].items()}
        assert "Access=%s," % access_key in headers["authorization"]
        assert headers["x-security-token"] == security_token

    # No secret anywhere in what the job left behind.
    secrets = {
        "secret key": secret_key,
        "security token": security_token,
        "peer password": PEER_PASSWORD,
        "OBS access key": OBS_ACCESS_KEY,
        "OBS secret key": OBS_SECRET_KEY,
    }
    artifacts = private / "artifacts"
    scanned = 0
    for folder, _dirs, files in os.walk(artifacts):
        for name in files:
            path = os.path.join(folder, name)
            if name == "command" and os.path.dirname(folder) == str(artifacts):
                # ansible-runner itself writes the job's whole environment (so the injected credentials) to
                # artifacts/<ident>/command, readable by its owner only; AWX deletes the private data dir after
                # the job and shows only the credential type's masked environment (secret fields hidden).
                assert os.stat(path).st_mode & 0o077 == 0, "artifacts/<ident>/command must be private"
                continue
            with open(path, "rb") as handle:
                content = handle.read().decode("utf-8", errors="replace")
            scanned += 1
            for what, secret in secrets.items():
                assert secret not in content, "the %s leaked into %s" % (what, os.path.relpath(path, artifacts))
    assert scanned >= 10, "expected job_events, stdout, status, rc... under %s" % artifacts
    for what, secret in secrets.items():
        assert secret not in stdout, "the %s leaked into the job's stdout" % what
    for event in result.events:
        text = json.dumps(event)
        for what, secret in secrets.items():
            assert secret not in text, "the %s leaked into event %s" % (what, event.get("event"))
