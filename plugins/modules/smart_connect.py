#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: smart_connect
short_description: Enable or disable Smart Connect on a DMS for Kafka instance
version_added: 0.1.0
description:
  - Ensures that Smart Connect, the DMS for Kafka feature that runs replication and OBS dump tasks
    (M(huaweicloud.kafka.smart_connect_task)), is enabled (O(state=present)) or disabled (O(state=absent)) on a
    Huawei Cloud DMS for Kafka instance.
  - Idempotent. The instance is read first (C(connector_enable), C(connector_id), C(connector_node_num),
    C(status)) and Smart Connect is enabled or disabled only when it is not already as asked.
  - While Smart Connect is being enabled the instance is C(EXTENDING), while it is being disabled
    C(CONNECTOR_DELETING); both last minutes. With O(wait), the module returns once the instance is
    C(RUNNING) again with Smart Connect as asked.
  - B(Disabling Smart Connect deletes every task of the instance), with no way back. The module therefore
    refuses to disable it while the instance has tasks, unless O(force=true); the failure lists the tasks that
    would be deleted.
author:
  - huaweicloud.kafka contributors (@huaweicloud-kafka)
options:
  instance_id:
    description:
      - Id of the Kafka instance.
    type: str
    required: true
  state:
    description:
      - V(present) enables Smart Connect when it is off.
      - V(absent) disables it when it is on, B(deleting every task of the instance) (see O(force)).
    type: str
    choices: [present, absent]
    default: present
  node_cnt:
    description:
      - Number of Smart Connect nodes, 2 or more. Used only when Smart Connect is enabled; when not set,
        2 nodes are asked for.
      - The API cannot change the node count of an instance on which Smart Connect is already on. If the
        instance reports another count, the module warns and reports no change; to change it, disable Smart
        Connect (O(state=absent), which deletes every task) and enable it again.
      - Ignored with O(state=absent).
    type: int
  specification:
    description:
      - Bandwidth of Smart Connect, for example V(100MB). Only some older instance flavors need it; sent only when
        Smart Connect is enabled, and never compared.
    type: str
  spec_code:
    description:
      - Storage specification code of Smart Connect, for example V(dms.physical.storage.ultra.v2). Only some older
        instance flavors need it; sent only when Smart Connect is enabled, and never compared.
    type: str
  force:
    description:
      - With O(state=absent), disable Smart Connect even though the instance still has tasks. B(They are all
        deleted.)
      - Without it, the module counts the tasks first (one list request) and fails before any change if there are
        any, listing their names and ids.
    type: bool
    default: false
  wait:
    description:
      - Wait until the instance is C(RUNNING) again with Smart Connect enabled (or disabled), polling it with a
        capped, jittered backoff of up to 10 seconds.
      - With V(false), the module returns as soon as the service has accepted the request; RV(connector) then
        shows the state being reached and the status the instance moves to (C(EXTENDING) or
        C(CONNECTOR_DELETING)).
      - Either way, if the instance is found in the middle of an enable or disable job, the module waits for that
        job to end before it decides anything, and if the service answers that the instance is busy
        (C(DMS.00400026), C(DMS.00400017)) the request is sent again with a backoff, within O(wait_timeout).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds the whole run may take to wait, for a busy instance and with O(wait); the module then fails with
        the last status seen.
      - The default matches the 50 minutes the Terraform provider allows.
    type: int
    default: 3000
extends_documentation_fragment:
  - huaweicloud.kafka.connection
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - Reads the instance (and, to disable it without O(force), lists its tasks) and writes nothing; RV(connector)
        is predicted.
      - Check mode does not wait for a running enable or disable job, and decides from the instance as read.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details:
      - The diff shows C(enabled) and C(node_cnt) before and after.
  action_group:
    description: Use C(group/huaweicloud.kafka.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - huaweicloud.kafka.all
notes:
  - The instance must be C(RUNNING) for Smart Connect to be enabled or disabled.
  - Tasks can be created only while Smart Connect is on, with M(huaweicloud.kafka.smart_connect_task).
seealso:
  - module: huaweicloud.kafka.smart_connect_task
  - module: huaweicloud.kafka.smart_connect_task_info
  - name: Enabling Smart Connect (API)
    description: Huawei Cloud API reference for enabling Smart Connect.
    link: https://support.huaweicloud.com/intl/en-us/api-kafka/CreateConnector.html
  - name: Disabling Smart Connect (API)
    description: Huawei Cloud API reference for disabling Smart Connect.
    link: https://support.huaweicloud.com/intl/en-us/api-kafka/DeleteConnector.html
"""

EXAMPLES = r"""
- name: Enable Smart Connect with 2 nodes and wait until the instance is RUNNING again
  huaweicloud.kafka.smart_connect:
    region: ap-southeast-1
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
  register: smart_connect

- name: Enable it with 4 nodes on an older flavor that needs the bandwidth and storage code, without waiting
  huaweicloud.kafka.smart_connect:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000002
    node_cnt: 4
    specification: 100MB
    spec_code: dms.physical.storage.ultra.v2
    wait: false

- name: Credentials once for every module of the collection
  module_defaults:
    group/huaweicloud.kafka.all:
      region: ap-southeast-1
      access_key: "{{ hw_ak }}"
      secret_key: "{{ hw_sk }}"
  block:
    - name: Smart Connect on, then a task
      huaweicloud.kafka.smart_connect:
        instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001

    - name: Dump logs to OBS
      huaweicloud.kafka.smart_connect_task:
        instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
        task_name: dump-logs
        topics_regex: "logs-.*"
        sink_task:
          obs_bucket_name: my-bucket
          access_key: "{{ obs_ak }}"
          secret_key: "{{ obs_sk }}"

- name: Disable Smart Connect; fails, changing nothing, if the instance still has tasks
  huaweicloud.kafka.smart_connect:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    state: absent

- name: Disable Smart Connect and DELETE EVERY TASK of the instance
  huaweicloud.kafka.smart_connect:
    instance_id: 6a1f0c52-4d3b-4e7a-9c41-000000000001
    state: absent
    force: true
"""

RETURN = r"""
connector:
  description:
    - Smart Connect on the instance after the run (as it would be, in check mode).
  returned: always
  type: dict
  contains:
    enabled:
      description: Whether Smart Connect is on (with O(wait=false), whether it is being turned on).
      type: bool
      sample: true
    connector_id:
      description: Id of the instance's Smart Connect; null when it is off, or not known yet (check mode).
      type: str
      sample: 7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6
    node_cnt:
      description: Number of Smart Connect nodes; null when Smart Connect is off or the service does not say.
      type: int
      sample: 2
    status:
      description:
        - Status of the instance, C(RUNNING) once a job is over. With O(wait=false) after a change, the status the
          job puts the instance in, C(EXTENDING) or C(CONNECTOR_DELETING).
      type: str
      sample: RUNNING
    job_id:
      description: Id of the enable or disable job the module started.
      returned: when the module enabled or disabled Smart Connect (not in check mode)
      type: str
      sample: 2c1f7d3e-5a6b-4c8d-9e0f-1a2b3c4d5e6f
diff:
  description: With C(--diff), C(enabled) and C(node_cnt) before and after.
  returned: when diff mode is on
  type: dict
  sample:
    before: {enabled: false, node_cnt: null}
    after: {enabled: true, node_cnt: 2}
error_code:
  description: The service's error code, when an API call failed.
  returned: on API failure
  type: str
  sample: DMS.00400017
error_msg:
  description: The service's error message, when an API call failed.
  returned: on API failure
  type: str
  sample: A background job is running on the instance
request_id:
  description: The request id of a failed API call (quote it to Huawei support).
  returned: on API failure
  type: str
  sample: 5fd3c9e7a1b24f0c8d6e9a7b3c2d1e0f
status_code:
  description: The HTTP status of a failed API call (null when no answer came back).
  returned: on API failure
  type: int
  sample: 400
"""

import time

from ansible_collections.huaweicloud.kafka.plugins.module_utils import smart_connect as sc
from ansible_collections.huaweicloud.kafka.plugins.module_utils._base import HuaweiCloudModule
from ansible_collections.huaweicloud.kafka.plugins.module_utils.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils.retry import Backoff

RUNNING = "RUNNING"
ENABLING = "EXTENDING"
DISABLING = "CONNECTOR_DELETING"
JOB_STATUSES = (ENABLING, DISABLING)
# "The instance status does not allow this" and "a background job is still running": worth another try.
BUSY_CODES = ("DMS.00400026", "DMS.00400017")
DEFAULT_NODE_CNT = 2


def argument_spec():
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
    if not sc.UUID_RE.match(params["instance_id"]):
        errors.append("instance_id must be a DMS id like 6a1f0c52-4d3b-4e7a-9c41-8d2f0e5b7a13; got %r"
                      % params["instance_id"])
    if params.get("node_cnt") is not None and params["node_cnt"] < 2:
        errors.append("node_cnt must be 2 or more; got %s" % params["node_cnt"])
    if params["wait_timeout"] < 0:
        errors.append("wait_timeout must be 0 or more seconds; got %s" % params["wait_timeout"])
    return errors


def is_busy(error):
    return error.status == 400 and error.error_code in BUSY_CODES


def _as_bool(value):
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def connector_view(instance):
    """``{enabled, connector_id, node_cnt, status}`` from a ShowInstance body."""
    instance = instance or {}
    enabled = _as_bool(instance.get("connector_enable"))
    node_cnt = sc.as_int(instance.get("connector_node_num")) if enabled else None
    return dict(
        enabled=enabled,
        connector_id=(instance.get("connector_id") or None) if enabled else None,
        node_cnt=node_cnt if node_cnt else None,
        status=instance.get("status"),
    )


class Failure(Exception):
    """A failure of this module's own (not of an API call); ``error`` is the last API error, if any."""

    def __init__(self, message, error=None):
        super(Failure, self).__init__(message)
        self.error = error


class ConnectorRunner:
    """Reads the instance, decides, writes with busy retries, waits; ``run()`` returns the result dict.

    ``sleep``, ``clock`` and ``backoff`` (a :class:`retry.Backoff`) are injectable for tests. One deadline,
    ``wait_timeout`` seconds from the start, bounds every wait of the run.
    """

    backoff_base = 1.0
    backoff_cap = 10.0

    def __init__(self, module, api, sleep=time.sleep, clock=time.monotonic, backoff=None):
        self.module = module
        self.params = module.params
        self.api = api
        self.check_mode = module.check_mode
        self.sleep = sleep
        self.clock = clock
        self.backoff = backoff or Backoff(base=self.backoff_base, cap=self.backoff_cap)
        self.target = self.params["state"] == "present"
        self.instance_id = self.params["instance_id"]
        self.deadline = None
        self.instance = None  # the last instance read
        self.connector = None  # the last connector view (read or predicted)
        self.changed = False

    # ----- the whole run ----------------------------------------------------------------------------------
    def run(self):
        self.deadline = self.clock() + self.params["wait_timeout"]
        instance = self.read()
        before = connector_view(instance)
        if instance.get("status") in JOB_STATUSES and not self.check_mode:
            # Another enable or disable is under way: its outcome decides what is left to do.
            instance = self.wait_for(lambda found: found.get("status") == RUNNING,
                                     "the job running on it to end")
        after = self.ensure(instance)
        return self.result(before, after)

    def ensure(self, instance):
        current = connector_view(instance)
        if current["enabled"] == self.target:
            if self.target:
                self.check_node_cnt(current)
            return current
        if not self.target:
            self.refuse_unless_forced()
        if self.check_mode:
            self.changed = True
            return self.predict(status=RUNNING if self.params["wait"] else self.job_status())
        answer = self.write_when_possible(instance)
        if answer is None:  # another enable or disable reached the target meanwhile
            if self.params["wait"]:
                self.wait_for(self.done, "Smart Connect to be %s" % self.target_word())
            return connector_view(self.instance)
        self.changed = True
        if self.params["wait"]:
            done = self.wait_for(self.done, "Smart Connect to be %s" % self.target_word())
            after = connector_view(done)
        else:
            after = self.predict(status=self.job_status(), connector_id=answer.get("connector_id"))
        if answer.get("job_id"):
            after["job_id"] = answer["job_id"]
        return after

    def result(self, before, after):
        self.connector = after
        result = dict(changed=self.changed, connector=after)
        if self.module._diff:
            result["diff"] = dict(before=self.diff_view(before), after=self.diff_view(after))
        return result

    def failure_result(self):
        return dict(changed=self.changed, connector=self.connector or connector_view(self.instance))

    @staticmethod
    def diff_view(connector):
        return dict(enabled=connector["enabled"], node_cnt=connector["node_cnt"])

    # ----- reading and deciding ---------------------------------------------------------------------------
    def read(self):
        self.instance = self.api.instance() or {}
        self.connector = connector_view(self.instance)
        return self.instance

    def done(self, instance):
        return instance.get("status") == RUNNING and connector_view(instance)["enabled"] == self.target

    def target_word(self):
        return "enabled" if self.target else "disabled"

    def job_status(self):
        return ENABLING if self.target else DISABLING

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
                % (self.instance_id, current["node_cnt"], wanted))

    def refuse_unless_forced(self):
        """Disabling deletes every task: without force, fail (before any write) when there are tasks."""
        if self.params["force"]:
            return
        page = self.api.list_page(offset=0, limit=sc.PAGE_SIZE)
        tasks = page.get("tasks") or []
        total = sc.as_int(page.get("total_number"))
        total = max(total or 0, len(tasks))
        if not total:
            return
        names = ", ".join("%s (%s)" % (task.get("task_name"), task.get("id")) for task in tasks)
        more = total - len(tasks)
        if more > 0:
            names = "%s, and %d more" % (names, more) if tasks else "names not listed by the service"
        raise Failure("Disabling Smart Connect on instance %s would delete its %d task%s: %s. Set force=true to "
                      "disable it and delete them, or delete them first with huaweicloud.kafka.smart_connect_task"
                      % (self.instance_id, total, "" if total == 1 else "s", names))

    # ----- writing and waiting ----------------------------------------------------------------------------
    def write(self):
        if self.target:
            body = dict(node_cnt=self.node_cnt())
            for name in ("specification", "spec_code"):
                if self.params[name]:
                    body[name] = self.params[name]
            return self.api.enable(body)
        return self.api.disable()

    def remaining(self):
        return self.deadline - self.clock()

    def pause(self, attempt):
        self.sleep(max(0.0, min(self.backoff.delay(attempt), self.remaining())))

    def write_when_possible(self, instance):
        """Send the enable/disable, again with a backoff while the instance is busy; None if no longer needed.

        Nothing is sent while an enable or disable job runs; after every busy answer the instance is read
        again, and if it has reached the target meanwhile (another job did it), nothing more is sent.
        """
        attempt = 0
        last_error = None
        while True:
            if connector_view(instance)["enabled"] == self.target:
                return None
            if instance.get("status") not in JOB_STATUSES:
                try:
                    return self.write()
                except ApiError as error:
                    if not is_busy(error):
                        raise
                    last_error = error
            if self.remaining() <= 0:
                raise Failure(
                    "Timed out after %s seconds waiting for instance %s to accept the request to %s Smart Connect: "
                    "it stayed busy; last status seen: %s%s"
                    % (self.params["wait_timeout"], self.instance_id, "enable" if self.target else "disable",
                       instance.get("status"), "; last answer: %s" % last_error if last_error else ""),
                    last_error)
            self.pause(attempt)
            attempt += 1
            instance = self.read()

    def wait_for(self, condition, what):
        """Poll the instance until ``condition(instance)``, pausing before each read; fail at the deadline.

        The instance last read is looked at first: it never satisfies the condition when called (it was read
        before a write, or found in the middle of a job), so the first read comes after a pause. At the deadline
        the instance is read once more if it has not been read since the wait began, so that the failure shows
        a fresh status.
        """
        attempt = 0
        instance = self.instance
        while not condition(instance):
            if self.remaining() <= 0:
                if not attempt:
                    attempt += 1
                    instance = self.read()
                    continue
                view = connector_view(instance)
                raise Failure("Timed out after %s seconds waiting for %s on instance %s; last seen: status %s, "
                              "Smart Connect %s" % (self.params["wait_timeout"], what, self.instance_id,
                                                    view["status"], "on" if view["enabled"] else "off"))
            self.pause(attempt)
            attempt += 1
            instance = self.read()
        return instance


def main():
    module = HuaweiCloudModule(argument_spec=argument_spec(), supports_check_mode=True)
    problems = check_options(module.params)
    if problems:
        module.fail_json(msg="; ".join(problems))
    runner = ConnectorRunner(module, sc.SmartConnectApi(module.client, module.params["instance_id"]))
    try:
        result = runner.run()
    except ApiError as error:
        module.fail_api(error, **runner.failure_result())
    except Failure as failure:
        result = runner.failure_result()
        if failure.error is not None:
            result.update(failure.error.to_result())
        module.fail_json(msg=str(failure), **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
