# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Modifying a task in place: the PUT, a pause the service asks for (always undone), and checking it took effect.

Private to this collection: it may change without notice between releases. A collaborator of
:class:`_runners.task.TaskRunner`: it performs the ``modify`` step of :mod:`_tasks.steps`, and records on the
runner what the service accepted.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import Failure, as_failure
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.plan import differences, modify_body, predict
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.shapes import has_secrets, normalize_task


class Modifier:
    """The modification of the task of a :class:`TaskRunner`, returning ``(changed, task)``."""

    def __init__(self, runner):
        self.runner = runner

    @property
    def api(self):
        return self.runner.api

    def modify(self, current, send_secrets):
        body = modify_body(self.runner.desired, current, send_secrets)
        self.runner.secrets_sent = send_secrets
        status = self.runner.status
        status.refuse_failed(current)  # a failed task that may not be restarted is left as it was
        if self.runner.check_mode:
            self.runner.modified = True
            return True, predict(body, current)
        current = status.settle(current)
        status.refuse_failed(current)
        if v.names_a_failure(current.get("status")):
            return True, self.modify_failed(current, body, send_secrets)
        return True, self.put(current, body, send_secrets)

    def put(self, current, body, send_secrets):
        try:
            answer = self.api.modify(current["id"], body)
        except ApiError as error:
            if not (
                error.status == 400 and error.error_code == v.STATUS_FORBIDS and current.get("status") == v.RUNNING
            ):
                raise self.modify_failure(error, send_secrets) from error
            return self.modify_paused(current, body, send_secrets)
        return self.applied(current, answer)

    def modify_failed(self, current, body, send_secrets):
        """A failed task: modified as it is where the service takes that (the change may be what mends it; the
        status step restarts it after), else, when this run restarts it anyway, restarted first and modified once
        it runs (whether the service modifies a failed task is undocumented)."""
        try:
            return self.applied(current, self.api.modify(current["id"], body))
        except ApiError as error:
            if not (error.status == 400 and error.error_code == v.STATUS_FORBIDS):
                raise self.modify_failure(error, send_secrets) from error
            if self.runner.status.step(current).action != "restart":
                raise Failure(
                    "%s is %s, and the service takes no modification of a task in that status: %s. Restart it "
                    "first, with restart_failed: true and state: running, or state: restarted (a restart resets "
                    "its sync position)" % (self.runner.describe(current), current.get("status"), error),
                    error=error,
                ) from error
        try:
            running = self.runner.status.restart_first(current)
        except (ApiError, Failure) as error:
            raise as_failure(error).noted(
                "The change was not sent: the service modifies the task only once it runs"
            ) from error
        try:
            return self.put(running, body, send_secrets)
        except (ApiError, Failure) as error:
            raise as_failure(error).noted(
                "The task had been restarted first (its sync position reset): the service modifies a failed task "
                "only once it runs"
            ) from error

    def modify_paused(self, current, body, send_secrets):
        """The service refused to modify a RUNNING task: pause it, modify it, and resume it (also when the
        modification fails: a run never leaves paused a task it found running)."""
        try:
            self.runner.status.perform(self.api.pause, current, v.PAUSED)
        except (ApiError, Failure) as error:
            raise self.after_failed_pause(current, as_failure(error)) from error
        try:
            self.runner.status.wait_for(dict(current, status=None), (v.PAUSED,))
            task = self.applied(current, self.api.modify(current["id"], body))
        except ApiError as error:
            raise self.resume_after(current, self.modify_failure(error, send_secrets)) from error
        except Failure as failure:
            raise self.resume_after(current, failure) from failure
        if self.runner.params["state"] != "paused":
            try:
                self.runner.status.perform(self.api.resume, current, v.RUNNING)
            except (ApiError, Failure) as error:
                self.runner.status.read_quietly(current["id"])
                cause = as_failure(error)
                raise Failure(
                    "%s was modified, but the module had paused it for the modification and resuming it "
                    "failed: %s. The task is left PAUSED; state=running resumes it"
                    % (self.runner.describe(current), cause),
                    error=cause.error,
                ) from error
            task = dict(task, status=v.RUNNING)  # resume goes straight from PAUSED to RUNNING
        return task

    def after_failed_pause(self, current, failure):
        """A pause that failed may have acted all the same (its answers lost): a task found PAUSED, or that cannot
        be read, is resumed as after a failed modification."""
        try:
            found = self.runner.status.read(current["id"])
        except ApiError:
            found = None
        if found is not None and found.get("status") != v.PAUSED:
            return failure
        return self.resume_after(current, failure)

    def resume_after(self, current, failure):
        """The failure of a modification made on a task the module paused, once the task is resumed."""
        if self.runner.params["state"] == "paused":
            return failure.noted("The task is left PAUSED, as state=paused asks")
        try:
            self.runner.status.perform(self.api.resume, current, v.RUNNING)
            self.runner.status.read(current["id"])
        except (ApiError, Failure) as error:
            self.runner.status.read_quietly(current["id"])
            return failure.noted(
                "The task is left PAUSED: the module paused it for the modification, and resuming it "
                "failed too: %s" % as_failure(error)
            )
        return failure.noted("The task, paused for the modification, was resumed")

    def applied(self, current, answer):
        """The task after a PUT, from its answer (or one read when the answer is empty or partial); a change the
        service accepted but did not apply fails, naming the fields."""
        self.runner.modified = True  # the service accepted the PUT, whatever it did with it
        complete = isinstance(answer, dict) and all(answer.get(key) for key in ("id", "status"))
        complete = complete and all(key in answer for key in self.runner.desired)
        task = answer if complete else self.runner.status.read(current["id"])
        if task is None:
            raise Failure("%s disappeared right after it was modified" % self.runner.describe(current))
        self.runner.task = task
        missed = list(_flatten(differences(self.runner.desired, normalize_task(task)), normalize_task(task)))
        if missed:
            self.runner.changed = True  # a write was accepted; what it changed is not known
            raise Failure(
                "The service accepted the change to %s but %s"
                % (
                    self.runner.describe(task),
                    ", ".join(
                        "%s is still %s" % (name, "empty" if have in (None, "", []) else have) for name, have in missed
                    ),
                )
            )
        return task

    def modify_failure(self, error, secrets_sent):
        hints = []
        if error.status == 400:
            if secrets_sent:
                hints.append(
                    "if the service refuses secrets in a modification, rotate them with recreate=true "
                    "instead of update_secrets=always"
                )
            elif has_secrets(self.runner.desired):
                hints.append("if the service needs the secrets again in every modification, set update_secrets=always")
        return Failure.from_api(error, hints)


def _flatten(found, current, prefix=""):
    """``(dotted name, current value)`` for each leaf of a ``differences()`` result."""
    for key, want in found.items():
        have = (current or {}).get(key) if isinstance(current, dict) else None
        if isinstance(want, dict):
            yield from _flatten(want, have, prefix + key + ".")
        else:
            yield prefix + key, have
