"""Secrets made of quotes, backslashes, control and non-ASCII characters stay hidden in every written form.

The emulator's ``echo_body_in_errors`` switch makes a 400 answer quote the request body back in its
``error_msg``: the secrets there are JSON-escaped (``\\"``, ``\\\\``, ``\\t``, ``\\u00e9``), a form that a plain
search for the secret, and Ansible's ``no_log``, do not find. The scanner looks for every written form.
"""

import os

import pytest
from helpers.secret_scan import SecretScanner, known_secrets

from .cli_support import connection_vars, run_playbook
from .fault_support import connection, replication, run_module

AWKWARD_PEER_PASSWORD = 'Peer-"pass"\\word\tend\né-01'
AWKWARD_OBS_AK = 'OBS-AK-"é"\\-02'
AWKWARD_OBS_SK = 'OBS-SK-\t"sk"\\\n-ü-03'
AWKWARD = (AWKWARD_PEER_PASSWORD, AWKWARD_OBS_AK, AWKWARD_OBS_SK)


@pytest.fixture
def echoing(fast, scanner):
    """The emulator quoting request bodies in its errors, and a PUT that refuses secrets (a 400 to quote)."""
    scanner.secrets = tuple(sorted(set(scanner.secrets) | set(AWKWARD)))
    fast.set_config(echo_body_in_errors=True, put_secrets="reject")
    return fast


def awkward_replication(emu, name, **changes):
    options = replication(name, emu.peer_instance_id, **changes)
    options["source_task"]["password"] = AWKWARD_PEER_PASSWORD
    return options


def awkward_dump(name):
    return dict(
        task_name=name,
        topics_regex="logs-.*",
        sink_task=dict(obs_bucket_name="b", access_key=AWKWARD_OBS_AK, secret_key=AWKWARD_OBS_SK),
    )


@pytest.mark.parametrize(
    "make", [awkward_replication, lambda emu, name: awkward_dump(name)], ids=["peer-password", "obs-keys"]
)
def test_a_quoted_request_body_shows_no_secret_in_any_form(echoing, scanner, make):
    emu = echoing
    args = dict(connection(emu), instance_id=emu.instance_id)
    options = make(emu, "echo-secrets")
    created = run_module("smart_connect_task", dict(args, **options))
    assert not created["failed"], created.get("msg")
    result = scanner.add(
        "refused modify", run_module("smart_connect_task", dict(args, update_secrets="always", **options), diff=True)
    )
    assert result["failed"] and "(request: " in result["error_msg"]  # the body was quoted back
    assert "********" in result["error_msg"]
    scan = SecretScanner(AWKWARD)
    scan.add("msg", result["msg"])
    scan.add("error_msg", result["error_msg"])
    scan.check()


PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/huaweicloud.kafka.all: "{{ hw_connection }}"
  tasks:
    - name: Create an OBS dump with awkward keys
      huaweicloud.kafka.smart_connect_task:
        instance_id: "{{ instance_id }}"
        task_name: echo-secrets-cli
        topics_regex: "logs-.*"
        sink_task: {obs_bucket_name: b, access_key: "{{ obs_ak }}", secret_key: "{{ obs_sk }}"}
    - name: Send them again in a PUT the service refuses and quotes back
      huaweicloud.kafka.smart_connect_task:
        instance_id: "{{ instance_id }}"
        task_name: echo-secrets-cli
        update_secrets: always
        sink_task: {obs_bucket_name: b, access_key: "{{ obs_ak }}", secret_key: "{{ obs_sk }}"}
      ignore_errors: true
"""


def test_vvv_output_and_the_log_show_no_secret_in_any_form(echoing, scanner, tmp_path):
    emu = echoing
    log = str(tmp_path / "ansible.log")
    extra = dict(
        hw_connection=dict(connection_vars(emu), retries=0, timeout=10),
        instance_id=emu.instance_id,
        obs_ak=AWKWARD_OBS_AK,
        obs_sk=AWKWARD_OBS_SK,
    )
    done = run_playbook(PLAYBOOK, extra_vars=extra, args=["-vvv", "--diff"], env={"ANSIBLE_LOG_PATH": log})
    assert done.returncode == 0, done.stdout[-3000:]
    assert "(request: " in done.stdout and "...ignoring" in done.stdout
    scan = SecretScanner(known_secrets(emu, extra=AWKWARD))
    scan.add_process("ansible-playbook -vvv --diff", done)
    scan.add_file("ANSIBLE_LOG_PATH", log)
    scan.check()
    assert os.path.getsize(log) > 0
