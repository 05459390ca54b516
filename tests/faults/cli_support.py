"""Real ansible-playbook runs for the fault suite: an inventory of N localhost aliases, and recap parsing."""

import json
import os
import re
import subprocess
import sys

from helpers import ansible_cli

RECAP_RE = re.compile(r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def write_inventory(directory, hosts):
    path = os.path.join(directory, "inventory.ini")
    with open(path, "w") as handle:
        handle.write("[tasks]\n")
        for host in hosts:
            handle.write("%s ansible_connection=local ansible_python_interpreter=%s\n" % (host, sys.executable))
    return path


def write_json(directory, name, data):
    path = os.path.join(directory, name)
    with open(path, "w") as handle:
        json.dump(data, handle)
    return path


def run_playbook(playbook_text, inventory=None, extra_vars=None, args=(), env=None, timeout=110):
    """ansible-playbook with our inventory (default: localhost), extra vars from a JSON file; CompletedProcess."""
    directory = ansible_cli.private_dir("hwkafka-faults-")
    playbook = os.path.join(directory, "playbook.yml")
    with open(playbook, "w") as handle:
        handle.write(playbook_text)
    argv = [ansible_cli.executable("ansible-playbook"), "-i", inventory or "localhost,", playbook]
    if inventory is None:
        argv += ["-c", "local"]
    if extra_vars is not None:
        argv += ["-e", "@" + write_json(directory, "vars.json", extra_vars)]
    argv += list(args)
    completed = subprocess.run(
        argv, env=ansible_cli.environment(env), capture_output=True, text=True, timeout=timeout, check=False
    )
    completed.workdir = directory
    return completed


def recap(stdout):
    """{host: {"ok", "changed", "unreachable", "failed"}} from PLAY RECAP."""
    return {
        host: dict(ok=int(ok), changed=int(changed), unreachable=int(unreachable), failed=int(failed))
        for host, ok, changed, unreachable, failed in RECAP_RE.findall(stdout)
    }


def connection_vars(emulator):
    return dict(
        access_key=emulator.access_key,
        secret_key=emulator.secret_key,
        endpoint=emulator.url,
        project_id=emulator.project_id,
    )
