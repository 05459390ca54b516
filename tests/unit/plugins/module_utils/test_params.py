"""The raw parameters made safe for AnsibleModule: list elements parsed, crashes avoided, secrets found anywhere."""

import pytest

from ansible_collections.huaweicloud.kafka.plugins.module_utils._ansible.params import (
    secrets_in,
    shaped_params,
    without_crashing_suboptions,
)
from ansible_collections.huaweicloud.kafka.plugins.modules.smart_connect_tasks import argument_spec


@pytest.mark.parametrize(
    "tasks, secrets",
    [
        ([{"task_name": "a", "sink_task": {"secret_key": "S1", "access_key": "A1"}}, 5], {"S1", "A1"}),
        ([{"task_name": "a", "sink_task": 5}, {"task_name": "b", "sink_task": {"secret_key": "S2"}}], {"S2"}),
        (['{"task_name": "a", "source_task": {"password": "P3"}}', 7], {"P3"}),
        (["task_name=a"], set()),
        ("not a list", set()),
    ],
)
def test_every_secret_is_found_whatever_shape_the_rest_has(tasks, secrets):
    assert secrets_in(argument_spec(), {"tasks": tasks}) == secrets


def test_a_secret_given_by_an_alias_is_found_too():
    spec = {"secret_key": {"type": "str", "no_log": True, "aliases": ["sk"]}}
    assert secrets_in(spec, {"sk": "SK-BY-ALIAS"}) == {"SK-BY-ALIAS"}


def test_elements_are_parsed_and_their_nulls_left_out():
    tasks = ['{"task_name": "a", "state": null}', {"task_name": "b", "recreate": None}, 5]
    shaped = shaped_params(argument_spec(), {"tasks": tasks})
    assert shaped["tasks"] == [{"task_name": "a"}, {"task_name": "b"}, 5]


@pytest.mark.parametrize(
    "tasks, kept",
    [
        ([{"task_name": "a"}], True),
        ([{"task_name": "a"}, 5], False),
        ([{"task_name": "a", "sink_task": 5}], True),
    ],
)
def test_only_the_suboptions_ansible_core_would_crash_on_are_dropped(tasks, kept):
    spec = without_crashing_suboptions(argument_spec(), {"tasks": tasks})
    assert ("options" in spec["tasks"]) == kept
    if kept and "sink_task" in tasks[0]:
        assert "options" not in spec["tasks"]["options"]["sink_task"]
        assert "options" in spec["tasks"]["options"]["source_task"]
