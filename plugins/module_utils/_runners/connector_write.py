# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Switching Smart Connect on or off: the checks before the write, the write while the instance is busy, the wait
for the job it starts.

Private to this collection: it may change without notice between releases. A collaborator of
:class:`_runners.connector.ConnectorRunner`, whose waiter bounds every wait and whose ``read()`` reads the instance.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.values import as_bool, as_int
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import Failure
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.waiter import WaitTimeout

# "The instance status does not allow this" and "a background job is still running": worth another try.
BUSY_CODES = (v.STATUS_FORBIDS, v.JOB_RUNNING)
_NOT_YET = object()  # a write attempt that the busy instance refused


def is_busy(error):
    return error.status == 400 and error.error_code in BUSY_CODES


def connector_view(instance):
    """``{enabled, connector_id, node_cnt, status}`` from a ShowInstance body."""
    instance = instance or {}
    enabled = as_bool(instance.get("connector_enable"))
    node_cnt = as_int(instance.get("connector_node_num")) if enabled else None
    return dict(
        enabled=enabled,
        connector_id=(instance.get("connector_id") or None) if enabled else None,
        node_cnt=node_cnt if node_cnt else None,
        status=instance.get("status"),
    )


class ConnectorWriter:
    """The write of a :class:`ConnectorRunner`: refused before it is sent, retried while busy, then waited for."""

    def __init__(self, runner):
        self.runner = runner
        self.last_busy = None  # the last "busy" answer
        self.job_id = None  # the enable or disable job this run started, followed beside the instance
        self.job = None  # that job as last read
        self.progress = None  # how far that job said it was, as last read (progress_percentage, remain_time)
        self.progress_readable = True

    def refuse_when_sold_out(self):
        """Enabling where the service has no Smart Connect resources left cannot work: fail before the POST."""
        if as_bool((self.runner.api.resource_info() or {}).get("soldOut")):
            raise Failure(
                "Smart Connect resources are sold out for instance %s: the service cannot enable Smart "
                "Connect now. Try again later, or in another availability zone or region" % self.runner.instance_id
            )

    def refuse_unless_forced(self):
        """Disabling deletes every task: without force, fail (before any write) when there are tasks."""
        if self.runner.params["force"]:
            return
        page = self.runner.api.list_page(offset=0, limit=v.PAGE_SIZE)
        tasks = page.get("tasks") or []
        total = max(as_int(page.get("total_number")) or 0, len(tasks))
        if not total:
            return
        names = ", ".join("%s (%s)" % (task.get("task_name"), task.get("id")) for task in tasks)
        more = total - len(tasks)
        if more > 0:
            names = "%s, and %d more" % (names, more) if tasks else "names not listed by the service"
        raise Failure(
            "Disabling Smart Connect on instance %s would delete its %d task%s: %s. Set force=true to "
            "disable it and delete them, or delete them first with huaweicloud.kafka.smart_connect_task"
            % (self.runner.instance_id, total, "" if total == 1 else "s", names)
        )

    # ----- writing and waiting ----------------------------------------------------------------------------
    def write(self):
        if self.runner.target:
            body = dict(node_cnt=self.runner.node_cnt())
            for name in ("specification", "spec_code"):
                if self.runner.params[name]:
                    body[name] = self.runner.params[name]
            return self.runner.api.enable(body)
        return self.runner.api.disable()

    def try_write(self, instance):
        """The write's answer; None when the target was reached meanwhile; _NOT_YET while the instance is busy."""
        if connector_view(instance)["enabled"] == self.runner.target:
            return None
        if instance.get("status") in v.SWITCHING_STATUSES:
            return _NOT_YET  # nothing is sent while an enable or disable job runs
        try:
            return self.write()
        except ApiError as error:
            if not is_busy(error):
                raise
            self.last_busy = error
            return _NOT_YET

    def write_when_possible(self, instance):
        """Send the enable/disable, again after a pause while the instance is busy; None if no longer needed.

        After every busy answer the instance is read again, and if it has reached the target meanwhile (another
        job did it), nothing more is sent.
        """
        try:
            return self.runner.waiter.until(
                lambda: self.try_write(self.runner.read()),
                lambda answer: answer is not _NOT_YET,
                known=self.try_write(instance),
                fresh=True,
            )
        except WaitTimeout:
            last = self.last_busy
            raise Failure(
                "Timed out after %s seconds waiting for instance %s to accept the request to %s Smart Connect: it "
                "stayed busy; last status seen: %s%s"
                % (
                    self.runner.params["wait_timeout"],
                    self.runner.instance_id,
                    "enable" if self.runner.target else "disable",
                    self.runner.instance.get("status"),
                    "; last answer: %s" % last if last else "",
                ),
                error=last,
            ) from None

    def wait_for(self, condition, what):
        """Poll the instance until ``condition(instance)``; the instance last read is looked at first."""

        def timed_out(instance):
            view = connector_view(instance)
            return (
                "Timed out after %s seconds waiting for %s on instance %s; last seen: status %s, Smart Connect %s%s"
                % (
                    self.runner.params["wait_timeout"],
                    what,
                    self.runner.instance_id,
                    view["status"],
                    "on" if view["enabled"] else "off",
                    self.progress_words(),
                )
            )

        return self.runner.waiter.until(
            self.read_with_job,
            condition,
            known=self.runner.instance,
            failed=self.job_failure,
            timeout_message=timed_out,
        )

    def progress_words(self):
        """``; the job said it was 40% done, about 120 s left`` from the job's progress as last read, or ""."""
        progress = self.progress or {}
        if progress.get("progress_percentage") is None:
            return ""
        left = progress.get("remain_time")
        return "; the job said it was %s%% done%s" % (
            progress["progress_percentage"],
            ", about %s s left" % left if left not in (None, "") else "",
        )

    def read_with_job(self):
        """The instance, after the job this run started and its progress (when they can be read: else, the
        instance alone)."""
        if self.job_id:
            try:
                self.job = self.runner.api.background_job(self.job_id) or self.job
            except ApiError as error:
                if error.status not in (403, 404):
                    raise
                self.runner.module.warn(
                    "Cannot read background job %s of instance %s (%s); following the instance's status "
                    "alone" % (self.job_id, self.runner.instance_id, error)
                )
                self.job_id = None
            if self.job_id:  # a job that cannot be read has no progress to ask for either
                self.read_progress()
        return self.runner.read()

    def read_progress(self):
        """The job's progress, while it runs: only shown, so a progress that cannot be read is not asked again."""
        if not self.progress_readable or (self.job or {}).get("status") in ("SUCCESS",) + v.JOB_FAILED_STATUSES:
            return
        try:
            self.progress = self.runner.api.job_progress(self.job_id) or self.progress
        except ApiError:
            self.progress_readable = False

    def job_failure(self, instance):
        """Why waiting cannot help: the job this run started ended FAILED or CANCELLED."""
        job = self.job or {}
        if job.get("status") not in v.JOB_FAILED_STATUSES:
            return None
        return (
            "The job that was to %s Smart Connect on instance %s, %s (%s), is %s (created %s, updated %s); "
            "the instance is %s with Smart Connect %s"
            % (
                "enable" if self.runner.target else "disable",
                self.runner.instance_id,
                job.get("id"),
                job.get("name"),
                job.get("status"),
                job.get("created_at"),
                job.get("updated_at"),
                instance.get("status"),
                "on" if connector_view(instance)["enabled"] else "off",
            )
        )
