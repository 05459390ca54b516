# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One Smart Connect task brought to the state asked for: find, create or modify, then pause, resume or restart.

Private to this collection: it may change without notice between releases. The state machine behind
``smart_connect_task``; tasks travel in API shape (as read, written, or predicted in check mode), and
the result is built from them once at the end.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.huaweicloud.kafka.plugins.module_utils import _vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._failure import Failure
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runner import Runner
from ansible_collections.huaweicloud.kafka.plugins.module_utils._secrets import MASK
from ansible_collections.huaweicloud.kafka.plugins.module_utils._task_checks import check_create, check_options
from ansible_collections.huaweicloud.kafka.plugins.module_utils._task_plan import (
    create_body,
    differences,
    merge_task,
    modify_body,
    predict,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._task_shapes import (
    desired_task,
    has_secrets,
    normalize_task,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._waiter import UNREAD, Waiter


class TaskRunner(Runner):
    """``run()`` finds the task, then runs ``ensure_*`` steps that each return ``(changed, task)``."""

    def __init__(self, module, api=None, waiter_class=Waiter):
        super(TaskRunner, self).__init__(module, api)
        self.waiter_class = waiter_class
        self.desired = desired_task(self.params)
        self.created = False  # created (or recreated) in this run
        self.recreated = False
        self.start_later = False  # the start_later of that create
        self.modified = False
        self.secrets_sent = False
        self.task = None  # the task as last read or written, for failure results

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
        self.task = before
        changed, task = self.ensure_present(before)
        self.note(changed, task)
        step = {
            "present": self.ensure_settled,
            "running": self.ensure_running,
            "paused": self.ensure_paused,
            "restarted": self.ensure_restarted,
        }[state]
        changed, task = step(task)
        self.note(changed, task)
        return self.result(before, task, action=self.action(), task=self.view(task))

    def run_absent(self):
        try:
            before = self.find()
        except ApiError as error:
            if error.status == 404 and error.error_code == v.INSTANCE_NOT_FOUND:
                return self.result(None, None, action="unchanged", task={})  # no instance, no task
            raise
        self.task = before
        changed, task = self.ensure_absent(before)
        self.note(changed, task)
        return self.result(before, None, action=self.action(), task={})

    def note(self, changed, task):
        self.changed = self.changed or changed
        self.task = task

    def action(self):
        if self.params["state"] == "absent":
            return "deleted" if self.changed else "unchanged"
        for flag, word in ((self.recreated, "recreated"), (self.created, "created"), (self.modified, "modified")):
            if flag:
                return word
        return "unchanged"

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
        if self.params["task_id"]:
            return self.api.show(self.params["task_id"])
        name = self.params["task_name"]
        matches = self.api.find_by_name(name)
        if len(matches) > 1:
            raise Failure("task_name %r matches %d tasks of instance %s (ids: %s); give task_id to choose one"
                          % (name, len(matches), self.params["instance_id"],
                             ", ".join(sorted(str(task.get("id")) for task in matches))))
        return matches[0] if matches else None

    # ----- existence and configuration ----------------------------------------------------------------
    def ensure_present(self, current):
        if current is None:
            if self.params["task_id"]:
                raise Failure("Smart Connect task %s does not exist in instance %s; to create a task, give "
                              "task_name without task_id" % (self.params["task_id"], self.params["instance_id"]))
            return self.create()
        found = differences(self.desired, normalize_task(current))
        send_secrets = self.params["update_secrets"] == "always" and has_secrets(self.desired)
        if not found and not send_secrets:
            return False, current
        if self.params["recreate"]:
            return self.recreate(current)
        return self.modify(current, send_secrets)

    def start_later_for_create(self, previous_status=None):
        state = self.params["state"]
        if state in ("running", "restarted"):
            return False
        if self.params["start_later"] is not None:
            return self.params["start_later"]
        return state == "paused" or previous_status in (v.PAUSED, v.WAITING)

    def create(self, config=None, previous_status=None):
        config = config or self.desired
        problems = check_create(config)
        if problems:
            raise Failure("Cannot create Smart Connect task %r in instance %s: %s"
                          % (config.get("task_name"), self.params["instance_id"], "; ".join(problems)))
        self.start_later = self.start_later_for_create(previous_status)
        body = create_body(config, self.start_later)
        self.created = True
        self.secrets_sent = has_secrets(config)
        if self.check_mode:
            return True, predict(body, status=v.WAITING if self.start_later else v.RUNNING)
        task = self.api.create(body)
        return True, task or predict(body, status=v.CREATING)

    def recreate(self, current):
        self.recreated = True
        config = merge_task(normalize_task(current), self.desired)
        problems = check_create(config)
        if problems:  # check_options has made sure of it already; never delete what cannot come back
            raise Failure("recreate=true cannot create %s again: %s" % (self.describe(current), "; ".join(problems)))
        if not self.check_mode:
            self.api.delete(current["id"])
            self.changed = True
            self.task = None
        return self.create(config, previous_status=current.get("status"))

    def modify(self, current, send_secrets):
        body = modify_body(self.desired, current, send_secrets)
        self.modified = True
        self.secrets_sent = send_secrets
        if self.check_mode:
            return True, predict(body, current)
        current = self.settle(current)
        try:
            task = self.api.modify(current["id"], body)
        except ApiError as error:
            if not (error.status == 400 and error.error_code == v.STATUS_FORBIDS
                    and current.get("status") == v.RUNNING):
                raise self.modify_failure(error, send_secrets)
            task = self.modify_paused(current, body, send_secrets)
        return True, task or predict(body, current)

    def modify_paused(self, current, body, send_secrets):
        """The service refused to modify a RUNNING task: pause it, modify it, and resume it."""
        self.perform(self.api.pause, current, v.PAUSED)
        self.wait_for(dict(current, status=None), (v.PAUSED,))
        try:
            task = self.api.modify(current["id"], body)
        except ApiError as error:
            raise self.modify_failure(error, send_secrets)
        task = task or predict(body, current, status=v.PAUSED)
        if self.params["state"] != "paused":
            self.perform(self.api.resume, current, v.RUNNING)
            task = dict(task, status=v.RUNNING)  # resume goes straight from PAUSED to RUNNING
        return task

    def modify_failure(self, error, secrets_sent):
        hints = []
        if error.status == 400:
            if secrets_sent:
                hints.append("if the service refuses secrets in a modification, rotate them with recreate=true "
                             "instead of update_secrets=always")
            elif has_secrets(self.desired):
                hints.append("if the service needs the secrets again in every modification, set "
                             "update_secrets=always")
        return Failure.from_api(error, hints)

    # ----- status -------------------------------------------------------------------------------------
    def read(self, task_id):
        """The task as the service has it now (None when gone), remembered for a failure's result."""
        found = self.api.show(task_id)
        if found is not None:
            self.task = found
        return found

    def wait_for(self, task, targets):
        """The task once its status is one of ``targets`` (read at once when its status is unknown)."""
        what, wanted = self.describe(task), " or ".join(targets)

        def gone(found):
            return found is None and "%s disappeared while waiting for it to be %s" % (what, wanted)

        def timed_out(found):
            return "Timed out after %s seconds waiting for %s to be %s; last status seen: %s" % (
                self.params["wait_timeout"], what, wanted, found.get("status"))

        known = task if task.get("status") is not None else UNREAD
        return self.waiter_class(self.params["wait_timeout"]).until(
            lambda: self.read(task["id"]), lambda found: found is not None and found.get("status") in targets,
            known=known, failed=gone, timeout_message=timed_out)

    def wait_gone(self, task):
        def timed_out(found):
            return "Timed out after %s seconds waiting for %s to be deleted; last status seen: %s" % (
                self.params["wait_timeout"], self.describe(task), found.get("status"))

        self.waiter_class(self.params["wait_timeout"]).until(
            lambda: self.read(task["id"]), lambda found: found is None, timeout_message=timed_out)

    def settle(self, task):
        """Wait, whatever ``wait`` says, until a moving status (CREATING, RESTARTING) has settled."""
        if self.check_mode or task.get("status") in v.STABLE_STATUSES:
            return task
        return self.wait_for(task, v.STABLE_STATUSES)

    def finish(self, task, targets):
        """Wait for the targets with ``wait`` (check mode predicts the first)."""
        if task.get("status") in targets:
            return task
        if self.check_mode:
            return dict(task, status=targets[0])
        if self.params["wait"]:
            return self.wait_for(task, targets)
        return task

    def ensure_settled(self, task):
        """state=present: after a write, wait for the status it leads to."""
        if self.created:
            return False, self.finish(task, (v.WAITING,) if self.start_later else (v.RUNNING,))
        if self.modified:
            return False, self.finish(task, v.STABLE_STATUSES)
        return False, task

    def ensure_running(self, task):
        action = {v.PAUSED: self.api.resume, v.WAITING: self.api.restart}.get(task.get("status"))
        if not action:  # RUNNING already, or on its way there (CREATING, RESTARTING)
            return False, self.finish(task, (v.RUNNING,))
        return True, self.act(action, task, v.RUNNING)

    def ensure_paused(self, task):
        if self.created and self.start_later:
            return False, self.finish(task, (v.WAITING,))
        if task.get("status") not in v.STABLE_STATUSES:
            if self.check_mode:
                return True, dict(task, status=v.PAUSED)
            task = self.settle(task)
        if task.get("status") != v.RUNNING:
            return False, task  # PAUSED, or WAITING (never ran)
        return True, self.act(self.api.pause, task, v.PAUSED)

    def ensure_restarted(self, task):
        if self.created:  # a task just created starts from its consumer_strategy anyway
            return False, self.finish(task, (v.RUNNING,))
        return True, self.act(self.api.restart, self.settle(task), v.RUNNING)

    def act(self, action, task, target):
        """Pause, resume or restart (no body comes back), then wait for ``target`` with ``wait``."""
        if self.check_mode:
            return dict(task, status=target)
        self.perform(action, task, target)
        if not self.params["wait"]:
            return dict(task, status=target)
        return self.wait_for(dict(task, status=None), (target,))

    def perform(self, action, task, target):
        """Send an action. When the service refuses it for the task's status, read the task: an attempt whose
        answer was lost (and that the client retried) may already have brought it to ``target``."""
        try:
            action(task["id"])
        except ApiError as error:
            if not (error.status == 400 and error.error_code == v.STATUS_FORBIDS):
                raise
            now = self.read(task["id"]) or {}
            reached = (target,) + ((v.RESTARTING,) if target == v.RUNNING else ())
            if now.get("status") not in reached:
                raise
        self.changed = True

    def ensure_absent(self, current):
        if current is None:
            return False, None
        if self.check_mode:
            return True, None
        if not self.api.delete(current["id"]):
            return False, None
        self.changed = True
        if self.params["wait"]:
            self.wait_gone(current)
        return True, None
