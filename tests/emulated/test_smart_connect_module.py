"""smart_connect against the emulator: enable/disable in the check -> apply -> check -> apply rhythm, the refusal
to delete tasks without force, node_cnt, waiting, busy-instance retries and failures.

Every scenario asserts its requests from the emulator's journal; check mode never writes.
"""

import threading

import pytest
from helpers.module_runner import run_main

from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.waiter import Waiter
from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect

from .smart_connect_support import calls as all_calls
from .smart_connect_support import create_directly, writes

MISSING_INSTANCE = "6a1f0c52-4d3b-4e7a-9c41-00000000dead"


@pytest.fixture
def connector(emu, monkeypatch, warnings):
    """Run smart_connect in-process against the emulator (polling and busy retries every 10-50 ms)."""
    monkeypatch.setattr(Waiter, "first_delay", 0.01)
    monkeypatch.setattr(Waiter, "max_delay", 0.05)

    def run(check=False, diff=True, **options):
        args = dict(
            access_key=emu.access_key,
            secret_key=emu.secret_key,
            endpoint=emu.url,
            project_id=emu.project_id,
            retries=2,
            timeout=5,
            instance_id=emu.instance_id_connector_off,
        )
        args.update(options)
        args["_ansible_check_mode"] = check
        args["_ansible_diff"] = diff
        return run_main(smart_connect.main, args)

    return run


# The safety nets around an enable or a disable: the sold-out check before an enable, and the job read beside the
# instance while waiting. Their own tests are at the end of this file; the others look at the instance calls.
SAFETY_NETS = ("ShowConnectorResourceInfo", "ShowBackgroundTask", "ShowBackgroundTaskProgress")


def calls(emu):
    """The journal's operations, less the safety-net reads."""
    return [name for name in all_calls(emu) if name not in SAFETY_NETS]


def operations(emu):
    """Journal operations with consecutive duplicates folded: ["ShowInstance", "CreateConnector", ...]."""
    folded = []
    for name in calls(emu):
        if not folded or folded[-1] != name:
            folded.append(name)
    return folded


def instance(emu, instance_id):
    return emu.state()["instances"][instance_id]


def test_enable_rhythm(connector, emu):
    off = emu.instance_id_connector_off
    emu.clear_journal()
    first_check = connector(check=True)
    assert not first_check["failed"], first_check["msg"]
    assert first_check["changed"]
    assert first_check["connector"] == dict(enabled=True, connector_id=None, node_cnt=2, status="RUNNING")
    assert first_check["diff"] == dict(before=dict(enabled=False, node_cnt=None), after=dict(enabled=True, node_cnt=2))
    assert calls(emu) == ["ShowInstance"]

    emu.clear_journal()
    applied = connector()
    assert not applied["failed"], applied["msg"]
    assert applied["changed"]
    made = instance(emu, off)
    assert made["connector_enable"] and made["status"] == "RUNNING"
    progress = applied["connector"].pop("job_progress")  # read while waiting for the job, as it said it was
    assert 0 <= progress["progress_percentage"] <= 100 and progress["remain_time"] >= 0
    assert applied["connector"] == dict(
        enabled=True,
        connector_id=made["connector_id"],
        node_cnt=2,
        status="RUNNING",
        job_id=emu.journal(operation="CreateConnector")[0]["response_body"]["job_id"],
    )
    assert applied["diff"] == first_check["diff"]
    assert [entry["body"] for entry in writes(emu)] == [{"node_cnt": 2}]
    assert operations(emu) == ["ShowInstance", "CreateConnector", "ShowInstance"]

    for check in (True, False):
        emu.clear_journal()
        again = connector(check=check)
        assert not again["failed"], again["msg"]
        assert not again["changed"]
        assert again["connector"] == dict(enabled=True, connector_id=made["connector_id"], node_cnt=2, status="RUNNING")
        assert again["diff"]["before"] == again["diff"]["after"] == dict(enabled=True, node_cnt=2)
        assert calls(emu) == ["ShowInstance"]


def test_disable_rhythm_without_tasks(connector, emu):
    on = emu.instance_id
    emu.clear_journal()
    first_check = connector(check=True, instance_id=on, state="absent")
    assert not first_check["failed"], first_check["msg"]
    assert first_check["changed"]
    assert first_check["connector"] == dict(enabled=False, connector_id=None, node_cnt=None, status="RUNNING")
    assert first_check["diff"] == dict(before=dict(enabled=True, node_cnt=2), after=dict(enabled=False, node_cnt=None))
    assert calls(emu) == ["ShowInstance", "ListConnectorTasks"]  # counting the tasks that would be deleted

    emu.clear_journal()
    applied = connector(instance_id=on, state="absent")
    assert not applied["failed"], applied["msg"]
    assert applied["changed"]
    assert applied["connector"]["enabled"] is False and applied["connector"]["status"] == "RUNNING"
    assert not instance(emu, on)["connector_enable"]
    assert operations(emu) == ["ShowInstance", "ListConnectorTasks", "DeleteConnector", "ShowInstance"]
    assert [entry["operation"] for entry in writes(emu)] == ["DeleteConnector"]

    for check in (True, False):
        emu.clear_journal()
        again = connector(check=check, instance_id=on, state="absent")
        assert not again["failed"], again["msg"]
        assert not again["changed"]
        assert again["connector"] == dict(enabled=False, connector_id=None, node_cnt=None, status="RUNNING")
        assert calls(emu) == ["ShowInstance"]


def test_disabling_refuses_to_delete_tasks_without_force(connector, emu):
    on = emu.instance_id
    tasks = [create_directly(emu, name) for name in ("keep-me", "and-me")]
    emu.set_config(page_size_cap=1)  # the message still counts every task
    for check in (True, False):
        emu.clear_journal()
        refused = connector(check=check, instance_id=on, state="absent")
        assert refused["failed"] and not refused["changed"]
        assert refused["msg"].startswith(
            "Disabling Smart Connect on instance %s would delete its 2 tasks: and-me "
            "(%s), and 1 more. Set force=true" % (on, tasks[1]["id"])
        )
        assert calls(emu) == ["ShowInstance", "ListConnectorTasks"] and writes(emu) == []
        assert refused["connector"]["enabled"] is True
    emu.set_config(page_size_cap=None)
    listed = connector(instance_id=on, state="absent")
    assert "would delete its 2 tasks: and-me (%s), keep-me (%s)." % (tasks[1]["id"], tasks[0]["id"]) in listed["msg"]
    assert len(emu.tasks(on)) == 2

    emu.clear_journal()
    forced = connector(instance_id=on, state="absent", force=True)
    assert not forced["failed"], forced["msg"]
    assert forced["changed"] and forced["connector"]["enabled"] is False
    assert emu.tasks(on) == []  # disabling deleted them
    assert operations(emu) == ["ShowInstance", "DeleteConnector", "ShowInstance"]  # force: no counting


def test_a_different_node_count_warns_and_changes_nothing(connector, emu, warnings):
    emu.clear_journal()
    result = connector(instance_id=emu.instance_id, node_cnt=4)
    assert not result["failed"], result["msg"]
    assert not result["changed"]
    assert result["connector"]["node_cnt"] == 2
    assert result["diff"]["before"] == result["diff"]["after"] == dict(enabled=True, node_cnt=2)
    assert len(warnings) == 1
    assert "has 2 nodes, not the 4 asked for" in warnings[0] and "state=absent" in warnings[0]
    assert calls(emu) == ["ShowInstance"]
    del warnings[:]
    assert not connector(instance_id=emu.instance_id, node_cnt=2)["changed"] and warnings == []


def test_enable_with_node_count_and_old_flavor_options(connector, emu):
    emu.clear_journal()
    result = connector(node_cnt=3, specification="100MB", spec_code="dms.physical.storage.ultra.v2")
    assert not result["failed"], result["msg"]
    assert result["changed"] and result["connector"]["node_cnt"] == 3
    assert [entry["body"] for entry in writes(emu)] == [
        {"node_cnt": 3, "specification": "100MB", "spec_code": "dms.physical.storage.ultra.v2"}
    ]
    assert instance(emu, emu.instance_id_connector_off)["connector_node_num"] == 3


def test_without_wait_returns_after_the_call(connector, emu):
    emu.set_async_delay(2)  # the job must still be under way when the next run reads it, on a busy machine too
    emu.clear_journal()
    started = connector(wait=False)
    assert not started["failed"], started["msg"]
    assert started["changed"]
    answer = emu.journal(operation="CreateConnector")[0]["response_body"]
    assert started["connector"] == dict(
        enabled=True, connector_id=answer["connector_id"], node_cnt=2, status="EXTENDING", job_id=answer["job_id"]
    )
    assert calls(emu) == ["ShowInstance", "CreateConnector"]
    # The next run finds the job under way, waits for it to end, and has nothing left to do.
    emu.clear_journal()
    settled = connector()
    assert not settled["failed"], settled["msg"]
    assert not settled["changed"]
    assert settled["connector"] == dict(enabled=True, connector_id=answer["connector_id"], node_cnt=2, status="RUNNING")
    assert settled["diff"]["before"]["enabled"] is False  # as first read, mid-job
    assert writes(emu) == [] and set(calls(emu)) == {"ShowInstance"}


def test_a_job_under_way_is_waited_for_before_deciding(connector, emu):
    emu.set_async_delay(2)  # the job must still be under way when the next run reads it, on a busy machine too
    on = emu.instance_id
    assert connector(instance_id=on, state="absent", wait=False)["changed"]
    emu.clear_journal()
    result = connector(instance_id=on)  # found CONNECTOR_DELETING (still enabled): enable again once it ends
    assert not result["failed"], result["msg"]
    assert result["changed"] and result["connector"]["enabled"] and result["connector"]["status"] == "RUNNING"
    assert operations(emu) == ["ShowInstance", "CreateConnector", "ShowInstance"]
    assert [entry["status"] for entry in writes(emu)] == [200]  # never sent while the job ran


def test_busy_instance_is_retried_until_it_accepts(connector, emu):
    off = emu.instance_id_connector_off
    emu.update_instance(off, status="RESTARTING")  # answers every write with DMS.00400026
    timer = threading.Timer(0.3, emu.update_instance, args=(off,), kwargs=dict(status="RUNNING"))
    timer.start()
    try:
        emu.clear_journal()
        result = connector()
    finally:
        timer.join()
    assert not result["failed"], result["msg"]
    assert result["changed"] and result["connector"]["enabled"] and result["connector"]["status"] == "RUNNING"
    posts = writes(emu)
    assert len(posts) >= 2
    assert [(entry["status"], entry["response_body"]["error_code"]) for entry in posts[:-1]] == [
        (400, "DMS.00400026")
    ] * (len(posts) - 1)
    assert posts[-1]["status"] == 200
    # Between two tries the instance is read again (another job may have done the work meanwhile).
    assert calls(emu)[:4] == ["ShowInstance", "CreateConnector", "ShowInstance", "CreateConnector"]


def test_busy_until_the_timeout_fails_with_the_last_status_and_answer(connector, emu):
    off = emu.instance_id_connector_off
    emu.update_instance(off, status="RESTARTING")
    emu.clear_journal()
    result = connector(wait_timeout=0)
    assert result["failed"] and not result["changed"]
    request_id = writes(emu)[-1]["request_id"]
    assert result["msg"] == (
        "Timed out after 0 seconds waiting for instance %s to accept the request to enable Smart Connect: it stayed "
        "busy; last status seen: RESTARTING; last answer: The instance status RESTARTING does not allow this "
        "operation (DMS.00400026, %s)" % (off, request_id)
    )
    assert (result["error_code"], result["request_id"]) == ("DMS.00400026", request_id)
    assert result["connector"]["status"] == "RESTARTING"
    assert calls(emu) == ["ShowInstance", "CreateConnector"]


def test_waiting_too_long_fails_with_the_last_status(connector, emu):
    emu.set_async_delay(2)
    emu.clear_journal()
    result = connector(wait_timeout=0)
    assert result["failed"] and result["changed"]  # the job was started
    off = emu.instance_id_connector_off
    assert result["msg"].startswith(
        "Timed out after 0 seconds waiting for Smart Connect to be enabled on instance %s; "
        "last seen: status EXTENDING, Smart Connect off; the job said it was " % off
    )
    assert result["msg"].endswith(" s left")
    assert calls(emu) == ["ShowInstance", "CreateConnector", "ShowInstance"]


def test_other_errors_fail_at_once(connector, emu):
    emu.clear_journal()
    result = connector(instance_id=MISSING_INSTANCE)
    assert result["failed"]
    request_id = emu.journal()[-1]["request_id"]
    assert result["msg"] == "Failed to read Kafka instance %s: The instance does not exist: %s (DMS.00404022, %s)" % (
        MISSING_INSTANCE,
        MISSING_INSTANCE,
        request_id,
    )
    assert result["error_code"] == "DMS.00404022" and not result["changed"]
    assert calls(emu) == ["ShowInstance"]


@pytest.mark.parametrize(
    "options, message",
    [
        (dict(instance_id="kafka-1"), "instance_id must be a DMS id"),
        (dict(node_cnt=1), "node_cnt must be 2 to 16; got 1"),
        (dict(node_cnt=17), "node_cnt must be 2 to 16; got 17"),
        (dict(wait_timeout=-1), "wait_timeout must be 0 or more seconds; got -1"),
        (dict(state="enabled"), "value of state must be one of: present, absent, got: enabled"),
    ],
)
def test_bad_input_fails_before_any_request(connector, emu, options, message):
    emu.clear_journal()
    result = connector(**options)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert emu.journal() == []


# ----- the safety nets: sold out, and the job followed beside the instance -----------------------------------


def test_enable_reads_the_sold_out_check_first_and_follows_the_job(connector, emu):
    emu.clear_journal()
    result = connector(node_cnt=2)
    assert not result["failed"] and result["changed"], result.get("msg")
    names = all_calls(emu)
    assert names[:3] == ["ShowInstance", "ShowConnectorResourceInfo", "CreateConnector"]
    job_reads = emu.journal(operation="ShowBackgroundTask")
    assert job_reads and all(entry["path"].endswith("/tasks/" + result["connector"]["job_id"]) for entry in job_reads)


def test_sold_out_fails_before_the_post_in_check_mode_too(connector, emu):
    emu.set_config(sold_out=True)
    for check in (True, False):
        emu.clear_journal()
        result = connector(check=check)
        assert result["failed"] and not result["changed"]
        assert "Smart Connect resources are sold out" in result["msg"]
        assert all_calls(emu) == ["ShowInstance", "ShowConnectorResourceInfo"]


@pytest.mark.parametrize("outcome", ["FAILED", "CANCELLED"])
def test_a_failed_or_cancelled_job_fails_at_once_with_its_name_status_and_times(connector, emu, outcome):
    emu.set_config(job_outcome=outcome, async_delay=0.2)
    result = connector(wait_timeout=600)
    assert result["failed"] and result["changed"]
    assert "(kafkaEnableConnector), is %s (created " % outcome in result["msg"]
    assert "the instance is RUNNING with Smart Connect off" in result["msg"]


def test_a_job_that_cannot_be_read_falls_back_to_the_instance(connector, emu, warnings):
    emu.set_config(jobs_unreadable=True, async_delay=0.2)
    result = connector()
    assert not result["failed"] and result["changed"] and result["connector"]["enabled"], result.get("msg")
    assert len(emu.journal(operation="ShowBackgroundTask")) == 1
    assert emu.journal(operation="ShowBackgroundTaskProgress") == []  # no job id, no progress to ask for
    assert [warning for warning in warnings if "Cannot read background job" in warning]
