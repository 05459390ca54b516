"""The task_problems filter: the module's local checks over a list of tasks, and the list as a whole."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.huaweicloud.kafka.plugins.filter.task_problems import FilterModule, task_problems

GOOD = dict(
    task_name="archive-logs",
    preset="obs_dump",
    topics_regex="logs-.*",
    sink_task=dict(obs_bucket_name="b", access_key="ak", secret_key="sk"),
)


def test_a_good_list_has_no_problem():
    tasks = [GOOD, dict(GOOD, task_name="other-logs"), dict(task_name="gone-task", state="absent", topics=["x"])]
    assert [task_problems(tasks, index) for index in range(3)] == [[], [], []]


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(task_name="ab"), "task_name must be 4 to 64 characters"),
        (dict(sink_task=dict(GOOD["sink_task"], deliver_time_interval=5)), "deliver_time_interval must be 30 to 900"),
        (dict(state="gone"), "value of state must be one of"),
        (dict(topics="not-a-list", topics_regex=None), None),  # a string becomes a one-item list, as in the module
        (dict(sink_task=dict(GOOD["sink_task"], store_keys="maybe")), "store_keys"),
        (
            dict(source_task=dict(rename_topic_enabled=True, topics_mapping=["a:b"]), sink_task=None),
            "mutually exclusive",
        ),
    ],
)
def test_the_module_checks_name_the_option(change, message):
    problems = task_problems([dict(GOOD, **change)], 0)
    if message is None:
        assert problems == []
    else:
        assert any(message in problem for problem in problems), problems


def test_the_list_as_a_whole():
    tasks = [GOOD, GOOD] + [dict(GOOD, task_name="filler-%02d" % index) for index in range(17)]
    assert any("appears 2 times" in problem for problem in task_problems(tasks, 1))
    assert task_problems(tasks, 18) == ["is task 19 of 19, but an instance holds at most 18"]
    assert task_problems(tasks, 18, max_tasks=20) == []
    assert task_problems([GOOD, "not a task"], 1) == ["must be a dict of task options; got str"]
    with pytest.raises(AnsibleFilterError):
        task_problems("not a list", 0)


def test_the_filter_is_registered():
    assert FilterModule().filters() == {"task_problems": task_problems}


def test_deletions_take_no_place_in_an_instance():
    tasks = [dict(GOOD, task_name="filler-%02d" % index) for index in range(18)]
    tasks += [dict(task_name="old-task-%d" % index, state="absent") for index in range(3)]
    assert all(task_problems(tasks, index) == [] for index in range(len(tasks)))
