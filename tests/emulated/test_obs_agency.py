"""OBS dumps through an IAM agency (sink_task.agency_name): no access keys, compared like any field."""

from .smart_connect_support import OBS_AK, OBS_SK, calls, writes

AGENCY_DUMP = dict(
    task_name="dump-audit",
    topics=["audit"],
    sink_task=dict(obs_bucket_name="audit-bucket", agency_name="dms-obs-writer"),
)


def stored(emu, name):
    return [task for task in emu.tasks() if task["spec"]["task_name"] == name][0]


def test_agency_dump_rhythm(run, emu):
    first_check = run(check=True, **AGENCY_DUMP)
    assert first_check["changed"] and not first_check["failed"] and writes(emu) == [], first_check.get("msg")
    created = run(**AGENCY_DUMP)
    assert created["changed"] and created["action"] == "created", created.get("msg")
    spec = stored(emu, "dump-audit")["spec"]["sink_task"]
    assert spec["agency_name"] == "dms-obs-writer" and spec["access_key"] == "" and spec["secret_key"] == ""
    assert created["task"]["sink_task"]["agency_name"] == "dms-obs-writer"
    emu.clear_journal()
    assert not run(check=True, **AGENCY_DUMP)["changed"]
    assert not run(**AGENCY_DUMP)["changed"] and calls(emu) == ["ListConnectorTasks", "ListConnectorTasks"]


def test_another_agency_is_a_difference(run, emu):
    run(**AGENCY_DUMP)
    changed = dict(AGENCY_DUMP, sink_task=dict(AGENCY_DUMP["sink_task"], agency_name="dms-obs-writer-2"))
    result = run(**changed)
    assert result["changed"] and result["action"] == "modified", result.get("msg")
    assert stored(emu, "dump-audit")["spec"]["sink_task"]["agency_name"] == "dms-obs-writer-2"


def test_without_an_agency_the_keys_are_still_required(run, emu):
    emu.clear_journal()
    result = run(task_name="dump-keys", topics=["audit"], sink_task=dict(obs_bucket_name="b", access_key=OBS_AK))
    assert result["failed"] and "an OBS dump needs sink_task.secret_key to create a task" in result["msg"]
    assert writes(emu) == []


def test_a_region_without_agencies_answers_with_its_error(run, emu):
    emu.set_config(agency_supported=False)
    result = run(**AGENCY_DUMP)
    assert result["failed"] and "agency_name is not supported" in result["msg"] and result["request_id"]


KEYS_DUMP = dict(AGENCY_DUMP, sink_task=dict(obs_bucket_name="audit-bucket", access_key=OBS_AK, secret_key=OBS_SK))


def test_switching_from_an_agency_to_access_keys_is_refused_with_the_way_to_do_it(run, emu):
    run(**AGENCY_DUMP)
    for check, update_secrets in ((True, "on_create"), (False, "on_create"), (False, "always")):
        emu.clear_journal()
        result = run(check=check, update_secrets=update_secrets, **KEYS_DUMP)
        assert result["failed"] and not result["changed"], result
        assert "through the IAM agency 'dms-obs-writer'" in result["msg"] and "recreate=true" in result["msg"]
        assert "sink_task.agency_name" in result["msg"] and writes(emu) == []
        assert OBS_SK not in result["msg"] and OBS_AK not in result["msg"]
    assert stored(emu, "dump-audit")["spec"]["sink_task"]["agency_name"] == "dms-obs-writer"


def test_switching_from_an_agency_to_access_keys_with_recreate(run, emu):
    old_id = run(**AGENCY_DUMP)["task"]["id"]
    emu.clear_journal()
    check = run(check=True, recreate=True, **KEYS_DUMP)
    assert check["changed"] and check["action"] == "recreated" and writes(emu) == [], check.get("msg")
    result = run(recreate=True, **KEYS_DUMP)
    assert result["changed"] and result["action"] == "recreated", result.get("msg")
    spec = stored(emu, "dump-audit")["spec"]["sink_task"]
    assert not spec.get("agency_name") and spec["access_key"] == OBS_AK and spec["secret_key"] == OBS_SK
    assert result["task"]["id"] != old_id and not result["task"]["sink_task"].get("agency_name")
    # Done: the same declaration changes nothing any more.
    assert not run(recreate=True, **KEYS_DUMP)["changed"]
