"""Racing runs (issue 24): two runs (two AWX jobs, or a job and a person) create the same task on one instance at
the same moment. The emulator holds both lookups until both have been made (the list_barrier switch), so both see
the task missing and both send the create: a race on demand, not by chance.

Reading (a), the service refuses a taken name (400): the loser reads the list again and adopts the winner's task.
Reading (b), the service accepts it and two tasks share the name: each run looks at the list after its create, and
the run whose task is the younger deletes it and adopts the older. Either way exactly one task has the name,
neither run fails, and a third run changes nothing."""

import threading

import pytest

from .cli_support import connection_vars, recap, run_playbook
from .fault_support import OBS_AK, OBS_SK

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/huaweicloud.kafka.all: "{{ hw_connection }}"
  tasks:
    - name: The same task, from two runs at once
      huaweicloud.kafka.smart_connect_task:
        instance_id: "{{ instance_id }}"
        task_name: raced-dump
        topics: [raced]
        sink_task: {obs_bucket_name: race, obs_path: raced, access_key: "{{ obs_ak }}", secret_key: "{{ obs_sk }}"}
"""

# The same declaration through smart_connect_tasks, which looks for twins once for its whole run.
INSTANCE_PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/huaweicloud.kafka.all: "{{ hw_connection }}"
  tasks:
    - name: The same task, from two runs at once
      huaweicloud.kafka.smart_connect_tasks:
        instance_id: "{{ instance_id }}"
        tasks:
          - task_name: raced-dump
            topics: [raced]
            sink_task: {obs_bucket_name: race, obs_path: raced, access_key: "{{ obs_ak }}", secret_key: "{{ obs_sk }}"}
"""


def run_twice_at_once(emulator, playbook=PLAYBOOK):
    extra = dict(
        # A timeout longer than the emulator's list barrier: a held list must not be sent again (a third party).
        hw_connection=dict(connection_vars(emulator), retries=2, timeout=180),
        instance_id=emulator.instance_id,
        obs_ak=OBS_AK,
        obs_sk=OBS_SK,
    )
    results = [None, None]

    def one(index):
        results[index] = run_playbook(playbook, None, extra, timeout=400)

    threads = [threading.Thread(target=one, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=420)
    return results, extra


# On a busy machine the two runs may reach the barrier far apart: the emulator holds the first for up to 150 s.
@pytest.mark.timeout(600)
def test_a_refused_taken_name_is_adopted_by_the_loser(emulator, scanner):
    emulator.set_async_delay(0.05)
    emulator.set_config(taken_names="refused", list_barrier=2)
    try:
        (first, second), extra = run_twice_at_once(emulator)
    finally:
        emulator.set_config(taken_names="accepted", list_barrier=None)
    for result in (first, second):
        scanner.add_process("racing run", result)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    posts = emulator.journal(method="POST")
    assert sorted(entry["status"] for entry in posts) == [200, 400]  # both raced: one won, one was refused
    assert [task["spec"]["task_name"] for task in emulator.tasks()] == ["raced-dump"]
    changed = sorted(recap(result.stdout)["localhost"]["changed"] for result in (first, second))
    assert changed == [0, 1]
    loser = first if recap(first.stdout)["localhost"]["changed"] == 0 else second
    said = " ".join((loser.stdout + loser.stderr).split())  # Ansible wraps warnings to the terminal's width
    assert "another run made a task of that name at the same moment" in said

    emulator.clear_journal()
    third = scanner.add_process("third run", run_playbook(PLAYBOOK, None, extra))
    assert third.returncode == 0 and recap(third.stdout)["localhost"]["changed"] == 0
    assert emulator.writes() == []


@pytest.mark.timeout(600)
@pytest.mark.parametrize("playbook", [PLAYBOOK, INSTANCE_PLAYBOOK], ids=["smart_connect_task", "smart_connect_tasks"])
def test_a_twin_the_service_accepted_is_deleted_by_the_run_whose_task_is_younger(emulator, scanner, playbook):
    emulator.set_async_delay(0.05)
    emulator.set_config(taken_names="accepted", list_barrier=2)
    try:
        (first, second), extra = run_twice_at_once(emulator, playbook)
    finally:
        emulator.set_config(list_barrier=None)
    for result in (first, second):
        scanner.add_process("racing run", result)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    posts = emulator.journal(method="POST")
    assert [entry["status"] for entry in posts] == [200, 200]  # both raced, and the service took both
    deletes = emulator.journal(method="DELETE")
    assert len(deletes) == 1  # the younger task, by the run that made it
    tasks = emulator.tasks()
    assert [task["spec"]["task_name"] for task in tasks] == ["raced-dump"]
    younger = max((entry["response_body"] for entry in posts), key=lambda task: (task["create_time"], task["id"]))
    assert deletes[0]["path"].rstrip("/").endswith(younger["id"]) and tasks[0]["id"] != younger["id"]
    output = " ".join((first.stdout + first.stderr + second.stdout + second.stderr).split())
    assert "the older one adopted" in output

    emulator.clear_journal()
    third = scanner.add_process("third run", run_playbook(playbook, None, extra))
    assert third.returncode == 0 and recap(third.stdout)["localhost"]["changed"] == 0
    assert emulator.writes() == []
