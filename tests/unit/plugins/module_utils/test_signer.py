# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests for plugins/module_utils/signer.py.

The official SDK signer (huaweicloudsdkcore, test-only) is the oracle: for the
same request, ours must produce the same Authorization, the same headers and
the same URL on the wire.  The SDK takes the query as decoded (key, value)
pairs while we take a percent-encoded URL, so every generated request keeps
its decoded pairs next to the URL they were encoded into.
"""

import collections
import copy
import hashlib
import json
import os
import re
import string
import types
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from ansible_collections.huaweicloud.kafka.plugins.module_utils import signer

AK = "QTWAOYTTINDUT2QVKYUC"
SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"
DATE = "20191115T033655Z"
JSON = {"Content-Type": "application/json"}
STRAY_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")


# ---------------------------------------------------------------------------
# The SDK oracle


@pytest.fixture(scope="module")
def sdk(tmp_path_factory):
    """The SDK's Signer and SdkRequest; importing the SDK writes $HOME/.huaweicloud."""
    old_home = os.environ.get("HOME")
    os.environ["HOME"] = str(tmp_path_factory.mktemp("sdk-home"))
    try:
        signer_module = pytest.importorskip("huaweicloudsdkcore.signer.signer")
        request_module = pytest.importorskip("huaweicloudsdkcore.sdk_request")
    finally:
        if old_home is None:
            del os.environ["HOME"]
        else:
            os.environ["HOME"] = old_home
    return signer_module.Signer, request_module.SdkRequest


@pytest.fixture
def matches_sdk(request):
    """``assert_matches_sdk`` with the oracle; skips the test, after its own checks, without the SDK."""
    return lambda req: assert_matches_sdk(request.getfixturevalue("sdk"), req)


Request = collections.namedtuple("Request", "method scheme netloc path query pairs headers body")


def url_of(request):
    query = "?" + request.query if request.query else ""
    return "%s://%s%s%s" % (request.scheme, request.netloc, request.path, query)


def make_request(path="/v1/p", query="", pairs=(), headers=None, body=None, method="GET", netloc="example.com"):
    return Request(method, "https", netloc, path, query, list(pairs), dict(JSON if headers is None else headers), body)


def sdk_sign(sdk, req, ak, sk, date):
    """Sign ``req`` the way huaweicloudsdkcore's client does (see client.build_future_request)."""
    sdk_signer, sdk_request = sdk
    headers = dict(req.headers)
    if not any(name.lower() == "x-sdk-date" for name in headers):
        headers["X-Sdk-Date"] = date  # the SDK would take utcnow(); pin it
    signed = sdk_request(
        method=req.method,
        schema=req.scheme,
        host=req.netloc,
        resource_path=req.path,
        query_params=list(req.pairs),
        header_params=headers,
        body=req.body,
    )
    return sdk_signer(types.SimpleNamespace(ak=ak, sk=sk)).sign(signed)


def as_sent(headers):
    """Our headers as the SDK holds them: UTF-8 bytes appear as Latin-1 text."""
    return {k: v.decode("latin-1") if isinstance(v, bytes) else v for k, v in headers.items()}


def assert_matches_sdk(sdk, req, ak=AK, sk=SK, date=DATE):
    given_headers = copy.deepcopy(req.headers)
    ours = signer.sign(req.method, url_of(req), req.headers, req.body, ak, sk, sdk_date=date)
    assert req.headers == given_headers, "input headers were mutated"

    theirs = sdk_sign(sdk, req, ak, sk, date)
    assert ours["Authorization"] == theirs.header_params["Authorization"]
    assert as_sent(ours) == theirs.header_params
    assert theirs.uri.startswith(req.path)
    sdk_query = theirs.uri[len(req.path) :]
    assert signer.wire_url(url_of(req)) == "%s://%s%s%s" % (req.scheme, req.netloc, wire_path(req.path), sdk_query)
    return ours


def wire_path(path):
    """The SDK sends its resource path as is; ours escapes what requests would change (see wire_url)."""
    segments = STRAY_PERCENT.sub("%25", path).split("/")
    return "/".join({".": "%2E", "..": "%2E%2E"}.get(segment, segment) for segment in segments)


# ---------------------------------------------------------------------------
# Strategies

# Strategies are built once at module level and combined with map(): building them
# inside @composite functions on every draw costs most of the run time.

UNICODE = st.characters(blacklist_categories=("Cs",))
SOME_TEXT = st.text(st.sampled_from(string.printable + " éü€日本😀\u3000\xa0"), max_size=8) | st.text(
    UNICODE, max_size=6
)
MASKS = st.integers(0, 2**32 - 1)  # one bit per character: a cheap way to vary encodings
CONTROL = "".join(chr(c) for c in range(32)) + "\x7f"


def percent_encode(text, must_encode, mask):
    """``text`` with some characters percent-encoded (hex in either case), chosen by ``mask``."""
    out = []
    for index, char in enumerate(text):
        bits = mask >> (2 * index % 32)
        if char in must_encode or char in CONTROL or bits & 1:
            hex_digits = "".join("%%%02X" % b for b in char.encode("utf-8"))
            out.append(hex_digits.lower() if bits & 2 else hex_digits)
        else:
            out.append(char)
    return "".join(out)


RAW_PATH_TOKENS = st.sampled_from(
    [
        "+",
        "%2F",
        "%2f",
        "%20",
        " ",
        "%",
        "%zz",
        "%E9",
        "~",
        "%7E",
        "*",
        ":",
        "@",
        ";",
        ",",
        "=",
        "&",
        "$",
        "!",
        "'",
        "(",
        ")",
        "[",
        "]",
        "é",
        "日本",
        "😀",
        "%C3%A9",
        ".",
        "..",
    ]
)
PATH_PIECES = st.tuples(SOME_TEXT, MASKS).map(lambda tm: percent_encode(tm[0], "%?#/", tm[1])) | RAW_PATH_TOKENS
# Empty segments make double and trailing slashes.
PATHS = st.lists(st.lists(PATH_PIECES, max_size=3).map("".join), max_size=5).map(lambda s: "/" + "/".join(s))


def encode_pair(drawn):
    """(raw pieces, decoded pair): sometimes a bare key for an empty value, sometimes an extra '&'."""
    key, value, key_mask, value_mask, flags = drawn
    raw_key = percent_encode(key, "%#&=", key_mask)
    if value == "" and key and flags & 1:
        pieces = [raw_key]
    else:
        pieces = [raw_key + "=" + percent_encode(value, "%#&", value_mask)]
    if flags >= 18:  # one pair in ten
        pieces.append("")
    return pieces, (key, value)


QUERY_KEYS = st.sampled_from(["a", "A", "limit", "name", "", "a b", "k+", "é"]) | SOME_TEXT
QUERY_VALUES = st.sampled_from(["", "1", "10", "2", "x y", "+"]) | SOME_TEXT
QUERY_PAIRS = st.tuples(QUERY_KEYS, QUERY_VALUES, MASKS, MASKS, st.integers(0, 19)).map(encode_pair)
# (raw query string, decoded pairs): repeated/empty keys and values, reserved chars, '&&'.
QUERIES = st.lists(QUERY_PAIRS, max_size=6).map(
    lambda items: ("&".join(piece for pieces, _pair in items for piece in pieces), [pair for _p, pair in items])
)


def any_case(name):
    return st.integers(0, 2 ** len(name) - 1).map(
        lambda mask: "".join(c.upper() if mask >> i & 1 else c.lower() for i, c in enumerate(name))
    )


WHITESPACE = st.sampled_from(["", " ", "  ", "\t", " \t ", "\u3000", "\xa0"])
HEADER_VALUES = st.tuples(WHITESPACE, SOME_TEXT, WHITESPACE).map("".join) | st.integers(-5, 10**6)
# A date must parse and an exact-case Content-Type must be a str (the SDK calls .startswith on it).
HEADER_NAMES = st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=12).filter(
    lambda name: name.lower() != "x-sdk-date" and name != "Content-Type"
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json;charset=UTF-8",
        "application/bson",
        "text/plain",
        "application/octet-stream",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "",
        " application/json",
        "Application/JSON",
        "application/jsonp",
    ]
)
DATES = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda d: d.strftime(signer.DATE_FORMAT)
)
HOSTS = st.tuples(
    st.sampled_from(
        [
            "dms.cn-north-4.myhuaweicloud.com",
            "dms.eu-west-101.myhuaweicloud.eu",
            "localhost",
            "127.0.0.1",
            "[::1]",
            "Example.COM",
        ]
    ),
    st.sampled_from(["", ":443", ":8443", ":80", ":1"]),
).map("".join)
POSITIONS = st.integers(0, 9)  # headers are sorted by a drawn position: random order, stable shrinking


def optional_header(name, values):
    return st.none() | st.tuples(POSITIONS, st.just(name) | any_case(name), values)


HEADER_ITEMS = st.tuples(
    st.lists(st.tuples(POSITIONS, HEADER_NAMES, HEADER_VALUES), max_size=5),
    optional_header("Content-Type", CONTENT_TYPES),
    optional_header("X-Sdk-Date", DATES),
    optional_header("Host", HOSTS | HEADER_VALUES),
    optional_header("X-Sdk-Content-Sha256", st.sampled_from(["UNSIGNED-PAYLOAD", "", "  ", "abc", "0" * 64])),
)
HEADERS = HEADER_ITEMS.map(
    lambda drawn: {
        name: value
        for _pos, name, value in sorted(drawn[0] + [item for item in drawn[1:] if item], key=lambda item: item[0])
    }
)

JSON_BODIES = st.dictionaries(SOME_TEXT, SOME_TEXT | st.integers(), max_size=3).map(json.dumps)
BODIES = st.one_of(
    st.none(),
    st.just(b""),
    st.just(""),
    st.binary(max_size=64),
    st.text(UNICODE, max_size=16),
    JSON_BODIES,
    JSON_BODIES.map(lambda text: text.encode("utf-8")),
)
METHODS = st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "get", "Patch"])
KEYS = st.text(string.ascii_letters + string.digits, min_size=1, max_size=40) | st.text(UNICODE, min_size=1)
REQUESTS = st.tuples(METHODS, st.sampled_from(["https", "http"]), HOSTS, PATHS, QUERIES, HEADERS, BODIES).map(
    lambda d: Request(d[0], d[1], d[2], d[3], d[4][0], d[4][1], d[5], d[6])
)


# ---------------------------------------------------------------------------
# 1. The worked example from Huawei's signing guide (docs/reference signing.md)


def test_worked_example():
    url = (
        "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs"
        "?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0"
    )
    headers = signer.sign("GET", url, {"Content-Type": "application/json", "X-Sdk-Date": DATE}, None, AK, SK)
    assert headers == {
        "Content-Type": "application/json",
        "X-Sdk-Date": DATE,
        "Host": "service.region.example.com",
        "Authorization": "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, "
        "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
    }


# ---------------------------------------------------------------------------
# 2. Property-based: the SDK is the oracle


# Generated requests compared with the SDK: 600 by default (ansible-test units and the repeated runs of the
# suite), 3,000 in the units stage of tests/run.sh, which sets HWKAFKA_SDK_EXAMPLES. In shards with seeds of their
# own, so that pytest-xdist spreads them over its workers: no worker runs the whole comparison alone at the end of
# the suite (3,000 in one test took a minute on a busy machine, half the per-test timeout).
SDK_SHARDS = 6
SDK_EXAMPLES = int(os.environ.get("HWKAFKA_SDK_EXAMPLES", "600"))


@pytest.mark.parametrize("shard", range(SDK_SHARDS))
def test_matches_sdk(sdk, shard):
    @seed(shard)
    @settings(max_examples=max(1, SDK_EXAMPLES // SDK_SHARDS), deadline=None, database=None)
    @given(req=REQUESTS, ak=KEYS, sk=KEYS, date=DATES)
    def matches(req, ak, sk, date):
        assert_matches_sdk(sdk, req, ak, sk, date)

    matches()


def assert_survives_requests(url):
    """requests re-quotes URLs: the signed query must reach the wire unchanged, the path sign alike."""
    requests = pytest.importorskip("requests")
    sent = requests.Request("GET", signer.wire_url(url)).prepare().path_url
    sent_path, _sep, sent_query = sent.partition("?")
    assert sent_query == signer.canonical_query_string(url)
    assert signer._canonical_uri(sent_path) == signer._canonical_uri(urlsplit(url).path)


@settings(max_examples=300, deadline=None)
@given(path=PATHS, query=QUERIES)
def test_wire_url_survives_requests(path, query):
    assert_survives_requests("https://example.com%s?%s" % (path, query[0]))


@settings(max_examples=300, deadline=None)
@given(path=PATHS, query=QUERIES, headers=HEADERS, body=BODIES)
def test_wire_url_signs_like_the_url(path, query, headers, body):
    """Callers may sign the wire URL itself: same signature, and wire_url is idempotent."""
    url = "https://example.com%s?%s" % (path, query[0])
    wire = signer.wire_url(url)
    assert signer.wire_url(wire) == wire
    assert signer.sign("POST", wire, headers, body, AK, SK, sdk_date=DATE) == signer.sign(
        "POST", url, headers, body, AK, SK, sdk_date=DATE
    )


# ---------------------------------------------------------------------------
# 3. Edge cases, each checked against the SDK and, where it is short, against the expected form


@pytest.mark.parametrize(
    "path, canonical",
    [
        ("/", "/"),
        ("/v2/x", "/v2/x/"),
        ("/v2/x/", "/v2/x/"),  # trailing slash: signs like without
        ("/v2//x", "/v2//x/"),  # double slash is kept
        ("//", "//"),
        ("/a%2Fb", "/a/b/"),  # encoded slash splits like a slash
        ("/a%2fb", "/a/b/"),
        ("/a+b", "/a%2Bb/"),  # '+' in a path is a plus
        ("/a%20b c", "/a%20b%20c/"),
        ("/caf%C3%A9/café", "/caf%C3%A9/caf%C3%A9/"),
        ("/%7Euser/%41", "/~user/A/"),
        ("/*:@;,=$!", "/%2A%3A%40%3B%2C%3D%24%21/"),
        ("/a%zz/%", "/a%25zz/%25/"),  # not an escape: a literal '%'
        ("/%E9", "/%EF%BF%BD/"),  # invalid UTF-8 decodes to U+FFFD, as in the SDK
    ],
)
def test_canonical_uri(matches_sdk, path, canonical):
    assert signer._canonical_uri(path) == canonical
    matches_sdk(make_request(path=path))


@pytest.mark.parametrize(
    "query, pairs, canonical",
    [
        ("", [], ""),
        ("a=2&a=10&a=1", [("a", "2"), ("a", "10"), ("a", "1")], "a=1&a=10&a=2"),  # repeated: sorted as strings
        ("b=&a", [("b", ""), ("a", "")], "a=&b="),  # empty values keep '='
        ("=v&=", [("", "v"), ("", "")], "=&=v"),  # empty keys
        ("a=1&&b=2&", [("a", "1"), ("b", "2")], "a=1&b=2"),  # empty pieces are dropped
        ("q=a+b", [("q", "a+b")], "q=a%2Bb"),  # '+' is a plus, not a space
        ("q=a%20b", [("q", "a b")], "q=a%20b"),
        ("q=a%2Fb/c", [("q", "a/b/c")], "q=a%2Fb%2Fc"),
        ("q=*~-._", [("q", "*~-._")], "q=%2A~-._"),
        ("k=v=w", [("k", "v=w")], "k=v%3Dw"),
        ("%C3%A9=%c3%bc&Z=1&a=1", [("é", "ü"), ("Z", "1"), ("a", "1")], "Z=1&a=1&%C3%A9=%C3%BC"),
        ("a=%zz", [("a", "%zz")], "a=%25zz"),
        ("a=b&a=", [("a", "b"), ("a", "")], "a=&a=b"),
        ("x=1&x%20y=2", [("x", "1"), ("x y", "2")], "x=1&x%20y=2"),
    ],
)
def test_canonical_query(matches_sdk, query, pairs, canonical):
    url = "https://example.com/v1/p?" + query
    assert signer.canonical_query_string(url) == canonical
    assert signer.wire_url(url) == "https://example.com/v1/p" + ("?" + canonical if canonical else "")
    matches_sdk(make_request(query=query, pairs=pairs))


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"Content-Type": " application/json ", "X-Custom": "  a  b\t"}, id="surrounding-whitespace"),
        pytest.param({"Content-Type": "application/json", "X_Custom_Id": "x", "x-project-id": "p"}, id="underscore"),
        pytest.param({"Content-Type": "text/plain"}, id="non-json-content-type"),
        pytest.param({"Content-Type": "application/json;charset=UTF-8"}, id="json-with-charset"),
        pytest.param({"Content-Type": "application/bson"}, id="bson"),
        pytest.param({}, id="no-content-type"),
        pytest.param({"content-type": "text/plain"}, id="lower-case-content-type"),
        pytest.param({"Content-Type": ""}, id="empty-content-type"),
        pytest.param({"Content-Type": "application/json", "x-sdk-date": DATE}, id="date-lower-case"),
        pytest.param({"Content-Type": "application/json", "X-SDK-DATE": "2019115T33655Z"}, id="date-unpadded"),
        pytest.param({"Content-Type": "application/json", "HOST": "other.example.com:8443"}, id="host-upper-case"),
        pytest.param({"Content-Type": "application/json", "X-Name": "café 日本"}, id="non-ascii-value"),
        pytest.param({"Content-Type": "application/json", "X-Count": 3}, id="int-value"),
        pytest.param({"Content-Type": "application/json", "X-A": "1", "x-a": "2"}, id="same-name-two-cases"),
        pytest.param({"Content-Type": "text/plain", "x-sdk-content-sha256": "abc"}, id="declared-hash-other-case"),
        pytest.param({"Content-Type": "application/json", "X-Sdk-Content-Sha256": " é "}, id="declared-hash-non-ascii"),
    ],
)
@pytest.mark.parametrize(
    "body", [None, b"", b'{"a": 1}', b"\x00\xff\xfe binary"], ids=["none", "empty", "json", "binary"]
)
def test_headers_and_bodies(matches_sdk, headers, body):
    matches_sdk(make_request(headers=headers, body=body, method="POST"))


@pytest.mark.parametrize("netloc", ["example.com:8443", "example.com:443", "127.0.0.1:8080", "[::1]:9092"])
def test_port_in_host(matches_sdk, netloc):
    headers = matches_sdk(make_request(netloc=netloc))
    assert headers["Host"] == netloc


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH", "get"])
def test_methods(matches_sdk, method):
    matches_sdk(make_request(method=method, body=b"{}"))


def test_unicode_and_reserved_everywhere(matches_sdk):
    matches_sdk(
        make_request(
            path="/v2/%E6%97%A5%E6%9C%AC/a%2Fb/c+d//",
            query="k%C3%A9=%F0%9F%98%80&k%C3%A9=&%26=%3D&sp=a%20b&plus=+",
            pairs=[("ké", "😀"), ("ké", ""), ("&", "="), ("sp", "a b"), ("plus", "+")],
            headers={"Content-Type": "application/json", "X-Name": " 日本 "},
            body='{"name": "日本"}',
        )
    )


# ---------------------------------------------------------------------------
# Behaviour a caller relies on


def signed_headers_of(headers):
    return re.search(r"SignedHeaders=([^,]*),", headers["Authorization"]).group(1).split(";")


def test_returns_new_dict_and_leaves_input_alone():
    given_headers = {"Content-Type": "text/plain", "X-Custom": "  v  "}
    snapshot = dict(given_headers)
    result = signer.sign("PUT", "https://example.com/v1", given_headers, b"x", AK, SK, sdk_date=DATE)
    assert result is not given_headers
    assert given_headers == snapshot
    assert result["X-Custom"] == "v"  # sent stripped, as signed


def test_none_headers_are_allowed():
    result = signer.sign("GET", "https://example.com/v1", None, None, AK, SK, sdk_date=DATE)
    assert signed_headers_of(result) == ["host", "x-sdk-date"]


def test_default_date_is_utc_now():
    before = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    result = signer.sign("GET", "https://example.com/v1", JSON, None, AK, SK)
    stamp = result["X-Sdk-Date"]
    assert re.match(r"^\d{8}T\d{6}Z$", stamp)
    assert before <= datetime.strptime(stamp, signer.DATE_FORMAT) <= before + timedelta(seconds=60)


def test_sdk_date_argument_is_used():
    result = signer.sign("GET", "https://example.com/v1", JSON, None, AK, SK, sdk_date=DATE)
    assert result["X-Sdk-Date"] == DATE


@pytest.mark.parametrize("name", ["X-Sdk-Date", "x-sdk-date", "X-SDK-DATE"])
def test_given_date_header_wins(name):
    result = signer.sign("GET", "https://example.com/v1", {name: DATE}, None, AK, SK, sdk_date="20240102T030405Z")
    assert result[name] == DATE
    assert [k for k in result if k.lower() == "x-sdk-date"] == [name]


@pytest.mark.parametrize("name", ["Host", "host", "HOST"])
def test_host_not_overridden(name):
    result = signer.sign(
        "GET", "https://example.com:8443/v1", {name: "gateway.example.com"}, None, AK, SK, sdk_date=DATE
    )
    assert result[name] == "gateway.example.com"
    assert [k for k in result if k.lower() == "host"] == [name]


def test_host_is_netloc_with_port():
    result = signer.sign("GET", "https://example.com:8443/v1", JSON, None, AK, SK, sdk_date=DATE)
    assert result["Host"] == "example.com:8443"


def test_body_str_and_bytes_sign_alike():
    text = '{"name": "café"}'
    as_str = signer.sign("POST", "https://example.com/v1", JSON, text, AK, SK, sdk_date=DATE)
    as_bytes = signer.sign("POST", "https://example.com/v1", JSON, text.encode("utf-8"), AK, SK, sdk_date=DATE)
    assert as_str == as_bytes


def test_empty_bodies_sign_alike():
    signatures = {
        signer.sign("POST", "https://example.com/v1", JSON, body, AK, SK, sdk_date=DATE)["Authorization"]
        for body in (None, b"", "")
    }
    assert len(signatures) == 1


def test_trailing_slash_signs_alike():
    without = signer.sign("GET", "https://example.com/v2/x", JSON, None, AK, SK, sdk_date=DATE)
    with_slash = signer.sign("GET", "https://example.com/v2/x/", JSON, None, AK, SK, sdk_date=DATE)
    assert without["Authorization"] == with_slash["Authorization"]


def test_underscore_header_sent_not_signed():
    result = signer.sign("GET", "https://example.com/v1", {"X_Trace": " t "}, None, AK, SK, sdk_date=DATE)
    assert result["X_Trace"] == "t"
    assert "x_trace" not in signed_headers_of(result)


@pytest.mark.parametrize(
    "content_type, marked",
    [
        ("application/json", False),
        ("application/json; charset=utf-8", False),
        ("application/bson", False),
        ("text/plain", True),
        ("application/octet-stream", True),
        ("Application/Json", True),
        ("", False),
    ],
)
def test_unsigned_payload_marker(content_type, marked):
    result = signer.sign("POST", "https://example.com/v1", {"Content-Type": content_type}, b"x", AK, SK, sdk_date=DATE)
    assert (result.get("X-Sdk-Content-Sha256") == "UNSIGNED-PAYLOAD") is marked
    assert ("x-sdk-content-sha256" in signed_headers_of(result)) is marked


def test_marker_only_for_exact_case_content_type():
    result = signer.sign("POST", "https://example.com/v1", {"content-type": "text/plain"}, b"x", AK, SK, sdk_date=DATE)
    assert "X-Sdk-Content-Sha256" not in result


def test_non_ascii_header_value_is_utf8_bytes():
    result = signer.sign("GET", "https://example.com/v1", {"X-Name": " café "}, None, AK, SK, sdk_date=DATE)
    assert result["X-Name"] == "café".encode()


def test_resigning_a_result_is_stable():
    """A retry may feed the previous result back in: the date and values carry over unchanged."""
    first = signer.sign("GET", "https://example.com/v1", {"X-Name": "café"}, None, AK, SK, sdk_date=DATE)
    again = dict(first)
    del again["Authorization"]
    assert signer.sign("GET", "https://example.com/v1", again, None, AK, SK) == first


def test_declared_payload_hash_replaces_the_body_hash():
    url = "https://example.com/v1"
    declared = dict(JSON, **{"X-Sdk-Content-Sha256": hashlib.sha256(b'{"a": 1}').hexdigest()})
    assert signer.sign("POST", url, declared, b'{"a": 1}', AK, SK, sdk_date=DATE) == signer.sign(
        "POST", url, declared, b"other body", AK, SK, sdk_date=DATE
    )
    assert signer.sign("POST", url, JSON, b'{"a": 1}', AK, SK, sdk_date=DATE) != signer.sign(
        "POST", url, JSON, b"other body", AK, SK, sdk_date=DATE
    )


def test_wire_url_drops_fragment_keeps_path():
    url = "http://example.com:8080/v2/a%2Fb/c+d//?z=1&a=x+y#frag"
    assert signer.wire_url(url) == "http://example.com:8080/v2/a%2Fb/c+d//?a=x%2By&z=1"
    assert signer.wire_url("https://example.com/v1?") == "https://example.com/v1"
    assert signer.wire_url("https://example.com") == "https://example.com/"


@pytest.mark.parametrize(
    "path, sent",
    [
        ("/v2/a%2Fb/c+d//é x", "/v2/a%2Fb/c+d//é x"),  # anything else is left to the HTTP library
        ("/a%zz%30", "/a%25zz%30"),  # requests would turn this into /a%25zz%2530: '%30' would sign as '%2530'
        ("/a%", "/a%25"),
        ("/a%2", "/a%252"),
        ("/%٣٣", "/%25٣٣"),  # non-ASCII digits: not an escape for unquote
        ("/a/../b", "/a/%2E%2E/b"),  # requests would send /b
        ("/a/./b/.", "/a/%2E/b/%2E"),
        ("/..", "/%2E%2E"),
        ("/a../.b/...", "/a../.b/..."),
    ],
)
def test_wire_url_protects_path_from_requests(matches_sdk, path, sent):
    url = "https://example.com" + path
    assert signer.wire_url(url) == "https://example.com" + sent
    assert_survives_requests(url)
    matches_sdk(make_request(path=path))


@pytest.mark.parametrize("url", ["/v1/p", "example.com/v1", ""])
def test_relative_url_is_rejected(url):
    with pytest.raises(ValueError):
        signer.sign("GET", url, JSON, None, AK, SK)


def test_malformed_date_is_rejected():
    with pytest.raises(ValueError):
        signer.sign("GET", "https://example.com/v1", JSON, None, AK, SK, sdk_date="2024-01-02T03:04:05Z")
