"""smart_connect_tasks documents each task's options in smart_connect_task's words (hacking/tasks_doc.py)."""

import importlib.util
import os
import re

import yaml

from ansible_collections.huaweicloud.kafka.plugins.modules import smart_connect_tasks

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))


def _load_tasks_doc():
    """hacking/tasks_doc.py, a script rather than a package, loaded from its file."""
    spec = importlib.util.spec_from_file_location("tasks_doc", os.path.join(ROOT, "hacking", "tasks_doc.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tasks_doc = _load_tasks_doc()


def documented_tasks_option():
    return yaml.safe_load(smart_connect_tasks.DOCUMENTATION)["options"]["tasks"]


def test_the_tasks_suboptions_are_smart_connect_tasks_own_words():
    assert documented_tasks_option()["suboptions"] == tasks_doc.suboptions(), (
        "run hacking/tasks_doc.py and paste its output under options.tasks of smart_connect_tasks.py"
    )


def test_every_reference_to_a_per_task_option_is_under_tasks():
    text = yaml.safe_dump(documented_tasks_option())
    assert not re.findall(r"O\((?:%s)\b" % "|".join(tasks_doc.PER_TASK), text)
    assert "O(task_id" not in text


def test_the_spec_of_a_task_is_smart_connect_tasks_own():
    spec = smart_connect_tasks.argument_spec()["tasks"]["options"]
    assert set(spec) == set(tasks_doc.PER_TASK)
