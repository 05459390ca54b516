"""The command line: start on a free port, print the URL, serve, apply flags, stop on SIGINT/SIGTERM."""

import json
import os
import select
import signal
import subprocess
import sys
import urllib.request

import pytest

RUN_PY = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "emulator", "run.py"
)


def start(*flags, cwd=None, module=False):
    command = [sys.executable, "-m", "emulator"] if module else [sys.executable, RUN_PY]
    return subprocess.Popen(
        command + ["--port", "0"] + list(flags), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd
    )


def read_line(process, timeout=15):
    ready = select.select([process.stdout], [], [], timeout)[0]
    assert ready, "the emulator printed nothing within %ss" % timeout
    return process.stdout.readline().strip()


def get_json(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def stop(process, signum):
    process.send_signal(signum)
    try:
        out, err = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return process.returncode, out, err


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_starts_serves_and_stops(tmp_path, signum):
    url_file = tmp_path / "url.txt"
    process = start("--url-file", str(url_file))
    try:
        line = read_line(process)
        assert line.startswith("DMS emulator listening on http://127.0.0.1:")
        url = line.rsplit(" ", 1)[1]
        assert url_file.read_text().strip() == url
        assert get_json(url + "/_emulator/health")["ok"] is True
    finally:
        code, out, err = stop(process, signum)
    assert code == 0, err
    assert "DMS emulator stopped" in out
    assert not url_file.exists()


def test_flags_set_credentials_and_switches():
    process = start(
        "--modify-mode",
        "replace",
        "--put-secrets",
        "reject",
        "--unused-side",
        "empty",
        "--list-order",
        "reversed",
        "--page-size-cap",
        "3",
        "--async-delay",
        "0",
        "--modify-requires-paused",
        "--modify-restarts",
        "--modify-failed",
        "--ambiguous-region",
        "cn-north-4",
        "--unreachable-peer",
        "10.0.0.9",
        "--project-id",
        "abcdefabcdefabcdefabcdefabcdef12",
        "--access-key",
        "MYAK",
        "--signer",
        "builtin",
        "--verbose",
        "--async-ends-in",
        "FAILED",
        "--total-number-extra",
        "2",
        "--echo-body-in-errors",
        "--modify-ignores",
        "sink_task.obs_path",
        "--list-ignores-offset",
        "--job-outcome",
        "CANCELLED",
        "--jobs-unreadable",
        "--sold-out",
        "--no-agency",
        "--list-lag",
        "1.5",
        "--identity-ttl",
        "60",
        "--metadata-token",
        "optional",
        "--no-metadata-agency",
        "--task-quota",
        "5",
        "--quota-fields",
        "max_tasks",
        "--quota-tasks-meaning",
        "total",
        "--missing-task-code",
        "none",
        "--taken-names",
        "refused",
        "--restart-paths",
        "plain",
        "--rate-limit",
        "120",
        "--rate-window",
        "30",
    )
    try:
        url = read_line(process).rsplit(" ", 1)[1]
        config = get_json(url + "/_emulator/config")
        info = get_json(url + "/_emulator/info")
    finally:
        code = stop(process, signal.SIGTERM)[0]
    assert code == 0
    assert config == {
        "async_delay": 0.0,
        "modify_mode": "replace",
        "put_secrets": "reject",
        "unused_side": "empty",
        "list_order": "reversed",
        "page_size_cap": 3,
        "modify_requires_paused": True,
        "modify_restarts": True,
        "modify_failed": True,
        "ambiguous_regions": ["cn-north-4"],
        "unreachable_peers": ["10.0.0.9"],
        "async_ends_in": "FAILED",
        "total_number_extra": 2,
        "echo_body_in_errors": True,
        "modify_ignores": ["sink_task.obs_path"],
        "list_ignores_offset": True,
        "job_outcome": "CANCELLED",
        "jobs_unreadable": True,
        "sold_out": True,
        "agency_supported": False,
        "list_lag": 1.5,
        "identity_ttl": 60,
        "metadata_token": "optional",
        "metadata_agency": False,
        "oidc_id_token": "emulator-oidc-id-token-0001",
        "task_quota": 5,
        "quota_fields": "max_tasks",
        "quota_tasks_meaning": "total",
        "missing_task_code": "none",
        "rate_limit": 120,
        "rate_window": 30.0,
        "taken_names": "refused",
        "list_barrier": None,
        "restart_paths": "plain",
    }
    assert (info["project_id"], info["access_key"], info["signer"]) == (
        "abcdefabcdefabcdefabcdefabcdef12",
        "MYAK",
        "builtin",
    )


def test_python_dash_m_from_the_tests_directory():
    process = start(module=True, cwd=os.path.dirname(os.path.dirname(RUN_PY)))
    try:
        assert read_line(process).startswith("DMS emulator listening on http://127.0.0.1:")
    finally:
        code = stop(process, signal.SIGTERM)[0]
    assert code == 0


def test_bad_flag_value_exits_with_usage():
    result = subprocess.run(
        [sys.executable, RUN_PY, "--async-delay", "-1"], capture_output=True, text=True, timeout=20, check=False
    )
    assert result.returncode == 2 and "async_delay" in result.stderr


def test_add_instances_at_start(tmp_path):
    fleet = tmp_path / "fleet.json"
    fleet.write_text(json.dumps([{"name": "eu-1", "region": "eu-west-101", "tags": {"env": "prod"}}]))
    process = start("--add-instances", str(fleet))
    try:
        url = read_line(process).rsplit(" ", 1)[-1]
        names = [instance["name"] for instance in get_json(url + "/_emulator/state")["instances"].values()]
        assert "eu-1" in names and len(names) == 5
    finally:
        stop(process, signal.SIGTERM)


@pytest.mark.parametrize("content, words", [("{}", "a JSON list of objects"), ('[{"region": "EU"}]', "region must be")])
def test_add_instances_refuses_a_bad_file(tmp_path, content, words):
    fleet = tmp_path / "fleet.json"
    fleet.write_text(content)
    process = start("--add-instances", str(fleet))
    _out, err = process.communicate(timeout=15)
    assert process.returncode == 2 and words in err
