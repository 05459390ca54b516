"""Secrets never appear in what Ansible shows or keeps: -vvv output, --diff, the log file, ansible-runner artifacts.

Every test of this directory is also scanned by the autouse ``scanner`` fixture (results, captured output).
"""

import json
import os
import sys

import ansible_runner
import pytest
from helpers import ansible_cli
from helpers.secret_scan import SecretScanner, known_secrets

from .cli_support import connection_vars, run_playbook
from .fault_support import OBS_AK, OBS_SK, PEER_PASSWORD

ROTATED = "Peer-Pass-Rotated-77aa"

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/huaweicloud.kafka.all: "{{ hw_connection }}"
  tasks:
    - name: Create a replication with a peer password
      huaweicloud.kafka.smart_connect_task:
        instance_id: "{{ instance_id }}"
        task_name: secret-scan-replication
        topics: [orders]
        source_task:
          current_cluster_name: A
          cluster_name: B
          instance_id: "{{ peer_id }}"
          direction: pull
          security_protocol: SASL_SSL
          sasl_mechanism: SCRAM-SHA-512
          user_name: replicator
          password: "{{ peer_password }}"
    - name: Modify it, rotating the password (update_secrets always)
      huaweicloud.kafka.smart_connect_task:
        instance_id: "{{ instance_id }}"
        task_name: secret-scan-replication
        topics: [orders, payments]
        update_secrets: always
        source_task:
          user_name: replicator
          password: "{{ rotated_password }}"
    - name: Create an OBS dump
      huaweicloud.kafka.smart_connect_task:
        instance_id: "{{ instance_id }}"
        task_name: secret-scan-dump
        topics_regex: "logs-.*"
        sink_task: {obs_bucket_name: b, access_key: "{{ obs_ak }}", secret_key: "{{ obs_sk }}"}
      register: dump
    - name: Fail on purpose with the secrets in the options (a missing instance)
      huaweicloud.kafka.smart_connect_task:
        instance_id: 6a1f0c52-4d3b-4e7a-9c41-0000000000ff
        task_name: secret-scan-fail
        topics_regex: "logs-.*"
        sink_task: {obs_bucket_name: b, access_key: "{{ obs_ak }}", secret_key: "{{ obs_sk }}"}
      ignore_errors: true
    - name: Show what was registered
      ansible.builtin.debug:
        var: dump
"""


def extra_vars(emulator):
    return dict(
        hw_connection=dict(connection_vars(emulator), retries=1, timeout=10),
        instance_id=emulator.instance_id,
        peer_id=emulator.peer_instance_id,
        peer_password=PEER_PASSWORD,
        rotated_password=ROTATED,
        obs_ak=OBS_AK,
        obs_sk=OBS_SK,
    )


def test_playbook_vvv_diff_and_log_show_no_secret(emulator, scanner, tmp_path):
    emulator.set_async_delay(0.05)
    log = str(tmp_path / "ansible.log")
    done = run_playbook(
        PLAYBOOK, extra_vars=extra_vars(emulator), args=["-vvv", "--diff"], env={"ANSIBLE_LOG_PATH": log}
    )
    scanner.add_process("ansible-playbook -vvv --diff", done)
    scanner.add_file("ANSIBLE_LOG_PATH", log)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "changed: [localhost]" in done.stdout and "DMS.00404022" in done.stdout
    assert "ESTABLISH LOCAL CONNECTION" in done.stdout  # really -vvv
    # The secrets did reach the service: the scan is meaningful.
    sent = [entry["body"] for entry in emulator.journal(method="PUT")]
    assert any((body.get("source_task") or {}).get("password") == ROTATED for body in sent)
    assert os.path.getsize(log) > 0


def test_ansible_runner_artifacts_show_no_secret(emulator, scanner, tmp_path):
    """ansible-runner keeps every event (stdout, event data, env, extravars) under artifacts/: scan them all."""
    emulator.set_async_delay(0.05)
    private = tmp_path / "runner"
    for directory in ("project", "env", "inventory"):
        (private / directory).mkdir(parents=True)
    (private / "project" / "site.yml").write_text(PLAYBOOK)
    (private / "inventory" / "hosts").write_text("localhost ansible_connection=local\n")
    (private / "env" / "extravars").write_text(json.dumps(extra_vars(emulator)))
    env = ansible_cli.environment()
    envvars = {key: value for key, value in env.items() if key.startswith("ANSIBLE_")}
    # ansible-runner starts ansible-playbook from PATH: the one beside this interpreter.
    envvars["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env.get("PATH", "")])
    (private / "env" / "envvars").write_text(json.dumps(envvars))
    result = ansible_runner.run(
        private_data_dir=str(private), playbook="site.yml", verbosity=3, quiet=True, cmdline="--diff"
    )
    rc = result.rc
    artifacts = private / "artifacts"
    scanner.add_tree("ansible-runner artifacts", str(artifacts))
    assert rc == 0, [text[-2000:] for _label, text in scanner.items[-4:]]
    assert any(name.endswith(".json") for _d, _s, files in os.walk(str(artifacts)) for name in files)
    assert scanner.scanned_chars > 10000


def test_scanner_finds_a_leak():
    """The scanner itself: it names the place and never prints the secret."""
    scan = SecretScanner(known_secrets(extra=("s3cr3t-value",)))
    scan.add("clean", {"msg": "nothing here"})
    scan.add("leaky", {"diff": {"after": {"password": "s3cr3t-value"}}})
    with pytest.raises(AssertionError) as caught:
        scan.check()
    assert "leaky" in str(caught.value) and "s3cr3t-value" not in str(caught.value)
