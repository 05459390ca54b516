"""The account's API rate limit, shared by every client of the emulator (every fork of a fleet run).

The gateway counts an account's requests in fixed windows; once ``limit`` requests have come in a window, every
other request of that window gets 429 ``APIG.0308`` ("...limit:N, time:1 minute") and no ``Retry-After``, as
Huawei Cloud's gateway answers. Off unless the ``rate_limit`` switch is set.
"""

import json
import threading

from . import errors


class RateLimit:
    """Counts the requests of the current window; ``admit()`` says whether one more may pass."""

    def __init__(self, clock):
        self._clock = clock
        self._lock = threading.Lock()
        self._window_start = None
        self._count = 0
        self.refused = 0  # requests answered 429 since the last reset

    def reset(self):
        with self._lock:
            self._window_start, self._count, self.refused = None, 0, 0

    def admit(self, limit, window):
        now = self._clock.monotonic()
        with self._lock:
            if self._window_start is None or now - self._window_start >= window:
                self._window_start, self._count = now, 0
            if self._count >= limit:
                self.refused += 1
                return False
            self._count += 1
            return True


def window_text(window):
    return "1 minute" if window == 60 else "%g second%s" % (window, "" if window == 1 else "s")


def throttled_response(limit, window, request_id):
    """(status, headers, body bytes) of a request over the limit: no Retry-After, as the gateway sends none."""
    body = {
        "error_code": errors.GATEWAY_THROTTLED,
        "error_msg": "The throttling threshold has been reached: policy user over ratelimit, limit:%d, time:%s"
        % (limit, window_text(window)),
        "request_id": request_id,
    }
    return 429, {}, json.dumps(body).encode("utf-8")
