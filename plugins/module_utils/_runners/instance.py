# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every Smart Connect task of an instance in one run: one listing, then each task's steps in parallel, and purge.

Private to this collection: it may change without notice between releases. The state machine behind
``smart_connect_tasks``. Each listed task (and each task to purge) is run by its own
:class:`_runners.task.TaskRunner`, the one ``smart_connect_task`` uses, in its own thread: it finds its
task in the listing read once at the start, sends its writes over the shared client (which limits the
requests in flight to ``concurrency``), and reads through :class:`shared_reads.SharedApi`, so that the
waits of all tasks poll one listing a round.
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.shared_reads import ListRounds, SharedApi
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import (
    Failure,
    as_failure,
    failure_fields,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.runner import Runner
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.task import TaskRunner
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.waiter import Deadline, Waiter
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.checks import (
    CASE_ONLY,
    names_differing_in_case_only,
    wait_timeout_errors,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.quota import (
    needs_deletes_first,
    over_quota,
    quota_fields,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.spec import listed_task_spec

MAX_THREADS = 64  # tasks at work at once; an instance holds at most 18, so every task gets its own thread
CONCURRENCY_RANGE = (1, 32)
TASK_OPTIONS = listed_task_spec()


class TaskModule:
    """What a :class:`TaskRunner` needs of its AnsibleModule, for one task of the run."""

    def __init__(self, module, params):
        self.params = params
        self.check_mode = module.check_mode
        self._diff = module._diff
        self.client = module.client
        self.warn = module.warn


class RoundWaiter(Waiter):
    """The waits of one run: no jitter, so that tasks that began waiting together poll in the same rounds."""

    jitter = 0.0


class DeletesFirst:
    """Holds the run's creates until its deletes have ended, when the instance has no room for them before.

    ``wait()`` is called before each create; ``ended()`` as each deleting task's run ends, failed or not (a
    create the quota still has no room for is then the service's to refuse). With no delete to wait for, no
    create waits. Deletes never wait for creates, so the wait always ends.
    """

    def __init__(self, deletes):
        self._left = deletes
        self._lock = threading.Lock()
        self._done = threading.Event()
        if not deletes:
            self._done.set()

    def ended(self):
        with self._lock:
            self._left -= 1
            if self._left <= 0:
                self._done.set()

    def wait(self):
        self._done.wait()


class InstanceRunner(Runner):
    """``run()`` lists the instance once, runs every task in parallel, purges, and reports each task."""

    def __init__(self, module, api=None):
        super().__init__(module, api)
        self.deadline = Deadline(self.params["wait_timeout"])  # one for the whole run: every task waits within it
        self.entries = []  # (task name, its TaskRunner, is a purge) in the order of the results
        self.outcomes = {}  # index in entries -> its result entry, as each task ends
        self.results, self.purged, self.purge_failed, self.diffs = [], [], [], []
        self.restarted = []  # the names of the listed tasks this run restarted
        self.exclusions = []
        self.tasks = [self.task_params(task) for task in self.params["tasks"]]  # each task's whole params

    # ----- before any request -------------------------------------------------------------------------
    def task_params(self, task):
        params = {name: value for name, value in self.params.items() if name != "tasks"}
        # A task's option left unset takes the module's (restart_failed), else its own default.
        params.update({name: value for name, value in task.items() if value is not None or name not in params})
        params["task_id"] = None
        for name, spec in TASK_OPTIONS.items():  # TaskRunner reads every option: a left-out one has its default
            if params.get(name) is None:
                params[name] = spec.get("default")
        return params

    def task_runner(self, params, listing=None):
        return TaskRunner(
            TaskModule(self.module, params),
            api=self.task_api,
            waiter_class=RoundWaiter,
            listing=listing,
            deadline=self.deadline,
            twins_later=True,
        )

    def check_options(self):
        errors = []
        params = self.params
        low, high = CONCURRENCY_RANGE
        if not low <= params["concurrency"] <= high:
            errors.append("concurrency must be %d to %d requests at once; got %s" % (low, high, params["concurrency"]))
        errors.extend(wait_timeout_errors(params))
        if params["purge_all"] and not params["purge"]:
            errors.append("purge_all=true only confirms a purge: it needs purge=true")
        if params["purge"] and not params["purge_all"] and all(task["state"] == "absent" for task in self.tasks):
            given = "only absent tasks in tasks" if self.tasks else "no task in tasks"
            errors.append(
                "purge=true with %s would delete every task of instance %s that purge_exclude does not "
                "protect; tasks may come from a variable that is empty by mistake. If that is what you "
                "want, set purge_all=true" % (given, params["instance_id"])
            )
        for pattern in params["purge_exclude"] or []:
            try:
                self.exclusions.append(re.compile(pattern))
            except re.error as error:
                errors.append("purge_exclude %r is not a regular expression: %s" % (pattern, error))
        seen = {}
        for index, task in enumerate(self.tasks):
            name = task["task_name"]
            if name in seen:
                errors.append(
                    "tasks[%d] and tasks[%d] both have task_name %r: each task is listed once"
                    % (seen[name], index, name)
                )
                continue
            seen[name] = index
            runner = TaskRunner(TaskModule(self.module, dict(task)), api=self.api)
            errors.extend("tasks[%d] (%s): %s" % (index, name, problem) for problem in runner.check_options())
        for first, second in names_differing_in_case_only(task["task_name"] for task in self.tasks):
            self.module.warn(CASE_ONLY % (first, second))
        return errors

    # ----- the whole run ------------------------------------------------------------------------------
    def run(self):
        listing = self.read_listing()
        if listing is None:  # no task can exist, and every listed task is to be absent
            for index, task in enumerate(self.tasks):
                self.entries.append((task["task_name"], None, False))
                self.outcomes[index] = dict(task_name=task["task_name"], action="unchanged", changed=False, task={})
            return self.report()
        purges = self.to_purge(listing[0])
        deleting, creating = self.plan(listing, purges)
        self.check_quota(listing, deleting, creating)
        rounds = ListRounds(self.api)
        deletes = DeletesFirst(len(deleting) if needs_deletes_first(len(listing[0]), listing[1], len(creating)) else 0)
        self.task_api = SharedApi(self.api, rounds, before_create=deletes.wait)
        self.module.client.allow_parallel(self.params["concurrency"])
        for task in self.tasks:
            self.entries.append((task["task_name"], self.task_runner(dict(task), listing), False))
        for task in purges:
            params = self.task_params(dict(task_name=task["task_name"], state="absent"))
            params["task_id"] = task["id"]  # by id: several tasks may share a name none of the list has
            self.entries.append((task["task_name"], self.task_runner(params, listing), True))
        deleters = {
            index
            for index, (name, _runner, purge) in enumerate(self.entries)
            if purge or (self.tasks[index]["state"] == "absent" and name in deleting)
        }

        def run_one(index):
            rounds.join()
            try:
                self.outcomes[index] = self.run_task(*self.entries[index])
            finally:
                rounds.leave()
                if index in deleters:
                    deletes.ended()

        with ThreadPoolExecutor(max_workers=max(1, min(len(self.entries), MAX_THREADS))) as pool:
            for future in [pool.submit(run_one, index) for index in range(len(self.entries))]:
                future.result()  # run_task keeps each task's failure; anything else is raised once all have ended
        self.give_way_to_older_twins()
        return self.report()

    def give_way_to_older_twins(self):
        """After the creates, one listing for the whole run: a task this run created that another run also created
        at the same moment, older (the service accepted both), is deleted, and the older one is adopted and brought
        to this run's declaration (see Creator.keep_the_older, what smart_connect_task does after each create)."""

        def made_here(index):  # its wait may have failed since: a twin is looked for all the same
            _name, runner, purge = self.entries[index]
            return runner.created and not runner.recreating and runner.task and not purge

        made = [index for index in range(len(self.entries)) if made_here(index)]
        if not made or self.check_mode:
            return
        try:
            listing = self.api.list_all()
        except ApiError as error:  # what the run did is still reported, and that the check could not be made
            note = Failure(
                "created, but whether another run created a task of this name at the same moment could not be "
                "checked: %s. Run again to check (a second task of one name fails its declaration)" % as_failure(error),
                error=error,
            )
            for index in made:
                self.outcomes[index] = dict(self.outcomes[index], **failure_fields(note), failed=True)
            return
        for index in made:
            name, runner, _purge = self.entries[index]
            older = runner.creator.older_twin(runner.task, listing[0])
            if older is None:
                continue
            try:
                runner.creator.give_way(runner.task, older)
            except (ApiError, Failure) as error:
                self.outcomes[index] = dict(self.outcomes[index], **failure_fields(error), failed=True)
                continue
            adopting = self.task_runner(dict(runner.params, task_id=older["id"]), listing)
            entry = self.run_task(name, adopting, False)
            entry["changed"] = True  # this run created a task, then deleted it for the older one
            self.outcomes[index] = entry

    def read_listing(self):
        """The instance's tasks, read once; None when no task can exist and none is asked to."""
        try:
            tasks, summary = self.api.list_all()
        except ApiError as error:
            wanted = [task for task in self.tasks if task["state"] != "absent"]
            if wanted or not self.nothing_can_exist(error):
                raise
            return None
        self.warn_if_truncated(summary)
        return tasks, summary

    def plan(self, listing, purges):
        """The names of the tasks the run deletes (listed ``absent``, and purged) and of those it creates."""
        tasks, summary = listing
        found = {}
        for task in tasks:
            found[task.get("task_name")] = found.get(task.get("task_name"), 0) + 1
        # A name listed twice fails its task: no delete. A truncated listing: never created.
        deleting = [
            task["task_name"] for task in self.tasks if task["state"] == "absent" and found.get(task["task_name"]) == 1
        ]
        deleting.extend(task["task_name"] for task in purges)
        creating = (
            []
            if summary["truncated"]
            else [
                task["task_name"]
                for task in self.tasks
                if task["state"] != "absent" and not found.get(task["task_name"])
            ]
        )
        return deleting, creating

    def check_quota(self, listing, deleting, creating):
        """Fail the run before any write (and in check mode) when its creates would take the instance past its
        task quota: the service would refuse them."""
        tasks, summary = listing
        over = over_quota(len(tasks), summary, len(deleting), len(creating))
        if over:
            limit, after = over
            raise Failure(
                "The run would leave instance %s with %s Smart Connect tasks, but its task quota is %s "
                "(its task list says %s): it holds %d, the run deletes %d and creates %d (%s), so the "
                "service would refuse %d of the creates (DMS.00400039). Nothing was sent; list fewer "
                "tasks to create, or delete some first"
                % (
                    self.params["instance_id"],
                    after,
                    limit,
                    quota_fields(summary),
                    len(tasks),
                    len(deleting),
                    len(creating),
                    named(creating),
                    after - limit,
                )
            )

    def to_purge(self, tasks):
        """The listed tasks of the instance that the list does not name and no exclusion protects."""
        if not self.params["purge"]:
            return []
        named = {task["task_name"] for task in self.tasks}
        unnamed = [task for task in tasks if task.get("task_name") not in named]
        return sorted(
            (
                task
                for task in unnamed
                if not any(pattern.fullmatch(task.get("task_name") or "") for pattern in self.exclusions)
            ),
            key=lambda task: (task.get("task_name") or "", task.get("id") or ""),
        )

    def run_task(self, name, runner, purge):
        """One task's result entry; its failure is the entry's, never the run's."""
        entry = dict(task_name=name)
        if purge:
            entry["task_id"] = runner.params["task_id"]
        try:
            result = runner.run()
        except Exception as error:  # pylint: disable=broad-except  # a bug in one task must not lose the others
            failure = as_failure(error, redact=self.module.client.redact)
        else:
            entry.update(result)
            return entry
        action = runner.action()  # what was done to the task before it failed, if anything
        entry.update(runner.failure_result(), action="failed" if action == "unchanged" else action, failed=True)
        entry.update(failure_fields(failure))
        if runner.changed and self.module._diff:  # what it changed before it failed
            after = None if runner.params["state"] == "absent" else runner.task
            entry["diff"] = dict(before=runner.diff_view(runner.before, False), after=runner.diff_view(after, True))
        return entry

    # ----- the result ---------------------------------------------------------------------------------
    def report(self):
        results, purged, purge_failed, diffs, failed = [], [], [], [], []
        for index, (name, _runner, purge) in enumerate(self.entries):
            entry = self.outcomes[index]
            diff = entry.pop("diff", None)
            self.changed = self.changed or entry["changed"]
            if diff and entry["changed"]:
                diffs.append(dict(diff, before_header=name, after_header=name))
            if entry.get("failed"):
                failed.append(("purge of %s" % name if purge else name, entry))
            if purge:
                if entry["changed"]:
                    purged.append(name)
                if entry.get("failed"):  # a task no listed task stands for: its name, id and error
                    purge_failed.append({key: value for key, value in entry.items() if key not in ("action", "task")})
            else:
                results.append(entry)
        self.results, self.purged, self.diffs = results, sorted(purged), diffs
        self.restarted = sorted(entry["task_name"] for entry in results if entry.get("restarted"))
        self.purge_failed = sorted(purge_failed, key=lambda entry: (entry["task_name"], entry["task_id"]))
        if failed:
            raise Failure(failure_summary(failed, len(self.outcomes), bool(purge_failed)))
        return self.failure_result()

    def failure_result(self):
        """What the run reports, failed or not: each listed task, what was purged (and failed to be), the diffs."""
        result = dict(changed=self.changed, results=self.results, purged=self.purged, purge_failed=self.purge_failed)
        result["restarted"] = self.restarted
        if self.module._diff:
            result["diff"] = self.diffs
        return result


# The failure message of a run stays short whatever the number of failed tasks: each task's whole error is in
# its results (or purge_failed) entry.
SHOWN_NAMES = 3
SHOWN_CODES = 4
NAME_CHARS = 64
CODE_CHARS = 40
FIRST_MESSAGE_CHARS = 400


def clipped(text, limit):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def named(names, shown=SHOWN_NAMES):
    """``a, b, c and 2 more``: a few names, each clipped."""
    names = [clipped(name, NAME_CHARS + len("purge of ")) for name in names]
    if len(names) <= shown:
        return ", ".join(names)
    return "%s and %d more" % (", ".join(names[:shown]), len(names) - shown)


def failure_summary(failed, total, purges_failed):
    """``5 of 20 tasks failed (3 DMS.00400039, 2 other): a, b, c and 2 more; ...``, then the first failure's
    message, clipped. ``failed`` is ``[(label, result entry)]`` in the order of the results."""
    counts = {}
    for _label, entry in failed:
        code = str(entry.get("error_code") or "other")
        counts[code] = counts.get(code, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0] == "other", item[0]))
    codes = ["%d %s" % (count, clipped(code, CODE_CHARS)) for code, count in ranked[:SHOWN_CODES]]
    if len(ranked) > SHOWN_CODES:
        codes.append(
            "%d with %d other codes" % (sum(count for _code, count in ranked[SHOWN_CODES:]), len(ranked) - SHOWN_CODES)
        )
    first_label, first = failed[0]
    return "%d of %d tasks failed (%s): %s; every other task was applied; see %s for each task's error. %s: %s" % (
        len(failed),
        total,
        ", ".join(codes),
        named([label for label, _entry in failed]),
        "results and purge_failed" if purges_failed else "results",
        clipped(first_label, NAME_CHARS + len("purge of ")),
        clipped(first["msg"], FIRST_MESSAGE_CHARS),
    )
