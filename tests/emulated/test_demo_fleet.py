"""The demo's fleet (demo/fleet, issue 24): its instances in three regions, its inventory file, its play with group_vars
and host_vars, at forks 5 and then again. Every production instance with Smart Connect on gets its tasks, no other
instance is touched, the second run changes nothing with one list request an instance, and no secret shows."""

import json
import os

from helpers.ansible_cli import run_playbook
from helpers.secret_scan import SecretScanner, known_secrets

FLEET = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "demo", "fleet")
OBS_AK, OBS_SK = "DEMOFLEETOBSKEY00001", "demo-fleet-obs-secret-never-printed-01"
PROD_ON = {"orders-prod-bj": 2, "payments-prod-bj": 1, "orders-prod-gz": 1, "orders-prod-sg": 1}
CONSOLE_MADE = {"orders-staging-sg": 2}  # made in the console before the fleet play, which leaves them alone


def test_the_demo_fleet_converges_and_then_changes_nothing(quick_emulator):
    with open(os.path.join(FLEET, "instances.json")) as handle:
        quick_emulator.add_instances(json.load(handle))
    env = dict(
        HUAWEICLOUD_SDK_AK=quick_emulator.access_key,
        HUAWEICLOUD_SDK_SK=quick_emulator.secret_key,
        HUAWEICLOUD_REGION=quick_emulator.region,
        HUAWEICLOUD_DMS_ENDPOINT=quick_emulator.url,
        HUAWEICLOUD_IAM_ENDPOINT=quick_emulator.url,
        DEMO_OBS_ACCESS_KEY=OBS_AK,
        DEMO_OBS_SECRET_KEY=OBS_SK,
    )

    def run():
        done = run_playbook(
            os.path.join(FLEET, "site.yml"),
            "--forks",
            "5",
            env=env,
            inventory=os.path.join(FLEET, "prod.dms_kafka.yml"),
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return done

    first = run()
    names = {instance["name"]: instance for instance in quick_emulator.state()["instances"].values()}
    for name, instance in names.items():
        assert len(instance["tasks"]) == PROD_ON.get(name, CONSOLE_MADE.get(name, 0)), name
    quick_emulator.clear_journal()
    second = run()
    assert "changed=1" not in second.stdout and second.stdout.count("changed=0") == len(PROD_ON)
    journal = quick_emulator.journal()
    assert [entry["operation"] for entry in journal].count("ListConnectorTasks") == len(PROD_ON)
    assert all(entry["method"] == "GET" for entry in journal)
    scanner = SecretScanner(known_secrets(quick_emulator, extra=(OBS_SK,)))
    scanner.add_process("first run", first)
    scanner.add_process("second run", second)
    scanner.check()


def test_the_demo_adopts_console_tasks_and_heals_a_failed_one(quick_emulator, tmp_path):
    with open(os.path.join(FLEET, "instances.json")) as handle:
        quick_emulator.add_instances(json.load(handle))
    env = dict(
        HUAWEICLOUD_SDK_AK=quick_emulator.access_key,
        HUAWEICLOUD_SDK_SK=quick_emulator.secret_key,
        HUAWEICLOUD_DMS_ENDPOINT=quick_emulator.url,
        HUAWEICLOUD_IAM_ENDPOINT=quick_emulator.url,
        DEMO_WORK=str(tmp_path),
    )
    demo = os.path.dirname(FLEET)
    quick_emulator.clear_journal()
    adopted = run_playbook(os.path.join(demo, "adopt.yml"), env=env)
    assert adopted.returncode == 0, adopted.stdout[-3000:] + adopted.stderr[-3000:]
    assert [entry for entry in quick_emulator.journal() if entry["method"] != "GET"] == []
    (failed_id,) = [
        task["id"]
        for task in quick_emulator.tasks("6a1f0c52-4d3b-4e7a-9c41-0000000000a1")
        if task["spec"]["task_name"] == "dump-staging-events"
    ]
    quick_emulator.set_task_status(failed_id, "FAILED")
    healed = run_playbook(os.path.join(demo, "heal.yml"), env=env)
    assert healed.returncode == 0, healed.stdout[-3000:] + healed.stderr[-3000:]
    assert "restarted: dump-staging-events" in healed.stdout
    assert {task["status"] for task in quick_emulator.tasks("6a1f0c52-4d3b-4e7a-9c41-0000000000a1")} == {"RUNNING"}
    scanner = SecretScanner(known_secrets(quick_emulator, extra=("console-obs-secret-never-printed-000001",)))
    scanner.add_process("adopt", adopted)
    scanner.add_process("heal", healed)
    scanner.check()
