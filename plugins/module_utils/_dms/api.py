# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Smart Connect API of one Kafka instance: one method per operation, and paging through the task list.

Private to this collection: it may change without notice between releases. Calls go through
``_client.Client.call``; answers are returned in the API's shape.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.values import as_int
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError

MAX_PAGES = 100  # a bound on paging, whatever the server says about total_number
# Pages read beyond the first page's total_number (one task a page at worst) before a server that keeps
# saying "more" is given up on; and the totals a listing reports.
EXTRA_PAGES = 3
PAGE_FIELDS = ("total_number", "max_tasks", "quota_tasks")


def read_all_pages(api, page_size=v.PAGE_SIZE):
    """Every task of the instance (API shape) and a summary ``{total_number, max_tasks, quota_tasks, ...}``.

    Pages are followed by ``offset`` = the number of tasks actually received so far (a server may send fewer
    than ``limit``), until that reaches ``total_number`` or a page comes back empty. Paging is bounded by the
    first page's ``total_number`` plus EXTRA_PAGES (and by ``MAX_PAGES``), so a server that keeps saying
    there are more tasks cannot keep the module looping; ``truncated`` then says so. A task seen twice (the
    list moved under the pages) is kept once; a page of tasks all seen before while fewer than ``total_number``
    have been seen (a server that ignores ``offset``) ends the paging as ``truncated`` too, since the pages will
    not show the others.
    """
    tasks, seen = [], set()
    received = pages = 0
    page = api.list_page(offset=0, limit=page_size)
    pages += 1
    bound = min(MAX_PAGES, (as_int(page.get("total_number")) or 0) + EXTRA_PAGES)
    truncated = False
    while True:
        batch = page.get("tasks") or []
        received += len(batch)
        known = len(tasks)
        for task in batch:
            key = task.get("id")
            if key is not None and key in seen:
                continue
            seen.add(key)
            tasks.append(task)
        total = as_int(page.get("total_number"))
        if pages > 1 and batch and len(tasks) == known and len(tasks) < (total or 0):
            truncated = True
            break
        if not batch or total is None or received >= total:
            break
        if pages >= bound:
            truncated = True
            break
        page = api.list_page(offset=received, limit=page_size)
        pages += 1
    summary = {name: as_int(page.get(name)) for name in PAGE_FIELDS}
    summary.update(pages=pages, received=received, truncated=truncated)
    return tasks, summary


def malformed(client, operation, what):
    """The error for a success answer that makes no sense: never read as "nothing there"."""
    return ApiError(
        operation,
        "the service answered %s, which makes no sense; nothing was read from it" % what,
        status=200,
        error_code="MalformedAnswer",
        request_id=getattr(client, "last_request_id", None),
    )


class SmartConnectApi:
    """One method per Smart Connect operation on one Kafka instance, over ``Client.call``.

    Reads of a task return None when it does not exist: any 404 on a task URL, except one that proves to
    be its instance's (see :meth:`task_missing`); every other failure raises ``ApiError``.
    """

    def __init__(self, client, instance_id):
        self.client = client
        self.instance_id = instance_id
        self._restart_prefix = ("kafka",)  # the documented spelling of the restart call, until the gateway says no

    def _tasks(self, *more):
        return ("instances", self.instance_id, "connector", "tasks") + more

    # ----- the instance -------------------------------------------------------------------------------
    def instance(self):
        return self.client.call("GET", ("instances", self.instance_id), "read Kafka instance %s" % self.instance_id)

    def enable(self, body):
        """Switch Smart Connect on: ``{job_id, connector_id}``."""
        answer = self.client.call(
            "POST",
            ("instances", self.instance_id, "connector"),
            "enable Smart Connect on instance %s" % self.instance_id,
            body=body,
        )
        return answer or {}

    def resource_info(self):
        """``{"soldOut": bool}``: whether Smart Connect resources can still be had for the instance."""
        answer = self.client.call(
            "GET",
            ("instances", self.instance_id, "connector"),
            "read the Smart Connect resources of instance %s" % self.instance_id,
        )
        return answer or {}

    def background_job(self, job_id):
        """One background job of the instance (an enable or disable), or None when the answer lists none."""
        answer = self.client.call(
            "GET",
            ("instances", self.instance_id, "tasks", job_id),
            "read background job %s of instance %s" % (job_id, self.instance_id),
        )
        answer = answer or {}
        jobs = answer.get("tasks") if isinstance(answer, dict) else None
        return jobs[0] if isinstance(jobs, list) and jobs and isinstance(jobs[0], dict) else None

    def job_progress(self, job_id):
        """How far a background job is: ``{progress_percentage, remain_time, step_list}`` as the service says it."""
        answer = self.client.call(
            "GET",
            ("instances", self.instance_id, "tasks", job_id, "progress"),
            "read the progress of background job %s of instance %s" % (job_id, self.instance_id),
        )
        return answer if isinstance(answer, dict) else {}

    def disable(self):
        """Switch Smart Connect off, deleting every task: ``{job_id}``."""
        answer = self.client.call(
            "POST",
            ("kafka", "instances", self.instance_id, "delete-connector"),
            "disable Smart Connect on instance %s" % self.instance_id,
        )
        return answer or {}

    # ----- the task list ------------------------------------------------------------------------------
    def list_page(self, offset=0, limit=v.PAGE_SIZE):
        """One page of the task list: ``{tasks, total_number, ...}``, each task with an ``id``."""
        operation = "list the Smart Connect tasks of instance %s" % self.instance_id
        page = self.client.call("GET", self._tasks(), operation, query=[("offset", offset), ("limit", limit)])
        if not isinstance(page, dict) or not isinstance(page.get("tasks"), list):
            raise malformed(self.client, operation, "without a tasks list")
        if not all(isinstance(task, dict) and task.get("id") and task.get("task_name") for task in page["tasks"]):
            raise malformed(self.client, operation, "a task without an id or a name")
        return page

    def list_all(self):
        """Every task of the instance and the paging summary (see :func:`read_all_pages`)."""
        return read_all_pages(self)

    # ----- one task -----------------------------------------------------------------------------------
    def task_missing(self, error, deleted=False):
        """Whether ``error``, the answer of a call on a task's URL, says that the task does not exist.

        The code of a missing task's 404 is undocumented, and may be the one DMS gives a missing instance
        (``DMS.00404022``). After this run's own DELETE (``deleted``) any 404 means gone. Otherwise a 404 with
        the instance's code is told apart by reading the instance's task list (which every user of these
        modules may read, unlike the instance's details): the instance is missing only if that 404s too.
        """
        if not error.not_found:
            return False
        if deleted or error.error_code != v.INSTANCE_NOT_FOUND:
            return True
        try:
            self.list_page(offset=0, limit=1)
        except ApiError as listing_error:
            if listing_error.not_found:
                return False
            raise
        return True

    def show(self, task_id, deleted=False):
        """The task, or None when it does not exist (``deleted``: this run deleted it; see :meth:`task_missing`)."""
        operation = "read Smart Connect task %s of instance %s" % (task_id, self.instance_id)
        try:
            task = self.client.call("GET", self._tasks(task_id), operation)
        except ApiError as error:
            if self.task_missing(error, deleted):
                return None
            raise
        if not isinstance(task, dict) or not task.get("id") or not task.get("status"):
            raise malformed(self.client, operation, "with a task that has no id or no status")
        return task

    def poll(self, task_id, deleted=False):
        """A read of a task made while waiting for it: :meth:`show` here; smart_connect_tasks shares its polls."""
        return self.show(task_id, deleted)

    def validate(self, body):
        """Ask whether the instance can reach a peer Kafka with the settings in ``body`` (a 2xx answer: yes)."""
        self.client.call(
            "POST",
            ("instances", self.instance_id, "connector", "validate"),
            "check the connectivity of instance %s to its peer Kafka" % self.instance_id,
            body=body,
        )

    def create(self, body):
        return self.client.call(
            "POST",
            self._tasks(),
            "create Smart Connect task %s in instance %s" % (body.get("task_name"), self.instance_id),
            body=body,
        )

    def modify(self, task_id, body):
        return self.client.call("PUT", self._tasks(task_id), "modify Smart Connect task %s" % task_id, body=body)

    def delete(self, task_id):
        """Delete a task; False when it was already gone."""
        try:
            self.client.call("DELETE", self._tasks(task_id), "delete Smart Connect task %s" % task_id)
        except ApiError as error:
            if self.task_missing(error):
                return False
            raise
        return True

    def pause(self, task_id):
        self.client.call("PUT", self._tasks(task_id, "pause"), "pause Smart Connect task %s" % task_id)

    def resume(self, task_id):
        self.client.call("PUT", self._tasks(task_id, "resume"), "resume Smart Connect task %s" % task_id)

    def restart(self, task_id):
        """Start a WAITING task, or restart a PAUSED/RUNNING/failed one (the sync position is reset).

        The call is documented with a ``/kafka/`` segment, and the SDK also knows it without: when the gateway does
        not publish the spelling tried (404 ``APIGW.0101``), the other is tried once, and kept for the next restart.
        """
        operation = "restart Smart Connect task %s" % task_id
        tried = self._restart_prefix  # read once: the tasks of smart_connect_tasks restart side by side
        try:
            self.client.call("PUT", tried + self._tasks(task_id, "restart"), operation)
        except ApiError as error:
            if not (error.status == 404 and error.error_code == v.API_NOT_PUBLISHED):
                raise
            other = () if tried else ("kafka",)
            self.client.call("PUT", other + self._tasks(task_id, "restart"), operation)
            self._restart_prefix = other  # only a spelling the gateway took
