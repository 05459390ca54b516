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
from ansible_collections.huaweicloud.kafka.plugins.module_utils._task_status import StatusSteps
from ansible_collections.huaweicloud.kafka.plugins.module_utils._task_shapes import (
    desired_task,
    has_secrets,
    normalize_task,
    side_to_api,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._values import as_bool
from ansible_collections.huaweicloud.kafka.plugins.module_utils._waiter import Waiter, WaitTimeout

LOST_ANSWER_WAIT = 3.0  # seconds a task whose create answer was lost is looked for by name


class TaskRunner(StatusSteps, Runner):
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
        self.unknown_statuses = set()  # warned about once each

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
            if not self.nothing_can_exist(error):
                raise
            return self.result(None, None, action="unchanged", task={})
        self.task = before
        changed, task = self.ensure_absent(before)
        self.note(changed, task)
        return self.result(before, None, action=self.action(), task={})

    def nothing_can_exist(self, error):
        """True when the lookup failed because no task can exist: no instance, or Smart Connect off on it."""
        if error.status == 404 and error.error_code == v.INSTANCE_NOT_FOUND:
            return True
        if error.status != 400:
            return False
        try:  # the service's code for "Smart Connect is off" is not documented: ask the instance
            instance = self.api.instance() or {}
        except ApiError:
            return False
        return not as_bool(instance.get("connector_enable"))

    def note(self, changed, task):
        """Record a step's outcome; ``self.task`` stays the task as last read from the service."""
        self.changed = self.changed or changed

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
        tasks, summary = self.api.list_all()
        self.warn_if_truncated(summary)
        matches = [task for task in tasks if task.get("task_name") == name]
        if len(matches) > 1:
            raise Failure("task_name %r matches %d tasks of instance %s (ids: %s); give task_id to choose one"
                          % (name, len(matches), self.params["instance_id"],
                             ", ".join(sorted(str(task.get("id")) for task in matches))))
        if not matches and summary["truncated"] and self.params["state"] != "absent":
            # The task may be on a page never read: creating it could make a second task of that name.
            raise Failure("Smart Connect task %r is not among the %d tasks read from instance %s, but the task list "
                          "could not be read whole (see the warning); not creating a task that may exist. Give "
                          "task_id, or retry later" % (name, len(tasks), self.params["instance_id"]))
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
        return True, self.send_create(body)

    def send_create(self, body):
        """POST the create. When its answer is lost or names no task, the task is looked up by name first: found,
        it is adopted; certainly absent after a lost answer, it is created once more. Never two tasks, never a
        failure for a task that exists."""
        task, lost = self.post_create(body)
        if task is not None:
            return task
        found = self.look_for_created(body["task_name"])
        if found is not None:
            self.module.warn("The answer to the create of Smart Connect task %r was %s; the task was found by name "
                             "and adopted (id %s)" % (body["task_name"], lost or "without a task id", found["id"]))
            return found
        if lost is not None:
            task, lost = self.post_create(body)
            if lost is not None:
                raise lost
            if task is not None:
                return task
        raise Failure("The service accepted the create of Smart Connect task %r in instance %s but answered without a "
                      "task id (request id %s), and no task of that name appeared; run again to look for it"
                      % (body["task_name"], self.params["instance_id"],
                         getattr(self.api.client, "last_request_id", None) or "unknown"))

    def post_create(self, body):
        """``(task, None)`` for an answer that names the task, ``(None, error)`` when the answer was lost, and
        ``(None, None)`` when the service accepted the create but its answer names no task."""
        try:
            answer = self.api.create(body)
        except ApiError as error:
            if error.status is not None:
                raise  # the service answered, and refused
            return None, error
        self.changed = True
        if not (isinstance(answer, dict) and answer.get("id")):
            return None, None
        self.task = answer
        return answer, None

    def look_for_created(self, name):
        """The task named ``name``, polled for a few seconds (a create may show in the list late); None if absent."""
        def named():
            tasks = [task for task in self.api.list_all()[0] if task.get("task_name") == name]
            return tasks[0] if tasks else None

        try:
            found = self.waiter_class(min(LOST_ANSWER_WAIT, self.params["wait_timeout"])).until(
                named, lambda task: task is not None)
        except WaitTimeout:
            return None
        self.task = found
        return found

    def recreate(self, current):
        """Delete the task and create it again, deleting only what can be brought back."""
        self.recreated = True
        config = merge_task(normalize_task(current), self.desired)
        problems = check_create(config)
        if problems:  # check_options has made sure of it already; never delete what cannot come back
            raise Failure("recreate=true cannot create %s again: %s" % (self.describe(current), "; ".join(problems)))
        if self.check_mode:
            return self.create(config, previous_status=current.get("status"))
        self.check_peer_reachable(config, current)
        self.api.delete(current["id"])
        self.changed = True
        self.task = None
        try:
            return self.create(config, previous_status=current.get("status"))
        except (ApiError, Failure) as error:
            failure = Failure.from_api(error) if isinstance(error, ApiError) else error
            raise Failure("The old task %s was deleted and not created again: %s. The configuration that was sent "
                          "is in config (secrets masked): create the task from it" % (self.describe(current), failure),
                          error=failure.error, hints=failure.hints, config=masked(create_body(config)))

    def check_peer_reachable(self, config, current):
        """Before a replication is deleted to be recreated, ask the service whether its peer can be reached."""
        if config.get("source_type") != v.KAFKA_SOURCE:
            return
        try:
            self.api.validate({"type": v.KAFKA_SOURCE, "task": side_to_api("source_task", config["source_task"])})
        except ApiError as error:
            raise Failure("recreate=true would delete %s, but its replacement could not be created: the connectivity "
                          "check to the peer failed: %s. Nothing was deleted" % (self.describe(current), error),
                          error=error)

    def modify(self, current, send_secrets):
        body = modify_body(self.desired, current, send_secrets)
        self.modified = True
        self.secrets_sent = send_secrets
        if self.check_mode:
            return True, predict(body, current)
        current = self.settle(current)
        try:
            answer = self.api.modify(current["id"], body)
        except ApiError as error:
            if not (error.status == 400 and error.error_code == v.STATUS_FORBIDS
                    and current.get("status") == v.RUNNING):
                raise self.modify_failure(error, send_secrets)
            return True, self.modify_paused(current, body, send_secrets)
        return True, self.applied(current, answer)

    def modify_paused(self, current, body, send_secrets):
        """The service refused to modify a RUNNING task: pause it, modify it, and resume it (also when the
        modification fails: a run never leaves paused a task it found running)."""
        self.perform(self.api.pause, current, v.PAUSED)
        self.wait_for(dict(current, status=None), (v.PAUSED,))
        try:
            task = self.applied(current, self.api.modify(current["id"], body))
        except ApiError as error:
            raise self.resume_after(current, self.modify_failure(error, send_secrets))
        except Failure as failure:
            raise self.resume_after(current, failure)
        if self.params["state"] != "paused":
            self.perform(self.api.resume, current, v.RUNNING)
            task = dict(task, status=v.RUNNING)  # resume goes straight from PAUSED to RUNNING
        return task

    def resume_after(self, current, failure):
        """The failure of a modification made on a task the module paused, once the task is resumed."""
        if self.params["state"] == "paused":
            return failure.noted("The task is left PAUSED, as state=paused asks")
        try:
            self.perform(self.api.resume, current, v.RUNNING)
            self.read(current["id"])
        except (ApiError, Failure) as error:
            self.read_quietly(current["id"])
            return failure.noted("The task is left PAUSED: the module paused it for the modification, and resuming it "
                                 "failed too: %s" % (Failure.from_api(error) if isinstance(error, ApiError) else error))
        return failure.noted("The task, paused for the modification, was resumed")

    def applied(self, current, answer):
        """The task after a PUT, from its answer (or one read when the answer is empty or partial); a change the
        service accepted but did not apply fails, naming the fields."""
        complete = isinstance(answer, dict) and answer.get("id") and answer.get("status") \
            and all(key in answer for key in self.desired)
        task = answer if complete else self.read(current["id"])
        if task is None:
            raise Failure("%s disappeared right after it was modified" % self.describe(current))
        self.task = task
        missed = list(_flatten(differences(self.desired, normalize_task(task)), normalize_task(task)))
        if missed:
            self.changed = True  # a write was accepted; what it changed is not known
            raise Failure("The service accepted the change to %s but %s" % (self.describe(task), ", ".join(
                "%s is still %s" % (name, "empty" if have in (None, "", []) else have) for name, have in missed)))
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


def _flatten(found, current, prefix=""):
    """``(dotted name, current value)`` for each leaf of a ``differences()`` result."""
    for key, want in found.items():
        have = (current or {}).get(key) if isinstance(current, dict) else None
        if isinstance(want, dict):
            for item in _flatten(want, have, prefix + key + "."):
                yield item
        else:
            yield prefix + key, have


def masked(body):
    """A copy of a request body with every secret replaced by the mask."""
    result = dict(body)
    for side in v.SIDES:
        if isinstance(result.get(side), dict):
            result[side] = dict((name, MASK if name in v.SECRETS[side] and value else value)
                                for name, value in result[side].items())
    return result
