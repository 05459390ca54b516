"""smart_connect_task through the real command-line tools: ansible-playbook (-vvv --diff) and ad hoc ansible.

These run Ansible as a subprocess against the emulator on 127.0.0.1, with the collection found through
ANSIBLE_COLLECTIONS_PATH (see tests/helpers/ansible_cli.py). They check what only a real run shows: the
action group in ``module_defaults``, Ansible's own output with ``-vvv`` and ``--diff`` (no secret in it),
and credentials taken from environment variables only.
"""

import json
import re

from helpers import ansible_cli

from .smart_connect_support import NEW_PEER_PASSWORD, OBS_AK, OBS_SK, PEER_PASSWORD, SECRETS, obs_dump

PLAYBOOK = """
- name: Smart Connect tasks against the emulator
  hosts: localhost
  gather_facts: false
  vars:
    peer_password: "{peer_password}"
    new_peer_password: "{new_peer_password}"
    obs_ak: "{obs_ak}"
    obs_sk: "{obs_sk}"
    replication:
      task_name: cli-replication
      topics: [orders, payments]
      source_task:
        current_cluster_name: A
        cluster_name: B
        instance_id: "{peer}"
        direction: pull
        security_protocol: SASL_SSL
        sasl_mechanism: PLAIN
        user_name: replicator
        password: "{{{{ peer_password }}}}"
        topics_mapping: ["orders:orders-copy"]
    dump:
      task_name: cli-dump
      topics_regex: "logs-.*"
      start_later: true
      sink_task:
        obs_bucket_name: bucket
        access_key: "{{{{ obs_ak }}}}"
        secret_key: "{{{{ obs_sk }}}}"
  module_defaults:
    group/huaweicloud.kafka.all:
      access_key: "{ak}"
      secret_key: "{sk}"
      endpoint: "{url}"
      project_id: "{project}"
      instance_id: "{instance}"
  tasks:
    - name: Replication, check mode
      huaweicloud.kafka.smart_connect_task: "{{{{ replication }}}}"
      check_mode: true
      register: first_check
    - name: Replication, apply
      huaweicloud.kafka.smart_connect_task: "{{{{ replication }}}}"
      register: first_apply
    - name: Replication, check mode again
      huaweicloud.kafka.smart_connect_task: "{{{{ replication }}}}"
      check_mode: true
      register: second_check
    - name: Replication, apply again
      huaweicloud.kafka.smart_connect_task: "{{{{ replication }}}}"
      register: second_apply
    - name: The rhythm held
      ansible.builtin.assert:
        that:
          - first_check is changed
          - first_apply is changed
          - first_apply.task.status == "RUNNING"
          - second_check is not changed
          - second_apply is not changed
          - second_apply.task.task_id == first_apply.task.task_id

    - name: OBS dump, check mode
      huaweicloud.kafka.smart_connect_task: "{{{{ dump }}}}"
      check_mode: true
      register: dump_check
    - name: OBS dump, apply
      huaweicloud.kafka.smart_connect_task: "{{{{ dump }}}}"
      register: dump_apply
    - name: OBS dump, apply again
      huaweicloud.kafka.smart_connect_task: "{{{{ dump }}}}"
      register: dump_again
    - name: The dump waits to be started
      ansible.builtin.assert:
        that:
          - dump_check is changed
          - dump_apply is changed and dump_apply.task.status == "WAITING"
          - dump_again is not changed

    - name: Rotate the peer password
      huaweicloud.kafka.smart_connect_task:
        task_name: cli-replication
        source_task:
          password: "{{{{ new_peer_password }}}}"
        update_secrets: always
      register: rotated
    - name: Pause by id
      huaweicloud.kafka.smart_connect_task:
        task_id: "{{{{ first_apply.task.task_id }}}}"
        state: paused
      register: paused
    - name: Rotation always changes; the pause happened
      ansible.builtin.assert:
        that:
          - rotated is changed
          - paused is changed and paused.task.status == "PAUSED"

    - name: Delete both
      huaweicloud.kafka.smart_connect_task:
        task_name: "{{{{ item }}}}"
        state: absent
      loop: [cli-replication, cli-dump]
      register: deleted
    - name: Both were deleted
      ansible.builtin.assert:
        that:
          - deleted.results | map(attribute="changed") | list == [true, true]
"""


def test_playbook_with_module_defaults_and_no_secret_in_verbose_diff_output(emu, tmp_path):
    playbook = PLAYBOOK.format(
        peer_password=PEER_PASSWORD,
        new_peer_password=NEW_PEER_PASSWORD,
        obs_ak=OBS_AK,
        obs_sk=OBS_SK,
        peer=emu.peer_instance_id,
        ak=emu.access_key,
        sk=emu.secret_key,
        url=emu.url,
        project=emu.project_id,
        instance=emu.instance_id,
    )
    # The playbook file holds the secrets; the output must not.
    done = ansible_cli.run_playbook(playbook, "-vvv", "--diff", workdir=str(tmp_path))
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    assert "ok=" in done.stdout and "failed=0" in done.stdout
    for secret in SECRETS + (emu.secret_key,):
        assert secret not in output, "a secret is in the output of ansible-playbook -vvv --diff"
    # Diff mode did print the tasks, with the secrets that were sent masked.
    assert '"password": "********"' in output or "password: '********'" in output or "********" in output
    assert "cli-replication" in output
    # The secrets did reach the service, and the rotation too.
    creates = emu.journal(operation="CreateConnectorTask")
    assert creates[0]["body"]["source_task"]["password"] == PEER_PASSWORD
    assert creates[1]["body"]["sink_task"]["secret_key"] == OBS_SK
    puts = emu.journal(operation="ModifyConnectorTask")
    assert [put["body"]["source_task"]["password"] for put in puts] == [NEW_PEER_PASSWORD]
    assert emu.tasks() == []


def _adhoc_result(stdout):
    """The JSON result of an ad hoc run: ``localhost | CHANGED => {...}``."""
    found = re.search(r"^localhost \| (\w+) => (\{.*\})\s*$", stdout, re.S | re.M)
    assert found, stdout
    return found.group(1), json.loads(found.group(2))


def test_ad_hoc_with_credentials_from_environment_only(run, emu):
    task = run(**obs_dump())["task"]
    env = {
        "HUAWEICLOUD_SDK_AK": emu.access_key,
        "HUAWEICLOUD_SDK_SK": emu.secret_key,
        "HUAWEICLOUD_REGION": emu.region,  # the project id is looked up through IAM (the emulator's)
        "HUAWEICLOUD_IAM_ENDPOINT": emu.url,
        "HUAWEICLOUD_DMS_ENDPOINT": emu.url,
    }
    module_args = "instance_id=%s task_name=%s state=paused" % (emu.instance_id, task["task_name"])
    emu.clear_journal()
    done = ansible_cli.run_adhoc("huaweicloud.kafka.smart_connect_task", module_args, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    status, result = _adhoc_result(done.stdout)
    assert status == "CHANGED" and result["task"]["status"] == "PAUSED"
    assert emu.tasks()[0]["status"] == "PAUSED"
    assert [entry["operation"] for entry in emu.journal()] == [
        "KeystoneListProjects",
        "ListConnectorTasks",
        "PauseConnectorTask",
        "ShowConnectorTask",
    ]
    assert emu.secret_key not in done.stdout + done.stderr
    # Again: nothing to do.
    done = ansible_cli.run_adhoc("huaweicloud.kafka.smart_connect_task", module_args, env=env)
    status, result = _adhoc_result(done.stdout)
    assert status == "SUCCESS" and result["changed"] is False
    # Without the keys the module says where it looked (metadata and STS on loopback: ansible_cli's environment).
    done = ansible_cli.run_adhoc(
        "huaweicloud.kafka.smart_connect_task", module_args, env={"HUAWEICLOUD_REGION": emu.region}
    )
    assert done.returncode != 0
    assert "the options access_key and secret_key (not set)" in done.stdout
    assert "HUAWEICLOUD_SDK_SK, HW_SECRET_KEY, CLOUD_SDK_SK for secret_key" in done.stdout
    assert "the ECS metadata service at http://127.0.0.1:9" in done.stdout
