"""A scripted HTTP server on 127.0.0.1 for client tests.

Each request takes the next scripted answer (or the default one) and is
recorded, so a test can say "answer 429 twice, then 200" and then check
exactly what arrived.
"""

import json
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class Answer:
    """One scripted answer: a status with a body, a dropped connection, or a slow reply."""

    def __init__(self, status=200, body=None, headers=None, drop=False, delay=0.0):
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.drop = drop
        self.delay = delay

    def payload(self):
        if self.body is None:
            return b""
        if isinstance(self.body, (dict, list)):
            return json.dumps(self.body).encode()
        return self.body.encode() if isinstance(self.body, str) else self.body


class Recorded:
    def __init__(self, method, target, headers, body):
        self.method = method
        self.target = target
        parts = urlsplit(target)
        self.path = parts.path
        self.query = parts.query
        self.headers = headers
        self.body = body


class ScriptedServer:
    def __init__(self):
        self.script = []
        self.default = Answer(200, {})
        self.requests = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with server._lock:
                    server.requests.append(Recorded(self.command, self.path, dict(self.headers), body))
                    answer = server.script.pop(0) if server.script else server.default
                if answer.delay:
                    time.sleep(answer.delay)
                if answer.drop:
                    # Close without a word, as a crashed proxy would.
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                payload = answer.payload()
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if payload and "Content-Type" not in answer.headers:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self._httpd.server_address[1]

    def answer(self, *answers):
        self.script.extend(answers)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()


def closed_port_url():
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return "http://127.0.0.1:%d" % port


# Where the credential chain's network sources point in tests unless a test says otherwise: a loopback
# port nothing listens on (9, discard), so the metadata and STS calls are refused at once, never sent out.
NOWHERE = "http://127.0.0.1:9"


def identity_environment(directory):
    """The variables that keep the credential chain on loopback and away from the user's own files.

    HOME is an empty directory, so there is no ``~/.huaweicloud/credentials``: the credentials file is not
    configured (HUAWEICLOUD_SDK_CREDENTIALS_FILE must be unset too, as a named file that is missing is an error).
    """
    home = os.path.join(str(directory), "home-without-credentials")
    os.makedirs(home, exist_ok=True)
    return {
        "HUAWEICLOUD_METADATA_ENDPOINT": NOWHERE,
        "HUAWEICLOUD_SDK_STS_ENDPOINT": NOWHERE,
        "HOME": home,
    }
