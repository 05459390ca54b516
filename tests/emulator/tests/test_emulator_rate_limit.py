"""The account's API rate limit (the rate_limit switch): shared by every client, 429 APIG.0308 without Retry-After."""

import threading

import pytest

from emulator import config

from .emulator_helpers import SignedCaller


def list_tasks(emulator, caller):
    return caller.call("GET", caller.instance_path() + "/connector/tasks")


@pytest.fixture
def limited(emulator):
    emulator.set_config(rate_limit=3, rate_window=60)
    yield emulator
    emulator.reset()


def test_requests_past_the_limit_get_the_gateways_429_without_retry_after(limited, dms):
    answers = [list_tasks(limited, dms) for _attempt in range(5)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429, 429]
    throttled = answers[3]
    assert "Retry-After" not in throttled.headers
    body = throttled.json()
    assert body["error_code"] == "APIG.0308"
    assert body["error_msg"].endswith("policy user over ratelimit, limit:3, time:1 minute")
    assert [entry["fault"] for entry in limited.journal()] == [None, None, None, "rate_limit", "rate_limit"]


def test_the_limit_is_shared_by_every_client(limited, dms):
    statuses = []
    lock = threading.Lock()

    def one():
        caller = SignedCaller(limited)  # a client of its own, as each fork has
        status = list_tasks(limited, caller).status_code
        caller.session.close()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=one) for _thread in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [200] * 3 + [429] * 5


def test_a_new_window_admits_again(emulator, dms):
    emulator.set_config(rate_limit=1, rate_window=0.2)
    try:
        assert list_tasks(emulator, dms).status_code == 200
        # A new window comes at most 0.2 s later: poll (bounded) rather than sleep a fixed time.
        for _attempt in range(200):
            if list_tasks(emulator, dms).status_code == 200:
                break
        else:
            raise AssertionError("the window never ended")
    finally:
        emulator.reset()


def test_a_reset_lifts_the_limit(emulator, dms):
    emulator.set_config(rate_limit=1)
    list_tasks(emulator, dms)
    emulator.reset()
    assert list_tasks(emulator, dms).status_code == 200


@pytest.mark.parametrize(
    "name, value", [("rate_limit", 0), ("rate_limit", True), ("rate_window", 0), ("rate_window", "x")]
)
def test_bad_values_are_refused(name, value):
    with pytest.raises(ValueError, match=name):
        config.Switches().update({name: value})
