# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The status half of a task's run: waiting for statuses, pausing, resuming, restarting, deleting.

Private to this collection: it may change without notice between releases. A mixin of
:class:`_runners.task.TaskRunner`, which provides ``api``, ``params``, ``check_mode``, ``module``, ``created``,
``start_later``, ``modified``, ``changed``, ``task``, ``waiter_class`` and ``describe()``.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.waiter import UNREAD


class StatusSteps:
    """``ensure_*`` steps for the task's status; each returns ``(changed, task)``."""

    # ----- status -------------------------------------------------------------------------------------
    def read(self, task_id, poll=False, deleted=False):
        """The task as the service has it now (None when gone), remembered for a failure's result. ``poll``: a
        read made while waiting, which smart_connect_tasks answers from a listing shared by all its tasks;
        ``deleted``: this run deleted the task, so any 404 means gone."""
        found = self.api.poll(task_id, deleted) if poll else self.api.show(task_id, deleted)
        if found is not None:
            self.task = found
        return found

    def read_quietly(self, task_id):
        """Read the task for a failure's result; a failure to read it changes nothing about that failure."""
        try:
            self.read(task_id)
        except ApiError:
            pass

    def wait_for(self, task, targets):
        """The task once its status is one of ``targets`` (read at once when its status is unknown)."""
        what, wanted = self.describe(task), " or ".join(targets)

        def failed(found):
            if found is None:
                return "%s disappeared while waiting for it to be %s" % (what, wanted)
            status = found.get("status")
            if v.names_a_failure(status):
                return (
                    "%s is %s: it will not become %s by waiting; see the task in the console, then fix or "
                    "recreate it" % (what, status, wanted)
                )
            if status not in v.KNOWN_STATUSES and status not in self.unknown_statuses:
                self.unknown_statuses.add(status)
                self.module.warn(
                    "%s has the status %s, which this module does not know; still waiting for it to "
                    "be %s" % (what, status, wanted)
                )
            return None

        waiter = self.waiter_class(self.wait_seconds())

        def timed_out(found):
            return "Timed out after %s seconds waiting for %s to be %s; last status seen: %s" % (
                _seconds(waiter.timeout),
                what,
                wanted,
                found.get("status"),
            )

        known = task if task.get("status") is not None else UNREAD
        return waiter.until(
            lambda: self.read(task["id"], poll=True),
            lambda found: found is not None and found.get("status") in targets,
            known=known,
            failed=failed,
            timeout_message=timed_out,
        )

    def wait_gone(self, task):
        waiter = self.waiter_class(self.wait_seconds())

        def timed_out(found):
            return "Timed out after %s seconds waiting for %s to be deleted; last status seen: %s" % (
                _seconds(waiter.timeout),
                self.describe(task),
                found.get("status"),
            )

        waiter.until(
            lambda: self.read(task["id"], poll=True, deleted=True),
            lambda found: found is None,
            timeout_message=timed_out,
        )

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
        if not self.created and task.get("status") not in v.STABLE_STATUSES and not self.check_mode:
            task = self.settle(task)  # a task found moving may end WAITING, which needs a start
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
            # RUNNING after a restart of a RUNNING task proves nothing: only RESTARTING shows the restart.
            restart_of_running = action == self.api.restart and task.get("status") == v.RUNNING
            reached = (
                (v.RESTARTING,) if restart_of_running else (target,) + ((v.RESTARTING,) if target == v.RUNNING else ())
            )
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


def _seconds(timeout):
    """A wait's length for a message: 600, or 12.5 when one deadline for a whole run left less."""
    return "%g" % round(timeout, 1)
