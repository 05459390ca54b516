"""smart_connect and smart_connect_task_info through real ``ansible-playbook``, with the connection options set
once in ``module_defaults: group/huaweicloud.kafka.all`` (the action group in meta/runtime.yml).

One playbook walks the rhythm check -> apply -> check -> apply for both states and reads the tasks in between,
asserting ``changed`` at every step; the journal then shows that check mode wrote nothing.
"""

import json

from helpers.ansible_cli import run_playbook

from .smart_connect_support import create_directly, writes

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/huaweicloud.kafka.all:
      access_key: "{{ emu_ak }}"
      secret_key: "{{ emu_sk }}"
      endpoint: "{{ emu_url }}"
      project_id: "{{ emu_project }}"
      retries: 1
  tasks:
    - name: Enable, check mode
      huaweicloud.kafka.smart_connect:
        instance_id: "{{ off }}"
      check_mode: true
      register: enable_check
    - name: Enable
      huaweicloud.kafka.smart_connect:
        instance_id: "{{ off }}"
        node_cnt: 3
      register: enable
    - name: Enable again, check mode
      huaweicloud.kafka.smart_connect:
        instance_id: "{{ off }}"
        node_cnt: 3
      check_mode: true
      register: enable_check_again
    - name: Enable again
      huaweicloud.kafka.smart_connect:
        instance_id: "{{ off }}"
        node_cnt: 3
      register: enable_again
    - name: Read the tasks of the instance just enabled
      huaweicloud.kafka.smart_connect_task_info:
        instance_id: "{{ off }}"
      register: no_tasks
    - name: Read the tasks of the other instance, in check mode (an info module reads the same)
      huaweicloud.kafka.smart_connect_task_info:
        instance_id: "{{ on }}"
        status: [RUNNING, WAITING, CREATING]
      check_mode: true
      register: some_tasks
    - name: Disable the other instance without force (it has a task)
      huaweicloud.kafka.smart_connect:
        instance_id: "{{ on }}"
        state: absent
      register: refused
      ignore_errors: true
    - name: Disable, check mode
      huaweicloud.kafka.smart_connect:
        instance_id: "{{ off }}"
        state: absent
      check_mode: true
      register: disable_check
    - name: Disable
      huaweicloud.kafka.smart_connect:
        instance_id: "{{ off }}"
        state: absent
      register: disable
    - name: Disable again, check mode
      huaweicloud.kafka.smart_connect:
        instance_id: "{{ off }}"
        state: absent
      check_mode: true
      register: disable_check_again
    - name: Disable again
      huaweicloud.kafka.smart_connect:
        instance_id: "{{ off }}"
        state: absent
      register: disable_again
    - name: Check every step
      ansible.builtin.assert:
        that:
          - enable_check is changed
          - enable_check.connector.enabled
          - enable is changed
          - enable.connector.node_cnt == 3
          - enable.connector.status == 'RUNNING'
          - enable_check_again is not changed
          - enable_again is not changed
          - no_tasks.tasks == []
          - no_tasks.total_number == 0
          - some_tasks.tasks | length == 1
          - some_tasks.tasks[0].task_name == 'cli-task'
          - refused is failed
          - "'would delete its 1 task: cli-task' in refused.msg"
          - disable_check is changed
          - disable is changed
          - not disable.connector.enabled
          - disable_check_again is not changed
          - disable_again is not changed
    - name: Show the results to the test
      ansible.builtin.debug:
        msg: "RESULTS={{ {'enable': enable.connector, 'tasks': some_tasks.tasks} | to_json }}"
"""


def test_playbook_with_module_defaults_group(emu):
    task = create_directly(emu, "cli-task")
    emu.clear_journal()
    extra = dict(
        emu_ak=emu.access_key,
        emu_sk=emu.secret_key,
        emu_url=emu.url,
        emu_project=emu.project_id,
        off=emu.instance_id_connector_off,
        on=emu.instance_id,
    )
    done = run_playbook(PLAYBOOK, "-e", json.dumps(extra))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "failed=0" in done.stdout
    line = [text for text in done.stdout.splitlines() if "RESULTS=" in text][0]
    results = json.loads(json.loads(line.split(":", 1)[1])[len("RESULTS=") :])
    assert results["tasks"][0]["id"] == task["id"]
    assert emu.secret_key not in done.stdout + done.stderr
    # Only the two real changes wrote anything: no write in check mode, nor when refusing.
    assert [(entry["operation"], entry["body"]) for entry in writes(emu)] == [
        ("CreateConnector", {"node_cnt": 3}),
        ("DeleteConnector", None),
    ]
    assert len(emu.tasks(emu.instance_id)) == 1
