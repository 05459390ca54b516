"""The task quota as a listing reports it, under every reading of its two fields, and the bounded failure message."""

import pytest

from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.instance import failure_summary
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.quota import (
    needs_deletes_first,
    over_quota,
    task_limit,
)


@pytest.mark.parametrize(
    "listed, summary, limit",
    [
        (10, dict(max_tasks=18, quota_tasks=8), 18),  # quota_tasks as what is left: both agree
        (10, dict(max_tasks=18, quota_tasks=18), 18),  # quota_tasks as the quota: max_tasks bounds it
        (10, dict(max_tasks=18, quota_tasks=2), 12),  # a smaller quota than max_tasks, under either reading
        (10, dict(max_tasks=18), 18),
        (10, dict(quota_tasks=8), 18),  # what is left
        (10, dict(quota_tasks=18), 28),  # or the quota itself: the reading that refuses least
        (10, dict(), None),
        (10, dict(max_tasks=None, quota_tasks=None), None),
        (10, dict(max_tasks=0), None),  # says nothing
        (10, dict(quota_tasks=-1), None),
    ],
)
def test_the_limit_under_every_reading(listed, summary, limit):
    assert task_limit(listed, summary) == limit


def test_over_quota_counts_deletes_and_creates():
    full = dict(max_tasks=18, quota_tasks=0)
    assert over_quota(18, full, 0, 1) == (18, 19)
    assert over_quota(18, full, 1, 1) is None
    assert over_quota(18, full, 0, 0) is None
    assert over_quota(20, dict(max_tasks=18), 0, 0) is None  # creates nothing: never refused
    assert over_quota(5, dict(), 0, 300) is None  # no quota known
    assert over_quota(0, dict(max_tasks=18), 0, 300) == (18, 300)


def test_creates_wait_for_deletes_only_when_they_need_the_room():
    assert needs_deletes_first(18, dict(max_tasks=18), 1)
    assert not needs_deletes_first(17, dict(max_tasks=18), 1)
    assert not needs_deletes_first(18, dict(max_tasks=18), 0)
    assert not needs_deletes_first(18, dict(), 1)


def test_the_failure_message_is_bounded_whatever_the_failures():
    failed = [
        ("x" * 300 + str(index), dict(error_code="DMS.%02d%s" % (index % 50, "9" * 200), msg="m" * 10000))
        for index in range(500)
    ]
    message = failure_summary(failed, 1000, True)
    assert message.startswith("500 of 1000 tasks failed (10 DMS.") and " and 497 more;" in message
    assert "with 46 other codes" in message and "see results and purge_failed" in message
    assert len(message) < 1200, len(message)


def test_the_failure_message_counts_codes_most_first_and_others_last():
    failed = [
        ("a-task", dict(msg="timed out")),
        ("b-task", dict(error_code="DMS.00400062", msg="refused")),
        ("c-task", dict(error_code="DMS.00400062", msg="refused")),
        ("purge of d-task", dict(msg="x")),
    ]
    assert failure_summary(failed, 9, False) == (
        "4 of 9 tasks failed (2 DMS.00400062, 2 other): a-task, b-task, c-task and 1 more; every other task was "
        "applied; see results for each task's error. a-task: timed out"
    )
