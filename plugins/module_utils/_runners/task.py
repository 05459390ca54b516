# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One Smart Connect task brought to the state asked for: find, create or modify, then pause, resume or restart.

Private to this collection: it may change without notice between releases. The state machine behind
``smart_connect_task``; tasks travel in API shape (as read, written, or predicted in check mode), and
the result is built from them once at the end.
"""

import time

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.secrets import MASK
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import Failure
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.runner import Runner
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.task_create import CreateSteps
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.task_modify import ModifySteps
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.task_status import StatusSteps
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.waiter import Waiter
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.checks import (
    CASE_ONLY,
    PEER_TWICE,
    check_options,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.plan import differences
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.shapes import (
    desired_task,
    has_secrets,
    normalize_task,
)


class TaskRunner(CreateSteps, ModifySteps, StatusSteps, Runner):
    """``run()`` finds the task, then runs ``ensure_*`` steps that each return ``(changed, task)``."""

    def __init__(self, module, api=None, waiter_class=Waiter, listing=None, deadline=None):
        super().__init__(module, api)
        # Given by smart_connect_tasks: the (tasks, summary) it read, so that find() reads nothing, and the
        # time.monotonic() by which its whole run must end (wait_timeout is one deadline for all its tasks).
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
        self.own_listing = None  # (tasks listed, summary) when find() listed the instance itself
        self.secrets_sent = False
        self.task = None  # the task as last read or written, for failure results
        self.unknown_statuses = set()  # warned about once each
        self.deleted_ids = set()  # tasks this run deleted (recreate), never to be adopted again
        self.before = None  # the task as found

    def check_options(self):
        errors = check_options(self.params)
        if self.params["wait_timeout"] < 0:
            errors.append("wait_timeout must be 0 or more seconds; got %s" % self.params["wait_timeout"])
        return errors

    # ----- the whole run ------------------------------------------------------------------------------
    def run(self):
        state = self.params["state"]
        if state == "absent":
            return self.run_absent()
        before = self.find()
        self.task = self.before = before
        changed, task = self.ensure_present(before)
        self.note(changed)
        step = {
            "present": self.ensure_settled,
            "running": self.ensure_running,
            "paused": self.ensure_paused,
            "restarted": self.ensure_restarted,
        }[state]
        changed, task = step(task)
        self.note(changed)
        return self.result(before, task, action=self.action(), task=self.view(task))

    def run_absent(self):
        try:
            before = self.find()
        except ApiError as error:
            if not self.nothing_can_exist(error):
                raise
            return self.result(None, None, action="unchanged", task={})
        self.task = self.before = before
        changed, task = self.ensure_absent(before)
        self.note(changed)
        return self.result(before, None, action=self.action(), task={})

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
        return max(0.0, min(self.params["wait_timeout"], self.deadline - time.monotonic()))

    def failure_result(self):
        """What a failed run still reports: whether it changed something, and the task last seen."""
        return dict(changed=self.changed, task=self.view(self.task))

    @staticmethod
    def view(task):
        return normalize_task(task) if task else {}

    def diff_view(self, value, after):
        if not value:
            return {}
        view = self.view(value)
        for key in ("task_id", "create_time"):
            view.pop(key, None)
        if after and self.secrets_sent:
            for side in v.SIDES:
                given = self.desired.get(side) or {}
                for name in v.SECRETS[side]:
                    if given.get(name) and isinstance(view.get(side), dict):
                        view[side][name] = MASK
        return view

    # ----- finding ------------------------------------------------------------------------------------
    def describe(self, task=None):
        task = task or self.task or {}
        task_id = task.get("id") or self.params["task_id"]
        name = task.get("task_name") or self.params["task_name"]
        if task_id and name:
            return "Smart Connect task %s (%s)" % (task_id, name)
        return "Smart Connect task %s" % (task_id or name)

    def find(self):
        """The task (API shape) or None: one GET by id, else the list (all its pages) by name."""
        task_id = self.params["task_id"]
        if self.listing is not None and task_id:
            return next((task for task in self.listing[0] if task.get("id") == task_id), None)
        if task_id:
            return self.api.show(task_id)
        name = self.params["task_name"]
        if self.listing is not None:
            tasks, summary = self.listing  # its truncation was warned about once, by whoever read it
        else:
            tasks, summary = self.api.list_all()
            self.warn_if_truncated(summary)
            self.own_listing = (len(tasks), summary)  # the instance's quota, should the task have to be created
        matches = [task for task in tasks if task.get("task_name") == name]
        if not matches:
            alike = {task.get("task_name") for task in tasks if str(task.get("task_name")).lower() == str(name).lower()}
            for other in sorted(alike):
                self.module.warn(CASE_ONLY % (other, name))
        if len(matches) > 1:
            choose = (
                "delete the extra ones (smart_connect_task with task_id and state=absent)"
                if self.listing is not None
                else "give task_id to choose one"
            )
            raise Failure(
                "task_name %r matches %d tasks of instance %s (ids: %s); %s"
                % (
                    name,
                    len(matches),
                    self.params["instance_id"],
                    ", ".join(sorted(str(task.get("id")) for task in matches)),
                    choose,
                )
            )
        if not matches and summary["truncated"] and self.params["state"] != "absent":
            # The task may be on a page never read: creating it could make a second task of that name.
            raise Failure(
                "Smart Connect task %r is not among the %d tasks read from instance %s, but the task list "
                "could not be read whole (see the warning); not creating a task that may exist. Give "
                "task_id, or retry later" % (name, len(tasks), self.params["instance_id"])
            )
        return matches[0] if matches else None

    # ----- existence and configuration ----------------------------------------------------------------
    def ensure_present(self, current):
        if current is None:
            if self.params["task_id"]:
                raise Failure(
                    "Smart Connect task %s does not exist in instance %s; to create a task, give "
                    "task_name without task_id" % (self.params["task_id"], self.params["instance_id"])
                )
            return self.create()
        found = differences(self.desired, normalize_task(current))
        send_secrets = self.params["update_secrets"] == "always" and has_secrets(self.desired)
        agency = self.agency_given_up(current)
        if not found and not send_secrets and not agency:
            return False, current
        if "task_name" in found and self.params["task_id"]:
            self.check_name_is_free(current)
        peer = self.desired.get("source_task") or {}
        peer_declared_twice = peer.get("instance_id") and peer.get("bootstrap_servers")
        if peer_declared_twice and set(found.get("source_task") or ()) & {"instance_id", "bootstrap_servers"}:
            raise Failure("Cannot change the peer of %s: %s" % (self.describe(current), PEER_TWICE))
        if self.params["recreate"]:
            return self.recreate(current)
        if agency:
            self.refuse_agency_switch(current, agency)
        self.check_sasl_switch(current, send_secrets)
        return self.modify(current, send_secrets)

    def check_name_is_free(self, current):
        """A rename by task_id onto a name another task has would make two tasks of one name: refuse it."""
        name = self.desired["task_name"]
        tasks, summary = self.api.list_all()
        if summary["truncated"]:
            raise Failure(
                "Cannot rename %s to %r: the task list of instance %s could not be read whole, so the name "
                "may be taken; retry later" % (self.describe(current), name, self.params["instance_id"])
            )
        taken = [task.get("id") for task in tasks if task.get("task_name") == name and task.get("id") != current["id"]]
        if taken:
            raise Failure(
                "Cannot rename %s to %r: task %s of instance %s already has that name"
                % (self.describe(current), name, ", ".join(taken), self.params["instance_id"])
            )
