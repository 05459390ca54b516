# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One Smart Connect task brought to the state asked for: the executor of the plan in :mod:`_tasks.steps`.

Private to this collection: it may change without notice between releases. :class:`TaskRunner` holds what one run
has done (created, modified, the task last seen) and performs each step the plan names through its collaborators:
:class:`TaskFinder` (finding the task), :class:`Creator` (create, lost answers, recreate), :class:`Modifier` (the
PUT, the undone pause) and :class:`StatusChanger` (waits, pause, resume, restart, delete). Tasks travel in API
shape (as read, written, or predicted in check mode), and the result is built from them once at the end.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import Failure
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.runner import Runner
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.task_create import Creator
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.task_find import TaskFinder
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.task_modify import Modifier
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.task_status import StatusChanger
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.waiter import Waiter
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.checks import check_options, wait_timeout_errors
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.shapes import (
    desired_task,
    masked,
    normalize_task,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.steps import describe, write_step


class TaskRunner(Runner):
    """``run()`` finds the task, then performs the write step and the status step, each ``(changed, task)``."""

    def __init__(self, module, api=None, waiter_class=Waiter, listing=None, deadline=None, twins_later=False):
        super().__init__(module, api)
        self.twins_later = twins_later  # smart_connect_tasks looks for twins of its creates once, at the end
        # Given by smart_connect_tasks: the (tasks, summary) it read, so that finding reads nothing, and the
        # Deadline of its whole run (wait_timeout is one deadline for all its tasks).
        self.listing = listing
        self.deadline = deadline
        source = self.params.get("source_task")
        if isinstance(source, dict) and isinstance(source.get("instance_id"), str):
            source["instance_id"] = source["instance_id"].lower()
        self.waiter_class = waiter_class
        self.desired = desired_task(self.params)
        self.created = False  # created (or recreated) in this run: the service accepted the create
        self.recreating = False  # the task differs and recreate=true: delete it, then create it
        self.start_later = False  # the start_later of that create
        self.modified = False  # the service accepted a modification
        self.secrets_sent = False
        self.restarted = False  # this run restarted the task (state=restarted, a WAITING task, or restart_failed)
        self.task = None  # the task as last read or written, for failure results
        self.deleted_ids = set()  # tasks this run deleted (recreate), never to be adopted again
        self.before = None  # the task as found
        self.finder = TaskFinder(self)
        self.creator = Creator(self)
        self.modifier = Modifier(self)
        self.status = StatusChanger(self)

    def check_options(self):
        return check_options(self.params) + wait_timeout_errors(self.params)

    # ----- the whole run ------------------------------------------------------------------------------
    def run(self):
        if self.params["state"] == "absent":
            return self.run_absent()
        before = self.finder.find()
        self.task = self.before = before
        changed, task = self.ensure_present(before)
        self.note(changed)
        changed, task = self.status.ensure(self.params["state"], task)
        self.note(changed)
        return self.result(before, task, action=self.action(), restarted=self.restarted, task=self.view(task))

    def run_absent(self):
        try:
            before = self.finder.find()
        except ApiError as error:
            if not self.nothing_can_exist(error):
                raise
            return self.result(None, None, action="unchanged", task={})
        self.task = self.before = before
        self.note(self.status.ensure_absent(before))
        return self.result(before, None, action=self.action(), task={})

    def ensure_present(self, current):
        """Perform the write step of the plan: ``(changed, task)``."""
        step = write_step(current, self.desired, self.params)
        if step.rename:
            self.finder.check_name_is_free(current)
        if step.action == "refuse":
            raise Failure(step.reason)
        if step.action == "create":
            return self.creator.create()
        if step.action == "recreate":
            return self.creator.recreate(current)
        if step.action == "modify":
            return self.modifier.modify(current, step.send_secrets)
        return False, current

    def note(self, changed):
        """Record whether a step changed something (``self.task`` stays the task as last read from the service)."""
        self.changed = self.changed or changed

    def action(self):
        if self.params["state"] == "absent":
            return "deleted" if self.changed else "unchanged"
        if self.created:
            return "recreated" if self.recreating else "created"
        if self.deleted_ids:  # a recreate deleted the task and did not create it again
            return "deleted"
        return "modified" if self.modified else "unchanged"

    def wait_seconds(self):
        """How long the next wait may last: wait_timeout, or what is left of smart_connect_tasks' deadline."""
        if self.deadline is None:
            return self.params["wait_timeout"]
        return min(self.params["wait_timeout"], self.deadline.remaining())

    def describe(self, task=None):
        return describe(task or self.task, self.params)

    # ----- the result ---------------------------------------------------------------------------------
    def failure_result(self):
        """What a failed run still reports: whether it changed something, and the task last seen."""
        return dict(changed=self.changed, restarted=self.restarted, task=self.view(self.task))

    @staticmethod
    def view(task):
        return normalize_task(task) if task else {}

    def diff_view(self, value, after):
        if not value:
            return {}
        view = self.view(value)
        for key in ("task_id", "create_time"):
            view.pop(key, None)
        if after and self.secrets_sent:  # what was sent shows as the mask: never as the old value, nor the new
            view = masked(view, self.desired)
        return view
