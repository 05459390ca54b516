# Copyright: (c) 2026, huaweicloud.kafka contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
"""Huawei Cloud AK/SK request signing (SDK-HMAC-SHA256).

A standard-library-only re-implementation of the signer in Huawei's official
Python SDK (``huaweicloudsdkcore.signer.signer.Signer``).  It produces the same
``Authorization`` header, byte for byte, for the same request, quirks
included.  It imports nothing from Ansible, and unlike the rest of the collection
(GPL-3.0-or-later) it is under the BSD 2-Clause license, so any code can reuse it.

Typical use::

    url = 'https://dms.ap-southeast-1.myhuaweicloud.com/v2/%s/instances?%s' % (
        project_id, urlencode(params, quote_via=quote))   # not quote_plus: '+' means '+'
    headers = sign('GET', url, {'Content-Type': 'application/json'}, body, ak, sk)
    requests.request('GET', wire_url(url), headers=headers, data=body)

Call ``sign()`` again for every retry, with the original headers rather than
the previous result (which carries its ``X-Sdk-Date``): the gateway rejects a
date more than 15 minutes off.
"""

import hashlib
import hmac
import re
from datetime import datetime, timezone
from urllib.parse import quote, unquote, urlsplit

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

_WELL_FORMED_DATE = re.compile(r"[0-9]{8}T[0-9]{6}Z\Z")
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*\Z")
_DATE_HEADER = "X-Sdk-Date"
_HOST_HEADER = "Host"
_CONTENT_SHA256_HEADER = "X-Sdk-Content-Sha256"
_AUTHORIZATION_HEADER = "Authorization"
# Content types whose body the SDK hashes; any other type is sent UNSIGNED-PAYLOAD.
_HASHED_CONTENT_TYPES = ("application/json", "application/bson")
_STRAY_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")
_DOT_SEGMENTS = {".": "%2E", "..": "%2E%2E"}


def sign(method, url, headers, body, access_key, secret_key, sdk_date=None):
    """Return a new header dict for the request, signed like the official SDK.

    ``url`` is the absolute URL as it will be sent: path percent-encoded, query
    string included.  Query values are decoded with ``unquote`` (a ``+`` is a
    literal plus), so build the query with ``urlencode(..., quote_via=quote)``
    and send the request to ``wire_url(url)``, which carries the query exactly
    as it was signed.

    ``headers`` is not modified.  The result holds every given header plus
    ``X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`` when the exact-case
    ``Content-Type`` is neither JSON nor BSON, ``X-Sdk-Date`` (``sdk_date`` or
    UTC now) unless a date header is given in any case, ``Host`` (the URL's
    netloc, port included) unless a host header is given in any case, and
    ``Authorization``.  Values are stripped of surrounding whitespace, as the
    SDK sends them; a value with non-ASCII characters is returned as UTF-8
    ``bytes``, the bytes that were signed (an HTTP library would send a ``str``
    as Latin-1).  Header names containing ``_`` are sent but not signed.  A
    non-empty ``X-Sdk-Content-Sha256`` header (any case) is signed in place of
    the body's hash, as the SDK does.

    ``body`` is bytes, str (encoded as UTF-8) or None.  Raises ValueError for a
    relative URL or a malformed ``X-Sdk-Date``.
    """
    _scheme, netloc, path, query = _split_url(url)
    headers = _with_sdk_headers(headers or {}, netloc, sdk_date)
    date = _date_for_string_to_sign(_first_value(headers, _DATE_HEADER))
    values = {name: _header_text(value).strip() for name, value in headers.items()}
    signed_names = sorted(name.lower() for name in values if "_" not in name)

    canonical_request = "\n".join(
        [
            method.upper(),
            _canonical_uri(path),
            _canonical_query(query),
            _canonical_headers(values, signed_names),  # ends with '\n': a blank line follows
            ";".join(signed_names),
            _payload_hash(values, _body_bytes(body)),
        ]
    )
    string_to_sign = "\n".join([ALGORITHM, date, _sha256_hex(canonical_request.encode("utf-8"))])
    signature = hmac.new(secret_key.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()

    result = {name: _wire_header_value(value) for name, value in values.items()}
    result[_AUTHORIZATION_HEADER] = "%s Access=%s, SignedHeaders=%s, Signature=%s" % (
        ALGORITHM,
        access_key,
        ";".join(signed_names),
        signature,
    )
    return result


def canonical_query_string(url):
    """Return the URL's query in the canonical form that is signed and sent.

    Pairs are split on ``&`` and the first ``=``, decoded with ``unquote``,
    sorted as (key, value) tuples and re-encoded with only ``A-Z a-z 0-9 -._~``
    left literal.  A key without ``=`` gets an empty value (``flag`` becomes
    ``flag=``); empty pieces (``a=1&&b=2``) are dropped.
    """
    return _canonical_query(urlsplit(url).query)


def wire_url(url):
    """Return the URL to send for a request signed with ``sign(..., url, ...)``.

    Like the SDK: same scheme, netloc and path, the canonical query (see
    ``canonical_query_string``) so the server sees exactly the signed query,
    no fragment.  Unlike the SDK, the path is protected from ``requests``,
    which would otherwise change it into one that signs differently (and the
    server would answer 401): a ``%`` that starts no valid escape is sent as
    ``%25`` (else every ``%`` gets re-quoted) and a ``.`` or ``..`` segment as
    ``%2E`` / ``%2E%2E`` (else it is resolved away).  Both sign as before.
    """
    scheme, netloc, path, query = _split_url(url)
    canonical_query = _canonical_query(query)
    if canonical_query:
        return "%s://%s%s?%s" % (scheme, netloc, _wire_path(path), canonical_query)
    return "%s://%s%s" % (scheme, netloc, _wire_path(path))


def _split_url(url):
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        raise ValueError("an absolute URL is required, got %r" % (url,))
    # An HTTP client sends '/' for an empty path.
    return parts.scheme, parts.netloc, parts.path or "/", parts.query


def _wire_path(path):
    segments = _STRAY_PERCENT.sub("%25", path).split("/")
    return "/".join(_DOT_SEGMENTS.get(segment, segment) for segment in segments)


def _with_sdk_headers(headers, netloc, sdk_date):
    """Copy ``headers`` and add what the SDK adds before signing, in its order."""
    headers = dict(headers)
    content_type = headers.get("Content-Type")  # the SDK looks up this exact case only
    if content_type and not _header_text(content_type).startswith(_HASHED_CONTENT_TYPES):
        headers[_CONTENT_SHA256_HEADER] = UNSIGNED_PAYLOAD
    if _first_value(headers, _DATE_HEADER) is None:
        headers[_DATE_HEADER] = sdk_date or datetime.now(timezone.utc).strftime(DATE_FORMAT)
    if _first_value(headers, _HOST_HEADER) is None:
        headers[_HOST_HEADER] = netloc
    return headers


def _first_value(headers, wanted):
    """Value of the first header named ``wanted`` in any case, else None."""
    wanted = wanted.lower()
    for name, value in headers.items():
        if name.lower() == wanted:
            return value
    return None


def _date_for_string_to_sign(value):
    # The SDK parses the date and formats it again (the header itself is signed as given). A well-formed
    # date comes back unchanged, so only check that it is a real one (strptime is slow, and runs per request).
    text = _header_text(value)
    if _WELL_FORMED_DATE.match(text):
        datetime(int(text[0:4]), int(text[4:6]), int(text[6:8]), int(text[9:11]), int(text[11:13]), int(text[13:15]))
        return text
    return datetime.strptime(text, DATE_FORMAT).strftime(DATE_FORMAT)


def _header_text(value):
    if isinstance(value, bytes):  # e.g. a value returned by an earlier sign()
        return value.decode("utf-8")
    return str(value)


def _wire_header_value(value):
    return value if value.isascii() else value.encode("utf-8")


def _canonical_uri(path):
    # Decode everything (so '%2F' splits like '/'), re-encode each segment; always end with '/'.
    uri = "/".join(_encode(segment) for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else uri + "/"


def _canonical_query(query):
    pairs = sorted(_query_pairs(query))  # sorted decoded, before encoding, like the SDK
    return "&".join("%s=%s" % (_encode(key), _encode(value)) for key, value in pairs)


def _encode(text):
    # quote() leaves unreserved characters alone; most ids and names are only those, so skip the call.
    return text if _UNRESERVED.match(text) else quote(text, safe="~")


def _query_pairs(query):
    pairs = []
    for piece in query.split("&"):
        if piece:
            key, _sep, value = piece.partition("=")
            pairs.append((unquote(key), unquote(value)))
    return pairs


def _canonical_headers(values, signed_names):
    # Like the SDK: names equal but for case share the last one's value, and each gets a line.
    by_lower_name = {name.lower(): value for name, value in values.items()}
    return "".join("%s:%s\n" % (name, by_lower_name[name]) for name in signed_names)


def _payload_hash(values, body):
    if not body:
        return EMPTY_BODY_SHA256
    declared = _first_value(values, _CONTENT_SHA256_HEADER)
    if declared:
        # The SDK reads it after turning header values into UTF-8-as-Latin-1 strings.
        return declared.encode("utf-8").decode("latin-1")
    return _sha256_hex(body)


def _body_bytes(body):
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, bytearray):
        return bytes(body)
    return body.encode("utf-8")


def _sha256_hex(data):
    return hashlib.sha256(data).hexdigest()
