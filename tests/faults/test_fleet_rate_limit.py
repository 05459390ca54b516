"""A fleet against the account's shared API rate limit (issue 24): twelve instances, one host each, forks 12, and a
limit far below what the run asks for. Every fork is throttled (429 APIG.0308, no Retry-After) and waits within
rate_limit_timeout with full-jitter backoff: every instance converges, no task is lost or made twice, and a second
run changes nothing."""

import collections

from .cli_support import connection_vars, recap, run_playbook, write_inventory
from .fault_support import OBS_AK, OBS_SK

HOSTS = ["fleet-%02d" % number for number in range(1, 13)]
TASKS_PER_INSTANCE = 2
LIMIT, WINDOW = 2, 0.5  # 4 requests a second from every fork together, for twelve forks that ask far more

PLAYBOOK = """
- hosts: tasks
  gather_facts: false
  module_defaults:
    group/huaweicloud.kafka.all: "{{ hw_connection }}"
  tasks:
    - name: The instance's dumps
      huaweicloud.kafka.smart_connect_tasks:
        instance_id: "{{ instances[inventory_hostname] }}"
        tasks:
          - task_name: "dump-{{ inventory_hostname }}-a"
            topics: ["a"]
            sink_task: {obs_bucket_name: fleet, obs_path: a, access_key: "{{ obs_ak }}", secret_key: "{{ obs_sk }}"}
          - task_name: "dump-{{ inventory_hostname }}-b"
            topics: ["b"]
            sink_task: {obs_bucket_name: fleet, obs_path: b, access_key: "{{ obs_ak }}", secret_key: "{{ obs_sk }}"}
"""


def test_a_fleet_at_forks_12_under_a_shared_rate_limit_converges(emulator, scanner, tmp_path):
    emulator.set_async_delay(0.05)
    instances = {
        host: emulator.add_instance(name="kafka-" + host, connector_enable=True)["instance_id"] for host in HOSTS
    }
    extra = dict(
        hw_connection=dict(connection_vars(emulator), retries=4, timeout=10),
        instances=instances,
        obs_ak=OBS_AK,
        obs_sk=OBS_SK,
    )
    inventory = write_inventory(str(tmp_path), HOSTS)
    emulator.set_config(rate_limit=LIMIT, rate_window=WINDOW)
    try:
        first = scanner.add_process(
            "first run", run_playbook(PLAYBOOK, inventory, extra, ["--forks", "12"], timeout=240)
        )
        throttled = [entry for entry in emulator.journal() if entry["fault"] == "rate_limit"]
        second = scanner.add_process(
            "second run", run_playbook(PLAYBOOK, inventory, extra, ["--forks", "12"], timeout=240)
        )
    finally:
        emulator.set_config(rate_limit=None)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert all(host["changed"] == 1 and host["failed"] == 0 for host in recap(first.stdout).values())
    assert throttled, "the limit never bit: the test proves nothing"
    assert {entry["response_body"]["error_code"] for entry in throttled} == {"APIG.0308"}

    creates = [entry for entry in emulator.journal(method="POST") if entry["status"] == 200]
    made = collections.Counter(entry["body"]["task_name"] for entry in creates)
    wanted = collections.Counter("dump-%s-%s" % (host, side) for host in HOSTS for side in "ab")
    assert made == wanted  # each task created once: none lost, none twice
    for host, instance_id in instances.items():
        names = sorted(task["spec"]["task_name"] for task in emulator.tasks(instance_id))
        assert names == ["dump-%s-a" % host, "dump-%s-b" % host]

    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert all(host["changed"] == 0 and host["failed"] == 0 for host in recap(second.stdout).values())
