# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The documentation of ``smart_connect_tasks``' ``tasks`` suboptions, made from ``smart_connect_task``'s options.

A module's DOCUMENTATION must be a literal string, and doc fragments cannot nest under a list option, so
the per-task options are written out in smart_connect_tasks.py. This script writes them (with each
reference to a per-task option moved under ``tasks[]``), and tests/unit/plugins/modules/test_smart_connect_tasks_doc.py
fails when the module's copy differs from what it prints. Run from the collection root:

    .venv/units-2.21/bin/python hacking/tasks_doc.py > /tmp/tasks-doc.yml
"""

import copy
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PER_TASK = (
    "task_name",
    "state",
    "topics",
    "topics_regex",
    "source_type",
    "source_task",
    "sink_type",
    "sink_task",
    "start_later",
    "update_secrets",
    "recreate",
    "validate_connection",
    "restart_failed",
)
# Descriptions of smart_connect_task that speak of options this module does not have.
OWN_DESCRIPTIONS = {
    "task_name": [
        "Name of the task, 4 to 64 characters of letters, digits, C(-) and C(_); each name is listed once.",
        "The task is looked up by this name in the instance's listing (several tasks with the name is an error "
        "for this task, which lists their ids), and created with it when absent.",
        "Names are compared exactly, case included. Whether the service takes names that differ only in case for "
        "one name is undocumented, so the module warns when two names of O(tasks), or one of them and a listed "
        "task's name, differ only in case.",
    ],
}
# Options whose per-task value falls back to the module's option of the same name: no default of their own.
MODULE_DEFAULTS = {
    "restart_failed": [
        "With O(tasks[].state=running), restart the task when its status names a failure, once, as "
        "O(huaweicloud.kafka.smart_connect_task#module:restart_failed) does.",
        "If not set, the module's top-level C(restart_failed) applies.",
    ],
}
_REFERENCE = re.compile(r"O\((%s)(?=[.=)])" % "|".join(PER_TASK))


def _load(path, name="DOCUMENTATION"):
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        source = handle.read()
    text = re.search(r'%s = r"""(.*?)"""' % name, source, re.S).group(1)
    return yaml.safe_load(text)


def _merge(into, more):
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into.setdefault(key, value)


def _rewrite(node):
    if isinstance(node, str):
        return _REFERENCE.sub(r"O(tasks[].\1", node)
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    if isinstance(node, dict):
        return {key: _rewrite(value) for key, value in node.items()}
    return node


def suboptions():
    """The ``tasks`` suboptions, in smart_connect_task's words."""
    options = copy.deepcopy(_load("plugins/modules/smart_connect_task.py")["options"])
    _merge(options, _load("plugins/doc_fragments/source_task.py")["options"])
    result = {}
    for name in PER_TASK:
        option = _rewrite(options[name])
        if name in OWN_DESCRIPTIONS:
            option["description"] = OWN_DESCRIPTIONS[name]
        if name in MODULE_DEFAULTS:
            option["description"] = MODULE_DEFAULTS[name]
            option.pop("default", None)
        result[name] = option
    result["task_name"]["required"] = True
    return result


def main():
    text = yaml.safe_dump(dict(suboptions=suboptions()), sort_keys=False, width=88, default_flow_style=False)
    sys.stdout.write("".join("    " + line + "\n" for line in text.splitlines()))


if __name__ == "__main__":
    main()
