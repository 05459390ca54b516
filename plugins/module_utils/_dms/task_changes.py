# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What changed between two reads of an instance's Smart Connect tasks, as event source events. No I/O.

A snapshot is ``{task_id: (task_name, status)}`` in the order the API listed the tasks.

Private to this collection: it may change without notice between releases.
"""

# The status of a task that was listed before and is no longer.
DELETED = "DELETED"


def snapshot(tasks):
    """The snapshot of a task list in the API's shape (each task with an ``id``, a ``task_name`` and a ``status``)."""
    return {task["id"]: (task.get("task_name"), task.get("status")) for task in tasks}


def status_event(instance_id, region, task_id, task_name, status, previous_status):
    return {
        "smart_connect": {
            "instance_id": instance_id,
            "task_id": task_id,
            "task_name": task_name,
            "status": status,
            "previous_status": previous_status,
            "region": region,
        }
    }


def error_event(instance_id, region, message):
    return {"smart_connect_error": {"instance_id": instance_id, "region": region, "message": message}}


def changes(instance_id, region, before, after):
    """One event a task whose status changed, appeared (``previous_status`` None) or went away (``DELETED``).

    ``before`` None is the first read of the instance: every task is new.
    """
    before = before or {}
    events = []
    for task_id, (name, status) in after.items():
        previous = before.get(task_id)
        if previous is None or previous[1] != status:
            previous_status = previous[1] if previous else None
            events.append(status_event(instance_id, region, task_id, name, status, previous_status))
    for task_id, (name, status) in before.items():
        if task_id not in after:
            events.append(status_event(instance_id, region, task_id, name, DELETED, status))
    return events
