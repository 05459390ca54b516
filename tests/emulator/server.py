"""HTTP plumbing: one origin serving the DMS and IAM APIs plus the /_emulator admin API.

For each API request: route -> fault (maybe) -> signature -> project -> operation -> journal.
EmulatorServer runs in a background thread, so pytest can start it in-process; run.py wraps it for the
command line.
"""

import http.server
import ipaddress
import json
import socket
import sys
import threading
import time
import traceback
import uuid
from urllib.parse import urlsplit

from . import admin, api, config, defaults, errors, identity, journal, ratelimit, signature, state
from .faults import FaultBook, malform

MAX_BODY_BYTES = 10 * 1024 * 1024

# Seconds list_barrier holds a list request at most: more than two processes started together take to list on a
# busy machine, less than a client's timeout would wait before it sent the request again.
LIST_BARRIER_WAIT = 150.0  # two ansible-playbook runs started together may reach the list far apart on a busy machine


class EmulatorServer:
    """The emulator, startable in-process: ``with EmulatorServer() as server: server.url``."""

    def __init__(self, settings=None, clock=None):
        self.settings = settings or config.Settings()
        self._initial_switches = self.settings.switches.copy()
        self.switches = self.settings.switches.copy()
        self.clock = clock or state.SystemClock()
        self.store = state.Store(
            self.switches, self.clock, home=(self.settings.credentials.project_id, self.settings.credentials.region)
        )
        self.faults = FaultBook()
        self.rate_limit = ratelimit.RateLimit(self.clock)
        self._barrier_lock = threading.Lock()
        self._barrier = None  # the list_barrier being filled, and how many requests it still takes
        self._barrier_left = 0
        self.journal = journal.Journal()
        self.verifier = signature.Verifier(self.settings.credentials, self.clock, self.settings.signer)
        self.api = api.Api(self.store, self.settings.credentials, self.switches)
        self.identity = identity.Identity(self.settings.credentials, self.switches, self.clock)
        self._httpd = None
        self._thread = None
        # API requests being answered: reset() waits for them, so a slow answer to one test cannot land
        # in the next test's journal or state.
        self._in_flight = 0
        self._idle = threading.Condition()

    # ----- life cycle ---------------------------------------------------------------------------
    def start(self):
        if self._httpd is not None:
            raise RuntimeError("the emulator is already running")
        httpd = _HTTPServer((self.settings.host, self.settings.port), _Handler)
        httpd.emulator = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, name="dms-emulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self):
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def url(self):
        if self._httpd is None:
            raise RuntimeError("the emulator is not running")
        host, port = self._httpd.server_address[:2]
        host = "[%s]" % host if ":" in host else host
        return "http://%s:%d" % (host, port)

    def reset(self, settle_timeout=10.0):
        """Back to the start-up state: seeded instances, start-up switches, no faults, empty journal.

        Waits first (at most ``settle_timeout`` seconds) for API requests still being answered.
        """
        with self._idle:
            self._idle.wait_for(lambda: self._in_flight == 0, timeout=settle_timeout)
        with self.store.lock:
            self.switches.update(self._initial_switches.to_dict())
            self.store.seed()
        self.faults.clear()
        self.rate_limit.reset()
        self.journal.clear()
        self.identity.tokens.clear()

    def info(self):
        creds = self.settings.credentials
        return {
            "url": self.url,
            "access_key": creds.access_key,
            "secret_key": creds.secret_key,
            "temp_access_key": creds.temp_access_key,
            "temp_secret_key": creds.temp_secret_key,
            "security_token": creds.security_token,
            "project_id": creds.project_id,
            "domain_id": creds.domain_id,
            "region": creds.region,
            "ambiguous_project_id": defaults.AMBIGUOUS_PROJECT_ID,
            "instances": {
                "connector_on": defaults.INSTANCE_CONNECTOR_ON,
                "connector_off": defaults.INSTANCE_CONNECTOR_OFF,
                "peer_1": defaults.PEER_INSTANCE_1,
                "peer_2": defaults.PEER_INSTANCE_2,
            },
            "max_tasks": defaults.MAX_TASKS,
            "signer": self.verifier.signer_name,
            "admin_prefix": defaults.ADMIN_PREFIX,
            "oidc_provider_urn": defaults.OIDC_PROVIDER_URN,
            "oidc_agency_urn": defaults.OIDC_AGENCY_URN,
        }

    # ----- one API request ----------------------------------------------------------------------
    def serve_api(self, handler, wire, request_id):
        """Answer a DMS/IAM request through `handler` (a _Handler) and journal it."""
        with self._idle:
            self._in_flight += 1
        try:
            self._serve_api(handler, wire, request_id)
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    def _serve_identity(self, handler, wire, request_id, operation):
        """ECS metadata and STS (identity.py): unsigned; faults apply; journaled like the API."""
        entry = {
            "time": self.clock.wall(),
            "request_id": request_id,
            "operation": operation,
            "method": wire.method,
            "path": wire.raw_path,
            "query": [list(p) for p in wire.query_pairs],
            "headers": dict(wire.headers),
            "body": journal.parse_body(wire.body),
            "signature": None,
            "access_key": None,
            "fault": None,
            "status": None,
            "delivered": False,
            "response_body": None,
        }
        fault = self.faults.take(wire.method, wire.raw_path, operation)
        if fault is not None:
            entry["fault"] = fault.kind
            if fault.kind in ("drop_before", "drop_after"):
                self.journal.record(entry)
                handler.drop_connection()
                return
            if fault.kind in ("gateway_throttle", "dms_throttle", "server_error"):
                status, headers, payload = fault.error_response(request_id)
                entry.update(status=status, response_body=journal.parse_body(payload), delivered=True)
                self.journal.record(entry)
                handler.send(status, headers, payload, request_id)
                return
            if fault.kind == "slow":
                time.sleep(fault.delay)
        headers = {name.lower(): value for name, value in wire.headers}
        status, answer_headers, payload = self.identity.answer(operation, headers, wire.body)
        entry.update(status=status, response_body=journal.parse_body(payload), delivered=True)
        self.journal.record(entry)
        handler.send(status, answer_headers, payload, request_id)

    def _meet_at_list_barrier(self):
        """With the list_barrier switch, hold this task list request until that many are in flight (at most
        LIST_BARRIER_WAIT seconds):
        runs that look a task up together all see the list as it was before any of them wrote."""
        with self._barrier_lock:
            wanted = self.switches.list_barrier
            if not wanted:
                return
            if self._barrier is None:
                self._barrier, self._barrier_left = threading.Barrier(wanted), wanted
            barrier = self._barrier
            self._barrier_left -= 1
            if self._barrier_left == 0:  # one barrier only: the switch turns itself off
                self._barrier, self.switches.list_barrier = None, None
        try:
            barrier.wait(timeout=LIST_BARRIER_WAIT)
        except threading.BrokenBarrierError:
            pass

    def _serve_api(self, handler, wire, request_id):
        operation = identity.match(wire.method, wire.raw_path)
        if operation:
            self._serve_identity(handler, wire, request_id, operation)
            return
        route = api.match(wire.method, wire.raw_path)
        verdict = self.verifier.verify(wire)
        entry = {
            "time": self.clock.wall(),
            "request_id": request_id,
            "operation": route.operation if route else None,
            "method": wire.method,
            "path": wire.raw_path,
            "query": [list(pair) for pair in wire.query_pairs],
            "headers": dict(wire.headers),
            "body": journal.parse_body(wire.body),
            "signature": verdict.reason,
            "access_key": verdict.access_key,
            "fault": None,
            "status": None,
            "delivered": False,
            "response_body": None,
        }
        limit, window = self.switches.rate_limit, self.switches.rate_window
        if limit is not None and not self.rate_limit.admit(limit, window):
            status, headers, payload = ratelimit.throttled_response(limit, window, request_id)
            entry.update(fault="rate_limit", status=status, response_body=journal.parse_body(payload), delivered=True)
            self.journal.record(entry)
            handler.send(status, headers, payload, request_id)
            return
        fault = self.faults.take(wire.method, wire.raw_path, entry["operation"])
        if fault is not None:
            entry["fault"] = fault.kind
            if fault.kind == "drop_before":
                self.journal.record(entry)
                handler.drop_connection()
                return
            if fault.kind in ("gateway_throttle", "dms_throttle", "server_error"):
                status, headers, payload = fault.error_response(request_id)
                entry.update(status=status, response_body=journal.parse_body(payload), delivered=True)
                self.journal.record(entry)
                handler.send(status, headers, payload, request_id)
                return
            if fault.kind == "slow":
                time.sleep(fault.delay)

        if route is not None and route.operation == "ListConnectorTasks":
            self._meet_at_list_barrier()
        status, headers, body = self._answer(route, verdict, wire, request_id)
        payload = None if body is None else json.dumps(body).encode("utf-8")
        if fault is not None and fault.kind == "malformed" and status < 300:
            payload = malform(fault, body)
            body = journal.parse_body(payload)
        entry.update(status=status, response_body=body)
        if fault is not None and fault.kind == "drop_after":
            self.journal.record(entry)  # the change is made; the client never hears about it
            handler.drop_connection()
            return
        entry["delivered"] = True
        self.journal.record(entry)
        handler.send(status, headers, payload, request_id)

    def _answer(self, route, verdict, wire, request_id):
        try:
            if route is None or not self.api.published(route):
                raise errors.ApiError(
                    404, errors.API_NOT_FOUND, "The API does not exist or has not been published in the environment"
                )
            if not verdict.ok:
                raise errors.auth_failed(verdict.error_message())
            self.api.check_project(route, wire.header("X-Project-Id"))
            answer = self.api.call(route, wire, self.url)
            return answer.status, answer.headers, answer.body
        except errors.ApiError as exc:
            body = exc.body(request_id)
            if exc.status == 400 and self.store.switches.echo_body_in_errors and wire.body:
                # Some services quote the request back, JSON-escaped: secrets then appear escaped.
                body["error_msg"] += " (request: %s)" % wire.body.decode("utf-8", "replace")
            return exc.status, exc.headers, body
        except Exception:  # pylint: disable=broad-except  # an emulator bug must still answer
            traceback.print_exc(file=sys.stderr)
            return 500, {}, {"error_code": errors.INTERNAL_ERROR, "error_msg": "emulator internal error"}


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gave up (timeout, dropped fault) is normal here, not worth a traceback.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, socket.timeout)):
            return
        super().handle_error(request, client_address)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the SDK's requests session expects
    server_version = "api-gateway"  # the Server header Huawei's gateway sends
    timeout = 60  # an idle keep-alive connection frees its thread after this

    def do_GET(self):  # noqa: N802  (http.server's naming)
        self._dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    @property
    def emulator(self):
        return self.server.emulator

    def version_string(self):
        return self.server_version

    def setup(self):
        super().setup()
        # Headers and body leave in one write anyway; no Nagle delay on keep-alive connections.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if self.emulator.settings.verbose:
            sys.stderr.write("%s - %s\n" % (self.address_string(), format % args))

    def _dispatch(self):
        request_id = uuid.uuid4().hex
        target = self.path
        if target.startswith(("http://", "https://")):  # absolute-form request target
            parts = urlsplit(target)
            target = parts.path + ("?" + parts.query if parts.query else "")
        raw_path, raw_query = target.partition("?")[::2]
        try:
            body = self._read_body()
        except ValueError as exc:
            self.send(
                400, {}, json.dumps({"error_code": errors.INVALID_REQUEST, "error_msg": str(exc)}).encode(), request_id
            )
            self.close_connection = True
            return
        if raw_path == defaults.ADMIN_PREFIX or raw_path.startswith(defaults.ADMIN_PREFIX + "/"):
            self._serve_admin(raw_path[len(defaults.ADMIN_PREFIX) :], raw_query, body, request_id)
            return
        wire = signature.WireRequest(
            method=self.command,
            raw_path=raw_path,
            query_pairs=signature.parse_query(raw_query),
            headers=[(name, _utf8(value)) for name, value in self.headers.items()],
            body=body,
        )
        self.emulator.serve_api(self, wire, request_id)

    def _serve_admin(self, subpath, raw_query, body, request_id):
        if not is_loopback(self.client_address[0]):
            status, answer = 403, {"error": "the admin API answers loopback clients only"}
        else:
            parsed = journal.parse_body(body)
            if isinstance(parsed, str):
                status, answer = 400, {"error": "the body must be JSON"}
            else:
                status, answer = admin.handle(
                    self.emulator, self.command, subpath, signature.parse_query(raw_query), parsed
                )
        self.send(status, {}, json.dumps(answer).encode("utf-8"), request_id)

    def _read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
                if sum(map(len, chunks)) > MAX_BODY_BYTES:
                    raise ValueError("request body too large")
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > MAX_BODY_BYTES:
            raise ValueError("bad Content-Length")
        return self.rfile.read(length) if length else b""

    def send(self, status, headers, payload, request_id):
        """Write a complete response; payload None means no body (204)."""
        self.send_response(status)
        self.send_header("X-Request-Id", request_id)
        headers = dict(headers)
        if payload is not None:
            self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
            self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self._headers_buffer.append(b"\r\n")  # end_headers() without its flush: one write for all
        if payload is not None and self.command != "HEAD":
            self._headers_buffer.append(payload)
        self.flush_headers()

    def drop_connection(self):
        """Close the socket without a response (simulates a network failure)."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def is_loopback(address):
    """True for 127.0.0.0/8, ::1 and IPv4-mapped loopback: the only clients the admin API answers."""
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(parsed, "ipv4_mapped", None)
    return (mapped or parsed).is_loopback


def _utf8(value):
    """http.server decodes header bytes as latin-1; the SDK sends UTF-8: undo the first decode."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value
