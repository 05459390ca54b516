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
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.connector_write import (
    ConnectorWriter,
    connector_view,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.runner import Runner
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.waiter import Waiter
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.checks import wait_timeout_errors

# "The instance status does not allow this" and "a background job is still running": worth another try.
DEFAULT_NODE_CNT = 2


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
    errors.extend(wait_timeout_errors(params))
    return errors


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
        self.writer = ConnectorWriter(self)

    def check_options(self):
        return check_options(self.params)

    # ----- the whole run ----------------------------------------------------------------------------------
    def run(self):
        self.waiter = Waiter(self.params["wait_timeout"], sleep=self.sleep, clock=self.clock, backoff=self.backoff)
        instance = self.read()
        before = connector_view(instance)
        if instance.get("status") in v.SWITCHING_STATUSES and not self.check_mode:
            # Another enable or disable is under way: its outcome decides what is left to do.
            instance = self.writer.wait_for(
                lambda found: found.get("status") == v.RUNNING, "the job running on it to end"
            )
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
            self.writer.refuse_unless_forced()
        else:
            self.writer.refuse_when_sold_out()
        if self.check_mode:
            self.changed = True
            return self.predict(status=v.RUNNING if self.params["wait"] else self.job_status())
        answer = self.writer.write_when_possible(instance)
        if answer is None:  # another enable or disable reached the target meanwhile
            if self.params["wait"]:
                self.writer.wait_for(self.done, "Smart Connect to be %s" % self.target_word())
            return connector_view(self.instance)
        self.changed = True
        self.writer.job_id = answer.get("job_id")
        if self.params["wait"]:
            after = connector_view(self.writer.wait_for(self.done, "Smart Connect to be %s" % self.target_word()))
        else:
            after = self.predict(status=self.job_status(), connector_id=answer.get("connector_id"))
        if answer.get("job_id"):
            after["job_id"] = answer["job_id"]
        if self.writer.progress:
            after["job_progress"] = {
                name: self.writer.progress.get(name) for name in ("progress_percentage", "remain_time")
            }
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
