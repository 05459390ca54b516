# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Smart Connect switched on or off for one Kafka instance: read, decide, write when not busy, wait.

Private to this collection: it may change without notice between releases. The logic behind the
``smart_connect`` module. One deadline, ``wait_timeout`` seconds from the start, bounds every wait of
the run (a job found running, a busy instance, the job the module started).
"""

import time

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.values import as_bool, as_int
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import Failure
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.runner import Runner
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.waiter import Waiter, WaitTimeout

# "The instance status does not allow this" and "a background job is still running": worth another try.
BUSY_CODES = (v.STATUS_FORBIDS, v.JOB_RUNNING)
DEFAULT_NODE_CNT = 2
_NOT_YET = object()  # a write attempt that the busy instance refused


def connector_argument_spec():
    return dict(
        instance_id=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        node_cnt=dict(type="int"),
        specification=dict(type="str"),
        spec_code=dict(type="str"),
        force=dict(type="bool", default=False),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=3000),
    )


def check_options(params):
    """What is wrong with the parameters (no request needed), as a list of messages."""
    errors = []
    low, high = v.NODE_CNT_RANGE
    if params.get("node_cnt") is not None and not low <= params["node_cnt"] <= high:
        errors.append("node_cnt must be %d to %d; got %s" % (low, high, params["node_cnt"]))
    if params["wait_timeout"] < 0:
        errors.append("wait_timeout must be 0 or more seconds; got %s" % params["wait_timeout"])
    return errors


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


class ConnectorRunner(Runner):
    """Reads the instance, decides, writes with busy retries, waits; ``run()`` returns the result dict.

    ``sleep``, ``clock`` and ``backoff`` go to the :class:`waiter.Waiter` (injectable for tests).
    """

    def __init__(self, module, api=None, sleep=time.sleep, clock=time.monotonic, backoff=None):
        super().__init__(module, api)
        self.sleep = sleep
        self.clock = clock
        self.backoff = backoff
        self.waiter = None
        self.target = self.params["state"] == "present"
        self.instance_id = self.params["instance_id"]
        self.instance = None  # the last instance read
        self.connector = None  # the last connector view (read or predicted)
        self.last_busy = None  # the last "busy" answer
        self.job_id = None  # the enable or disable job this run started, followed beside the instance
        self.job = None  # that job as last read

    def check_options(self):
        return check_options(self.params)

    # ----- the whole run ----------------------------------------------------------------------------------
    def run(self):
        self.waiter = Waiter(self.params["wait_timeout"], sleep=self.sleep, clock=self.clock, backoff=self.backoff)
        instance = self.read()
        before = connector_view(instance)
        if instance.get("status") in v.SWITCHING_STATUSES and not self.check_mode:
            # Another enable or disable is under way: its outcome decides what is left to do.
            instance = self.wait_for(lambda found: found.get("status") == v.RUNNING, "the job running on it to end")
        after = self.ensure(instance)
        self.connector = after
        return self.result(before, after, connector=after)

    def ensure(self, instance):
        current = connector_view(instance)
        if current["enabled"] == self.target:
            if self.target:
                self.check_node_cnt(current)
            return current
        if not self.target:
            self.refuse_unless_forced()
        else:
            self.refuse_when_sold_out()
        if self.check_mode:
            self.changed = True
            return self.predict(status=v.RUNNING if self.params["wait"] else self.job_status())
        answer = self.write_when_possible(instance)
        if answer is None:  # another enable or disable reached the target meanwhile
            if self.params["wait"]:
                self.wait_for(self.done, "Smart Connect to be %s" % self.target_word())
            return connector_view(self.instance)
        self.changed = True
        self.job_id = answer.get("job_id")
        if self.params["wait"]:
            after = connector_view(self.wait_for(self.done, "Smart Connect to be %s" % self.target_word()))
        else:
            after = self.predict(status=self.job_status(), connector_id=answer.get("connector_id"))
        if answer.get("job_id"):
            after["job_id"] = answer["job_id"]
        return after

    def failure_result(self):
        return dict(changed=self.changed, connector=self.connector or connector_view(self.instance))

    def diff_view(self, value, after):
        return dict(enabled=value["enabled"], node_cnt=value["node_cnt"])

    # ----- reading and deciding ---------------------------------------------------------------------------
    def read(self):
        self.instance = self.api.instance() or {}
        self.connector = connector_view(self.instance)
        return self.instance

    def done(self, instance):
        return instance.get("status") == v.RUNNING and connector_view(instance)["enabled"] == self.target

    def target_word(self):
        return "enabled" if self.target else "disabled"

    def job_status(self):
        return v.ENABLING if self.target else v.DISABLING

    def node_cnt(self):
        return self.params["node_cnt"] or DEFAULT_NODE_CNT

    def predict(self, status, connector_id=None):
        if self.target:
            return dict(enabled=True, connector_id=connector_id or None, node_cnt=self.node_cnt(), status=status)
        return dict(enabled=False, connector_id=None, node_cnt=None, status=status)

    def check_node_cnt(self, current):
        wanted = self.params["node_cnt"]
        if wanted is not None and current["node_cnt"] is not None and wanted != current["node_cnt"]:
            self.module.warn(
                "Smart Connect on instance %s has %d nodes, not the %d asked for; the API cannot change the node "
                "count of an enabled Smart Connect: disable it (state=absent, which deletes every task of the "
                "instance) and enable it again to change it. Reporting no change."
                % (self.instance_id, current["node_cnt"], wanted)
            )

    def refuse_when_sold_out(self):
        """Enabling where the service has no Smart Connect resources left cannot work: fail before the POST."""
        if as_bool((self.api.resource_info() or {}).get("soldOut")):
            raise Failure(
                "Smart Connect resources are sold out for instance %s: the service cannot enable Smart "
                "Connect now. Try again later, or in another availability zone or region" % self.instance_id
            )

    def refuse_unless_forced(self):
        """Disabling deletes every task: without force, fail (before any write) when there are tasks."""
        if self.params["force"]:
            return
        page = self.api.list_page(offset=0, limit=v.PAGE_SIZE)
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
            % (self.instance_id, total, "" if total == 1 else "s", names)
        )

    # ----- writing and waiting ----------------------------------------------------------------------------
    def write(self):
        if self.target:
            body = dict(node_cnt=self.node_cnt())
            for name in ("specification", "spec_code"):
                if self.params[name]:
                    body[name] = self.params[name]
            return self.api.enable(body)
        return self.api.disable()

    def try_write(self, instance):
        """The write's answer; None when the target was reached meanwhile; _NOT_YET while the instance is busy."""
        if connector_view(instance)["enabled"] == self.target:
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
            return self.waiter.until(
                lambda: self.try_write(self.read()),
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
                    self.params["wait_timeout"],
                    self.instance_id,
                    "enable" if self.target else "disable",
                    self.instance.get("status"),
                    "; last answer: %s" % last if last else "",
                ),
                error=last,
            ) from None

    def wait_for(self, condition, what):
        """Poll the instance until ``condition(instance)``; the instance last read is looked at first."""

        def timed_out(instance):
            view = connector_view(instance)
            return (
                "Timed out after %s seconds waiting for %s on instance %s; last seen: status %s, Smart Connect %s"
                % (
                    self.params["wait_timeout"],
                    what,
                    self.instance_id,
                    view["status"],
                    "on" if view["enabled"] else "off",
                )
            )

        return self.waiter.until(
            self.read_with_job, condition, known=self.instance, failed=self.job_failure, timeout_message=timed_out
        )

    def read_with_job(self):
        """The instance, after the job this run started (when it can be read: else, the instance alone)."""
        if self.job_id:
            try:
                self.job = self.api.background_job(self.job_id) or self.job
            except ApiError as error:
                if error.status not in (403, 404):
                    raise
                self.module.warn(
                    "Cannot read background job %s of instance %s (%s); following the instance's status "
                    "alone" % (self.job_id, self.instance_id, error)
                )
                self.job_id = None
        return self.read()

    def job_failure(self, instance):
        """Why waiting cannot help: the job this run started ended FAILED or CANCELLED."""
        job = self.job or {}
        if job.get("status") not in v.JOB_FAILED_STATUSES:
            return None
        return (
            "The job that was to %s Smart Connect on instance %s, %s (%s), is %s (created %s, updated %s); "
            "the instance is %s with Smart Connect %s"
            % (
                "enable" if self.target else "disable",
                self.instance_id,
                job.get("id"),
                job.get("name"),
                job.get("status"),
                job.get("created_at"),
                job.get("updated_at"),
                instance.get("status"),
                "on" if connector_view(instance)["enabled"] else "off",
            )
        )
