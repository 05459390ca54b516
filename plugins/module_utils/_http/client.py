# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTP client for the Huawei Cloud DMS (Kafka) API over ``requests``: signed, retried JSON calls.

It resolves endpoints and the project id, adds the headers the official SDK adds, signs every attempt
with :mod:`signer`, retries throttling and transient failures with :class:`retry.Backoff`, and turns
every failure into one :class:`ApiError` whose text is ``error_msg (error_code, request id)``.
No Ansible import: the module glue lives in ``_ansible/base.py``.

Private to this collection: it may change without notice between releases.
"""

import contextlib
import json
import re
import threading
import time
from urllib.parse import quote, urlencode

try:
    import requests

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised through the module glue
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.huaweicloud.kafka.plugins.module_utils import signer
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.credentials import NoCredentials
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.retry import (
    RATE_LIMIT_TIMEOUT,
    Backoff,
    Throttling,
    is_retryable,
    is_throttled,
    parse_retry_after,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.secrets import Redactor
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.url_parts import (
    connection_errors,
    project_id_errors,
)

COLLECTION_VERSION = "1.0.0"
USER_AGENT = "huaweicloud.kafka/%s (Ansible collection)" % COLLECTION_VERSION

_NO_LIMIT = contextlib.nullcontext()
# Seconds of validity temporary keys must still have to be used on after their refresh failed, and the pause
# before that refresh is tried again.
KEYS_STILL_GOOD = 60
REFRESH_RETRY = 30

# Regions served from a domain other than myhuaweicloud.com.
_REGION_DOMAINS = {"eu-west-101": "myhuaweicloud.eu"}


def service_endpoint(service, region):
    """``https://{service}.{region}.{domain}`` for a Huawei Cloud region."""
    return "https://%s.%s.%s" % (service, region, _REGION_DOMAINS.get(region, "myhuaweicloud.com"))


def dms_endpoint_for(region):
    return service_endpoint("dms", region)


def iam_endpoint_for(region):
    return service_endpoint("iam", region)


class ApiError(Exception):
    """Any failure of an API call: an error answer, a bad answer, or no answer at all.

    ``status`` is None when no HTTP answer came back. ``str()`` gives
    ``error_msg (error_code, request id)``, the form support asks for.
    """

    def __init__(self, operation, error_msg, status=None, error_code=None, request_id=None):
        self.operation = operation
        self.error_msg = error_msg
        self.status = status
        self.error_code = error_code
        self.request_id = request_id
        super().__init__(str(self))

    @property
    def not_found(self):
        """A missing resource, told apart from DMS's throttling answer (also a 404)."""
        return self.status == 404 and not is_throttled(self.status, self.error_code)

    def __str__(self):
        code = self.error_code or ("HTTP %s" % self.status if self.status else "no error code")
        return "%s (%s, %s)" % (self.error_msg, code, self.request_id or "no request id")

    def to_result(self):
        """The fields a failed module result carries."""
        return dict(
            status_code=self.status,
            error_code=self.error_code,
            error_msg=self.error_msg,
            request_id=self.request_id,
        )


def quote_path(*segments):
    """``/seg1/seg2`` with every segment percent-encoded, so ids can never change the path."""
    return "/" + "/".join(quote(str(segment), safe="") for segment in segments)


def _error_fields(payload):
    """(code, message, request id) from the error shapes Huawei services use."""
    if not isinstance(payload, dict):
        return None, None, None
    nested = payload.get("error")
    if isinstance(nested, dict):  # IAM: {"error": {"code": ..., "message": ...}}
        payload = dict(payload, **nested)
    for code_key, msg_key in (("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message")):
        if payload.get(code_key) or payload.get(msg_key):
            return payload.get(code_key), payload.get(msg_key), payload.get("request_id")
    return None, None, payload.get("request_id")


def _text_snippet(text, limit=200):
    """A one-line readable excerpt of a non-JSON body (an HTML error page, say)."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text[:limit] + ("..." if len(text) > limit else "")


def _not_sent(exc):
    """True when a requests exception certainly happened before the request left."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if not isinstance(exc, requests.exceptions.ConnectionError):
        return False
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # urllib3 MaxRetryError wraps the cause
    return type(reason).__name__ in ("NewConnectionError", "NameResolutionError", "ConnectTimeoutError")


class Client:
    """Signed, retried JSON calls to DMS (and the IAM project lookup)."""

    def __init__(
        self,
        access_key,
        secret_key,
        region=None,
        project_id=None,
        security_token=None,
        endpoint=None,
        iam_endpoint=None,
        validate_certs=True,
        ca_path=None,
        timeout=30,
        retries=4,
        backoff=None,
        sleep=time.sleep,
        session=None,
        credentials=None,
        clock=time.time,
        rate_limit_timeout=RATE_LIMIT_TIMEOUT,
        monotonic=time.monotonic,
    ):
        if not (endpoint or region):
            raise ValueError("region is required when endpoint is not set")
        if not (project_id or region):
            raise ValueError("region is required when project_id is not set")
        # Checked before any request: these become the host and the path that keys and signatures are sent to.
        problems = connection_errors(region=region, project_id=project_id, endpoint=endpoint, iam_endpoint=iam_endpoint)
        if problems:
            raise ValueError("; ".join(problems))
        # One tuple, replaced whole on a refresh: a thread never signs with half of an old pair.
        self._keys = (access_key, secret_key, security_token)
        self._refreshing = threading.Lock()
        self._refresh_again_at = None  # after a failed refresh, while the keys in use still hold
        self.region = region
        self.endpoint = (endpoint or dms_endpoint_for(region)).rstrip("/")
        self.iam_endpoint = (iam_endpoint or (iam_endpoint_for(region) if region else "")).rstrip("/")
        self._project_id = project_id
        self._verify = (ca_path or True) if validate_certs else False
        self.timeout = timeout
        self.retries = retries
        self.rate_limit_timeout = rate_limit_timeout
        self.backoff = backoff or Backoff()
        self._monotonic = monotonic
        self._sleep = sleep
        self._session = session or requests.Session()
        self.redact = Redactor(secret_key, security_token)
        # Temporary keys from a source that can give new ones (_credentials.Credentials), else None.
        self._credentials = credentials
        self._clock = clock
        self._local = threading.local()  # per thread: smart_connect_tasks calls from several
        self._slots = None  # a semaphore once allow_parallel() is called

    @property
    def last_request_id(self):
        """The request id of this thread's last success answer, to name it when the answer makes no sense."""
        return getattr(self._local, "request_id", None)

    def allow_parallel(self, requests_at_once):
        """Let several threads share this client, with at most ``requests_at_once`` requests in flight."""
        self._slots = threading.BoundedSemaphore(requests_at_once)
        if requests_at_once > 10:  # requests' default pool keeps 10 connections a host
            adapter = requests.adapters.HTTPAdapter(pool_maxsize=requests_at_once)
            for prefix in ("https://", "http://"):
                self._session.mount(prefix, adapter)

    def add_secrets(self, *values):
        """Values to mask in every message this client produces (peer passwords, OBS keys...)."""
        self.redact.add(*values)

    @property
    def project_id(self):
        """The project id: as given, else looked up once by region name through IAM."""
        if self._project_id is None:
            self._project_id = self._lookup_project_id()
        return self._project_id

    def _lookup_project_id(self):
        operation = "look up the project id of region %s" % self.region
        url = "%s/v3/projects?%s" % (self.iam_endpoint, urlencode({"name": self.region}, quote_via=quote))
        answer = self._send("GET", url, operation, project_scoped=False) or {}
        projects = answer.get("projects") or []
        if len(projects) == 1 and projects[0].get("id"):
            found = str(projects[0]["id"])
            if project_id_errors(found):  # never pasted into a path unchecked
                raise ApiError(operation, "IAM answered a project id that is not one (%r); set project_id" % found)
            return found
        if not projects:
            raise ApiError(operation, "IAM has no project named %s; set project_id" % self.region)
        ids = ", ".join(sorted(str(p.get("id")) for p in projects))
        raise ApiError(operation, "IAM has several projects named %s (%s); set project_id" % (self.region, ids))

    def call(self, method, segments, operation, body=None, query=None):
        """Call ``{endpoint}/v2/{project_id}/<segments>`` and return the decoded JSON (None when empty).

        ``query`` is a list of (key, value) pairs or a dict; ``body`` anything json.dumps takes.
        """
        if not all(str(segment).strip(" .") for segment in segments):  # "", "." or "..": another URL
            raise ValueError("%s: an empty or dot-only path segment in %r" % (operation, segments))
        url = self.endpoint + quote_path("v2", self.project_id, *segments)
        if query:
            url += "?" + urlencode(query, quote_via=quote)
        return self._send(method, url, operation, body=body)

    def _headers(self, project_scoped):
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
        if project_scoped:
            headers["X-Project-Id"] = self.project_id
        return headers

    def _refresh_if_expiring(self, operation):
        """New temporary keys from their source when these come close to ``expires_at`` (a long wait).

        A refresh that fails while the keys still have KEYS_STILL_GOOD seconds left is tried again only
        REFRESH_RETRY seconds later, the keys in use meanwhile: one source down for a moment fails no request.
        """
        if self._credentials is None or not self._refresh_due(self._clock()):
            return
        with self._refreshing:  # smart_connect_tasks' threads: one refresh, not one a thread
            now = self._clock()
            if not self._refresh_due(now):
                return
            try:
                fresh = self._credentials.refresh()
            except NoCredentials as exc:  # the source failed: say so, with the operation it stopped
                if self._credentials.expires_at - now > KEYS_STILL_GOOD:
                    self._refresh_again_at = now + REFRESH_RETRY
                    return
                raise ApiError(operation, self.redact(str(exc)), error_code="CredentialRefresh") from None
            self.redact.add(fresh.secret_key, fresh.security_token)  # masked before anything can show them
            self._credentials = fresh
            self._keys = (fresh.access_key, fresh.secret_key, fresh.security_token)

    def _refresh_due(self, now):
        if self._refresh_again_at is not None and now < self._refresh_again_at:
            return False
        return self._credentials.needs_refresh(now)

    def _send(self, method, url, operation, body=None, project_scoped=True):
        data = None if body is None else json.dumps(body, separators=(",", ":")).encode("utf-8")
        wire_url = signer.wire_url(url)
        base_headers = self._headers(project_scoped)
        attempt = 0
        may_have_acted = False  # an earlier attempt may have reached the service and lost its answer
        throttling = Throttling(self.rate_limit_timeout, self._monotonic)
        while True:
            self._refresh_if_expiring(operation)
            access_key, secret_key, security_token = self._keys
            if security_token:
                base_headers["X-Security-Token"] = security_token
            retry_after = None
            try:
                with self._slots or _NO_LIMIT:
                    # A new date and signature every attempt, made once a slot is free: a stale X-Sdk-Date is
                    # refused after 15 minutes.
                    headers = signer.sign(method, wire_url, base_headers, data, access_key, secret_key)
                    response = self._session.request(
                        method, wire_url, headers=headers, data=data, timeout=self.timeout, verify=self._verify
                    )
            except requests.exceptions.RequestException as exc:
                error = self._transport_error(operation, url, exc)
                throttled = False
                sent = not _not_sent(exc)
                # A write that may have reached the server is never repeated: it could act twice.
                retryable = method in ("GET", "HEAD", "PUT", "DELETE") or not sent
            else:
                if response.status_code < 400:
                    self._local.request_id = response.headers.get("X-Request-Id")
                    return self._decode(response, operation)
                error = self._answer_error(response, operation)
                if method == "DELETE" and may_have_acted and error.not_found:
                    return None  # an earlier attempt deleted it: gone, as asked
                throttled = is_throttled(error.status, error.error_code)
                sent = not throttled
                retryable = is_retryable(error.status, error.error_code)
                # Throttling answers are refused before the service acts, so even a POST may go again.
                if method == "POST" and sent:
                    retryable = False
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if throttled:
                # The account's rate limit is shared by every fork and job: wait within a time budget rather
                # than give up after a count (throttled tries do not use up the retries).
                delay = throttling.next_wait(self.backoff.delay(throttling.tries, retry_after))
                if delay is None:
                    raise ApiError(
                        error.operation,
                        "%s; still throttled after %s seconds of waiting (rate_limit_timeout): the account's API "
                        "rate limit is shared by every run using its keys, so run fewer at once or raise "
                        "rate_limit_timeout" % (error.error_msg, "%g" % throttling.budget),
                        status=error.status,
                        error_code=error.error_code,
                        request_id=error.request_id,
                    )
                self._sleep(delay)
                continue
            if not retryable or attempt >= self.retries:
                raise error
            may_have_acted = may_have_acted or sent
            self._sleep(self.backoff.delay(attempt, retry_after))
            attempt += 1

    def _transport_error(self, operation, url, exc):
        kind = "Timeout" if isinstance(exc, requests.exceptions.Timeout) else "ConnectionError"
        netloc = url.split("/")[2]
        message = "%s talking to %s: %s" % (kind, netloc, exc)
        return ApiError(operation, self.redact(message), error_code=kind)

    def _answer_error(self, response, operation):
        request_id = response.headers.get("X-Request-Id")
        try:
            payload = response.json()
        except ValueError:
            payload = None
        code, message, body_request_id = _error_fields(payload)
        if not message:
            reason = "HTTP %s %s" % (response.status_code, response.reason or "")
            snippet = _text_snippet(response.text or "")
            message = reason.strip() + (": " + snippet if snippet else " (empty body)")
        return ApiError(
            operation,
            self.redact(str(message)),
            status=response.status_code,
            error_code=code,
            request_id=request_id or body_request_id,
        )

    def _decode(self, response, operation):
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise ApiError(
                operation,
                "HTTP %s with a body that is not JSON: %s" % (response.status_code, _text_snippet(response.text)),
                status=response.status_code,
                request_id=response.headers.get("X-Request-Id"),
            ) from None
