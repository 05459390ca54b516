# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The status half of a task's run: waiting for statuses, pausing, resuming, restarting, deleting.

Private to this collection: it may change without notice between releases. A collaborator of
:class:`_runners.task.TaskRunner`: it performs the status steps of :mod:`_tasks.steps`, and records on the runner
what it changed and the task it last read.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import Failure
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.waiter import UNREAD
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.steps import settles_first, status_step

# Words in the name of a field that may say why a task failed (the service documents none).
REASON_WORDS = ("reason", "message", "error", "cause")


class StatusChanger:
    """Reads, waits for and changes the status of a :class:`TaskRunner`'s task."""

    def __init__(self, runner):
        self.runner = runner
        self.unknown_statuses = set()  # warned about once each
        self.healing = ""  # what made this run restart a failed task (restart_failed=true, state=restarted)

    @property
    def api(self):
        return self.runner.api

    # ----- reading and waiting ------------------------------------------------------------------------
    def read(self, task_id, poll=False, deleted=False):
        """The task as the service has it now (None when gone), remembered for a failure's result. ``poll``: a
        read made while waiting, which smart_connect_tasks answers from a listing shared by all its tasks;
        ``deleted``: this run deleted the task, so any 404 means gone."""
        found = self.api.poll(task_id, deleted) if poll else self.api.show(task_id, deleted)
        if found is not None:
            self.runner.task = found
        return found

    def read_quietly(self, task_id):
        """Read the task for a failure's result; a failure to read it changes nothing about that failure."""
        try:
            self.read(task_id)
        except ApiError:
            pass

    def wait_for(self, task, targets, failure_ends=False):
        """The task once its status is one of ``targets`` (read at once when its status is unknown); with
        ``failure_ends``, or once its status names a failure (for the status step to decide on)."""
        what, wanted = self.runner.describe(task), " or ".join(targets)

        def failed(found):
            if found is None:
                return "%s disappeared while waiting for it to be %s" % (what, wanted)
            status = found.get("status")
            if v.names_a_failure(status):
                if self.healing:  # once a run: a task that fails again after its restart is not restarted again
                    return (
                        "%s is %s again after this run restarted it (%s)%s; see the task in the console, then fix "
                        "or recreate it" % (what, status, self.healing, failure_reason(found))
                    )
                return (
                    "%s is %s: it will not become %s by waiting%s; see the task in the console, then fix or "
                    "recreate it" % (what, status, wanted, failure_reason(found))
                )
            if status not in v.KNOWN_STATUSES and status not in self.unknown_statuses:
                self.unknown_statuses.add(status)
                self.runner.module.warn(
                    "%s has the status %s, which this module does not know; still waiting for it to "
                    "be %s" % (what, status, wanted)
                )
            return None

        waiter = self.runner.waiter_class(self.runner.wait_seconds())

        def timed_out(found):
            return "Timed out after %s seconds waiting for %s to be %s; last status seen: %s" % (
                _seconds(waiter.timeout),
                what,
                wanted,
                found.get("status"),
            )

        known = task if task.get("status") is not None else UNREAD

        def arrived(found):
            status = (found or {}).get("status")
            return found is not None and (status in targets or (failure_ends and v.names_a_failure(status)))

        return waiter.until(
            lambda: self.read(task["id"], poll=True),
            arrived,
            known=known,
            failed=failed,
            timeout_message=timed_out,
        )

    def wait_gone(self, task):
        waiter = self.runner.waiter_class(self.runner.wait_seconds())

        def timed_out(found):
            return "Timed out after %s seconds waiting for %s to be deleted; last status seen: %s" % (
                _seconds(waiter.timeout),
                self.runner.describe(task),
                found.get("status"),
            )

        waiter.until(
            lambda: self.read(task["id"], poll=True, deleted=True),
            lambda found: found is None,
            timeout_message=timed_out,
        )

    def settle(self, task):
        """Wait, whatever ``wait`` says, until a moving status (CREATING, RESTARTING) has settled: into a stable
        status, or a failure, which the status step decides about (restart it, or refuse)."""
        status = task.get("status")
        if self.runner.check_mode or status in v.STABLE_STATUSES or v.names_a_failure(status):
            return task
        return self.wait_for(task, v.STABLE_STATUSES, failure_ends=True)

    def finish(self, task, targets):
        """Wait for the targets with ``wait`` (check mode predicts the first)."""
        if task.get("status") in targets:
            return task
        if self.runner.check_mode:
            return dict(task, status=targets[0])
        if self.runner.params["wait"]:
            return self.wait_for(task, targets)
        return task

    # ----- the status step ----------------------------------------------------------------------------
    def step(self, task):
        """The status step of the plan for the task as it is: a :class:`steps.Step`."""
        runner = self.runner
        return status_step(
            runner.params["state"],
            task.get("status"),
            runner.created,
            runner.start_later,
            runner.modified,
            runner.params.get("restart_failed"),
        )

    def refuse_failed(self, task):
        """Raise the status step's refusal of a failed task asked to run without a way to restart it; called
        before anything is written too, so that such a task is left as it was."""
        step = self.step(task)
        if step.action == "refuse":
            raise Failure("%s %s%s" % (self.runner.describe(task), step.reason, failure_reason(task)))

    def ensure(self, state, task):
        """Perform the status step of the plan for ``state``: ``(changed, task)``."""
        runner = self.runner
        if settles_first(state, task.get("status"), runner.created, runner.start_later):
            task = self.settle(task)
        self.refuse_failed(task)
        step = self.step(task)
        if step.action == "none":
            return False, task
        if step.action == "wait" or (step.action == "restart" and runner.restarted):  # restarted once this run
            return False, self.finish(task, step.targets)
        action = {"pause": self.api.pause, "resume": self.api.resume, "restart": self.api.restart}[step.action]
        if step.action == "restart":
            self.healing = self.why_restarted(task)
        return True, self.act(action, task, step.targets[0])

    def why_restarted(self, task):
        """What makes this run restart a failed task, for a message if it fails again ("" when not failed)."""
        if not v.names_a_failure(task.get("status")):
            return ""
        return "state=restarted" if self.runner.params["state"] == "restarted" else "restart_failed=true"

    def restart_first(self, task):
        """Restart a failed task that this run restarts anyway and the service will not modify as it is, then wait
        (whatever ``wait`` says) until it runs, so that it can be modified."""
        self.healing = self.why_restarted(task)
        self.perform(self.api.restart, task, v.RUNNING)
        return self.wait_for(dict(task, status=None), (v.RUNNING,))

    def act(self, action, task, target):
        """Pause, resume or restart (no body comes back), then wait for ``target`` with ``wait``."""
        if self.runner.check_mode:
            self.runner.restarted = self.runner.restarted or action == self.api.restart
            return dict(task, status=target)
        self.perform(action, task, target)
        if not self.runner.params["wait"]:
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
        self.runner.changed = True
        if action == self.api.restart:  # only a restart the service took (the task's sync position is reset)
            self.runner.restarted = True

    def ensure_absent(self, current):
        """Delete the task (and wait until it is gone, with ``wait``); whether something changed."""
        if current is None:
            return False
        if self.runner.check_mode:
            return True
        if not self.api.delete(current["id"]):
            return False
        self.runner.changed = True
        if self.runner.params["wait"]:
            self.wait_gone(current)
        return True


def failure_reason(task):
    """``: <what the task says>`` from fields that may explain a failure (their names are undocumented), or ""."""
    said = [
        "%s: %s" % (name, value)
        for name, value in sorted((task or {}).items())
        if isinstance(value, str) and value.strip() and any(word in name.lower() for word in REASON_WORDS)
    ]
    return " (%s)" % "; ".join(said) if said else ""


def _seconds(timeout):
    """A wait's length for a message: 600, or 12.5 when one deadline for a whole run left less."""
    return "%g" % round(timeout, 1)
