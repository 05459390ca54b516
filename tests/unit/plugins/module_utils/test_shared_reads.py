"""The shared reads of smart_connect_tasks: one listing a round for every task waiting, never a stale one."""

import threading
import time

import pytest

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.shared_reads import ListRounds, SharedApi
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError


class CountingApi:
    """Lists ``tasks`` (slowly, to let readers pile up), and counts its listings and reads by id."""

    def __init__(self, tasks=(), delay=0.05, error=None):
        self.tasks = list(tasks)
        self.delay = delay
        self.error = error
        self.listings = 0
        self.shows = []
        self.started = []  # when each listing started

    def list_all(self):
        self.started.append(time.monotonic())
        self.listings += 1
        time.sleep(self.delay)
        if self.error:
            raise self.error
        return list(self.tasks), dict(truncated=False)

    def show(self, task_id, deleted=False):
        self.shows.append(task_id)
        return None

    def pause(self, task_id):
        return "paused %s" % task_id


def in_threads(count, rounds, work):
    """Runs ``work(index)`` in ``count`` threads that have all joined ``rounds``; their answers, in order."""
    answers = [None] * count
    for _worker in range(count):
        rounds.join()

    def one(index):
        try:
            answers[index] = work(index)
        except Exception as error:  # pylint: disable=broad-except
            answers[index] = error
        finally:
            rounds.leave()

    threads = [threading.Thread(target=one, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not any(thread.is_alive() for thread in threads)
    return answers


def test_every_task_waiting_is_answered_by_one_listing():
    api = CountingApi([{"id": "t%d" % index, "status": "RUNNING"} for index in range(18)])
    rounds = ListRounds(api, gather=30)  # all 18 join long before 30 s: the round starts when the last one asks
    started = time.monotonic()
    answers = in_threads(18, rounds, lambda index: SharedApi(api, rounds).poll("t%d" % index))
    assert api.listings == 1 and api.shows == []
    assert [answer["id"] for answer in answers] == ["t%d" % index for index in range(18)]
    assert time.monotonic() - started < 15  # far below gather, even on a busy machine


def test_a_task_at_work_holds_a_round_back_for_gather_seconds_only():
    api = CountingApi([{"id": "a"}], delay=0)
    rounds = ListRounds(api, gather=0.1)
    rounds.join()  # a task busy with a write, which never reads
    started = time.monotonic()
    answers = in_threads(1, rounds, lambda index: rounds.listing())
    assert 0.09 <= time.monotonic() - started < 5 and answers[0][0] == [{"id": "a"}]
    rounds.leave()


def test_a_read_asked_for_during_a_listing_waits_for_the_next_one():
    api = CountingApi([{"id": "a"}], delay=0.2)
    rounds = ListRounds(api, gather=0)
    asked = []

    def work(index):
        deadline = time.monotonic() + 5
        while index and not api.started and time.monotonic() < deadline:  # until the first listing is under way
            time.sleep(0.005)  # (a fixed sleep lost that race on a busy machine)
        asked.append(time.monotonic())
        rounds.listing()

    in_threads(2, rounds, work)
    assert api.listings == 2
    assert api.started[1] >= max(asked), "the second read was answered by a listing that started before it"


def test_a_task_the_listing_does_not_hold_or_holds_without_a_status_is_read_by_id():
    api = CountingApi([{"id": "a", "status": "RUNNING"}, {"id": "b"}], delay=0)
    shared = SharedApi(api, ListRounds(api, gather=0))
    assert shared.poll("just-created") is None and api.shows == ["just-created"]
    assert shared.poll("a") == {"id": "a", "status": "RUNNING"} and api.shows == ["just-created"]
    shared.poll("b")
    assert api.shows == ["just-created", "b"]


def test_a_read_after_a_write_is_a_read_by_id():
    api = CountingApi([{"id": "a", "status": "RUNNING"}], delay=0)
    SharedApi(api, ListRounds(api, gather=0)).show("a")
    assert api.shows == ["a"] and api.listings == 0


def test_a_failed_listing_falls_back_to_each_tasks_own_read():
    api = CountingApi(error=ApiError("list the tasks", "Backend unavailable.", status=503))
    rounds = ListRounds(api, gather=5)
    in_threads(3, rounds, lambda index: SharedApi(api, rounds).poll("t%d" % index))
    assert api.listings == 1 and sorted(api.shows) == ["t0", "t1", "t2"]


def test_writes_go_to_the_api_itself():
    api = CountingApi()
    assert SharedApi(api, ListRounds(api)).pause("x") == "paused x" and api.listings == 0


def test_a_failed_listing_fails_every_read_of_its_round():
    error = ApiError("list the tasks", "Backend unavailable.", status=503, error_code="DMS.00500001")
    api = CountingApi(error=error)
    rounds = ListRounds(api, gather=5)
    answers = in_threads(3, rounds, lambda index: rounds.listing())
    assert answers == [error] * 3 and api.listings == 1
    with pytest.raises(ApiError):
        rounds.listing()
