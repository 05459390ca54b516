"""The identity endpoints beside DMS: ECS metadata (session token, securitykey) and STS assume-with-oidc.

They hand out the emulator's temporary triple (accepted by the DMS API), with an ``expires_at`` that the
``identity_ttl`` switch sets, so a client's credential chain and its refresh can be tested on loopback.
They are not signed (neither is the real metadata service nor the OIDC exchange). Paths:

- ``PUT /meta-data/latest/api/token`` (header ``X-Metadata-Token-Ttl-Seconds``) -> a session token (text)
- ``GET /openstack/latest/securitykey`` (header ``X-Metadata-Token``) -> ``{"credential": {...}}``
- ``POST /v5/agencies/assume-with-oidc`` -> ``{"credentials": {...}}``
"""

import json
import time
import uuid

from . import defaults

ROUTES = {
    ("PUT", "/meta-data/latest/api/token"): "MetadataToken",
    ("GET", "/openstack/latest/securitykey"): "MetadataSecurityKey",
    ("POST", "/v5/agencies/assume-with-oidc"): "AssumeAgencyWithOidc",
}
NO_AGENCY = "Please configure Cloud Service Agency first"


def match(method, raw_path):
    """The operation name of an identity request, or None."""
    return ROUTES.get((method, raw_path.rstrip("/") or "/"))


def _expiry(wall, ttl):
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(wall + ttl))


class Identity:
    """Answers identity requests: (status, headers, body bytes)."""

    def __init__(self, credentials, switches, clock):
        self.credentials = credentials
        self.switches = switches
        self.clock = clock
        self.tokens = set()

    def answer(self, operation, headers, body):
        return getattr(self, "_" + operation.lower())(headers, body)

    @staticmethod
    def _json(status, payload):
        return status, {}, json.dumps(payload).encode("utf-8")

    def _triple(self):
        creds = self.credentials
        return (
            creds.temp_access_key,
            creds.temp_secret_key,
            creds.security_token,
            _expiry(self.clock.wall(), self.switches.identity_ttl),
        )

    def _metadatatoken(self, headers, body):
        del body
        if self.switches.metadata_token == "unsupported":
            return 404, {}, b"Not Found"
        if not headers.get("x-metadata-token-ttl-seconds", "").isdigit():
            return 400, {}, b"X-Metadata-Token-Ttl-Seconds is required"
        token = "emulator-metadata-session-" + uuid.uuid4().hex
        self.tokens.add(token)
        return 200, {"Content-Type": "text/plain"}, token.encode("utf-8")

    def _metadatasecuritykey(self, headers, body):
        del body
        if self.switches.metadata_token == "required" and headers.get("x-metadata-token") not in self.tokens:
            return 401, {"Content-Type": "text/plain"}, b"Unauthorized: a valid X-Metadata-Token is required"
        if not self.switches.metadata_agency:
            return 401, {"Content-Type": "text/plain"}, NO_AGENCY.encode("utf-8")
        access, secret, token, expires = self._triple()
        return self._json(
            200, {"credential": {"access": access, "secret": secret, "securitytoken": token, "expires_at": expires}}
        )

    def _assumeagencywithoidc(self, headers, body):
        del headers
        try:
            request = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            request = None
        if not isinstance(request, dict):
            return self._json(400, {"error_msg": "the body must be a JSON object", "error_code": "STS.0001"})
        if (
            request.get("provider_urn") != defaults.OIDC_PROVIDER_URN
            or request.get("agency_urn") != defaults.OIDC_AGENCY_URN
        ):
            return self._json(403, {"error_msg": "unknown identity provider or agency", "error_code": "STS.0403"})
        if request.get("id_token") != self.switches.oidc_id_token:
            return self._json(401, {"error_msg": "the id token is not valid", "error_code": "STS.0401"})
        duration = request.get("duration_seconds")
        if not isinstance(duration, int) or not 900 <= duration <= 43200:
            return self._json(400, {"error_msg": "duration_seconds must be 900 to 43200", "error_code": "STS.0002"})
        access, secret, token, expires = self._triple()
        return self._json(
            200,
            {
                "credentials": {
                    "access_key_id": access,
                    "secret_access_key": secret,
                    "security_token": token,
                    "expiration": expires,
                }
            },
        )
