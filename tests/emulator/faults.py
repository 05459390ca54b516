"""Fault injection: make the next N matching requests fail the way a real cloud sometimes does.

A fault matches on method, a path regular expression (searched in the path, query excluded) and/or the
operation name; it skips its first `skip` matches, then fires `count` times (None: until cleared).
Admin requests are never faulted.
"""

import dataclasses
import json
import re
import threading
from typing import Optional

from . import errors

KINDS = ("gateway_throttle", "dms_throttle", "server_error", "drop_before", "drop_after", "slow", "malformed")
SERVER_ERROR_STATUSES = (500, 502, 503, 504)
MAX_SLOW_SECONDS = 30.0

_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
_SERVER_ERROR_CODES = {
    500: (errors.INTERNAL_ERROR, "Internal server error."),
    502: (errors.BACKEND_UNAVAILABLE, "Backend unavailable."),
    503: (errors.BACKEND_UNAVAILABLE, "Backend unavailable."),
    504: (errors.BACKEND_TIMEOUT, "Backend timeout."),
}


@dataclasses.dataclass
class Fault:
    id: int
    kind: str
    method: Optional[str] = None
    path: Optional[str] = None
    operation: Optional[str] = None
    count: Optional[int] = 1  # fires left; None = until cleared
    skip: int = 0  # matching requests to let through first
    status: int = 503  # server_error only
    html: bool = False  # server_error only: an HTML page instead of JSON
    retry_after: str = "1"  # gateway_throttle only: the Retry-After header
    delay: float = 1.0  # slow only: seconds to wait before answering normally
    drop: str = ""  # malformed only: the key removed from a success answer ("" : the body is not JSON at all)
    fired: int = 0

    def matches(self, method, path, operation):
        if self.method and self.method.upper() != method.upper():
            return False
        if self.operation and self.operation != operation:
            return False
        return not self.path or re.search(self.path, path) is not None

    def to_dict(self):
        return dataclasses.asdict(self)

    def error_response(self, request_id):
        """(status, headers, body bytes) for the kinds that answer with an error."""
        if self.kind == "gateway_throttle":
            body = {
                "error_code": errors.GATEWAY_THROTTLED,
                "error_msg": "The throttling threshold has been "
                "reached: policy user over ratelimit, limit:5, time:1 second",
                "request_id": request_id,
            }
            return 429, {"Retry-After": self.retry_after}, _json(body)
        if self.kind == "dms_throttle":
            body = {
                "error_code": errors.DMS_THROTTLED,
                "error_msg": "The request is rejected by flow control. Try again later.",
            }
            return 404, {}, _json(body)
        reason = _REASONS[self.status]
        if self.html:
            title = "%d %s" % (self.status, reason)
            page = (
                "<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n<center><h1>%s</h1></center>\r\n"
                "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n" % (title, title)
            )
            return self.status, {"Content-Type": "text/html"}, page.encode("utf-8")
        code, message = _SERVER_ERROR_CODES[self.status]
        body = {"error_code": code, "error_msg": message}
        if code.startswith(errors.GATEWAY_CODES_PREFIXES):
            body["request_id"] = request_id
        return self.status, {}, _json(body)


def _json(body):
    return json.dumps(body).encode("utf-8")


def build_fault(fault_id, spec):
    """Validate an admin fault spec (a JSON object) and return a Fault; ValueError when it is wrong."""
    if not isinstance(spec, dict):
        raise ValueError("a fault must be a JSON object")
    known = {field.name for field in dataclasses.fields(Fault)} - {"id", "fired"}
    unknown = set(spec) - known
    if unknown:
        raise ValueError("unknown fault fields: %s" % ", ".join(sorted(unknown)))
    if spec.get("kind") not in KINDS:
        raise ValueError("kind must be one of %s" % ", ".join(KINDS))
    fault = Fault(id=fault_id, **spec)
    if fault.count is not None and (
        isinstance(fault.count, bool) or not isinstance(fault.count, int) or fault.count < 1
    ):
        raise ValueError("count must be null (until cleared) or an integer >= 1")
    if isinstance(fault.skip, bool) or not isinstance(fault.skip, int) or fault.skip < 0:
        raise ValueError("skip must be an integer >= 0")
    if fault.path is not None:
        try:
            re.compile(fault.path)
        except re.error as exc:
            raise ValueError("path is not a valid regular expression: %s" % exc) from exc
    if fault.kind == "server_error" and fault.status not in SERVER_ERROR_STATUSES:
        raise ValueError("status must be one of %s" % ", ".join(map(str, SERVER_ERROR_STATUSES)))
    if (
        isinstance(fault.delay, bool)
        or not isinstance(fault.delay, (int, float))
        or not 0 <= fault.delay <= MAX_SLOW_SECONDS
    ):
        raise ValueError("delay must be between 0 and %s seconds" % MAX_SLOW_SECONDS)
    if not isinstance(fault.drop, str):
        raise ValueError("drop must be a string: a key of the answer, or empty for a body that is not JSON")
    fault.retry_after = str(fault.retry_after)
    return fault


def malform(fault, body):
    """A success answer made malformed by ``fault``: without its key ``fault.drop``, or not JSON at all."""
    if not fault.drop:
        return b"<html><body>OK</body></html>"
    if isinstance(body, dict):
        body = {key: value for key, value in body.items() if key != fault.drop}
        if isinstance(body.get("tasks"), list):  # drop the key from each listed task too
            body["tasks"] = [{k: v for k, v in task.items() if k != fault.drop} for task in body["tasks"]]
    return json.dumps(body).encode("utf-8")


class FaultBook:
    """The active faults, consumed in the order they were added."""

    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []
        self._next_id = 1

    def add(self, spec):
        with self._lock:
            fault = build_fault(self._next_id, spec)
            self._next_id += 1
            self._faults.append(fault)
            return fault

    def take(self, method, path, operation):
        """Return the fault that fires for this request (consuming one use), or None."""
        with self._lock:
            for fault in self._faults:
                if not fault.matches(method, path, operation):
                    continue
                if fault.skip > 0:
                    fault.skip -= 1
                    continue
                fault.fired += 1
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count == 0:
                        self._faults.remove(fault)
                return fault
            return None

    def active(self):
        with self._lock:
            return [fault.to_dict() for fault in self._faults]

    def clear(self):
        with self._lock:
            self._faults = []
