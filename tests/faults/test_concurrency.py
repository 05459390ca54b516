"""Concurrency: 18 tasks (an instance's quota) created on one instance by 18 hosts at once (forks 18).

A real ansible-playbook run, with an inventory of 18 localhost aliases, each creating one task by name. All
converge; the journal shows exactly 18 creates (one per name, none lost, none duplicated); a second run reports
changed=0 everywhere and sends no write.
"""

import collections

from .cli_support import connection_vars, recap, run_playbook, write_inventory
from .fault_support import OBS_AK, OBS_SK

HOSTS = ["sc-host-%02d" % number for number in range(1, 19)]

PLAYBOOK = """
- hosts: tasks
  gather_facts: false
  module_defaults:
    group/huaweicloud.kafka.all: "{{ hw_connection }}"
  tasks:
    - name: One task per host
      huaweicloud.kafka.smart_connect_task:
        instance_id: "{{ instance_id }}"
        task_name: "conc-{{ inventory_hostname }}"
        topics: ["topic-{{ inventory_hostname }}"]
        sink_task:
          obs_bucket_name: concurrency-bucket
          obs_path: "{{ inventory_hostname }}"
          access_key: "{{ obs_ak }}"
          secret_key: "{{ obs_sk }}"
"""


def test_eighteen_hosts_forks_18_converge_without_lost_or_duplicate_writes(emulator, scanner, tmp_path):
    emulator.set_async_delay(0.05)
    inventory = write_inventory(str(tmp_path), HOSTS)
    extra = dict(
        hw_connection=dict(connection_vars(emulator), retries=4, timeout=10),
        instance_id=emulator.instance_id,
        obs_ak=OBS_AK,
        obs_sk=OBS_SK,
    )

    first = scanner.add_process("first run", run_playbook(PLAYBOOK, inventory, extra, ["--forks", "18"]))
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    stats = recap(first.stdout)
    assert sorted(stats) == HOSTS
    assert all(host["changed"] == 1 and host["failed"] == 0 for host in stats.values()), stats

    creates = emulator.journal(method="POST")
    names = collections.Counter(entry["body"]["task_name"] for entry in creates)
    assert names == collections.Counter("conc-" + host for host in HOSTS), names  # 18, each once
    assert all(entry["status"] == 200 and entry["delivered"] for entry in creates)
    stored = collections.Counter(task["spec"]["task_name"] for task in emulator.tasks())
    assert stored == names
    assert [entry for entry in emulator.writes() if entry["method"] != "POST"] == []

    emulator.clear_journal()
    second = scanner.add_process("second run", run_playbook(PLAYBOOK, inventory, extra, ["--forks", "18"]))
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    stats = recap(second.stdout)
    assert sorted(stats) == HOSTS
    assert all(host["changed"] == 0 and host["failed"] == 0 for host in stats.values()), stats
    assert emulator.writes() == []
    assert len(emulator.journal(method="GET")) == 18  # one list call per host
