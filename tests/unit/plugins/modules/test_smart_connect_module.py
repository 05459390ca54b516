"""smart_connect without a server: deciding, busy retries with a capped backoff, waiting, timeouts, check mode.

Time is simulated: ``sleep`` advances a fake clock, so the tests run in milliseconds.
"""

import pytest

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.retry import Backoff
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners import connector as mod
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners import connector_write as write
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import Failure

INSTANCE = "6a1f0c52-4d3b-4e7a-9c41-000000000001"


def instance(status="RUNNING", enabled=False, node_num=None, connector_id=None):
    return {
        "instance_id": INSTANCE,
        "status": status,
        "connector_enable": enabled,
        "connector_node_num": node_num if node_num is not None else (2 if enabled else 0),
        "connector_id": connector_id if connector_id is not None else ("conn-1" if enabled else ""),
    }


def busy(code="DMS.00400017"):
    return ApiError(
        "enable Smart Connect on instance %s" % INSTANCE, "busy", status=400, error_code=code, request_id="req-busy"
    )


class Clock:
    def __init__(self):
        self.now = 100.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


class FakeApi:
    """Instances read in turn from ``reads`` (the last one repeats); writes answer from ``answers`` in turn.

    ``log`` records instance reads and writes; ``side_calls`` the sold-out check and the job reads, which
    answer ``sold_out`` and the jobs of ``jobs`` in turn (the last one repeats; an exception is raised).
    """

    def __init__(self, reads, answers=None, tasks=None, total=None, sold_out=False, jobs=None):
        self.reads = list(reads)
        self.answers = list(answers or [{"job_id": "job-1", "connector_id": "conn-new"}])
        self.tasks = tasks or []
        self.total = len(self.tasks) if total is None else total
        self.sold_out = sold_out
        self.jobs = list(jobs or [{"id": "job-1", "name": "kafkaEnableConnector", "status": "EXECUTING"}])
        self.log = []
        self.side_calls = []

    def resource_info(self):
        self.side_calls.append("sold-out?")
        return {"soldOut": self.sold_out}

    def background_job(self, job_id):
        self.side_calls.append("job %s" % job_id)
        job = self.jobs.pop(0) if len(self.jobs) > 1 else self.jobs[0]
        if isinstance(job, Exception):
            raise job  # pylint: disable=raising-bad-type
        return job

    def job_progress(self, job_id):
        """Always half way: kept apart from side_calls, which the tests of the job reads compare."""
        self.progress_calls = getattr(self, "progress_calls", []) + [job_id]
        return {"progress_percentage": 50, "remain_time": 10, "step_list": []}

    def instance(self):
        self.log.append("read")
        return self.reads.pop(0) if len(self.reads) > 1 else self.reads[0]

    def _write(self, name, body=None):
        self.log.append(name)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer  # pylint: disable=raising-bad-type
        self.bodies = getattr(self, "bodies", []) + [body]
        return answer

    def enable(self, body):
        return self._write("enable", body)

    def disable(self):
        return self._write("disable")

    def list_page(self, offset=0, limit=50):
        self.log.append("list")
        return {"tasks": self.tasks, "total_number": self.total}


class FakeModule:
    def __init__(self, check_mode=False, diff=True, **params):
        self.params = dict(
            instance_id=INSTANCE,
            state="present",
            node_cnt=None,
            specification=None,
            spec_code=None,
            force=False,
            wait=True,
            wait_timeout=60,
        )
        self.params.update(params)
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)


def runner(api, clock=None, backoff=None, **params):
    clock = clock or Clock()
    module = FakeModule(**params)
    backoff = backoff or Backoff(base=1.0, cap=10.0, rand=lambda low, high: high)  # no jitter: the cap shows
    return mod.ConnectorRunner(module, api, sleep=clock.sleep, clock=clock, backoff=backoff)


# ----- deciding -------------------------------------------------------------------------------------------


def test_enable_then_wait_for_running_and_enabled():
    # Just after the call the service may still show RUNNING and off, then EXTENDING: neither is the end.
    done = instance(enabled=True, node_num=2, connector_id="conn-new")
    api = FakeApi([instance(), instance(), instance("EXTENDING"), done])
    run = runner(api)
    result = run.run()
    assert api.log == ["read", "enable", "read", "read", "read"]
    assert api.bodies == [{"node_cnt": 2}]
    assert result == {
        "changed": True,
        "connector": {
            "enabled": True,
            "connector_id": "conn-new",
            "node_cnt": 2,
            "status": "RUNNING",
            "job_id": "job-1",
            "job_progress": {"progress_percentage": 50, "remain_time": 10},
        },
        "diff": {"before": {"enabled": False, "node_cnt": None}, "after": {"enabled": True, "node_cnt": 2}},
    }
    assert run.clock.sleeps == [1.0, 2.0, 4.0]  # capped exponential backoff before each poll


def test_enable_body_carries_node_cnt_and_the_old_flavor_options():
    api = FakeApi([instance(), instance(enabled=True, node_num=4)])
    run = runner(api, node_cnt=4, specification="100MB", spec_code="dms.physical.storage.ultra.v2")
    assert run.run()["connector"]["node_cnt"] == 4
    assert api.bodies == [{"node_cnt": 4, "specification": "100MB", "spec_code": "dms.physical.storage.ultra.v2"}]


def test_already_as_asked_reads_once_and_changes_nothing():
    for state, found in (("present", instance(enabled=True)), ("absent", instance())):
        api = FakeApi([found])
        run = runner(api, state=state)
        result = run.run()
        assert not result["changed"] and api.log == ["read"] and run.clock.sleeps == []
        assert result["diff"]["before"] == result["diff"]["after"]
        assert run.module.warnings == []


@pytest.mark.parametrize("wanted, reported, warned", [(4, 2, True), (2, 2, False), (None, 3, False), (4, 0, False)])
def test_node_count_differences_only_warn(wanted, reported, warned):
    api = FakeApi([instance(enabled=True, node_num=reported)])
    run = runner(api, node_cnt=wanted)
    result = run.run()
    assert not result["changed"] and api.log == ["read"]
    assert bool(run.module.warnings) is warned
    if warned:
        assert "has %d nodes, not the %d asked for" % (reported, wanted) in run.module.warnings[0]


def test_disable_counts_tasks_first_and_refuses_without_force():
    tasks = [{"id": "t-1", "task_name": "alpha"}, {"id": "t-2", "task_name": "bravo"}]
    api = FakeApi([instance(enabled=True)], tasks=tasks, total=5)
    run = runner(api, state="absent")
    with pytest.raises(Failure) as failure:
        run.run()
    assert str(failure.value).startswith(
        "Disabling Smart Connect on instance %s would delete its 5 tasks: "
        "alpha (t-1), bravo (t-2), and 3 more. Set force=true" % INSTANCE
    )
    assert api.log == ["read", "list"]  # nothing written
    assert run.failure_result() == {
        "changed": False,
        "connector": {"enabled": True, "connector_id": "conn-1", "node_cnt": 2, "status": "RUNNING"},
    }


@pytest.mark.parametrize(
    "tasks, total, message",
    [
        ([{"id": "t-1", "task_name": "alpha"}], None, "its 1 task: alpha (t-1)."),
        ([], 2, "its 2 tasks: names not listed by the service."),
        ([{"id": "t-1", "task_name": "alpha"}], 0, "its 1 task: alpha (t-1)."),  # the tasks seen count
    ],
)
def test_refusal_messages(tasks, total, message):
    api = FakeApi([instance(enabled=True)], tasks=tasks, total=total)
    with pytest.raises(Failure) as failure:
        runner(api, state="absent").run()
    assert message in str(failure.value)


def test_disable_with_no_task_or_with_force():
    api = FakeApi([instance(enabled=True), instance(enabled=False)], answers=[{"job_id": "job-2"}])
    result = runner(api, state="absent").run()
    assert api.log == ["read", "list", "disable", "read"]
    assert result["changed"] and result["connector"] == {
        "enabled": False,
        "connector_id": None,
        "node_cnt": None,
        "status": "RUNNING",
        "job_id": "job-2",
        "job_progress": {"progress_percentage": 50, "remain_time": 10},
    }
    api = FakeApi([instance(enabled=True), instance(enabled=False)], tasks=[{"id": "t", "task_name": "x"}])
    runner(api, state="absent", force=True).run()
    assert api.log == ["read", "disable", "read"]  # force: no counting


# ----- check mode -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, connector",
    [
        (dict(), {"enabled": True, "connector_id": None, "node_cnt": 2, "status": "RUNNING"}),
        (dict(node_cnt=5, wait=False), {"enabled": True, "connector_id": None, "node_cnt": 5, "status": "EXTENDING"}),
    ],
)
def test_check_mode_predicts_enabling_and_writes_nothing(params, connector):
    api = FakeApi([instance()])
    run = runner(api, check_mode=True, **params)
    result = run.run()
    assert result["changed"] and result["connector"] == connector and api.log == ["read"] and run.clock.sleeps == []


def test_check_mode_predicts_disabling_and_still_refuses_without_force():
    api = FakeApi([instance(enabled=True)])
    run = runner(api, state="absent")
    run.check_mode = True
    result = run.run()
    assert result["connector"] == {"enabled": False, "connector_id": None, "node_cnt": None, "status": "RUNNING"}
    assert api.log == ["read", "list"]
    api = FakeApi([instance(enabled=True)], tasks=[{"id": "t-1", "task_name": "alpha"}])
    run = runner(api, state="absent")
    run.check_mode = True
    with pytest.raises(Failure):
        run.run()
    assert api.log == ["read", "list"]


def test_check_mode_does_not_wait_for_a_running_job():
    api = FakeApi([instance("CONNECTOR_DELETING", enabled=True)])
    run = runner(api)
    run.check_mode = True
    result = run.run()
    assert not result["changed"] and api.log == ["read"] and run.clock.sleeps == []


def test_no_diff_without_diff_mode():
    api = FakeApi([instance(enabled=True)])
    run = runner(api)
    run.module._diff = False
    assert "diff" not in run.run()


# ----- busy instance ------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["DMS.00400026", "DMS.00400017"])
def test_busy_answers_are_retried_with_a_capped_backoff(code):
    answers = [busy(code)] * 6 + [{"job_id": "job-1", "connector_id": "conn-new"}]
    api = FakeApi([instance()] * 7 + [instance(enabled=True)], answers=answers)
    run = runner(api)
    result = run.run()
    assert result["changed"]
    assert api.log[:14] == ["read"] + ["enable", "read"] * 6 + ["enable"]
    assert run.clock.sleeps[:6] == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_backoff_is_jittered_below_the_cap():
    draws = []

    def rand(low, high):
        draws.append((low, high))
        return (low + high) / 2

    api = FakeApi([instance()] * 4 + [instance(enabled=True)], answers=[busy()] * 3 + [{"job_id": "j"}])
    run = runner(api, backoff=Backoff(base=1.0, cap=3.0, rand=rand))
    run.run()
    assert draws[:3] == [(0, 1.0), (0, 2.0), (0, 3.0)]
    assert run.clock.sleeps[:3] == [0.5, 1.0, 1.5]


def test_busy_until_another_job_reaches_the_target_sends_nothing_more():
    api = FakeApi([instance(), instance("EXTENDING"), instance(enabled=True)], answers=[busy()])
    result = runner(api).run()
    assert not result["changed"]
    assert api.log == ["read", "enable", "read", "read"]  # no write while EXTENDING, none once enabled
    assert result["connector"]["enabled"] and result["connector"]["status"] == "RUNNING"


def test_a_job_found_running_is_waited_for_before_deciding():
    api = FakeApi(
        [
            instance("CONNECTOR_DELETING", enabled=True),
            instance("CONNECTOR_DELETING", enabled=True),
            instance(),
            instance(enabled=True),
        ]
    )
    result = runner(api).run()
    assert api.log == ["read", "read", "read", "enable", "read"]
    assert result["changed"] and result["diff"]["before"]["enabled"] is True


def test_other_errors_fail_at_once():
    error = ApiError("enable", "bad", status=400, error_code="DMS.00400062", request_id="r")
    api = FakeApi([instance()], answers=[error])
    run = runner(api)
    with pytest.raises(ApiError):
        run.run()
    assert api.log == ["read", "enable"] and run.clock.sleeps == []
    not_busy_status = ApiError("enable", "gone", status=404, error_code="DMS.00400017", request_id="r")
    api = FakeApi([instance()], answers=[not_busy_status])
    with pytest.raises(ApiError):
        runner(api).run()


def test_busy_past_the_timeout_fails_with_the_last_status_and_answer():
    api = FakeApi([instance(), instance("RESTARTING")], answers=[busy("DMS.00400026")])
    run = runner(api, wait_timeout=20)
    with pytest.raises(Failure) as failure:
        run.run()
    message = str(failure.value)
    assert message.startswith(
        "Timed out after 20 seconds waiting for instance %s to accept the request to enable "
        "Smart Connect: it stayed busy; last status seen: RESTARTING; last answer: busy "
        "(DMS.00400026, req-busy)" % INSTANCE
    )
    assert failure.value.error.error_code == "DMS.00400026"
    assert sum(run.clock.sleeps) == pytest.approx(20.0)  # the last sleep is cut to the time left
    assert run.clock.sleeps[-1] < 10.0


# ----- waiting ------------------------------------------------------------------------------------------


def test_wait_timeout_fails_with_a_fresh_last_status():
    api = FakeApi([instance(), instance("EXTENDING")])
    run = runner(api, wait_timeout=0)
    with pytest.raises(Failure) as failure:
        run.run()
    assert str(failure.value) == (
        "Timed out after 0 seconds waiting for Smart Connect to be enabled on instance %s; "
        "last seen: status EXTENDING, Smart Connect off; the job said it was 50%% done, about 10 s left" % INSTANCE
    )
    assert api.log == ["read", "enable", "read"] and run.changed
    assert run.failure_result()["changed"] is True


def test_a_progress_that_cannot_be_read_is_not_asked_again():
    api = FakeApi([instance(), instance("EXTENDING"), instance("EXTENDING"), instance(enabled=True, node_num=2)])
    asked = []

    def unreadable(job_id):
        asked.append(job_id)
        raise ApiError("read the progress", "no such API", status=404, error_code="APIGW.0101")

    api.job_progress = unreadable
    result = runner(api).run()
    assert asked == ["job-1"] and "job_progress" not in result["connector"]
    assert result["connector"]["enabled"]


def test_wait_timeout_counts_from_the_start_of_the_run():
    api = FakeApi([instance()] * 3 + [instance("EXTENDING")], answers=[busy(), busy(), {"job_id": "j"}])
    run = runner(api, wait_timeout=5)
    with pytest.raises(Failure) as failure:
        run.run()
    assert "waiting for Smart Connect to be enabled" in str(failure.value)
    assert sum(run.clock.sleeps) == pytest.approx(5.0)


def test_without_wait_returns_after_the_call():
    api = FakeApi([instance()])
    result = runner(api, wait=False).run()
    assert api.log == ["read", "enable"]
    assert result["connector"] == {
        "enabled": True,
        "connector_id": "conn-new",
        "node_cnt": 2,
        "status": "EXTENDING",
        "job_id": "job-1",
    }
    api = FakeApi([instance(enabled=True)], answers=[{}])
    result = runner(api, wait=False, state="absent", force=True).run()
    assert result["connector"] == {
        "enabled": False,
        "connector_id": None,
        "node_cnt": None,
        "status": "CONNECTOR_DELETING",
    }


# ----- shapes and options -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "found, view",
    [
        (
            {"connector_enable": True, "connector_id": "c", "connector_node_num": 3, "status": "RUNNING"},
            {"enabled": True, "connector_id": "c", "node_cnt": 3, "status": "RUNNING"},
        ),
        (
            {"connector_enable": "true", "connector_id": "c", "connector_node_num": "4", "status": "RUNNING"},
            {"enabled": True, "connector_id": "c", "node_cnt": 4, "status": "RUNNING"},
        ),
        (
            {"connector_enable": True, "status": "RUNNING"},
            {"enabled": True, "connector_id": None, "node_cnt": None, "status": "RUNNING"},
        ),
        (
            {"connector_enable": False, "connector_id": "", "connector_node_num": 0, "status": "RUNNING"},
            {"enabled": False, "connector_id": None, "node_cnt": None, "status": "RUNNING"},
        ),
        (
            {"connector_enable": "false", "connector_id": "stale", "connector_node_num": 2, "status": "RUNNING"},
            {"enabled": False, "connector_id": None, "node_cnt": None, "status": "RUNNING"},
        ),
        ({}, {"enabled": False, "connector_id": None, "node_cnt": None, "status": None}),
    ],
)
def test_connector_view(found, view):
    assert mod.connector_view(found) == view


@pytest.mark.parametrize(
    "params, count",
    [
        (dict(), 0),
        (dict(node_cnt=1), 1),
        (dict(node_cnt=2), 0),
        (dict(node_cnt=16), 0),
        (dict(node_cnt=17), 1),
        (dict(wait_timeout=-1), 1),
        (dict(node_cnt=0, wait_timeout=-3), 2),
    ],
)
def test_check_options(params, count):
    values = dict(instance_id=INSTANCE, node_cnt=None, wait_timeout=10)
    values.update(params)
    assert len(mod.check_options(values)) == count


@pytest.mark.parametrize(
    "error, expected",
    [
        (ApiError("x", "m", status=400, error_code="DMS.00400026"), True),
        (ApiError("x", "m", status=400, error_code="DMS.00400017"), True),
        (ApiError("x", "m", status=400, error_code="DMS.00400062"), False),
        (ApiError("x", "m", status=500, error_code="DMS.00400017"), False),
        (ApiError("x", "m"), False),
    ],
)
def test_is_busy(error, expected):
    assert write.is_busy(error) is expected


# ----- the job, and the safety nets before an enable ------------------------------------------------------


def test_the_enable_job_is_followed_beside_the_instance():
    done = instance(enabled=True, node_num=2, connector_id="conn-new")
    api = FakeApi([instance(), instance("EXTENDING"), done])
    result = runner(api).run()
    assert result["changed"] and api.log == ["read", "enable", "read", "read"]
    assert api.side_calls == ["sold-out?", "job job-1", "job job-1"]


@pytest.mark.parametrize("status", ["FAILED", "CANCELLED"])
def test_a_failed_or_cancelled_job_fails_at_once(status):
    job = {"id": "job-1", "name": "kafkaEnableConnector", "status": status, "created_at": "t0", "updated_at": "t1"}
    api = FakeApi([instance(), instance("EXTENDING"), instance()], jobs=[{"status": "EXECUTING"}, job])
    run = runner(api, wait_timeout=3000)
    with pytest.raises(Failure) as failure:
        run.run()
    assert str(failure.value) == (
        "The job that was to enable Smart Connect on instance %s, job-1 "
        "(kafkaEnableConnector), is %s (created t0, updated t1); the instance is RUNNING "
        "with Smart Connect off" % (INSTANCE, status)
    )
    assert sum(run.clock.sleeps) < 10  # not the 3000 s of wait_timeout
    assert run.changed


def test_a_job_that_cannot_be_read_falls_back_to_the_instance_with_a_warning():
    missing = ApiError("read background job", "no such job", status=404, error_code="DMS.00404071")
    done = instance(enabled=True, node_num=2, connector_id="conn-new")
    api = FakeApi([instance(), instance("EXTENDING"), done], jobs=[missing])
    run = runner(api)
    assert run.run()["changed"]
    assert api.side_calls == ["sold-out?", "job job-1"]  # read once, then the instance alone
    assert len(run.module.warnings) == 1 and "Cannot read background job job-1" in run.module.warnings[0]


def test_sold_out_fails_before_the_enable():
    for check_mode in (False, True):
        api = FakeApi([instance()], sold_out=True)
        run = runner(api, check_mode=check_mode)
        with pytest.raises(Failure, match="Smart Connect resources are sold out for instance"):
            run.run()
        assert api.log == ["read"] and api.side_calls == ["sold-out?"]
