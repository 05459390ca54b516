"""The smart_connect_events event source against the emulator: its main() on an asyncio queue, as ansible-rulebook
runs it (issue 25)."""

import asyncio
import logging

import pytest
from helpers.secret_scan import SecretScanner, known_secrets

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.task_watch import Streak

from .source_support import SOURCE, create_task, delete_task, run_source, source_args, task_list_reads


def status_of(event):
    change = event["smart_connect"]
    return change["task_id"], change["status"], change["previous_status"]


def test_the_first_read_is_the_starting_point_then_one_event_a_change(quick_emulator):
    emu = quick_emulator
    emu.set_async_delay(0)
    first, second = create_task(emu, "dump-one"), create_task(emu, "dump-two")

    async def scenario(source):
        await source.rounds(emu, 1)
        assert await source.quiet(0.5) == []  # the tasks of the first read are no events
        emu.set_task_status(first, "FAILED")
        (event,) = await source.events(1)
        assert event == {
            "smart_connect": {
                "instance_id": emu.instance_id,
                "task_id": first,
                "task_name": "dump-one",
                "status": "FAILED",
                "previous_status": "RUNNING",
                "region": None,
            }
        }
        await source.rounds(emu, 2)
        assert await source.quiet(0) == []  # a status that stays is no event again
        assert second  # never changed, never an event

    run_source(source_args(emu), scenario)


def test_emit_initial_puts_the_first_read_and_the_region(quick_emulator):
    emu = quick_emulator
    emu.set_async_delay(0)
    task_id = create_task(emu, "dump-one")

    async def scenario(source):
        (event,) = await source.events(1)
        assert status_of(event) == (task_id, "RUNNING", None)
        assert event["smart_connect"]["region"] == emu.region

    run_source(source_args(emu, emit_initial=True, region=emu.region), scenario)


def test_a_new_task_and_a_deleted_task(quick_emulator):
    emu = quick_emulator
    emu.set_async_delay(0)
    old = create_task(emu, "dump-old")

    async def scenario(source):
        await source.rounds(emu, 1)
        new = create_task(emu, "dump-new")
        (event,) = await source.events(1)
        assert status_of(event) == (new, "RUNNING", None) and event["smart_connect"]["task_name"] == "dump-new"
        emu.set_task_status(old, "PAUSED")
        (event,) = await source.events(1)
        assert status_of(event) == (old, "PAUSED", "RUNNING")
        delete_task(emu, old)
        (event,) = await source.events(1)
        assert status_of(event) == (old, "DELETED", "PAUSED") and event["smart_connect"]["task_name"] == "dump-old"

    run_source(source_args(emu), scenario)


def test_failed_rounds_back_off_then_one_error_event_and_no_false_change(quick_emulator):
    emu = quick_emulator
    emu.set_async_delay(0)
    task_id = create_task(emu, "dump-one")

    async def scenario(source):
        await source.rounds(emu, 1)
        emu.clear_journal()
        emu.inject_fault("server_error", path="/connector/tasks", count=None, status=500)
        (event,) = await source.events(1)  # the second failed round in a row: error_threshold 2
        failed = task_list_reads(emu)
        assert [entry["status"] for entry in failed] == [500, 500]
        error = event["smart_connect_error"]
        assert (error["instance_id"], error["region"]) == (emu.instance_id, None)
        # str(ApiError): error_msg (error_code, request id), the request id the service answered with
        assert error["message"].endswith("(DMS.00500000, %s)" % failed[-1]["request_id"])
        emu.clear_faults()
        await source.rounds(emu, 2)
        reads = task_list_reads(emu)
        gaps = [later["time"] - earlier["time"] for earlier, later in zip(reads, reads[1:])]
        # interval 1: 2 s after the first failed round, 4 s after the second, back to 1 s after a good one
        assert gaps[0] >= 1.9 and gaps[1] >= 3.9 and gaps[2] < 3, gaps
        # the failed rounds were not read as a task gone, the recovery not as a task new: no event at all
        assert await source.quiet(0) == []
        assert task_id

    run_source(source_args(emu, error_threshold=2), scenario)


def test_one_error_event_a_streak_of_failures():
    streak = Streak()
    assert [streak.failed(3) for _round in range(5)] == [False, False, True, False, False]
    streak.succeeded()
    assert [streak.failed(1) for _round in range(2)] == [True, False]


def test_a_failing_read_is_made_2_4_8_then_10_rounds_apart_and_every_round_after_a_success():
    streak, read_in = Streak(), []
    for round_number in range(40):
        if streak.due():
            read_in.append(round_number)
            streak.failed(3)
    assert [later - earlier for earlier, later in zip(read_in, read_in[1:])] == [2, 4, 8, 10, 10]
    streak.succeeded()
    assert [streak.due() for _round in range(3)] == [True, True, True]


def test_one_failing_instance_does_not_slow_the_watch_of_the_others(quick_emulator):
    emu = quick_emulator
    emu.set_async_delay(0)
    other = emu.add_instance(name="other", connector_enable=True)["instance_id"]

    async def scenario(source):
        await source.rounds(emu, 2)
        emu.clear_journal()
        emu.inject_fault("server_error", path="/%s/connector/tasks" % other, count=None, status=500)
        for _round in range(7):  # counted in reads of the healthy instance: no timing involved
            start = len(task_list_reads(emu, emu.instance_id))
            while len(task_list_reads(emu, emu.instance_id)) == start:
                await source.rounds(emu, 1)
        assert len(task_list_reads(emu, emu.instance_id)) >= 7
        # Its reads 2 and 4 rounds apart, then 8: 3 of those rounds, 4 with one that came just before the fault.
        assert len(task_list_reads(emu, other)) <= 4

    run_source(source_args(emu, instance_ids=[emu.instance_id, other], region=emu.region), scenario)


def test_no_secret_in_events_or_logs(quick_emulator, caplog):
    emu = quick_emulator
    emu.set_async_delay(0)
    emu.set_config(echo_body_in_errors=True)
    task_id = create_task(emu, "dump-one")
    access_key, secret_key, token = emu.temp_credentials

    async def scenario(source):
        events = await source.events(1)
        emu.set_task_status(task_id, "FAILED")
        events += await source.events(1)
        emu.inject_fault("server_error", path="/connector/tasks", count=None, status=503)
        events += await source.events(1)
        return events

    with caplog.at_level(logging.DEBUG):
        args = source_args(emu, access_key=access_key, secret_key=secret_key, security_token=token)
        events = run_source(dict(args, emit_initial=True, error_threshold=1), scenario)
    assert [list(event) for event in events] == [["smart_connect"], ["smart_connect"], ["smart_connect_error"]]
    scanner = SecretScanner(known_secrets(emu))
    scanner.add("events", events)
    scanner.add("log", caplog.text)
    assert "backing off" in caplog.text and scanner.scanned_chars > 500
    scanner.check()


def test_regions_watch_every_instance_with_smart_connect_on(quick_emulator):
    emu = quick_emulator
    emu.set_async_delay(0)
    task_id = create_task(emu, "dump-one")

    async def scenario(source):
        await source.rounds(emu, 2)
        emu.set_task_status(task_id, "FAILED")
        (event,) = await source.events(1)
        assert status_of(event) == (task_id, "FAILED", "RUNNING") and event["smart_connect"]["region"] == emu.region
        # Smart Connect turned off: the instance leaves the listing, and its tasks are gone with it.
        emu.update_instance(emu.instance_id, connector_enable=False)
        (event,) = await source.events(1)
        assert status_of(event) == (task_id, "DELETED", "FAILED")

    args = source_args(emu, regions=[emu.region], instance_ids=None, project_id=None, iam_endpoint=emu.url)
    run_source(args, scenario)
    read = {entry["path"].split("/")[4] for entry in task_list_reads(emu)}
    assert read == {emu.instance_id}  # never the instances with Smart Connect off
    assert len(emu.journal(operation="KeystoneListProjects")) == 1  # the region's project, looked up once


BAD_ARGS = [
    (dict(interval=0), "interval must be a number of seconds of at least 1, got 0"),
    (dict(interval="often"), "interval must be a number of seconds of at least 1"),
    (dict(interval=True), "interval must be"),
    (dict(error_threshold=0), "error_threshold must be a whole number of at least 1"),
    (dict(emit_initial="maybe"), "emit_initial must be a boolean (true or false)"),
    (dict(intervall=5), "unknown intervall; allowed: access_key, ca_path"),
    (dict(instance_ids="6a1f0c52-4d3b-4e7a-9c41-000000000001"), "instance_ids must be a list"),
    (dict(instance_ids=["kafka-1"]), "each of instance_ids must be a DMS id"),
    (dict(instance_ids=None), "one of instance_ids (a list of instance ids) and regions"),
    (dict(regions=["cn-north-4"]), "instance_ids and regions are mutually exclusive"),
    (dict(instance_ids=None, regions=[{"name": "cn-north-4", "zone": "a"}]), "region cn-north-4: unknown zone"),
    (dict(instance_ids=None, regions=["cn-north-4", "cn-north-4"]), "regions lists cn-north-4 more than once"),
    (dict(instance_ids=None, regions=["cn-north-4"], region="cn-north-4"), "with regions, list every region"),
    (dict(endpoint="http://dms.example.com"), "endpoint"),
    (dict(project_id=None), "region is required with instance_ids unless endpoint and project_id are both set"),
    (dict(access_key=None), "No credentials: access_key is not set"),
    (dict(timeout=0), "timeout must be a whole number of at least 1"),
    (dict(validate_certs="sometimes"), "validate_certs must be a boolean"),
]


@pytest.mark.parametrize("changes, message", BAD_ARGS, ids=[message[:40] for _changes, message in BAD_ARGS])
def test_bad_arguments_are_refused_before_any_request(quick_emulator, monkeypatch, changes, message):
    monkeypatch.delenv("HUAWEICLOUD_REGION", raising=False)
    monkeypatch.delenv("HW_REGION_NAME", raising=False)
    emu = quick_emulator
    args = dict(source_args(emu), **changes)
    args = {key: value for key, value in args.items() if value is not None}
    with pytest.raises(ValueError) as refused:
        asyncio.run(SOURCE["main"](asyncio.Queue(), args))
    assert str(refused.value).startswith("smart_connect_events: ") and message in str(refused.value)
    assert emu.journal() == []


def test_a_secret_of_the_wrong_type_is_not_quoted(quick_emulator):
    emu = quick_emulator
    with pytest.raises(ValueError) as refused:
        asyncio.run(SOURCE["main"](asyncio.Queue(), dict(source_args(emu), secret_key=["Not-A-String-Secret-77"])))
    assert "secret_key must be a string" in str(refused.value) and "Not-A-String" not in str(refused.value)


def test_a_project_from_the_credentials_file_is_only_the_one_regions(quick_emulator, monkeypatch, tmp_path):
    """With several regions each looks its own project up: the credentials file's names one region's."""
    emu = quick_emulator
    emu.set_async_delay(0)
    eu = emu.add_instance(name="eu-1", region="eu-west-101", connector_enable=True)
    credentials = tmp_path / "credentials"
    credentials.write_text(
        "[basic]\nak = %s\nsk = %s\nproject_id = %s\n" % (emu.access_key, emu.secret_key, emu.project_id)
    )
    for name in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_REGION", "HUAWEICLOUD_SDK_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", str(credentials))
    home_task = create_task(emu, "dump-home")
    dump = {"task_name": "dump-eu", "topics": "t", "source_type": "NONE", "sink_type": "OBS_SINK"}
    eu_task = emu.seed_task(
        dict(dump, sink_task={"obs_bucket_name": "b", "access_key": "x", "secret_key": "y"}),
        instance_id=eu["instance_id"],
    )["id"]

    async def scenario(source):
        events = await source.events(2)
        assert sorted((e["smart_connect"]["task_id"], e["smart_connect"]["region"]) for e in events) == sorted(
            [(home_task, emu.region), (eu_task, "eu-west-101")]
        )

    args = source_args(
        emu,
        access_key=None,
        secret_key=None,
        instance_ids=None,
        project_id=None,
        regions=[emu.region, "eu-west-101"],
        iam_endpoint=emu.url,
        emit_initial=True,
    )
    run_source(args, scenario)
    lookups = [dict(entry["query"]).get("name") for entry in emu.journal(operation="KeystoneListProjects")]
    assert sorted(lookups) == sorted([emu.region, "eu-west-101"])


def test_a_bad_iam_endpoint_in_the_credentials_file_is_refused_before_any_request(
    quick_emulator, monkeypatch, tmp_path
):
    emu = quick_emulator
    credentials = tmp_path / "credentials"
    credentials.write_text(
        "[basic]\nak = %s\nsk = %s\niam_endpoint = iam.example.com\n" % (emu.access_key, emu.secret_key)
    )
    for name in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_REGION", "HUAWEICLOUD_IAM_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", str(credentials))
    args = source_args(emu, access_key=None, secret_key=None, instance_ids=None, project_id=None, regions=[emu.region])
    with pytest.raises(RuntimeError) as refused:
        asyncio.run(SOURCE["main"](asyncio.Queue(), args))
    assert "the credentials from credentials_file: iam_endpoint" in str(refused.value)
    assert emu.journal() == []
