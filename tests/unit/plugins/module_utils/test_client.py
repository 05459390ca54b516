"""The HTTP client against a real loopback server: headers, signing, retries, errors, IAM lookup."""

import json
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
from helpers.loopback import Answer, ScriptedServer, closed_port_url
from helpers.secret_scan import leaks

from ansible_collections.huaweicloud.kafka.plugins.module_utils import signer
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http import client as client_mod
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import (
    ApiError,
    Client,
    dms_endpoint_for,
    iam_endpoint_for,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.retry import Backoff

AK = "TESTACCESSKEY000001"
SK = "test-secret-key-do-not-print-0001"
TOKEN = "test-security-token-do-not-print-0001"
PROJECT = "0123456789abcdef0123456789abcdef"
TASKS = ("instances", "inst-1", "connector", "tasks")


@pytest.fixture
def server():
    srv = ScriptedServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def sleeps():
    return []


def make_client(url, sleeps, **kwargs):
    options = dict(
        access_key=AK,
        secret_key=SK,
        region="ap-southeast-1",
        project_id=PROJECT,
        endpoint=url,
        iam_endpoint=url,
        timeout=2,
        retries=3,
        backoff=Backoff(base=0.5, cap=4.0, rand=lambda low, high: high),
        sleep=sleeps.append,
    )
    options.update(kwargs)
    return Client(**options)


def error_answer(status, code, msg, request_id="req-1", **headers):
    headers["X-Request-Id"] = request_id
    return Answer(status, {"error_code": code, "error_msg": msg}, headers)


# --- endpoints and headers ---------------------------------------------------------------------


def test_default_endpoints():
    assert dms_endpoint_for("ap-southeast-1") == "https://dms.ap-southeast-1.myhuaweicloud.com"
    assert dms_endpoint_for("eu-west-101") == "https://dms.eu-west-101.myhuaweicloud.eu"
    assert iam_endpoint_for("cn-north-4") == "https://iam.cn-north-4.myhuaweicloud.com"
    assert iam_endpoint_for("eu-west-101") == "https://iam.eu-west-101.myhuaweicloud.eu"
    client = Client(AK, SK, region="eu-west-101", project_id=PROJECT)
    assert client.endpoint == "https://dms.eu-west-101.myhuaweicloud.eu"


def test_region_needed_without_endpoint_or_project():
    with pytest.raises(ValueError, match="region"):
        Client(AK, SK, project_id=PROJECT)
    with pytest.raises(ValueError, match="region"):
        Client(AK, SK, endpoint="http://127.0.0.1:1")
    assert Client(AK, SK, project_id=PROJECT, endpoint="http://127.0.0.1:1").project_id == PROJECT


def test_request_carries_sdk_headers_and_a_signature(server, sleeps):
    server.answer(Answer(200, {"tasks": []}))
    client = make_client(server.url, sleeps, security_token=TOKEN)
    assert client.call("GET", TASKS, "list tasks", query=[("offset", 0), ("limit", 50)]) == {"tasks": []}
    sent = server.requests[0]
    assert sent.method == "GET"
    assert sent.path == "/v2/%s/instances/inst-1/connector/tasks" % PROJECT
    assert sent.query == "limit=50&offset=0"
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["X-Project-Id"] == PROJECT
    assert sent.headers["X-Security-Token"] == TOKEN
    assert sent.headers["User-Agent"] == "huaweicloud.kafka/%s (Ansible collection)" % client_mod.COLLECTION_VERSION
    auth = sent.headers["Authorization"]
    assert auth.startswith("SDK-HMAC-SHA256 Access=%s, SignedHeaders=" % AK)
    signed = auth.split("SignedHeaders=")[1].split(",")[0].split(";")
    assert signed == sorted(["content-type", "host", "user-agent", "x-project-id", "x-sdk-date", "x-security-token"])


def test_signature_matches_a_fresh_signature_of_what_was_sent(server, sleeps):
    server.answer(Answer(200, {"id": "t1"}))
    client = make_client(server.url, sleeps)
    client.call("POST", TASKS, "create task", body={"task_name": "ütf-8 name", "topics": "a b"})
    sent = server.requests[0]
    resigned = signer.sign(
        "POST",
        server.url + sent.target,
        {k: sent.headers[k] for k in ("Content-Type", "User-Agent", "X-Project-Id", "Host")},
        sent.body,
        AK,
        SK,
        sdk_date=sent.headers["X-Sdk-Date"],
    )
    assert resigned["Authorization"] == sent.headers["Authorization"]


def test_query_spaces_go_on_the_wire_as_percent_20(server, sleeps):
    client = make_client(server.url, sleeps)
    client.call("GET", TASKS, "list tasks", query={"name": "a b+c"})
    assert server.requests[0].query == "name=a%20b%2Bc"


def test_path_segments_are_escaped(server, sleeps):
    client = make_client(server.url, sleeps)
    client.call("GET", ("instances", "../x y"), "read instance")
    assert server.requests[0].path == "/v2/%s/instances/..%%2Fx%%20y" % PROJECT


def test_empty_success_body_is_none(server, sleeps):
    server.answer(Answer(204))
    assert make_client(server.url, sleeps).call("PUT", TASKS + ("t1", "pause"), "pause task") is None


# --- retries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        Answer(429, {"error_code": "APIG.0308", "error_msg": "throttled"}),
        Answer(500, {"error_code": "DMS.00500000", "error_msg": "internal"}),
        Answer(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", {"Content-Type": "text/html"}),
        Answer(503, ""),
        Answer(504, {"error_code": "APIGW.0201", "error_msg": "timeout"}),
        Answer(404, {"error_code": "DMS.10240407", "error_msg": "flow control"}),
        Answer(drop=True),
    ],
    ids=["429", "500", "502-html", "503-empty", "504", "dms-throttle", "dropped"],
)
def test_get_retries_transient_failures_and_resigns_each_attempt(server, sleeps, failure, monkeypatch):
    server.answer(failure, failure, Answer(200, {"ok": True}))
    signatures = []
    real_sign = signer.sign

    def counting_sign(*args, **kwargs):
        signatures.append(args)
        return real_sign(*args, **kwargs)

    monkeypatch.setattr(signer, "sign", counting_sign)
    assert make_client(server.url, sleeps).call("GET", TASKS, "list tasks") == {"ok": True}
    assert len(server.requests) == 3
    assert len(signatures) == 3
    assert sleeps == [0.5, 1.0]  # exponential, and the test's jitter takes the upper bound


def test_backoff_is_capped(server, sleeps):
    failure = Answer(503, "")
    server.answer(*([failure] * 6))
    client = make_client(server.url, sleeps, retries=5)
    with pytest.raises(ApiError) as caught:
        client.call("GET", TASKS, "list tasks")
    assert caught.value.status == 503
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert len(server.requests) == 6


def test_jitter_stays_within_the_exponential_bound():
    backoff = Backoff(base=1.0, cap=10.0)
    for attempt in range(8):
        for _sample in range(50):
            assert 0 <= backoff.delay(attempt) <= min(10.0, 2**attempt)


def test_retry_after_is_honoured(server, sleeps):
    server.answer(
        Answer(429, {"error_code": "APIG.0308", "error_msg": "slow down"}, {"Retry-After": "3"}),
        Answer(
            429, {"error_code": "APIG.0308", "error_msg": "slow down"}, {"Retry-After": "Thu, 01 Jan 1970 00:00:00 GMT"}
        ),
        Answer(200, {}),
    )
    make_client(server.url, sleeps).call("GET", TASKS, "list tasks")
    assert sleeps == [3.0, 0.0]


def test_hostile_retry_after_is_capped(server, sleeps):
    server.answer(Answer(429, {"error_code": "APIG.0308", "error_msg": "x"}, {"Retry-After": "86400"}), Answer(200, {}))
    make_client(server.url, sleeps).call("GET", TASKS, "list tasks")
    assert sleeps == [60.0]


def test_retries_zero_means_one_attempt(server, sleeps):
    server.answer(Answer(503, ""), Answer(200, {}))
    with pytest.raises(ApiError):
        make_client(server.url, sleeps, retries=0).call("GET", TASKS, "list tasks")
    assert len(server.requests) == 1 and sleeps == []


def test_client_errors_are_not_retried(server, sleeps):
    server.answer(error_answer(400, "DMS.00400062", "Invalid parameter"))
    with pytest.raises(ApiError) as caught:
        make_client(server.url, sleeps).call("PUT", TASKS + ("t1",), "modify task", body={})
    assert len(server.requests) == 1 and sleeps == []
    assert caught.value.status == 400 and not caught.value.not_found


@pytest.mark.parametrize(
    "failure",
    [Answer(500, {"error_code": "DMS.00500000", "error_msg": "x"}), Answer(502, ""), Answer(drop=True)],
    ids=["500", "502", "dropped-after-sending"],
)
def test_post_that_reached_the_server_is_never_repeated(server, sleeps, failure):
    server.answer(failure, Answer(200, {"id": "t1"}))
    with pytest.raises(ApiError):
        make_client(server.url, sleeps).call("POST", TASKS, "create task", body={"task_name": "abcd"})
    assert len(server.requests) == 1 and sleeps == []


@pytest.mark.parametrize(
    "failure",
    [
        Answer(429, {"error_code": "APIG.0308", "error_msg": "x"}),
        Answer(404, {"error_code": "DMS.10240407", "error_msg": "x"}),
    ],
    ids=["429", "dms-throttle"],
)
def test_post_is_retried_after_throttling(server, sleeps, failure):
    server.answer(failure, Answer(200, {"id": "t1"}))
    assert make_client(server.url, sleeps).call("POST", TASKS, "create task", body={}) == {"id": "t1"}
    assert len(server.requests) == 2


def test_post_is_retried_when_the_connection_is_refused(sleeps, monkeypatch):
    attempts = []
    real_sign = signer.sign
    monkeypatch.setattr(signer, "sign", lambda *a, **k: attempts.append(a) or real_sign(*a, **k))
    with pytest.raises(ApiError) as caught:
        make_client(closed_port_url(), sleeps, retries=2).call("POST", TASKS, "create task", body={})
    assert len(attempts) == 3 and len(sleeps) == 2
    assert caught.value.error_code == "ConnectionError" and caught.value.status is None
    assert "create task" == caught.value.operation


def test_put_is_retried_after_a_dropped_connection(server, sleeps):
    server.answer(Answer(drop=True), Answer(200, {"id": "t1"}))
    assert make_client(server.url, sleeps).call("PUT", TASKS + ("t1",), "modify task", body={}) == {"id": "t1"}
    assert len(server.requests) == 2


def test_slow_answers_time_out_and_get_is_retried(server, sleeps):
    server.answer(Answer(200, {}, delay=1.5), Answer(200, {"ok": 1}))
    assert make_client(server.url, sleeps, timeout=1).call("GET", TASKS, "list tasks") == {"ok": 1}
    assert len(sleeps) == 1


def test_post_read_timeout_is_not_retried(server, sleeps):
    server.answer(Answer(200, {}, delay=1.5), Answer(200, {}))
    with pytest.raises(ApiError) as caught:
        make_client(server.url, sleeps, timeout=1).call("POST", TASKS, "create task", body={})
    assert caught.value.error_code == "Timeout"
    assert len(server.requests) == 1 and sleeps == []


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"error_code": "DMS.00400062", "error_msg": "Invalid parameter"},
        {"errorCode": "DMS.00400062", "errorMsg": "Invalid parameter"},
        {"code": "DMS.00400062", "message": "Invalid parameter"},
        {"error": {"code": "DMS.00400062", "message": "Invalid parameter"}},
    ],
    ids=["error_code", "errorCode", "code", "nested"],
)
def test_json_error_bodies(server, sleeps, body):
    server.answer(Answer(400, body, {"X-Request-Id": "rid-42"}))
    with pytest.raises(ApiError) as caught:
        make_client(server.url, sleeps).call("GET", TASKS, "list tasks")
    error = caught.value
    assert str(error) == "Invalid parameter (DMS.00400062, rid-42)"
    assert (error.status, error.error_code, error.request_id) == (400, "DMS.00400062", "rid-42")
    assert error.to_result() == dict(
        status_code=400, error_code="DMS.00400062", error_msg="Invalid parameter", request_id="rid-42"
    )


def test_html_error_body_gives_a_readable_message(server, sleeps):
    html = "<html><head><style>p{}</style></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"
    server.default = Answer(502, html, {"Content-Type": "text/html"})
    with pytest.raises(ApiError) as caught:
        make_client(server.url, sleeps, retries=1).call("GET", TASKS, "list tasks")
    message = str(caught.value)
    assert message == "HTTP 502 Bad Gateway: 502 Bad Gateway nginx (HTTP 502, no request id)"


def test_empty_error_body(server, sleeps):
    server.answer(Answer(403, "", {"X-Request-Id": "rid-9"}))
    with pytest.raises(ApiError) as caught:
        make_client(server.url, sleeps).call("GET", TASKS, "list tasks")
    assert str(caught.value) == "HTTP 403 Forbidden (empty body) (HTTP 403, rid-9)"


def test_not_json_success_body_is_an_error(server, sleeps):
    server.answer(Answer(200, "<html>login</html>", {"Content-Type": "text/html", "X-Request-Id": "r"}))
    with pytest.raises(ApiError, match="not JSON: login"):
        make_client(server.url, sleeps).call("GET", TASKS, "list tasks")


def test_missing_resource_is_told_apart_from_throttling(server, sleeps):
    server.answer(error_answer(404, "DMS.00404022", "The instance does not exist"))
    with pytest.raises(ApiError) as caught:
        make_client(server.url, sleeps).call("GET", ("instances", "nope"), "read instance")
    assert caught.value.not_found
    server.default = error_answer(404, "DMS.10240407", "flow control")
    with pytest.raises(ApiError) as caught:
        make_client(server.url, sleeps, retries=1, rate_limit_timeout=1).call(
            "GET", ("instances", "i"), "read instance"
        )
    assert not caught.value.not_found and caught.value.error_code == "DMS.10240407"


# --- IAM project lookup ----------------------------------------------------------------------


def test_project_id_is_looked_up_once(server, sleeps):
    server.answer(
        Answer(200, {"projects": [{"id": "p-1", "name": "ap-southeast-1"}]}), Answer(200, {}), Answer(200, {})
    )
    client = make_client(server.url, sleeps, project_id=None)
    client.call("GET", TASKS, "list tasks")
    client.call("GET", TASKS, "list tasks")
    lookup, first, second = server.requests
    assert lookup.path == "/v3/projects" and lookup.query == "name=ap-southeast-1"
    assert "X-Project-Id" not in lookup.headers and lookup.headers["Authorization"]
    assert first.path.startswith("/v2/p-1/") and first.headers["X-Project-Id"] == "p-1"
    assert second.path.startswith("/v2/p-1/")


def test_no_project_for_the_region(server, sleeps):
    server.answer(Answer(200, {"projects": []}))
    with pytest.raises(ApiError, match="no project named ap-southeast-1; set project_id"):
        make_client(server.url, sleeps, project_id=None).call("GET", TASKS, "list tasks")


def test_several_projects_for_the_region(server, sleeps):
    server.answer(Answer(200, {"projects": [{"id": "p-2"}, {"id": "p-1"}]}))
    with pytest.raises(ApiError, match=r"several projects named ap-southeast-1 \(p-1, p-2\)"):
        make_client(server.url, sleeps, project_id=None).project_id  # noqa: B018 (reading the property is the test)


def test_iam_failure_names_the_lookup(server, sleeps):
    server.answer(Answer(401, {"error": {"code": "APIGW.0301", "message": "bad signature"}}, {"X-Request-Id": "r1"}))
    with pytest.raises(ApiError) as caught:
        make_client(server.url, sleeps, project_id=None).project_id  # noqa: B018 (reading the property is the test)
    assert caught.value.operation == "look up the project id of region ap-southeast-1"
    assert str(caught.value) == "bad signature (APIGW.0301, r1)"


# --- secrets -------------------------------------------------------------------------------


def test_secrets_never_appear_in_error_text(server, sleeps):
    peer_password = "peer-password-do-not-print"
    echo = "canonical request: x-security-token:%s|secret %s|password %s" % (TOKEN, SK, peer_password)
    server.answer(Answer(401, {"error_code": "APIGW.0301", "error_msg": echo}))
    client = make_client(server.url, sleeps, security_token=TOKEN)
    client.add_secrets(peer_password)
    with pytest.raises(ApiError) as caught:
        client.call("POST", TASKS, "create task", body={"source_task": {"password": peer_password}})
    for text in (str(caught.value), repr(caught.value), caught.value.error_msg, str(caught.value.args)):
        for secret in (SK, TOKEN, peer_password):
            assert secret not in text
    assert "********" in str(caught.value)


AWKWARD_SK = 'sk-"quoted"\\back\tslash\nline-é-0002'
AWKWARD_TOKEN = 'token/with+plus&"é"\t-0003'


@pytest.mark.parametrize(
    "form",
    [
        str,
        lambda s: json.dumps(s)[1:-1],
        lambda s: json.dumps(s, ensure_ascii=False)[1:-1],
        lambda s: json.dumps(json.dumps(s)[1:-1])[1:-1],
        lambda s: urllib.parse.quote(s, safe=""),
        urllib.parse.quote_plus,
    ],
    ids=["raw", "json", "json-unicode", "json-twice", "percent", "percent-plus"],
)
def test_every_written_form_of_a_secret_is_masked(server, sleeps, form):
    peer_password = 'pw"é\\\t\n-0004'
    echo = "request was: token=%s sk=%s password=%s" % tuple(
        form(s) for s in (AWKWARD_TOKEN, AWKWARD_SK, peer_password)
    )
    server.answer(Answer(400, {"error_code": "DMS.00400062", "error_msg": echo}))
    client = make_client(server.url, sleeps, secret_key=AWKWARD_SK, security_token=AWKWARD_TOKEN)
    client.add_secrets(peer_password)
    with pytest.raises(ApiError) as caught:
        client.call("POST", TASKS, "create task", body={"source_task": {"password": peer_password}})
    assert not leaks(str(caught.value), (AWKWARD_SK, AWKWARD_TOKEN, peer_password))
    assert str(caught.value).count("********") == 3


def test_secrets_never_appear_in_transport_errors(sleeps):
    with pytest.raises(ApiError) as caught:
        make_client(closed_port_url(), sleeps, retries=0, security_token=TOKEN).call("GET", TASKS, "list tasks")
    assert SK not in str(caught.value) and TOKEN not in str(caught.value)
    assert caught.value.error_msg.startswith("ConnectionError talking to 127.0.0.1:")


def test_delete_whose_answer_was_lost_then_404_has_succeeded(server, sleeps):
    # The first DELETE acted but its answer never came; the retry finds nothing left to delete.
    server.answer(Answer(drop=True), error_answer(404, "DMS.00404070", "The task does not exist"))
    assert make_client(server.url, sleeps).call("DELETE", TASKS + ("t1",), "delete task") is None
    assert len(server.requests) == 2


def test_delete_of_a_missing_task_is_still_not_found(server, sleeps):
    server.answer(error_answer(404, "DMS.00404070", "The task does not exist"))
    with pytest.raises(ApiError) as caught:
        make_client(server.url, sleeps).call("DELETE", TASKS + ("t1",), "delete task")
    assert caught.value.not_found


def test_delete_throttled_then_404_is_not_found(server, sleeps):
    # A throttled attempt never reached the service, so a 404 after it means the task never existed.
    server.answer(Answer(429, {"error_code": "APIG.0308", "error_msg": "x"}), error_answer(404, "DMS.00404070", "gone"))
    with pytest.raises(ApiError) as caught:
        make_client(server.url, sleeps).call("DELETE", TASKS + ("t1",), "delete task")
    assert caught.value.not_found


class CountingSession:
    """A requests.Session stand-in that counts the requests in flight at once."""

    def __init__(self, delay=0.03):
        self.delay = delay
        self.lock = threading.Lock()
        self.now = self.most = 0

    def request(self, method, url, headers=None, **kwargs):  # pylint: disable=unused-argument
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(self.delay)
        with self.lock:
            self.now -= 1
        response = client_mod.requests.models.Response()
        response.status_code, response._content = 200, b"{}"
        response.headers["X-Request-Id"] = "req-%s" % threading.current_thread().name
        return response

    def mount(self, prefix, adapter):
        pass


@pytest.mark.parametrize("at_once", [1, 3])
def test_allow_parallel_bounds_the_requests_in_flight(sleeps, at_once):
    session = CountingSession()
    client = make_client("http://127.0.0.1:9", sleeps, session=session)
    client.allow_parallel(at_once)
    with ThreadPoolExecutor(8) as pool:
        for future in [pool.submit(client.call, "GET", TASKS, "list") for _call in range(12)]:
            future.result()
    assert session.most == at_once  # never more, and (with 8 threads for 12 calls) as many as allowed


def test_each_thread_knows_the_request_id_of_its_own_last_answer(sleeps):
    client = make_client("http://127.0.0.1:9", sleeps, session=CountingSession(delay=0.01))
    client.allow_parallel(4)

    def call_and_read():
        client.call("GET", TASKS, "list")
        return client.last_request_id == "req-%s" % threading.current_thread().name

    with ThreadPoolExecutor(4) as pool:
        assert all(future.result() for future in [pool.submit(call_and_read) for _call in range(8)])
    assert client.last_request_id is None  # this thread sent nothing


# --- throttling: a time budget, not a count ----------------------------------------------------------------------

THROTTLED = Answer(429, {"error_code": "APIG.0308", "error_msg": "policy user over ratelimit, limit:5, time:1 minute"})


def test_throttling_does_not_use_up_the_retries(server, sleeps):
    server.answer(*([THROTTLED] * 8), Answer(200, {"ok": True}))
    client = make_client(server.url, sleeps, retries=1)
    assert client.call("GET", TASKS, "list tasks") == {"ok": True}
    assert len(server.requests) == 9 and len(sleeps) == 8


def test_throttling_waits_within_the_budget_then_names_it(server, sleeps):
    server.default = THROTTLED
    client = make_client(server.url, sleeps, rate_limit_timeout=10, monotonic=lambda: 0.0)
    with pytest.raises(ApiError) as caught:
        client.call("GET", TASKS, "list tasks")
    # The backoff asks 0.5, 1, 2, 4, 4... (cap 4); the waits add up to the budget exactly, the last one cut short.
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 2.5] and sum(sleeps) == 10
    error = caught.value
    assert error.error_code == "APIG.0308" and error.status == 429
    assert "still throttled after 10 seconds of waiting (rate_limit_timeout)" in str(error)
    assert str(error).startswith("policy user over ratelimit, limit:5, time:1 minute; ")


def test_the_budget_counts_the_clock_when_the_clock_runs_ahead(server, sleeps):
    server.default = THROTTLED
    now = iter([0.0, 0.1, 30.0])  # the machine stalled: 30 seconds passed during a 1-second wait
    client = make_client(server.url, sleeps, rate_limit_timeout=20, monotonic=lambda: next(now))
    with pytest.raises(ApiError, match="still throttled after 20 seconds"):
        client.call("GET", TASKS, "list tasks")
    assert sleeps == [0.5, 1.0] and len(server.requests) == 3


def test_a_budget_of_zero_gives_up_at_the_first_throttled_answer(server, sleeps):
    server.answer(THROTTLED, Answer(200, {}))
    with pytest.raises(ApiError, match="still throttled after 0 seconds"):
        make_client(server.url, sleeps, rate_limit_timeout=0).call("POST", TASKS, "create task", body={})
    assert len(server.requests) == 1 and sleeps == []


def test_throttled_waits_are_full_jitter_so_forks_spread_out():
    waits = [Backoff(base=0.5, cap=20.0).delay(3) for _attempt in range(2000)]
    assert min(waits) >= 0 and max(waits) <= 4.0
    # Spread over the whole range, not clustered at its top: forks throttled together do not come back together.
    assert sum(1 for wait in waits if wait < 2.0) > 700 and sum(1 for wait in waits if wait >= 2.0) > 700


def test_the_dms_flow_control_404_is_throttling_too(server, sleeps):
    flow = Answer(404, {"error_code": "DMS.10240407", "error_msg": "flow control"})
    server.answer(*([flow] * 6), Answer(200, {"id": "t1"}))
    client = make_client(server.url, sleeps, retries=0)
    assert client.call("POST", TASKS, "create task", body={}) == {"id": "t1"}
    assert len(server.requests) == 7
