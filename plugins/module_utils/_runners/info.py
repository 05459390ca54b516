# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The run of ``smart_connect_task_info``: the tasks of an instance, read by id or listed, then filtered.

Private to this collection: it may change without notice between releases.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.api import PAGE_FIELDS
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.runner import Runner
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.export import exported
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.shapes import normalize_task


def matches(task, params):
    """Whether an option-shaped task passes the task_name and status filters."""
    if params.get("task_name") is not None and task.get("task_name") != params["task_name"]:
        return False
    wanted = params.get("status")
    if wanted:
        status = str(task.get("status") or "").upper()
        if status not in {str(item).strip().upper() for item in wanted}:
            return False
    return True


class InfoReader(Runner):
    """Reads the tasks for the module's parameters; ``run()`` returns the result dict (never changed)."""

    def failure_result(self):
        return dict(changed=False, tasks=[])

    def run(self):
        result = dict(changed=False)  # no diff: nothing changes
        task_id = self.params.get("task_id")
        if task_id:
            found = self.api.show(task_id)
            api_tasks = [found] if found else []
        else:
            api_tasks, summary = self.api.list_all()
            self.warn_if_truncated(summary)
            for name in PAGE_FIELDS:
                if summary[name] is not None:
                    result[name] = summary[name]
        tasks = [normalize_task(task) for task in api_tasks]
        result["tasks"] = [with_spec(task) for task in tasks if matches(task, self.params)]
        return result


def with_spec(task):
    """The task with its declaration (``spec``), the secrets that declaration must be given, and whether it can be
    managed at all (a type the collection does not know cannot)."""
    spec, needed, manageable = exported(task)
    return dict(task, spec=spec, secrets_needed=needed, manageable=manageable)
