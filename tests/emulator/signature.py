"""Verification of SDK-HMAC-SHA256 request signatures, the way Huawei's API Gateway checks them.

The request is rebuilt from what arrived on the wire (method, path as sent, decoded query pairs, only the
headers named in SignedHeaders, body bytes) and signed again with the secret key of the access key it
names. The re-signing uses the official SDK's ``Signer`` when installed ("sdk"), otherwise the independent
stdlib implementation below ("builtin"); tests check that both agree. The collection's own signer is never
used: the emulator must be able to catch its mistakes.
"""

import dataclasses
import datetime
import hashlib
import hmac
import re
import types
from typing import Optional
from urllib.parse import quote, unquote

from . import defaults, sdk_import

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
AUTHORIZATION_RE = re.compile(
    r"^SDK-HMAC-SHA256\s+Access=(?P<access>[^,\s]+),\s*SignedHeaders=(?P<signed>[^,\s]+),\s*"
    r"Signature=(?P<signature>[0-9A-Fa-f]+)\s*$"
)


@dataclasses.dataclass
class WireRequest:
    """A request as received: header values already decoded from UTF-8."""

    method: str
    raw_path: str
    query_pairs: list[tuple[str, str]]
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name):
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None


@dataclasses.dataclass
class Verdict:
    ok: bool
    reason: str  # "ok" or why the request was refused
    access_key: Optional[str] = None
    canonical_request: Optional[str] = None

    def error_message(self):
        message = "verify aksk signature fail, error: %s" % self.reason
        if self.canonical_request is not None:
            message += ", canonical request: %s" % self.canonical_request.replace("\n", "|")
        return message


def parse_query(raw_query):
    """Decode a raw query string into (key, value) pairs; '+' stays a literal plus, as the SDK sends it."""
    pairs = []
    for part in raw_query.split("&") if raw_query else []:
        if not part:
            continue
        key, value = part.partition("=")[::2]
        pairs.append((unquote(key), unquote(value)))
    return pairs


def _encode(text):
    return quote(text, safe="~")


def canonical_uri(raw_path):
    path = "/".join(_encode(segment) for segment in unquote(raw_path).split("/"))
    return path if path.endswith("/") else path + "/"


def canonical_query(pairs):
    return "&".join("%s=%s" % (_encode(key), _encode(value)) for key, value in sorted(pairs))


def canonical_request(method, raw_path, query_pairs, signed_headers, body):
    """signed_headers: {lower-case name: value}; names with '_' are skipped, as the SDK skips them."""
    names = sorted(name for name in signed_headers if "_" not in name)
    header_lines = "".join("%s:%s\n" % (name, str(signed_headers[name]).strip()) for name in names)
    if not body:
        payload_hash = EMPTY_BODY_SHA256
    else:
        payload_hash = signed_headers.get("x-sdk-content-sha256") or hashlib.sha256(body).hexdigest()
    return "\n".join(
        (
            method.upper(),
            canonical_uri(raw_path),
            canonical_query(query_pairs),
            header_lines,
            ";".join(names),
            payload_hash,
        )
    )


def builtin_signature(secret_key, sdk_date, canonical):
    string_to_sign = "%s\n%s\n%s" % (ALGORITHM, sdk_date, hashlib.sha256(canonical.encode("utf-8")).hexdigest())
    return hmac.new(secret_key.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


class Verifier:
    """Checks a WireRequest against the account's credentials and the gateway's clock-skew rule."""

    def __init__(self, credentials, clock, signer="auto"):
        self.credentials = credentials
        self.clock = clock
        self._sdk = None
        if signer in ("auto", "sdk"):
            self._sdk = sdk_import.load_sdk_signer()
            if self._sdk is None and signer == "sdk":
                raise RuntimeError("--signer sdk needs huaweicloudsdkcore installed")
        elif signer != "builtin":
            raise ValueError("signer must be auto, sdk or builtin")
        self.signer_name = "sdk" if self._sdk else "builtin"

    def verify(self, request):
        authorization = request.header("Authorization")
        if not authorization:
            return Verdict(False, "missing Authorization header")
        match = AUTHORIZATION_RE.match(authorization.strip())
        if not match:
            return Verdict(
                False,
                "malformed Authorization header (expected %s Access=..., SignedHeaders=..., Signature=...)" % ALGORITHM,
            )
        access_key = match.group("access")
        found = self.credentials.secret_for(access_key)
        if found is None:
            return Verdict(False, "ak %s not exist" % access_key, access_key)
        secret_key, required_token = found
        token = request.header("X-Security-Token")
        if required_token is not None and token is None:
            return Verdict(False, "X-Security-Token is required with a temporary access key", access_key)
        if required_token is not None and token != required_token:
            return Verdict(False, "X-Security-Token does not match the temporary access key", access_key)

        signed = {}
        for name in match.group("signed").lower().split(";"):
            value = request.header(name)
            if value is None:
                return Verdict(False, "signed header %s is missing from the request" % name, access_key)
            signed[name] = value
        if "host" not in signed and request.header("Host") is not None:
            signed["host"] = request.header("Host")  # the SDK's signer adds Host the same way
        canonical = canonical_request(request.method, request.raw_path, request.query_pairs, signed, request.body)

        sdk_date = signed.get("x-sdk-date")
        if sdk_date is None:
            return Verdict(False, "X-Sdk-Date header is missing or not signed", access_key, canonical)
        try:
            signed_at = datetime.datetime.strptime(sdk_date, DATE_FORMAT).replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            return Verdict(
                False, "X-Sdk-Date %r is not in the format YYYYMMDDTHHMMSSZ" % sdk_date, access_key, canonical
            )
        skew = abs(self.clock.wall() - signed_at.timestamp())
        if skew > defaults.MAX_CLOCK_SKEW_SECONDS:
            return Verdict(
                False,
                "X-Sdk-Date %s is %d seconds away from the server time (limit %d)"
                % (sdk_date, skew, defaults.MAX_CLOCK_SKEW_SECONDS),
                access_key,
                canonical,
            )

        expected = self._expected_signature(request, signed, secret_key, access_key, sdk_date, canonical)
        if not hmac.compare_digest(expected, match.group("signature").lower()):
            return Verdict(False, "signature does not match", access_key, canonical)
        return Verdict(True, "ok", access_key, canonical)

    def _expected_signature(self, request, signed, secret_key, access_key, sdk_date, canonical):
        if self._sdk is None:
            return builtin_signature(secret_key, sdk_date, canonical)
        signer_class, request_class = self._sdk
        sdk_request = request_class(
            method=request.method,
            schema="http",
            host=signed.get("host"),
            resource_path=request.raw_path,
            query_params=list(request.query_pairs),
            header_params=dict(signed),
            body=request.body,
        )
        signer_class(types.SimpleNamespace(ak=access_key, sk=secret_key)).sign(sdk_request)
        match = AUTHORIZATION_RE.match(sdk_request.header_params["Authorization"])
        return match.group("signature").lower()
