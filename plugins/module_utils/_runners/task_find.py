# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Finding a task: by id, or by name in the instance's list, and making sure a new name is free.

Private to this collection: it may change without notice between releases. A collaborator of
:class:`_runners.task.TaskRunner`, whose ``listing`` (smart_connect_tasks' one read) it uses when given.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import Failure
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.checks import CASE_ONLY


class TaskFinder:
    """Finds the task of a :class:`TaskRunner`; remembers the listing it read itself (``own_listing``)."""

    def __init__(self, runner):
        self.runner = runner
        self.own_listing = None  # (tasks listed, summary) when find() listed the instance itself

    def find(self):
        """The task (API shape) or None: one GET by id, else the list (all its pages) by name."""
        runner, params = self.runner, self.runner.params
        task_id = params["task_id"]
        if runner.listing is not None and task_id:
            return next((task for task in runner.listing[0] if task.get("id") == task_id), None)
        if task_id:
            return runner.api.show(task_id)
        name = params["task_name"]
        if runner.listing is not None:
            tasks, summary = runner.listing  # its truncation was warned about once, by whoever read it
        else:
            tasks, summary = runner.api.list_all()
            runner.warn_if_truncated(summary)
            self.own_listing = (len(tasks), summary)  # the instance's quota, should the task have to be created
        matches = [task for task in tasks if task.get("task_name") == name]
        if not matches:
            alike = {task.get("task_name") for task in tasks if str(task.get("task_name")).lower() == str(name).lower()}
            for other in sorted(alike):
                runner.module.warn(CASE_ONLY % (other, name))
        if len(matches) > 1:
            choose = (
                "delete the extra ones (smart_connect_task with task_id and state=absent)"
                if runner.listing is not None
                else "give task_id to choose one"
            )
            ids = ", ".join(sorted(str(task.get("id")) for task in matches))
            raise Failure(
                "task_name %r matches %d tasks of instance %s (ids: %s); %s"
                % (name, len(matches), params["instance_id"], ids, choose)
            )
        if not matches and summary["truncated"] and params["state"] != "absent":
            # The task may be on a page never read: creating it could make a second task of that name.
            raise Failure(
                "Smart Connect task %r is not among the %d tasks read from instance %s, but the task list "
                "could not be read whole (see the warning); not creating a task that may exist. Give "
                "task_id, or retry later" % (name, len(tasks), params["instance_id"])
            )
        return matches[0] if matches else None

    def check_name_is_free(self, current):
        """A rename by task_id onto a name another task has would make two tasks of one name: refuse it."""
        runner = self.runner
        name = runner.desired["task_name"]
        instance = runner.params["instance_id"]
        tasks, summary = runner.api.list_all()
        if summary["truncated"]:
            raise Failure(
                "Cannot rename %s to %r: the task list of instance %s could not be read whole, so the name "
                "may be taken; retry later" % (runner.describe(current), name, instance)
            )
        taken = [task.get("id") for task in tasks if task.get("task_name") == name and task.get("id") != current["id"]]
        if taken:
            raise Failure(
                "Cannot rename %s to %r: task %s of instance %s already has that name"
                % (runner.describe(current), name, ", ".join(taken), instance)
            )
