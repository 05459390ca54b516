# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one waiter: poll until a condition holds, within one deadline, with a jittered backoff.

Private to this collection: it may change without notice between releases. Everything that waits (a
task's status, a task being gone, Smart Connect being switched on or off, a busy instance accepting a
request) waits through :class:`Waiter`.
"""

import time

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.retry import Backoff
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import Failure

UNREAD = object()  # ``until(known=...)``: nothing is known yet, so poll at once


class WaitTimeout(Failure):
    """The deadline passed; ``last`` is the last value polled (or known)."""

    def __init__(self, message, last):
        super().__init__(message)
        self.last = last


class WaitFailed(Failure):
    """The ``failed`` condition held: waiting longer cannot help; ``last`` is the value that said so."""

    def __init__(self, message, last):
        super().__init__(message)
        self.last = last


class Deadline:
    """The one deadline of a run: ``seconds`` from its creation, on a monotonic clock (injectable for tests).

    smart_connect_tasks gives one to every task of its run (wait_timeout bounds the whole run); each wait of a
    task lasts what is left of it, or wait_timeout for smart_connect_task's own deadline.
    """

    def __init__(self, seconds, clock=time.monotonic):
        self.seconds = max(seconds, 0)
        self.clock = clock
        self.at = clock() + self.seconds

    def remaining(self):
        return max(0.0, self.at - self.clock())


class Waiter:
    """Polls with one deadline (``timeout`` seconds from its creation) shared by every ``until()`` call.

    The pause before the n-th poll of a wait is ``first_delay * factor**n`` capped at ``max_delay``, less
    up to ``jitter`` of it, and cut short so that no pause ends past the deadline. The first poll comes
    after 0.32-0.4 s, so that a transition of 0.3 s is seen at once, and later ones spread out quickly
    for jobs that take minutes. ``sleep``, ``clock`` and ``backoff`` are injectable for tests.
    """

    first_delay = 0.4
    max_delay = 10.0
    factor = 1.5
    jitter = 0.2

    def __init__(self, timeout, sleep=time.sleep, clock=time.monotonic, backoff=None):
        self.timeout = timeout
        self.sleep = sleep
        self.backoff = backoff or Backoff(
            base=self.first_delay, cap=self.max_delay, factor=self.factor, jitter=self.jitter
        )
        self.deadline = Deadline(timeout, clock)
        self.polls = 0

    def remaining(self):
        return self.deadline.remaining()

    def pause(self, attempt):
        self.sleep(max(0.0, min(self.backoff.delay(attempt), self.remaining())))

    def _poll(self, poll):
        self.polls += 1
        return poll()

    def until(self, poll, done, known=UNREAD, fresh=False, failed=None, timeout_message=None):
        """The first value (``known``, then each ``poll()``) for which ``done(value)`` holds.

        Without ``known`` the first poll comes at once; with it, after a pause. ``failed(value)`` may
        return a message: the wait then ends at once with :class:`WaitFailed`. At the deadline a value not
        polled during this wait is polled once more (unless ``fresh`` says ``known`` was polled just now), so
        that :class:`WaitTimeout` (its message from ``timeout_message(value)``) shows a fresh one.
        """
        value = self._poll(poll) if known is UNREAD else known
        fresh = fresh or known is UNREAD
        attempt = 0
        while not done(value):
            problem = failed(value) if failed else None
            if problem:
                raise WaitFailed(problem, value)
            if self.remaining() <= 0:
                if not fresh:
                    fresh = True
                    value = self._poll(poll)
                    continue
                message = (
                    timeout_message(value)
                    if timeout_message
                    else "Timed out after %s seconds; last seen: %r" % (self.timeout, value)
                )
                raise WaitTimeout(message, value)
            self.pause(attempt)
            attempt += 1
            fresh = True
            value = self._poll(poll)
        return value
