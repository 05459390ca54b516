"""The service's remaining safety nets (issue 25, item 5): the restart call's two spellings, record_delimiter's
documented values."""

import pytest

from .smart_connect_support import obs_dump, writes


def restart_calls(emu):
    return [(entry["operation"], entry["status"]) for entry in emu.journal() if entry["method"] == "PUT"]


@pytest.mark.parametrize(
    "published, calls",
    [
        ("both", [("RestartConnectorTask", 204)]),
        ("kafka", [("RestartConnectorTask", 204)]),
        ("plain", [("RestartConnectorTask", 404), ("RestartSmartConnectorTask", 204)]),
    ],
)
def test_a_restart_takes_whichever_spelling_the_gateway_publishes(run, emu, published, calls):
    created = run(**obs_dump())
    assert not created["failed"], created["msg"]
    emu.set_config(restart_paths=published)
    emu.clear_journal()
    done = run(**obs_dump(state="restarted"))
    assert not done["failed"], done["msg"]
    assert done["restarted"] and done["task"]["status"] == "RUNNING"
    assert restart_calls(emu) == calls
    if published == "plain":
        (refused,) = [entry for entry in emu.journal() if entry["status"] == 404]
        assert refused["response_body"]["error_code"] == "APIGW.0101"


@pytest.mark.parametrize("delimiter", ["\\n", "tab", ";;"])
def test_an_undocumented_record_delimiter_is_refused_before_any_request(run, emu, delimiter):
    dump = obs_dump()
    dump["sink_task"] = dict(dump["sink_task"], record_delimiter=delimiter)
    done = run(**dump)
    assert done["failed"] and "sink_task.record_delimiter must be one of" in done["msg"] and "'NULL'" in done["msg"]
    assert emu.journal() == [] and writes(emu) == []


@pytest.mark.parametrize("delimiter", [",", ";", "|", "\n", "NULL"])
def test_every_documented_record_delimiter_is_taken(run, emu, delimiter):
    dump = obs_dump()
    dump["sink_task"] = dict(dump["sink_task"], record_delimiter=delimiter)
    done = run(**dump)
    assert not done["failed"], done["msg"]
