"""Small guards a careful operator expects (issue 21, item 9): empty topics, names that differ only in case."""

import pytest
from helpers.module_runner import run_main

from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect_tasks

from .smart_connect_support import obs_dump, writes


@pytest.fixture
def apply(emu, run):
    def call(tasks, **options):
        return run_main(
            smart_connect_tasks.main, dict(run.connection, instance_id=emu.instance_id, tasks=tasks, **options)
        )

    return call


def test_empty_topics_are_refused_before_any_request(run, emu):
    emu.clear_journal()
    result = run(**dict(obs_dump(), topics=[], topics_regex=None))
    assert result["failed"] and "topics must name at least one topic; got []" in result["msg"]
    assert emu.journal() == []


def test_empty_topics_in_a_list_of_tasks_are_refused_before_any_request(apply, emu):
    emu.clear_journal()
    result = apply([dict(obs_dump(), topics=[], topics_regex=None)])
    assert result["failed"] and "tasks[0] (dump-logs): topics must name at least one topic; got []" in result["msg"]
    assert emu.journal() == []


def test_declared_names_that_differ_only_in_case_are_warned_about(apply, emu, warnings):
    result = apply([obs_dump(), obs_dump(task_name="Dump-Logs")])
    assert not result["failed"], result["msg"]
    assert any("'dump-logs' and 'Dump-Logs' differ only in case" in warning for warning in warnings), warnings


def test_a_listed_name_that_differs_only_in_case_is_warned_about(run, emu, warnings):
    run(**obs_dump())
    emu.clear_journal()
    result = run(check=True, **obs_dump(task_name="DUMP-LOGS"))
    assert result["changed"] and writes(emu) == []
    assert any("'dump-logs' and 'DUMP-LOGS' differ only in case" in warning for warning in warnings), warnings
    warnings.clear()
    run(**obs_dump())
    assert warnings == []
