"""The fault matrix: every write (and the lookup) of smart_connect_task under every fault the emulator injects.

For each operation x fault x count, the fault hits the next ``count`` requests of that operation. Then:

- the run succeeds when the client's policy retries that fault and ``count`` <= retries, or whatever the count
  when the fault is throttling (sent again within ``rate_limit_timeout``, not counted against ``retries``);
  otherwise it fails with a clean message (the error code, or Timeout/ConnectionError, and the request id when
  an answer came back);
- a POST is never retried after it may have reached the service (only throttling answers are retried); a create
  whose answer was lost (dropped connection, timeout) is looked up by name: found, it is adopted (the run
  succeeds); certainly absent, it is sent once more;
- the faults are cleared and the same run is made again: it succeeds, and a third run changes nothing and sends
  no write; the instance holds exactly one task of that name (none after a delete) in the state asked for.

Retries are real (the client's backoff is cut to 10 ms by the ``fast`` fixture, so nothing sleeps long); only the
``slow`` fault costs wall time (answers 1.2 s late to a client whose timeout is 1 s).
"""

import pytest

from .fault_support import obs_dump, run_module, tasks_named, wait_for_journal

RETRIES = 2
SLOW_DELAY = 1.2

# name: (emulator fault kind, options, retried for non-POST, retried for POST, what the message names)
THROTTLING = ("429", "throttle404")  # sent again within rate_limit_timeout, whatever the count
FAULTS = {
    "429": ("gateway_throttle", {"retry_after": "1"}, True, True, "APIG.0308"),
    "throttle404": ("dms_throttle", {}, True, True, "DMS.10240407"),
    "500-json": ("server_error", {"status": 500}, True, False, "DMS.00500000"),
    "502-html": ("server_error", {"status": 502, "html": True}, True, False, "HTTP 502"),
    "503-json": ("server_error", {"status": 503}, True, False, "APIG.0201"),
    "503-html": ("server_error", {"status": 503, "html": True}, True, False, "HTTP 503"),
    "drop_before": ("drop_before", {}, True, False, "ConnectionError"),
    "drop_after": ("drop_after", {}, True, False, "ConnectionError"),
    "slow": ("slow", {"delay": SLOW_DELAY}, True, False, "Timeout"),
}

# name: (method, path regex of the faulted request)
OPERATIONS = {
    "lookup": ("GET", r"/connector/tasks/?$"),
    "create": ("POST", r"/connector/tasks/?$"),
    "modify": ("PUT", r"/connector/tasks/[0-9a-f-]{36}/?$"),
    "pause": ("PUT", r"/pause/?$"),
    "resume": ("PUT", r"/resume/?$"),
    "delete": ("DELETE", r"/connector/tasks/[0-9a-f-]{36}/?$"),
}


def case_ids():
    cases = []
    for operation in OPERATIONS:
        for fault in FAULTS:
            retries = 1 if fault == "slow" else RETRIES  # each slow answer costs SLOW_DELAY seconds
            for count in (retries, retries + 1):
                cases.append(
                    pytest.param(
                        operation,
                        fault,
                        retries,
                        count,
                        id="%s-%s-%s" % (operation, fault, "within" if count <= retries else "beyond"),
                    )
                )
    return cases


def desired(operation, name):
    """(module args, expected changed on a clean run) for the operation under test."""
    if operation == "create":
        return obs_dump(name), True
    if operation == "lookup":
        return obs_dump(name), False
    if operation == "modify":
        return obs_dump(name, sink_task=dict(obs_bucket_name="fault-bucket", deliver_time_interval=600)), True
    if operation == "pause":
        return obs_dump(name, state="paused"), True
    if operation == "resume":
        return obs_dump(name, state="running"), True
    return dict(task_name=name, state="absent"), True


def prepare(emu, base, operation, name):
    """The task as it must be before the operation: absent for create, RUNNING (PAUSED for resume) otherwise."""
    if operation == "create":
        return
    result = run_module("smart_connect_task", dict(base, **obs_dump(name)))
    assert not result["failed"], result["msg"]
    if operation == "resume":
        result = run_module("smart_connect_task", dict(base, **obs_dump(name, state="paused")))
        assert not result["failed"], result["msg"]


def check_end_state(emu, operation, name):
    tasks = tasks_named(emu, name)
    if operation == "delete":
        assert tasks == []
        return
    assert len(tasks) == 1, "expected exactly one task named %s, found %d" % (name, len(tasks))
    task = tasks[0]
    if operation == "modify":
        assert task["spec"]["sink_task"]["deliver_time_interval"] == 600
    expected_status = {"pause": ("PAUSED",), "resume": ("RUNNING",)}.get(operation, ("RUNNING", "CREATING"))
    assert task["status"] in expected_status


@pytest.mark.parametrize("operation, fault, retries, count", case_ids())
def test_fault_matrix(fast, scanner, operation, fault, retries, count):
    emu = fast
    kind, options, retried, retried_post, marker = FAULTS[fault]
    method, path = OPERATIONS[operation]
    name = "fault-%s-%s" % (operation, fault.replace("_", "-"))
    timeout = 1 if fault == "slow" else 5
    base = dict(
        access_key=emu.access_key,
        secret_key=emu.secret_key,
        endpoint=emu.url,
        project_id=emu.project_id,
        instance_id=emu.instance_id,
        retries=retries,
        timeout=timeout,
    )
    prepare(emu, base, operation, name)
    args, changed = desired(operation, name)
    args = dict(base, **args)
    emu.clear_journal()
    del emu.delays[:]

    emu.inject_fault(kind, method=method, path=path, count=count, **options)
    result = scanner.add("faulted run", run_module("smart_connect_task", args, diff=True))
    throttled = fault in THROTTLING
    succeeds = (retried_post if method == "POST" else retried) and (count <= retries or throttled)
    lost_create = operation == "create" and kind in ("drop_before", "drop_after", "slow")
    if lost_create:
        succeeds = kind != "drop_before"  # the task exists: adopted; drop_before drops the second POST too
    retried_here = retried_post if method == "POST" else retried
    if operation in ("pause", "resume") and fault == "drop_after" and count <= retries:
        retried_here = False  # the retry finds the task moved already and is refused, not faulted again
    expected_faulted = (count if throttled else min(count, retries + 1)) if retried_here else 1
    # Slow answers are journaled once they are sent: wait for them, so the re-run sees what they did.
    faulted = wait_for_journal(emu, lambda entries: sum(1 for e in entries if e["fault"]) >= expected_faulted)
    faulted = [entry for entry in faulted if entry["fault"]]

    # A POST that may have reached the service is sent once; throttled ones are sent again.
    if method == "POST":
        posts = list(emu.journal(method="POST"))
        if lost_create:
            assert len(posts) == (2 if kind == "drop_before" else 1)  # once more only when certainly absent
        else:
            if throttled:
                assert len(posts) == count + 1
            else:
                assert len(posts) == (
                    min(count, retries) + 1
                    if retried_post and count <= retries
                    else (retries + 1 if retried_post else 1)
                )
        assert sum(1 for entry in posts if entry["status"] == 200) <= 1

    if fault == "429":
        assert all(asked == 1.0 for _attempt, retry_after, asked in emu.delays), "Retry-After was not honoured"

    if succeeds:
        assert not result["failed"], result["msg"]
        assert result["changed"] is changed
    else:
        assert result["failed"], result
        message = result["msg"]
        assert "Traceback" not in message
        assert message.startswith("Failed to "), message
        assert marker in message, message
        answered = [entry for entry in faulted if entry["delivered"]]
        if answered and marker.startswith(("APIG", "DMS", "HTTP")):
            assert answered[-1]["request_id"] in message, message
            assert result["request_id"] == answered[-1]["request_id"]

    # A failed run is never a half-applied change reported as success, and a re-run converges from it.
    emu.clear_faults()
    rerun = scanner.add("re-run", run_module("smart_connect_task", args, diff=True))
    assert not rerun["failed"], rerun["msg"]
    if result["failed"] and method == "POST" and kind in ("drop_after", "slow"):
        assert rerun["changed"] is False  # the create did happen: found by name, not created twice
    emu.clear_journal()
    third = scanner.add("third run", run_module("smart_connect_task", args))
    assert not third["failed"] and third["changed"] is False, third
    assert [entry for entry in emu.journal() if entry["method"] != "GET"] == []
    check_end_state(emu, operation, name)
