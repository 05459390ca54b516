# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


DOCUMENTATION = r"""
---
name: task_problems
short_description: What the modules would refuse in a list of Smart Connect tasks, found before any request
version_added: 1.0.0
description:
  - Checks one task of a list of tasks, each given with the options of M(huaweicloud.kafka.smart_connect_task)
    (other keys, such as the role's C(preset), are ignored), the way the module checks its options before any
    request, and the list as a whole (a C(task_name) that appears twice, and more tasks than an instance holds).
  - Returns the problems of the task at O(index) as a list of messages, or an empty list when it is fine. A task with
    C(state=absent) needs only its C(task_name).
  - Used by the role C(huaweicloud.kafka.smart_connect_presets) to report every problem of every task before
    the first request.
options:
  _input:
    description: The tasks, a list of dicts.
    type: list
    elements: dict
    required: true
  index:
    description: The position of the task to check in the list (from 0).
    type: int
    required: true
  max_tasks:
    description: How many tasks an instance can hold.
    type: int
    default: 18
author:
  - huaweicloud.kafka contributors (@huaweicloud-kafka)
"""

EXAMPLES = r"""
- name: Every problem of every task, before any request
  ansible.builtin.assert:
    that: (my_tasks | huaweicloud.kafka.task_problems(item)) | length == 0
    fail_msg: "{{ my_tasks[item].task_name }}: {{ my_tasks | huaweicloud.kafka.task_problems(item) | join('; ') }}"
  loop: "{{ range(my_tasks | length) | list }}"
"""

RETURN = r"""
_value:
  description: The problems of the task at O(index), one message each; empty when there is none.
  type: list
  elements: str
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.checks import check_options
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.spec import task_action_spec, task_spec

MAX_TASKS = 18  # the most tasks a DMS for Kafka instance holds


def _spec():
    spec = task_spec()
    spec.update(task_action_spec())
    return spec


def _plain(value):
    """Plain Python data: templated containers carry the templar, which must not be copied (deep copies of them
    reach Ansible's plugin loaders)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value


def _module_options(task):
    """The options the module gets for ``task``: its known keys, without empty sides; only the name when absent."""
    spec = _spec()
    options = {key: value for key, value in task.items() if key in spec and value not in (None, {})}
    if options.get("state") == "absent":
        options = {key: options[key] for key in ("task_name", "state") if key in options}
    return options


def task_problems(tasks, index, max_tasks=MAX_TASKS):
    if not isinstance(tasks, (list, tuple)):
        raise AnsibleFilterError("task_problems needs a list of tasks (dicts); got %s" % type(tasks).__name__)
    tasks = _plain(list(tasks))
    task = tasks[index]
    if not isinstance(task, dict):
        return ["must be a dict of task options; got %s" % type(task).__name__]
    result = ArgumentSpecValidator(_spec()).validate(_module_options(task))
    problems = list(result.error_messages)
    if not problems:
        problems.extend(check_options(result.validated_parameters))
    name = task.get("task_name")
    names = [other.get("task_name") for other in tasks if isinstance(other, dict)]
    if name is not None and names.count(name) > 1:
        problems.append(
            "task_name %r appears %d times in the list: each task needs its own name" % (name, names.count(name))
        )
    kept = [
        position
        for position, other in enumerate(tasks)
        if not (isinstance(other, dict) and other.get("state") == "absent")
    ]  # deletions take no place
    if index in kept and kept.index(index) >= max_tasks:
        problems.append(
            "is task %d of %d, but an instance holds at most %d" % (kept.index(index) + 1, len(kept), max_tasks)
        )
    return problems


class FilterModule:
    def filters(self):
        return {"task_problems": task_problems}
