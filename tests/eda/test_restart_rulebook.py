"""extensions/eda/rulebooks/restart_failed_tasks.yml run by the real ansible-rulebook (Java 17) against the emulator:
a failed task is restarted and runs again; a task that keeps failing is restarted with the backoff, and no more at
max_restarts (issue 25)."""

import json
import os
import shutil
import subprocess
import sys
import time

import pytest
from helpers import ansible_cli
from helpers.secret_scan import SecretScanner, known_secrets

from .source_support import ROOT, create_task

RULEBOOK = "extensions/eda/rulebooks/restart_failed_tasks.yml"
MAX_RESTARTS = 3
# One minute of the backoff schedule lasts this many seconds: short, as test_restart_playbook.py checks the backoff.
BACKOFF_UNIT = 0.1
DEADLINE = 100  # seconds the whole run may take on a busy machine (it takes about 40)

pytestmark = pytest.mark.skipif(
    not (
        shutil.which("java") and os.access(os.path.join(os.path.dirname(sys.executable), "ansible-rulebook"), os.X_OK)
    ),
    reason="needs ansible-rulebook beside this Python and Java 17 (tests/run.sh eda)",
)


def restarts(emu, task_id):
    """The restarts the emulator answered for a task (either path of the API)."""
    return [
        entry
        for entry in emu.journal(method="PUT")
        if entry["path"].endswith("/%s/restart" % task_id) and entry["status"] == 204
    ]


def status(emu, task_id):
    return next(task["status"] for task in emu.tasks() if task["id"] == task_id)


def wait_until(what, check, deadline):
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("timed out waiting until %s" % what)


@pytest.fixture
def rulebook(quick_emulator, tmp_path):
    """Start ansible-rulebook on the rulebook, watching the emulator's instance; yields the process, stopped after."""
    emu = quick_emulator
    emu.set_async_delay(0.3)
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(
        json.dumps(
            {
                "all": {
                    "hosts": {
                        "localhost": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}
                    }
                }
            }
        )
    )
    variables = tmp_path / "vars.yml"
    variables.write_text(
        json.dumps(
            dict(
                instance_ids=[emu.instance_id],
                region=emu.region,
                interval=1,
                max_restarts=MAX_RESTARTS,
                restart_backoff_unit=BACKOFF_UNIT,
                # Never within the test: the count starting over after a slow round is test_restart_playbook.py's.
                restart_reset_after=10**6,
                restart_state_dir=str(tmp_path / "restarts"),
            )
        )
    )
    env = ansible_cli.environment(
        dict(
            HUAWEICLOUD_SDK_AK=emu.access_key,
            HUAWEICLOUD_SDK_SK=emu.secret_key,
            HUAWEICLOUD_DMS_ENDPOINT=emu.url,
            HUAWEICLOUD_SDK_PROJECT_ID=emu.project_id,
            PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
        )
    )
    # A task that failed while no rulebook ran: handled from the source's first read.
    failed_before = create_task(emu, "failed-before-start")
    emu.set_task_status(failed_before, "FAILED")
    output = tmp_path / "rulebook.log"
    argv = [
        ansible_cli.executable("ansible-rulebook"),
        "--rulebook",
        RULEBOOK,
        "-i",
        str(inventory),
        "--vars",
        str(variables),
    ]
    with open(output, "w") as log:
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            yield process, output, tmp_path / "restarts", failed_before
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def test_failed_tasks_are_restarted_until_max_restarts(quick_emulator, rulebook):
    emu = quick_emulator
    process, output, state_dir, failed_before = rulebook
    deadline = time.monotonic() + DEADLINE
    healing, failing = create_task(emu, "heals-once"), create_task(emu, "keeps-failing")
    # The source's first read is its starting point: wait for its second round before failing anything.
    wait_until("the source reads the tasks", lambda: len(emu.journal(operation="ListConnectorTasks")) >= 2, deadline)
    emu.set_task_status(healing, "FAILED")
    emu.set_task_status(failing, "FAILED")

    wait_until("the task failed before the start is restarted", lambda: restarts(emu, failed_before), deadline)
    # A task that fails once is restarted once and runs again.
    wait_until("the failed task is restarted", lambda: restarts(emu, healing), deadline)
    wait_until("it runs again", lambda: status(emu, healing) == "RUNNING", deadline)

    # A task that fails again after every restart is restarted max_restarts times, with the backoff between them.
    for count in range(1, MAX_RESTARTS + 1):
        wait_until("restart %d" % count, lambda count=count: len(restarts(emu, failing)) >= count, deadline)
        wait_until("running after restart %d" % count, lambda: status(emu, failing) == "RUNNING", deadline)
        emu.set_task_status(failing, "FAILED")
    wait_until(
        "the playbook says it stops", lambda: "max_restarts (%d) reached" % MAX_RESTARTS in output.read_text(), deadline
    )
    assert process.poll() is None, output.read_text()

    time.sleep(2)  # a round or two more: no restart past the cap, and the healed task is left alone
    assert len(restarts(emu, failing)) == MAX_RESTARTS and status(emu, failing) == "FAILED"
    assert len(restarts(emu, healing)) == 1 and status(emu, healing) == "RUNNING"
    assert len(restarts(emu, failed_before)) == 1 and status(emu, failed_before) == "RUNNING"
    records = {path.name: json.loads(path.read_text()) for path in state_dir.iterdir()}
    assert records["%s_%s.json" % (emu.instance_id, failing)]["restarts"] == MAX_RESTARTS
    assert records["%s_%s.json" % (emu.instance_id, healing)]["restarts"] == 1
    scanner = SecretScanner(known_secrets(emu))
    scanner.add("ansible-rulebook output", output.read_text())
    scanner.check()
