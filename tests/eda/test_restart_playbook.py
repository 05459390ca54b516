"""extensions/eda/playbooks/restart_failed_task.yml run by ansible-playbook as ansible-rulebook runs it (the event
in ansible_eda), against the emulator: the backoff, the cap and the count starting over (issue 25)."""

import json
import time

import pytest
from helpers import ansible_cli
from helpers.secret_scan import SecretScanner, known_secrets

from .source_support import ROOT, create_task

PLAYBOOK = ROOT + "/extensions/eda/playbooks/restart_failed_task.yml"
BACKOFF_UNIT = 0.5  # seconds a "minute" of the schedule: after 2 restarts, 6 minutes are 3 seconds


@pytest.fixture
def failed_task(quick_emulator):
    emu = quick_emulator
    task_id = create_task(emu, "keeps-failing")
    emu.set_task_status(task_id, "FAILED")
    return task_id


def run(emu, tmp_path, task_id, record=None):
    """The playbook for a FAILED event of the task, with ``record`` as its restart record; CompletedProcess."""
    state_dir = tmp_path / "restarts"
    state_dir.mkdir(exist_ok=True)
    path = state_dir / ("%s_%s.json" % (emu.instance_id, task_id))
    if record is not None:
        path.write_text(json.dumps(record))
    event = dict(instance_id=emu.instance_id, task_id=task_id, task_name="keeps-failing", region=emu.region)
    extra = dict(
        ansible_eda=dict(event=dict(smart_connect=dict(event, status="FAILED", previous_status="RUNNING"))),
        smart_connect_restart=dict(
            max_restarts=3, backoff_unit=BACKOFF_UNIT, state_dir=str(state_dir), watch_seconds=1
        ),
        smart_connect_connection=dict(endpoint=emu.url, project_id=emu.project_id),
    )
    extra_file = tmp_path / "extravars.json"
    extra_file.write_text(json.dumps(extra))
    env = dict(HUAWEICLOUD_SDK_AK=emu.access_key, HUAWEICLOUD_SDK_SK=emu.secret_key)
    completed = ansible_cli.run_playbook(PLAYBOOK, "-e", "@%s" % extra_file, env=env)
    scanner = SecretScanner(known_secrets(emu))
    scanner.add_process("ansible-playbook", completed)
    scanner.check()
    return completed, json.loads(path.read_text()) if path.exists() else None


def restart_times(emu, task_id):
    return [entry["time"] for entry in emu.journal(method="PUT") if entry["path"].endswith("/%s/restart" % task_id)]


def test_the_third_restart_waits_six_minutes_after_the_second(quick_emulator, tmp_path, failed_task):
    emu = quick_emulator
    last = time.time()
    completed, record = run(emu, tmp_path, failed_task, dict(restarts=2, last_restart=last))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    (restarted,) = restart_times(emu, failed_task)
    assert restarted - last >= 6 * BACKOFF_UNIT  # 2 * 2 + 2 minutes after the last restart
    assert record["restarts"] == 3 and record["last_restart"] >= last + 6 * BACKOFF_UNIT - 0.5
    assert "restarted: restart 3 of at most 3." in completed.stdout
    assert emu.tasks()[0]["status"] == "RUNNING"


def test_the_first_restart_is_at_once(quick_emulator, tmp_path, failed_task):
    emu = quick_emulator
    started = time.time()
    completed, record = run(emu, tmp_path, failed_task)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert record["restarts"] == 1 and "Wait out the backoff" in completed.stdout
    assert "Pausing for" not in completed.stdout and restart_times(emu, failed_task)[0] >= started


def test_at_max_restarts_the_task_is_left_failed_and_the_playbook_says_so(quick_emulator, tmp_path, failed_task):
    emu = quick_emulator
    completed, record = run(emu, tmp_path, failed_task, dict(restarts=3, last_restart=time.time() - 3))
    assert completed.returncode != 0
    assert (
        "is FAILED again after 3 restarts: max_restarts (3) reached, so it is not restarted again" in completed.stdout
    )
    assert restart_times(emu, failed_task) == [] and record["restarts"] == 3
    assert emu.tasks()[0]["status"] == "FAILED"


def test_a_failure_long_after_the_last_restart_counts_from_zero(quick_emulator, tmp_path, failed_task):
    emu = quick_emulator
    # reset_after is 120 "minutes": 60 seconds here
    completed, record = run(emu, tmp_path, failed_task, dict(restarts=3, last_restart=time.time() - 61))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert record["restarts"] == 1 and len(restart_times(emu, failed_task)) == 1


def test_a_task_no_longer_failing_is_left_alone(quick_emulator, tmp_path, failed_task):
    emu = quick_emulator
    emu.set_task_status(failed_task, "RUNNING")  # restarted by hand meanwhile
    completed, record = run(emu, tmp_path, failed_task)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert restart_times(emu, failed_task) == [] and record is None


def test_a_failed_task_of_a_type_the_collection_does_not_manage_is_left_saying_so(quick_emulator, tmp_path):
    emu = quick_emulator
    redis = {
        "task_name": "keeps-failing",
        "topics": "cache",
        "source_type": "REDIS_REPLICATOR_SOURCE",
        "source_task": {"redis_address": "10.0.0.5:6379"},
        "sink_type": "NONE",
    }
    task_id = emu.seed_task(redis, status="FAILED")["id"]
    completed, record = run(emu, tmp_path, task_id)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "of a type this collection does not manage (REDIS_REPLICATOR_SOURCE to NONE)" in " ".join(
        completed.stdout.split()
    )
    assert restart_times(emu, task_id) == [] and record is None


def test_a_restart_that_cannot_be_made_counts_and_is_handed_back(quick_emulator, tmp_path, failed_task):
    """The service refuses the restart: the attempt counts (the backoff and the cap hold), the playbook says why,
    and the failure goes back to the rulebook (the task sends no new event while it stays failed)."""
    emu = quick_emulator
    emu.set_task_status(failed_task, "CREATE_FAILED")  # the emulator restarts FAILED tasks only
    completed, record = run(emu, tmp_path, failed_task)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    output = " ".join(completed.stdout.split())
    assert "could not be restarted this time: Failed to restart" in output
    assert "tried again after the backoff" in output and "restarted: restart" not in output
    assert record["restarts"] == 1
    first = record["last_restart"]
    again, record = run(emu, tmp_path, failed_task)
    assert again.returncode == 0 and record["restarts"] == 2
    assert record["last_restart"] - first >= 2 * BACKOFF_UNIT  # the backoff after one attempt: 2 "minutes"
