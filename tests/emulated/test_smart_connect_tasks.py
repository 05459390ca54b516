"""smart_connect_tasks against the emulator: a whole instance in one run, purge, partial failures, one deadline."""

import json
import re
import time

import pytest
from helpers import ansible_cli
from helpers.module_runner import run_main
from helpers.secret_scan import leaks

from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect_tasks

from .smart_connect_support import (
    NEW_PEER_PASSWORD,
    OBS_AK,
    OBS_SK,
    PEER_PASSWORD,
    SECRETS,
    assert_no_secret,
    calls,
    create_directly,
    obs_dump,
    replication,
    writes,
)


@pytest.fixture
def apply(emu, run):
    def call(tasks, check=False, diff=False, **options):
        args = dict(
            run.connection, instance_id=emu.instance_id, tasks=tasks, _ansible_check_mode=check, _ansible_diff=diff
        )
        args.update(options)
        return run_main(smart_connect_tasks.main, args)

    return call


def three(emu):
    return [
        replication(emu, state="running"),
        obs_dump(),
        obs_dump(task_name="dump-later", topics_regex="later-.*", state="paused"),
    ]


def dumps(count):
    return [obs_dump(task_name="dump-%02d" % index, topics_regex="t%02d-.*" % index) for index in range(count)]


def names(emu):
    return sorted(task["spec"]["task_name"] for task in emu.tasks())


def by_name(result):
    return {entry["task_name"]: entry for entry in result["results"]}


def test_check_apply_check_apply(apply, emu):
    tasks = three(emu)
    check = apply(tasks, check=True)
    assert not check["failed"] and check["changed"], check.get("msg")
    assert [entry["action"] for entry in check["results"]] == ["created"] * 3 and check["purged"] == []
    assert writes(emu) == [] and calls(emu) == ["ListConnectorTasks"]

    applied = apply(tasks)
    assert not applied["failed"] and applied["changed"], applied.get("msg")
    assert [entry["task_name"] for entry in applied["results"]] == ["replicate-orders", "dump-logs", "dump-later"]
    statuses = {name: entry["task"]["status"] for name, entry in by_name(applied).items()}
    assert statuses == {"replicate-orders": "RUNNING", "dump-logs": "RUNNING", "dump-later": "WAITING"}
    assert all(entry["changed"] and entry["task"]["task_id"] for entry in applied["results"])
    assert names(emu) == ["dump-later", "dump-logs", "replicate-orders"]
    assert_no_secret(applied)

    for check_mode in (True, False):
        emu.clear_journal()
        again = apply(tasks, check=check_mode)
        assert not again["failed"] and not again["changed"], again.get("msg")
        assert [entry["action"] for entry in again["results"]] == ["unchanged"] * 3
        assert calls(emu) == ["ListConnectorTasks"]  # the fewest requests: one listing, whatever the count


def test_waits_poll_one_listing_a_round_not_one_read_per_task(apply, emu):
    emu.set_async_delay(0.3)
    result = apply(dumps(18))
    assert not result["failed"], result.get("msg")
    assert all(entry["task"]["status"] == "RUNNING" for entry in result["results"])
    operations = calls(emu)
    assert operations.count("CreateConnectorTask") == 18 and "ShowConnectorTask" not in operations
    # One listing first, then a few rounds for all 18 tasks together (one GET per task per round would be 36+).
    assert 2 <= operations.count("ListConnectorTasks") <= 8, operations


def test_a_modification_and_a_status_change_in_one_run(apply, emu):
    tasks = three(emu)
    assert not apply(tasks)["failed"]
    emu.clear_journal()
    tasks[1]["sink_task"]["deliver_time_interval"] = 600
    tasks[0]["state"] = "paused"
    result = apply(tasks, diff=True)
    assert not result["failed"] and result["changed"], result.get("msg")
    entries = by_name(result)
    assert entries["dump-logs"]["action"] == "modified" and entries["dump-logs"]["changed"]
    assert entries["replicate-orders"]["action"] == "unchanged" and entries["replicate-orders"]["changed"]
    assert entries["replicate-orders"]["task"]["status"] == "PAUSED"
    assert not entries["dump-later"]["changed"]
    headers = sorted(diff["before_header"] for diff in result["diff"])
    assert headers == ["dump-logs", "replicate-orders"]
    dump_diff = next(diff for diff in result["diff"] if diff["before_header"] == "dump-logs")
    assert dump_diff["before"]["sink_task"]["deliver_time_interval"] == 300
    assert dump_diff["after"]["sink_task"]["deliver_time_interval"] == 600
    assert_no_secret(result)


def test_secrets_sent_again_are_masked_in_the_diff(apply, emu):
    tasks = [replication(emu)]
    assert not apply(tasks)["failed"]
    result = apply([dict(tasks[0], update_secrets="always")], diff=True)
    assert not result["failed"] and result["changed"], result.get("msg")
    assert result["diff"][0]["after"]["source_task"]["password"] == "********"
    assert_no_secret(result)
    assert [
        entry["body"]["source_task"]["password"] for entry in writes(emu) if entry["operation"] == "ModifyConnectorTask"
    ] == [PEER_PASSWORD]


def test_purge_deletes_what_the_list_does_not_name_except_the_exclusions(apply, emu):
    for name in ("wanted-task", "stray-one", "stray-two", "keep-monitoring", "keeper"):
        create_directly(emu, name)
    tasks = [dict(task_name="wanted-task")]  # nothing to compare: it is only named
    options = dict(purge=True, purge_exclude=["keep-.*", "keep"])  # full match: "keep" does not protect "keeper"
    emu.clear_journal()
    check = apply(tasks, check=True, diff=True, **options)
    assert not check["failed"] and check["changed"], check.get("msg")
    assert check["purged"] == ["keeper", "stray-one", "stray-two"] and writes(emu) == []
    assert sorted(diff["before_header"] for diff in check["diff"]) == ["keeper", "stray-one", "stray-two"]
    assert [entry["task_name"] for entry in check["results"]] == ["wanted-task"]

    applied = apply(tasks, **options)
    assert not applied["failed"] and applied["changed"] and applied["purged"] == check["purged"], applied.get("msg")
    assert names(emu) == ["keep-monitoring", "wanted-task"]

    emu.clear_journal()
    again = apply(tasks, **options)
    assert not again["failed"] and not again["changed"] and again["purged"] == []
    assert calls(emu) == ["ListConnectorTasks"]


def test_purge_is_off_by_default(apply, emu):
    create_directly(emu, "someone-elses")
    result = apply([obs_dump()])
    assert not result["failed"] and result["purged"] == []
    assert "someone-elses" in names(emu)


def test_an_empty_list_with_purge_all_deletes_every_task_not_excluded(apply, emu):
    for name in ("stray-one", "keep-this"):
        create_directly(emu, name)
    result = apply([], purge=True, purge_all=True, purge_exclude=["keep-this"])
    assert not result["failed"] and result["purged"] == ["stray-one"] and result["results"] == []
    assert names(emu) == ["keep-this"]


def test_purge_deletes_every_task_of_a_name_the_list_does_not_have(apply, emu):
    create_directly(emu, "twin-name")
    create_directly(emu, "twin-name")
    result = apply([], purge=True, purge_all=True)
    assert not result["failed"] and result["purged"] == ["twin-name", "twin-name"], result.get("msg")
    assert emu.tasks() == []


def test_listed_tasks_can_be_absent(apply, emu):
    assert not apply(three(emu))["failed"]
    result = apply([dict(task_name="dump-logs", state="absent"), dict(task_name="never-made", state="absent")])
    assert not result["failed"] and result["changed"], result.get("msg")
    assert [entry["action"] for entry in result["results"]] == ["deleted", "unchanged"]
    assert "dump-logs" not in names(emu)


def test_nothing_to_do_on_an_instance_that_does_not_exist_when_every_task_is_absent(apply, emu):
    result = apply([dict(task_name="dump-logs", state="absent")], instance_id="6a1f0c52-4d3b-4e7a-9c41-00000000dead")
    assert not result["failed"] and not result["changed"] and result["results"][0]["action"] == "unchanged"
    missing = apply([obs_dump()], instance_id="6a1f0c52-4d3b-4e7a-9c41-00000000dead")
    assert missing["failed"] and missing["error_code"] and missing["request_id"] and missing["results"] == []


@pytest.mark.parametrize(
    "tasks, options, message",
    [
        (lambda emu: [obs_dump(), obs_dump()], {}, "tasks[0] and tasks[1] both have task_name 'dump-logs'"),
        (lambda emu: [obs_dump(), obs_dump(task_name="bad name!")], {}, "tasks[1] (bad name!): task_name"),
        (lambda emu: [obs_dump(topics=["a"])], {}, "tasks[0] (dump-logs): "),
        (
            lambda emu: [obs_dump()],
            dict(purge_exclude=["keep-("]),
            "purge_exclude 'keep-(' is not a regular expression",
        ),
        (lambda emu: [obs_dump()], dict(concurrency=0), "concurrency must be 1 to 32 requests at once; got 0"),
        (lambda emu: [obs_dump()], dict(wait_timeout=-1), "wait_timeout must be 0 or more seconds"),
    ],
)
def test_bad_input_fails_before_any_request(apply, emu, tasks, options, message):
    emu.clear_journal()
    result = apply(tasks(emu), **options)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert emu.journal() == []


def test_every_problem_of_every_task_is_reported_at_once(apply, emu):
    result = apply([obs_dump(task_name="x"), obs_dump(task_name="fine-name"), obs_dump(task_name="y!")])
    assert result["failed"] and "tasks[0] (x)" in result["msg"] and "tasks[2] (y!)" in result["msg"]
    assert "tasks[1]" not in result["msg"]


def test_one_task_failing_does_not_stop_the_others(apply, emu):
    emu.set_config(unreachable_peers=[emu.peer_instance_id])
    tasks = [obs_dump(), replication(emu, validate_connection=True), obs_dump(task_name="dump-two", topics_regex="b.*")]
    result = apply(tasks)
    assert result["failed"] and result["changed"]
    assert result["msg"].startswith(
        "1 of 3 tasks failed (1 DMS.00400062): replicate-orders; every other task was "
        "applied; see results for each task's error. replicate-orders: "
    )
    assert "connectivity check to the peer failed" in result["msg"]
    entries = by_name(result)
    assert entries["replicate-orders"]["failed"] and not entries["replicate-orders"]["changed"]
    assert entries["replicate-orders"]["action"] == "failed"  # nothing was created
    assert entries["replicate-orders"]["error_code"] and entries["replicate-orders"]["request_id"]
    assert entries["dump-logs"]["action"] == "created" and entries["dump-two"]["action"] == "created"
    assert "failed" not in entries["dump-logs"]
    assert names(emu) == ["dump-logs", "dump-two"]
    assert_no_secret(result)

    emu.set_config(unreachable_peers=[])
    emu.clear_journal()
    fixed = apply(tasks)
    assert not fixed["failed"], fixed.get("msg")
    assert [entry["action"] for entry in fixed["results"]] == ["unchanged", "created", "unchanged"]


def test_a_refused_modification_of_one_task_names_it_with_the_request_id(apply, emu):
    tasks = dumps(3)
    first = apply(tasks)
    assert not first["failed"]
    victim = by_name(first)["dump-01"]["task"]["task_id"]
    for task in tasks:
        task["sink_task"]["deliver_time_interval"] = 450
    emu.inject_fault("server_error", method="PUT", path=victim, count=None, status=500)
    result = apply(tasks)
    assert result["failed"] and result["changed"]
    entries = by_name(result)
    assert entries["dump-01"]["failed"] and entries["dump-01"]["status_code"] == 500
    assert entries["dump-01"]["request_id"] in result["msg"] and "dump-01: Failed to " in result["msg"]
    assert entries["dump-00"]["action"] == entries["dump-02"]["action"] == "modified"
    intervals = {task["spec"]["task_name"]: task["spec"]["sink_task"]["deliver_time_interval"] for task in emu.tasks()}
    assert intervals == {"dump-00": 450, "dump-01": 300, "dump-02": 450}


def test_wait_timeout_is_one_deadline_for_the_whole_run(apply, emu):
    emu.set_async_delay(30)
    started = time.monotonic()
    result = apply(dumps(8), wait_timeout=1)
    elapsed = time.monotonic() - started
    assert result["failed"] and result["msg"].startswith("8 of 8 tasks failed")
    assert all("Timed out" in entry["msg"] and entry["action"] == "created" for entry in result["results"])
    # Wide apart, so a busy machine cannot blur them: eight waits of 1 s would take 8 s, one deadline about 1 s.
    assert elapsed < 6, "eight waits of 1 s each would take 8 s; one deadline takes about 1 s"


def test_without_wait_the_run_does_not_poll(apply, emu):
    emu.set_async_delay(30)
    result = apply(dumps(3), wait=False)
    assert not result["failed"], result.get("msg")
    # One shared list after the creates looks for tasks of those names other runs made at the same moment.
    assert calls(emu) == ["ListConnectorTasks"] + ["CreateConnectorTask"] * 3 + ["ListConnectorTasks"]


def test_one_request_at_a_time_with_concurrency_1(apply, emu):
    # Creates slow enough that four in a row (1.6 s) and four at once (0.4 s) stay apart on a busy machine.
    emu.inject_fault("slow", method="POST", count=None, delay=0.4)
    started = time.monotonic()
    result = apply(dumps(4), concurrency=1, wait=False)
    serial = time.monotonic() - started
    assert not result["failed"], result.get("msg")
    assert serial >= 1.6  # four creates of 0.4 s, one after another
    started = time.monotonic()
    parallel = apply(dumps(4) + dumps(8)[4:], concurrency=4, wait=False)
    assert not parallel["failed"], parallel.get("msg")
    assert time.monotonic() - started < serial  # four new creates at once


def test_ad_hoc_with_vvv_and_diff_shows_no_secret_in_any_form(emu):
    tasks = [replication(emu, state="running"), obs_dump()]
    module_args = json.dumps(
        dict(instance_id=emu.instance_id, endpoint=emu.url, project_id=emu.project_id, tasks=tasks)
    )
    env = dict(HUAWEICLOUD_SDK_AK=emu.access_key, HUAWEICLOUD_SDK_SK=emu.secret_key, ANSIBLE_PIPELINING="true")
    for args in (("--check", "--diff", "-vvv"), ("--diff", "-vvv"), ("--diff", "-vvv")):
        done = ansible_cli.run_adhoc("huaweicloud.kafka.smart_connect_tasks", module_args, *args, env=env)
        output = done.stdout + done.stderr
        assert done.returncode == 0, output[-3000:]
        assert leaks(output, SECRETS + (emu.secret_key,)) == []
    assert '"changed": false' in done.stdout and names(emu) == ["dump-logs", "replicate-orders"]


def test_a_purge_that_fails_is_named_and_the_other_purges_go_on(apply, emu):
    stuck = create_directly(emu, "stray-stuck")["id"]
    create_directly(emu, "stray-gone")
    emu.inject_fault("server_error", method="DELETE", path=stuck, count=None, status=500)
    result = apply([], purge=True, purge_all=True)
    assert result["failed"] and result["changed"] and result["purged"] == ["stray-gone"]
    assert "1 of 2 tasks failed" in result["msg"] and "purge of stray-stuck: Failed to " in result["msg"]
    assert "see results and purge_failed" in result["msg"]
    [failure] = result["purge_failed"]
    assert (failure["task_name"], failure["task_id"], failure["status_code"]) == ("stray-stuck", stuck, 500)
    assert failure["failed"] and failure["request_id"] in failure["msg"]
    assert names(emu) == ["stray-stuck"]


def test_a_bug_in_one_tasks_run_fails_that_task_only(apply, emu, monkeypatch):
    from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners import task as _task_runner

    original = _task_runner.TaskRunner.ensure_present

    def broken_for_one(self, current):
        if self.params["task_name"] == "dump-01":
            raise KeyError("a bug")
        return original(self, current)

    monkeypatch.setattr(_task_runner.TaskRunner, "ensure_present", broken_for_one)
    result = apply(dumps(3))
    assert result["failed"] and result["changed"] and len(result["results"]) == 3
    entries = by_name(result)
    assert "internal error of the module (please report it): KeyError" in entries["dump-01"]["msg"]
    assert entries["dump-00"]["action"] == entries["dump-02"]["action"] == "created"
    assert names(emu) == ["dump-00", "dump-02"]


@pytest.mark.parametrize("module", ["smart_connect_tasks", "smart_connect_task"])
def test_a_lost_create_answer_is_looked_for_even_when_the_deadline_has_passed(apply, run, emu, module, monkeypatch):
    from ansible.module_utils.basic import AnsibleModule

    warned = []
    monkeypatch.setattr(AnsibleModule, "warn", lambda self, warning: warned.append(warning))
    emu.set_config(list_lag=1.0)  # the new task shows in the list only after a second
    emu.inject_fault("drop_after", method="POST", count=1)
    if module == "smart_connect_tasks":
        result = apply([obs_dump()], wait_timeout=0, wait=False)
    else:
        result = run(wait_timeout=0, wait=False, **obs_dump())
    assert not result["failed"], result.get("msg")
    assert names(emu) == ["dump-logs"]  # found by name and adopted, not created twice
    assert "found by name and adopted" in " ".join(warned)


def test_a_list_that_shows_new_tasks_late_still_sees_them_created(apply, emu):
    emu.set_config(list_lag=0.5)
    result = apply(dumps(3))
    assert not result["failed"], result.get("msg")
    assert all(entry["task"]["status"] == "RUNNING" for entry in result["results"]) and len(names(emu)) == 3


def test_recreate_refuses_to_delete_when_the_deadline_leaves_too_little_time(apply, emu):
    tasks = [obs_dump()]
    assert not apply(tasks)["failed"]
    tasks[0]["sink_task"]["obs_bucket_name"] = "other-bucket"
    result = apply([dict(tasks[0], recreate=True)], wait_timeout=5)
    assert result["failed"] and "Nothing was deleted" in result["msg"] and not result["changed"]
    assert writes(emu) == [] or all(entry["operation"] != "DeleteConnectorTask" for entry in writes(emu))
    assert names(emu) == ["dump-logs"]
    again = apply([dict(tasks[0], recreate=True)])
    assert not again["failed"] and by_name(again)["dump-logs"]["action"] == "recreated", again.get("msg")


def test_a_task_that_changed_and_then_failed_keeps_its_diff(apply, emu):
    emu.set_async_delay(30)
    result = apply(dumps(2), wait_timeout=1, diff=True)
    assert result["failed"] and sorted(diff["before_header"] for diff in result["diff"]) == ["dump-00", "dump-01"]
    assert all(diff["before"] == {} and diff["after"]["task_name"] for diff in result["diff"])
    assert all(re.search(r"Timed out after (0\.\d|1) seconds", entry["msg"]) for entry in result["results"])


def test_a_name_the_instance_has_twice_is_that_tasks_failure_with_what_to_do(apply, emu):
    create_directly(emu, "twin-name")
    create_directly(emu, "twin-name")
    result = apply([obs_dump(), dict(task_name="twin-name")])
    assert result["failed"] and by_name(result)["dump-logs"]["action"] == "created"
    assert (
        "delete the extra ones (smart_connect_task with task_id and state=absent)"
        in by_name(result)["twin-name"]["msg"]
    )


@pytest.mark.parametrize(
    "tasks, message",
    [
        ([5], "Elements value for option 'tasks'"),
        ([{"task_name": "dump-logs", "sink_task": 5}], "argument 'sink_task' is of type"),
        ([{"task_name": "dump-logs", "sink_task": [1]}], "argument 'sink_task' is of type"),
        ([{"task_name": "dump-logs", "bogus": 1}], "Unsupported parameters for (basic.py) module: tasks.bogus"),
        ([{"task_name": "dump-logs", "recreate": "maybe"}], "argument 'recreate' is of type"),
        ([{"topics": ["t"]}], "missing required arguments: task_name found in tasks"),
    ],
)
def test_each_task_is_validated_like_the_one_task_modules_options(apply, emu, tasks, message):
    emu.clear_journal()
    result = apply(tasks)
    assert result["failed"] and message in result["msg"] and "Traceback" not in result["msg"], result["msg"]
    assert emu.journal() == []


def test_task_secrets_are_no_log_values_of_the_module(apply, emu, monkeypatch):
    """Ansible masks no_log values in what a module returns (and in -vvv): each task's secrets must be among them."""
    from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.instance import InstanceRunner

    seen = []
    original = InstanceRunner.run
    monkeypatch.setattr(
        InstanceRunner, "run", lambda self: seen.append(set(self.module.no_log_values)) or original(self)
    )
    assert not apply([obs_dump(), replication(emu)], check=True)["failed"]
    assert set(SECRETS) - {NEW_PEER_PASSWORD} <= seen[0]


def test_a_null_option_of_a_task_is_the_option_left_out(apply, emu):
    result = apply([dict(obs_dump(), state=None, recreate=None, update_secrets=None, start_later=None)])
    assert not result["failed"], result["msg"]
    assert result["results"][0]["action"] == "created" and result["results"][0]["task"]["status"] == "RUNNING"


def test_a_malformed_element_unmasks_no_other_elements_secret(apply, emu, monkeypatch):
    """One bad element drops the suboptions of tasks (so that ansible-core names it instead of crashing): the
    secrets of the good elements must stay no_log values all the same."""
    from ansible_collections.huaweicloud.kafka.plugins.module_utils._ansible.base import HuaweiCloudModule

    modules = []
    original = HuaweiCloudModule._load_params

    def spy(self):
        original(self)
        modules.append(self)

    monkeypatch.setattr(HuaweiCloudModule, "_load_params", spy)
    for tasks in ([obs_dump(), 5], [dict(obs_dump(task_name="other-dump"), sink_task=5), obs_dump()]):
        result = apply(tasks)
        assert result["failed"] and "tasks" in result["msg"] and emu.journal() == []
        assert {OBS_AK, OBS_SK} <= modules[-1].no_log_values


# ----- purge with no task to keep: purge_all ----------------------------------------------------------------------
@pytest.mark.parametrize("tasks", [[], [dict(task_name="stray-one", state="absent")]], ids=["empty", "all-absent"])
@pytest.mark.parametrize("check", [True, False])
def test_purge_with_no_task_to_keep_is_refused_before_any_request_without_purge_all(apply, emu, tasks, check):
    for name in ("stray-one", "stray-two"):
        create_directly(emu, name)
    emu.clear_journal()
    result = apply(tasks, check=check, purge=True)
    assert result["failed"] and not result["changed"] and "set purge_all=true" in result["msg"], result.get("msg")
    assert "would delete every task of instance %s" % emu.instance_id in result["msg"]
    assert emu.journal() == [] and names(emu) == ["stray-one", "stray-two"]

    confirmed = apply(tasks, check=check, purge=True, purge_all=True)
    assert not confirmed["failed"] and confirmed["changed"], confirmed.get("msg")
    assert names(emu) == ([] if not check else ["stray-one", "stray-two"])


def test_purge_all_needs_purge(apply, emu):
    emu.clear_journal()
    result = apply([obs_dump()], purge_all=True)
    assert result["failed"] and "purge_all=true only confirms a purge: it needs purge=true" in result["msg"]
    assert emu.journal() == []


def test_a_purge_that_keeps_a_task_needs_no_purge_all(apply, emu):
    create_directly(emu, "stray-one")
    result = apply([obs_dump(), dict(task_name="gone-anyway", state="absent")], purge=True)
    assert not result["failed"] and result["purged"] == ["stray-one"], result.get("msg")


# ----- what a failed task reports: what was done, and a short message for many ------------------------------------
def test_a_refused_create_is_reported_failed_not_created(apply, emu):
    emu.set_config(agency_supported=False)
    refused = obs_dump(task_name="dump-agency", sink_task=dict(obs_bucket_name="b", agency_name="dms-obs"))
    result = apply([obs_dump(), refused])
    entries = by_name(result)
    assert result["failed"] and entries["dump-logs"]["action"] == "created"
    assert entries["dump-agency"]["action"] == "failed" and not entries["dump-agency"]["changed"]
    assert entries["dump-agency"]["error_code"] == "DMS.00400800" and entries["dump-agency"]["failed"]
    assert names(emu) == ["dump-logs"]


def test_a_create_whose_wait_failed_was_created(apply, emu):
    emu.set_config(async_ends_in="CREATE_FAILED")
    result = apply([obs_dump()], wait_timeout=5)
    entry = by_name(result)["dump-logs"]
    assert result["failed"] and entry["failed"] and entry["action"] == "created" and entry["changed"]
    assert names(emu) == ["dump-logs"]


def test_a_recreate_whose_create_was_refused_reports_the_delete(apply, emu):
    assert not apply([obs_dump()])["failed"]
    emu.set_config(agency_supported=False)
    task = obs_dump(recreate=True, sink_task=dict(obs_dump()["sink_task"], agency_name="dms-obs"))
    result = apply([task])
    entry = by_name(result)["dump-logs"]
    assert result["failed"] and entry["action"] == "deleted" and entry["changed"], entry
    assert "was deleted and not created again" in entry["msg"] and names(emu) == []


def test_a_refused_modification_is_reported_failed(apply, emu):
    assert not apply([obs_dump()])["failed"]
    emu.inject_fault("server_error", method="PUT", count=None, status=500)
    result = apply([obs_dump(sink_task=dict(obs_dump()["sink_task"], deliver_time_interval=450))])
    entry = by_name(result)["dump-logs"]
    assert result["failed"] and entry["action"] == "failed" and entry["status_code"] == 500


def test_the_message_of_many_failures_is_short_and_counts_the_error_codes(apply, emu):
    emu.set_config(task_quota=100, agency_supported=False, unreachable_peers=[emu.peer_instance_id])
    strays = [create_directly(emu, "stray-%02d" % index)["id"] for index in range(3)]
    for stray in strays:
        emu.inject_fault("server_error", method="DELETE", path=stray, count=None, status=500)
    agency = [
        obs_dump(
            task_name="dump-agency-%02d" % index,
            topics_regex="a%02d.*" % index,
            sink_task=dict(obs_bucket_name="b", agency_name="dms-obs-" + "x" * 60),
        )
        for index in range(20)
    ]
    peers = [replication(emu, task_name="replicate-%02d" % index, validate_connection=True) for index in range(10)]
    result = apply(agency + peers, purge=True, wait=False)
    assert result["failed"] and len(result["results"]) == 30
    assert result["msg"].startswith(
        "33 of 33 tasks failed (20 DMS.00400800, 10 DMS.00400062, 3 DMS.00500000): "
        "dump-agency-00, dump-agency-01, dump-agency-02 and 30 more; every other task "
        "was applied; see results and purge_failed for each task's error. "
        "dump-agency-00: Failed to create "
    ), result["msg"]
    assert len(result["msg"]) <= 1000, len(result["msg"])
    assert all(
        entry["failed"] and entry["action"] == "failed" and entry["error_code"] and entry["msg"]
        for entry in result["results"]
    )
    assert [entry["task_name"] for entry in result["purge_failed"]] == ["stray-00", "stray-01", "stray-02"]
    assert_no_secret(result)


# ----- the task quota -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("check", [True, False])
def test_a_run_past_the_quota_fails_before_any_write_and_check_mode_predicts_it(apply, emu, check):
    emu.set_config(task_quota=3)
    create_directly(emu, "already-there")
    emu.clear_journal()
    result = apply(dumps(3), check=check)
    assert result["failed"] and not result["changed"] and result["results"] == [], result.get("msg")
    assert (
        "The run would leave instance %s with 4 Smart Connect tasks, but its task quota is 3 (its task list says "
        "max_tasks 3, quota_tasks 2): it holds 1, the run deletes 0 and creates 3 (dump-00, dump-01, dump-02), "
        "so the service would refuse 1 of the creates (DMS.00400039). Nothing was sent" % emu.instance_id
    ) in result["msg"]
    assert calls(emu) == ["ListConnectorTasks"] and names(emu) == ["already-there"]


@pytest.mark.parametrize(
    "fields, meaning, refused_before",
    [
        ("both", "remaining", True),
        ("both", "total", True),
        ("max_tasks", "remaining", True),
        ("quota_tasks", "remaining", True),
        ("quota_tasks", "total", False),  # the reading that refuses least: 3 more; the service refuses the third
        ("none", "remaining", False),  # no quota known: the service refuses the third create
    ],
)
def test_the_quota_under_every_reading_of_the_listing(apply, emu, fields, meaning, refused_before):
    emu.set_config(task_quota=3, quota_fields=fields, quota_tasks_meaning=meaning)
    create_directly(emu, "already-there")
    emu.clear_journal()
    result = apply(dumps(3), concurrency=1)
    assert result["failed"]
    if refused_before:
        assert "task quota is 3" in result["msg"] and writes(emu) == []
    else:
        assert result["msg"].startswith("1 of 3 tasks failed (1 DMS.00400039): ")
        assert [entry["action"] for entry in result["results"]].count("created") == 2
    assert len(names(emu)) == (1 if refused_before else 3)


@pytest.mark.parametrize("check", [True, False])
def test_the_deletes_of_a_run_make_room_for_its_creates_and_the_creates_wait_for_them(apply, emu, check):
    emu.set_config(task_quota=3)
    for name in ("stray-one", "stray-two", "old-dump"):
        create_directly(emu, name)
    emu.inject_fault("slow", method="DELETE", count=None, delay=0.3)  # creates sent at once would come first
    emu.clear_journal()
    tasks = dumps(2) + [dict(task_name="old-dump", state="absent")]
    result = apply(tasks, check=check, purge=True, purge_exclude=["stray-two"])
    assert not result["failed"] and result["purged"] == ["stray-one"], result.get("msg")
    assert [entry["action"] for entry in result["results"]] == ["created", "created", "deleted"]
    if not check:
        assert names(emu) == ["dump-00", "dump-01", "stray-two"]
        operations = [entry["operation"] for entry in writes(emu)]
        assert operations == ["DeleteConnectorTask"] * 2 + ["CreateConnectorTask"] * 2, operations


def test_a_recreate_takes_its_old_tasks_place_in_the_quota(apply, emu):
    emu.set_config(task_quota=1)
    assert not apply([obs_dump()])["failed"]
    task = obs_dump(recreate=True, sink_task=dict(obs_dump()["sink_task"], obs_bucket_name="other-bucket"))
    for check in (True, False):
        result = apply([task], check=check)
        assert not result["failed"] and by_name(result)["dump-logs"]["action"] == "recreated", result.get("msg")


def test_a_run_that_creates_nothing_is_never_refused_for_the_quota(apply, emu):
    create_directly(emu, "task-one")
    create_directly(emu, "task-two")
    emu.set_config(task_quota=1)  # lowered under what the instance holds
    result = apply([dict(task_name="task-one"), dict(task_name="task-two")])
    assert not result["failed"] and not result["changed"], result.get("msg")


def test_a_failed_twin_check_still_reports_what_the_run_did(apply, emu):
    """The listing after the creates (the twin check) fails: the creates are still reported, as changes."""
    emu.set_async_delay(0)
    emu.inject_fault("server_error", operation="ListConnectorTasks", skip=1, count=None, status=500)
    result = apply([obs_dump(task_name="dump-a"), obs_dump(task_name="dump-b", topics_regex="b-.*")], retries=0)
    assert names(emu) == ["dump-a", "dump-b"]
    assert result["failed"] and result["changed"]
    assert [entry["action"] for entry in result["results"]] == ["created", "created"]
    for entry in result["results"]:
        assert entry["failed"] and "could not be checked" in entry["msg"] and entry["request_id"]


def test_a_twin_made_by_another_run_is_given_way_to_even_when_this_runs_wait_failed(apply, emu, monkeypatch):
    """Another run creates the same name between this run's listing and its create (the service takes both), and
    this run's task fails to start: its wait fails, and still the younger task is deleted and the older adopted."""
    from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.api import SmartConnectApi

    create = SmartConnectApi.create

    def after_the_other_run(self, body):
        create_directly(emu, body["task_name"])
        time.sleep(0.002)  # a later millisecond: create_time, not a tie broken by random ids, says which is older
        emu.set_config(async_ends_in="FAILED")  # this run's own task will not start
        return create(self, body)

    monkeypatch.setattr(SmartConnectApi, "create", after_the_other_run)
    result = apply([obs_dump()])
    emu.set_config(async_ends_in=None)
    assert names(emu) == ["dump-logs"], result.get("msg")
    assert not result["failed"] and result["changed"], result.get("msg")
    assert emu.tasks()[0]["status"] == "RUNNING"


def test_a_server_that_ignores_offset_gets_no_second_task_of_a_name_nor_a_short_purge(apply, emu, warnings):
    emu.set_async_delay(0)
    for index in range(5):
        create_directly(emu, "pre-%02d" % index, topic="t%d" % index)
    emu.set_config(page_size_cap=3, list_ignores_offset=True)  # every page is the first; the total is honest
    emu.clear_journal()
    declared = apply([obs_dump(task_name="pre-00", topics_regex=None, topics=["t0"])])
    assert declared["failed"] and "not creating a task that may exist" in declared["msg"]
    purge = apply([], purge=True, purge_all=True)
    emu.set_config(page_size_cap=None, list_ignores_offset=False)
    assert names(emu).count("pre-00") == 1 and len(purge["purged"]) == 3
    assert [warning for warning in warnings if "may be incomplete" in warning]


def test_a_pause_whose_answers_were_lost_is_undone(apply, emu):
    """The service asks for a pause before a modification; the pause acts, but every answer is lost: the task
    is found PAUSED, so it is resumed, as after any failure of a modification made paused."""
    emu.set_async_delay(0)
    assert not apply([replication(emu, state="running")])["failed"]
    emu.set_config(modify_requires_paused=True)
    changed = replication(emu, state="running")
    changed["source_task"]["compression_type"] = "lz4"
    emu.inject_fault("drop_after", method="PUT", path=r"/pause/?$", count=3)  # every attempt (retries=2)
    result = apply([changed])
    entry = result["results"][0]
    assert entry["failed"] and "Failed to pause" in entry["msg"]
    assert "paused for the modification, was resumed" in entry["msg"]
    assert emu.tasks()[0]["status"] == "RUNNING"
