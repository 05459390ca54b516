# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The plan of one task's run: which step comes next, and why, decided from the task found and the declaration alone.

Private to this collection: it may change without notice between releases. Pure: no request, no AnsibleModule.
The runner (:mod:`_runners.task`) asks for a step, performs it (with its waits, and undoing or reporting what was
left half done) and asks for the next. A step is one of:

- the write: ``create``, ``keep``, ``modify``, ``recreate``, or ``refuse`` (``reason`` then says why, and how);
- the status: ``pause``, ``resume``, ``restart`` (then wait for ``targets`` with ``wait``), ``wait`` (for
  ``targets``, with ``wait``), or ``none``.
"""

from collections import namedtuple

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.checks import PEER_TWICE
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.plan import differences
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.shapes import has_secrets, normalize_task

# ``send_secrets``: a modify sends the declaration's secrets; ``rename``: a rename by task_id, whose new name must
# be free (which needs the task list: the runner checks it before it performs the step).
Step = namedtuple("Step", "action reason targets send_secrets rename", defaults=((), False, False))


def describe(task, params):
    """``Smart Connect task <id> (<name>)``, from the task when known, else from the options."""
    task = task or {}
    task_id = task.get("id") or params.get("task_id")
    name = task.get("task_name") or params.get("task_name")
    if task_id and name:
        return "Smart Connect task %s (%s)" % (task_id, name)
    return "Smart Connect task %s" % (task_id or name)


def agency_given_up(current, desired):
    """The IAM agency an OBS dump writes through when the declaration gives access keys instead, else None.

    Neither side is compared (the keys are write-only, and an agency left out is not a difference), so without
    this such a switch would report nothing to do.
    """
    had = (current.get("sink_task") or {}).get("agency_name")
    wanted = desired.get("sink_task") or {}
    given_keys = wanted.get("access_key") or wanted.get("secret_key")
    return had if had and given_keys and not wanted.get("agency_name") else None


def write_step(current, desired, params):
    """What to do to the task found (API shape, or None) so that it has the declared configuration."""
    if current is None:
        if params["task_id"]:
            return Step(
                "refuse",
                "Smart Connect task %s does not exist in instance %s; to create a task, give task_name without "
                "task_id" % (params["task_id"], params["instance_id"]),
            )
        return Step("create", "no task of instance %s is named %r" % (params["instance_id"], desired.get("task_name")))
    unknown = v.unknown_types(current)
    if unknown:
        # Addressed by task_id alone (a restart by id, as the EDA playbook makes): there is no declaration to rename.
        way_out = (
            "Restart or pause it in the console, or delete it (state: absent)"
            if params["task_id"] and not desired
            else "Give the declaration another task_name, or delete the task (state: absent, or purge)"
        )
        return Step(
            "refuse",
            "%s is a task of %s, which this collection does not manage (it knows %s): it is left as it is, its "
            "status too. %s"
            % (describe(current, params), " and ".join(unknown), ", ".join((v.KAFKA_SOURCE, v.OBS_SINK)), way_out),
        )
    found = differences(desired, normalize_task(current))
    send_secrets = params["update_secrets"] == "always" and has_secrets(desired)
    agency = agency_given_up(current, desired)
    if not found and not send_secrets and not agency:
        return Step("keep", "the task has the declared configuration")
    rename = "task_name" in found and bool(params["task_id"])
    what = describe(current, params)
    peer = desired.get("source_task") or {}
    peer_declared_twice = peer.get("instance_id") and peer.get("bootstrap_servers")
    if peer_declared_twice and set(found.get("source_task") or ()) & {"instance_id", "bootstrap_servers"}:
        return Step("refuse", "Cannot change the peer of %s: %s" % (what, PEER_TWICE), rename=rename)
    why = _why(found, send_secrets, agency)
    if params["recreate"]:
        return Step("recreate", why + "; recreate=true", rename=rename)
    if agency:
        return Step("refuse", _agency_refusal(what, agency), rename=rename)
    refusal = _sasl_refusal(current, desired, send_secrets, what)
    if refusal:
        return Step("refuse", refusal, rename=rename)
    return Step("modify", why, send_secrets=send_secrets, rename=rename)


def _why(found, send_secrets, agency):
    reasons = []
    if found:
        reasons.append("differs in %s" % ", ".join(sorted(found)))
    if send_secrets:
        reasons.append("update_secrets=always sends the secrets")
    if agency:
        reasons.append("access keys instead of the IAM agency %s" % agency)
    return "; ".join(reasons)


def _agency_refusal(what, agency):
    """Whether PUT can take an agency away is unknown, and keys sent beside it would be ignored: say how."""
    return (
        "%s writes to OBS through the IAM agency %r, and sink_task gives access keys instead. To switch it to "
        "access keys set recreate=true (the task is deleted and created again with the keys); to keep the agency "
        "set sink_task.agency_name: %s and leave the keys out" % (what, agency, agency)
    )


def _sasl_refusal(current, desired, send_secrets, what):
    """Turning SASL on for a task that had none needs the password sent with it (none is stored)."""
    wanted = (desired.get("source_task") or {}).get("security_protocol")
    had = ((current.get("source_task") or {}).get("security_protocol")) or "PLAINTEXT"
    if wanted in v.SASL_PROTOCOLS and had not in v.SASL_PROTOCOLS and not send_secrets:
        return (
            "security_protocol %s on %s, which uses %s, needs source_task.password sent with the change (the task "
            "has no stored password): give it with update_secrets=always, or recreate=true" % (wanted, what, had)
        )
    return None


def settles_first(state, status, created, start_later):
    """Whether the status step must wait for a moving status (CREATING, RESTARTING) to settle before it is
    decided: a task found moving may end WAITING, which needs a start, or RUNNING, which a pause needs."""
    if status in v.STABLE_STATUSES or v.names_a_failure(status):  # a failure does not settle by waiting
        return False
    if state == "paused":
        return not (created and start_later)
    return state in ("running", "restarted") and not created


def status_step(state, status, created=False, start_later=False, modified=False, restart_failed=False):
    """What brings the task (its status ``status``, after the write step) to ``state``.

    A failed task (a status that names a failure) asked to run is restarted only with ``restart_failed``, since a
    restart resets its sync position; without it the step refuses, naming both ways out: a failed task is never
    reported as fine.
    """
    if state == "present":
        if created:
            return Step("wait", "created", (v.WAITING,) if start_later else (v.RUNNING,))
        if modified and not v.names_a_failure(status):  # a failed task stays failed until restarted
            return Step("wait", "modified: its status settles", v.STABLE_STATUSES)
        return Step("none", "state=present asks nothing of the status")
    if state == "running":
        if v.names_a_failure(status):
            if restart_failed:
                return Step("restart", "the task is %s and restart_failed=true" % status, (v.RUNNING,))
            return Step(
                "refuse",
                "is %s. Restart it with restart_failed: true, or once with state: restarted (a restart resets the "
                "task's sync position: it starts again from its consumer_strategy)" % status,
            )
        action = {v.PAUSED: "resume", v.WAITING: "restart"}.get(status)
        if action:
            return Step(action, "the task is %s" % status, (v.RUNNING,))
        return Step("wait", "RUNNING already, or on its way there", (v.RUNNING,))
    if state == "paused":
        if created and start_later:
            return Step("wait", "created not to start", (v.WAITING,))
        if v.names_a_failure(status):  # only a running task can be paused
            return Step(
                "refuse",
                "is %s, and a failed task cannot be paused. Restart it first (state: restarted; a restart resets "
                "its sync position), then pause it, or delete it (state: absent)" % status,
            )
        if status == v.RUNNING or status not in v.STABLE_STATUSES:  # moving: check mode predicts its pause
            return Step("pause", "the task is %s" % status, (v.PAUSED,))
        return Step("none", "the task is %s (PAUSED, or WAITING: it never ran)" % status)
    if state == "restarted":
        if created:  # a task just created starts from its consumer_strategy anyway
            return Step("wait", "created: it starts from its consumer_strategy", (v.RUNNING,))
        return Step("restart", "state=restarted", (v.RUNNING,))
    raise ValueError("no status step for state %r" % state)
