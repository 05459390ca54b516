# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The task quota of an instance, as its task listing reports it, and whether the creates of a run fit in it.

Private to this collection: it may change without notice between releases. ``max_tasks`` is documented as the
most tasks an instance holds. ``quota_tasks`` is not documented: it may be that same quota, or the tasks the
instance can still take. A run is refused only when the service would refuse its creates under every reading
(with DMS.00400039), so a quota that is only a guess never blocks a run the service would accept.
"""


def task_limit(listed, summary):
    """The most tasks the instance holds, as sure as its listing of ``listed`` tasks makes it; None when unknown.

    ``max_tasks`` bounds it (a value below 1 says nothing). ``quota_tasks`` bounds it too, by the larger of its
    two readings: ``listed + quota_tasks`` (the tasks it can still take) is never below ``quota_tasks``.
    """
    bounds = []
    max_tasks, quota_tasks = summary.get("max_tasks"), summary.get("quota_tasks")
    if max_tasks is not None and max_tasks >= 1:
        bounds.append(max_tasks)
    if quota_tasks is not None and quota_tasks >= 0:
        bounds.append(listed + quota_tasks)
    return min(bounds) if bounds else None


def quota_fields(summary):
    """What the listing said about the quota, for a message: ``max_tasks 18, quota_tasks 0``."""
    return ", ".join(
        "%s %s" % (name, summary[name]) for name in ("max_tasks", "quota_tasks") if summary.get(name) is not None
    )


def over_quota(listed, summary, deleted, created):
    """``(limit, after)`` when creating ``created`` tasks, once ``deleted`` of the ``listed`` ones are gone,
    would take the instance past its quota (the service would refuse a create); None when it fits or the
    quota is unknown. A run that creates nothing never goes past it."""
    limit = task_limit(listed, summary)
    after = listed - deleted + created
    if not created or limit is None or after <= limit:
        return None
    return limit, after


def needs_deletes_first(listed, summary, created):
    """Whether the creates need the room the run's deletes make, and so must wait for them."""
    limit = task_limit(listed, summary)
    return bool(created) and limit is not None and listed + created > limit
