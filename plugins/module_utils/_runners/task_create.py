# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Creating a task: the create itself, an answer that was lost or names no task, and recreate.

Private to this collection: it may change without notice between releases. A collaborator of
:class:`_runners.task.TaskRunner`: it performs the ``create`` and ``recreate`` steps of :mod:`_tasks.steps`, and
records on the runner what the service accepted.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.values import as_int
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import Failure, as_failure
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.waiter import WaitTimeout
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.checks import check_create
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.plan import (
    create_body,
    merge_task,
    predict,
    validate_body,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.quota import over_quota, quota_fields
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.shapes import has_secrets, masked, normalize_task
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.steps import agency_given_up

LOST_ANSWER_WAIT = 3.0  # seconds a task whose create answer was lost is looked for by name, whatever the deadline
# Seconds of smart_connect_tasks' deadline a recreate needs left before it deletes: it must wait for the old
# task to be gone before it can create the new one.
RECREATE_TIME = 30.0


class Creator:
    """Create and recreate the task of a :class:`TaskRunner`, each returning ``(changed, task)``."""

    def __init__(self, runner):
        self.runner = runner
        self.found_by_name = False  # the create's answer named no task: it was looked up by name

    @property
    def api(self):
        return self.runner.api

    def start_later_for_create(self, previous_status=None):
        state = self.runner.params["state"]
        if state in ("running", "restarted"):
            return False
        if self.runner.params["start_later"] is not None:
            return self.runner.params["start_later"]
        return state == "paused" or previous_status in (v.PAUSED, v.WAITING)

    def create(self, config=None, previous_status=None):
        config = config or self.runner.desired
        problems = check_create(config)
        if problems:
            raise Failure(
                "Cannot create Smart Connect task %r in instance %s: %s"
                % (config.get("task_name"), self.runner.params["instance_id"], "; ".join(problems))
            )
        if not self.runner.recreating:  # a recreate takes the place of the task it deleted
            self.check_quota(config)
        if self.runner.params.get("validate_connection") and not self.runner.recreating and not self.runner.check_mode:
            self.check_peer_reachable(config, None)  # a recreate has checked it already
        self.runner.start_later = self.start_later_for_create(previous_status)
        body = create_body(config, self.runner.start_later)
        self.runner.secrets_sent = has_secrets(config)
        if self.runner.check_mode:
            self.runner.created = True
            return True, predict(body, status=v.WAITING if self.runner.start_later else v.RUNNING)
        try:
            created = self.send_create(body)
        except ApiError as error:
            taken = None if self.runner.recreating else self.made_meanwhile(error, body["task_name"])
            if taken is None:
                raise
            return self.runner.ensure_present(taken)  # another run's task: brought to this declaration like any other
        if self.runner.recreating or self.found_by_name or self.runner.twins_later:
            # A recreate replaces its own task; a lookup by name has just read the list; smart_connect_tasks
            # looks for twins once for its whole run.
            return True, created
        return True, self.keep_the_older(created)

    def keep_the_older(self, mine):
        """When the service let another run create a task of this name at the same moment (a reading of the
        service: whether names are unique is undocumented), the younger of the two gives way: a run whose task is
        the younger deletes it and adopts the older, so that both runs end with the same one task."""
        older = self.older_twin(mine, self.api.list_all()[0])
        if older is None:
            return mine
        self.give_way(mine, older)
        return self.runner.ensure_present(older)[1]

    def older_twin(self, mine, tasks):
        """The oldest of the other tasks named like ``mine`` in ``tasks``, when it is older than ``mine``."""
        name = mine.get("task_name") or self.runner.desired.get("task_name")
        oldest = _oldest_named(tasks + [mine], name, self.runner.deleted_ids)
        return None if oldest.get("id") == mine.get("id") else oldest  # else the other run gives way

    def give_way(self, mine, older):
        """Delete the task this run created for the older twin, which is adopted (``runner.task``)."""
        self.api.delete(mine["id"])
        self.runner.deleted_ids.add(mine["id"])
        self.runner.module.warn(
            "Another run created Smart Connect task %r in instance %s at the same moment (id %s, the older); the "
            "task this run created (id %s) was deleted and the older one adopted"
            % (older.get("task_name"), self.runner.params["instance_id"], older.get("id"), mine["id"])
        )
        if self.runner.params["wait"]:
            self.runner.status.wait_gone(mine)
        self.runner.task = older

    def made_meanwhile(self, error, name):
        """The task another run made with this name at the same moment, when the service refused the create
        because the name was taken (a reading of the service: whether names are unique is undocumented). None when
        the refusal was for another reason: the list, read once more, has no task of that name."""
        if error.status != 400:
            return None
        found = _oldest_named(self.api.list_all()[0], name, self.runner.deleted_ids)
        if found is None:
            return None
        self.runner.module.warn(
            "The service refused to create Smart Connect task %r in instance %s (%s): another run made a task of "
            "that name at the same moment (id %s); it was adopted"
            % (name, self.runner.params["instance_id"], error, found.get("id"))
        )
        self.runner.task = found
        return found

    def check_quota(self, config):
        """Refuse, before the POST (and in check mode), a create that the instance's quota leaves no room for,
        when the listing this run read to find the task says so (smart_connect_tasks checks its whole run)."""
        if self.runner.finder.own_listing is None:
            return
        listed, summary = self.runner.finder.own_listing
        over = over_quota(listed, summary, 0, 1)
        if over:
            raise Failure(
                "Cannot create Smart Connect task %r in instance %s: the instance holds %d tasks and its "
                "task quota is %s (its task list says %s), so the service would refuse the create "
                "(DMS.00400039). Nothing was sent; delete a task first"
                % (config.get("task_name"), self.runner.params["instance_id"], listed, over[0], quota_fields(summary))
            )

    def send_create(self, body):
        """POST the create. When its answer is lost or names no task, the task is looked up by name first: found,
        it is adopted; certainly absent after a lost answer, it is created once more. Never two tasks, never a
        failure for a task that exists."""
        task, lost = self.post_create(body)
        if task is not None:
            return task
        found = self.look_for_created(body["task_name"])
        if found is not None:
            self.runner.module.warn(
                "The answer to the create of Smart Connect task %r was %s; the task was found by name "
                "and adopted (id %s)" % (body["task_name"], lost or "without a task id", found["id"])
            )
            return found
        if lost is not None:
            task, lost = self.post_create(body)
            if lost is not None:
                raise lost
            if task is not None:
                return task
        raise Failure(
            "The service accepted the create of Smart Connect task %r in instance %s but answered without a "
            "task id (request id %s), and no task of that name appeared; run again to look for it"
            % (
                body["task_name"],
                self.runner.params["instance_id"],
                getattr(self.api.client, "last_request_id", None) or "unknown",
            )
        )

    def post_create(self, body):
        """``(task, None)`` for an answer that names the task, ``(None, error)`` when the answer was lost, and
        ``(None, None)`` when the service accepted the create but its answer names no task."""
        try:
            answer = self.api.create(body)
        except ApiError as error:
            if error.status is not None:
                raise  # the service answered, and refused
            return None, error
        self.runner.changed = self.runner.created = (
            True  # the service accepted it: what follows may fail, the task was created
        )
        if not (isinstance(answer, dict) and answer.get("id")):
            return None, None
        self.runner.task = answer
        return answer, None

    def look_for_created(self, name):
        """The task named ``name``, polled for a few seconds (a create may show in the list late); None if absent.

        The task a recreate deleted is not it, even while the service still lists it."""

        def named():
            tasks = [
                task
                for task in self.api.list_all()[0]
                if task.get("task_name") == name and task.get("id") not in self.runner.deleted_ids
            ]
            return tasks[0] if tasks else None

        try:
            found = self.runner.waiter_class(LOST_ANSWER_WAIT).until(named, lambda task: task is not None)
        except WaitTimeout:
            return None
        self.runner.task = found
        self.runner.created = True  # by the create whose answer was lost
        self.found_by_name = True
        return found

    def recreate(self, current):
        """Delete the task and create it again, deleting only what can be brought back."""
        self.runner.recreating = True
        config = merge_task(normalize_task(current), self.runner.desired)
        if agency_given_up(
            current, self.runner.desired
        ):  # access keys instead of the agency: the new task has no agency
            config["sink_task"].pop("agency_name", None)
        source = config.get("source_task") or {}
        if source.get("instance_id"):
            source.pop("bootstrap_servers", None)  # read back from the peer's id: the service fills them in again
        problems = check_create(config)
        if problems:  # check_options has made sure of it already; never delete what cannot come back
            raise Failure(
                "recreate=true cannot create %s again: %s" % (self.runner.describe(current), "; ".join(problems))
            )
        if self.runner.check_mode:
            return self.create(config, previous_status=current.get("status"))
        if self.runner.deadline is not None and self.runner.wait_seconds() < RECREATE_TIME:
            raise Failure(
                "recreate=true would delete %s, but only %s seconds of wait_timeout are left for this run, "
                "and the old task must be gone before it is created again (%d seconds or more needed). "
                "Nothing was deleted"
                % (self.runner.describe(current), "%g" % round(self.runner.wait_seconds(), 1), RECREATE_TIME)
            )
        self.check_peer_reachable(config, current)
        self.api.delete(current["id"])
        self.runner.changed = True
        self.runner.task = None
        self.runner.deleted_ids.add(current["id"])
        try:
            self.runner.status.wait_gone(current)  # a name the service still lists cannot be created again yet
            return self.create(config, previous_status=current.get("status"))
        except (ApiError, Failure) as error:
            failure = as_failure(error)
            raise Failure(
                "The old task %s was deleted and not created again: %s. The configuration that was sent "
                "is in config (secrets masked): create the task from it" % (self.runner.describe(current), failure),
                error=failure.error,
                hints=failure.hints,
                config=masked(create_body(config)),
            ) from error

    def check_peer_reachable(self, config, current):
        """Ask the service whether a replication's peer can be reached: before a recreate deletes ``current``,
        and before a create with validate_connection (``current`` None). Not in check mode: the check is a POST,
        and check mode sends none (smart_connect_validate makes it on its own, in check mode too)."""
        if config.get("source_type") != v.KAFKA_SOURCE:
            return
        try:
            self.api.validate(validate_body(config["source_task"]))
        except ApiError as error:
            if current is None:
                raise Failure(
                    "Not creating Smart Connect task %r: the connectivity check to the peer failed: %s. "
                    "Nothing was created" % (config.get("task_name"), error),
                    error=error,
                ) from error
            raise Failure(
                "recreate=true would delete %s, but its replacement could not be created: the connectivity "
                "check to the peer failed: %s. Nothing was deleted" % (self.runner.describe(current), error),
                error=error,
            ) from error


def _oldest_named(tasks, name, deleted_ids):
    """The oldest task named ``name`` that this run did not delete, or None. Oldest by creation time, then by id,
    so that two runs that see the same tasks agree on which one it is."""
    named = [task for task in tasks if task.get("task_name") == name and task.get("id") not in deleted_ids]
    return min(named, key=lambda task: (as_int(task.get("create_time")) or 0, str(task.get("id"))), default=None)
