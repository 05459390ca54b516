# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The retry policy: which answers are worth another try, and how long to wait before it.

Private to this collection: it may change without notice between releases. Pure standard library;
it knows nothing about HTTP libraries.
"""

import email.utils
import random
import time

# Transient answers from the API gateway and the service.
RETRYABLE_STATUSES = frozenset((429, 500, 502, 503, 504))
# DMS answers flow control with HTTP 404 and this code, not with 429.
THROTTLE_ERROR_CODE = "DMS.10240407"
# Seconds a request keeps being sent again while it is throttled: the gateway counts an account's requests a
# minute at a time, so a budget of several minutes rides out a fleet run at many forks.
RATE_LIMIT_TIMEOUT = 300


def is_throttled(status, error_code):
    """True for answers that reject a request before the service acts on it."""
    return status == 429 or (status == 404 and error_code == THROTTLE_ERROR_CODE)


def is_retryable(status, error_code):
    return status in RETRYABLE_STATUSES or is_throttled(status, error_code)


def parse_retry_after(value, now=None):
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date), or None."""
    if value is None:
        return None
    value = str(value).strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


class Backoff:
    """Capped exponential backoff with jitter that honours ``Retry-After``: the one backoff of the collection.

    ``delay(attempt)`` for the n-th try (0-based) is uniform in ``[(1 - jitter) * d, d]`` where
    ``d = min(cap, base * factor**n)``. The HTTP retries use full jitter (``jitter=1``: ``[0, d]``), which
    spreads clients best; the waiter uses a little (see ``_runners/waiter.py``), so that its first poll stays
    close to ``base``. A server's ``Retry-After`` wins when given, up to ``max_retry_after`` so that a
    hostile value cannot stall a play.
    """

    def __init__(self, base=0.5, cap=20.0, max_retry_after=60.0, rand=random.uniform, factor=2.0, jitter=1.0):
        self.base = base
        self.cap = cap
        self.factor = factor
        self.jitter = jitter
        self.max_retry_after = max_retry_after
        self._rand = rand

    def delay(self, attempt, retry_after=None):
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        ceiling = min(self.cap, self.base * (self.factor**attempt))
        return self._rand(ceiling * (1.0 - self.jitter), ceiling)


class Throttling:
    """The time one request spends throttled, within ``budget`` seconds from its first throttled answer.

    The time spent is the greater of the clock's and the sum of the waits (so neither a slow machine nor a sleep
    cut short stretches it); ``next_wait(delay)`` cuts a wait to what is left, and says None once nothing is.
    """

    def __init__(self, budget, clock=time.monotonic):
        self.budget = budget
        self._clock = clock
        self._started = None
        self._waited = 0.0
        self.tries = 0

    def next_wait(self, delay):
        now = self._clock()
        if self._started is None:
            self._started = now
        left = self.budget - max(self._waited, now - self._started)
        if left <= 0:
            return None
        delay = min(delay, left)
        self._waited += delay
        self.tries += 1
        return delay
