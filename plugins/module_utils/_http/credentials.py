# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Finding credentials the way Huawei's SDK does when no key is given: OIDC, environment, file, ECS metadata.

The order, variable names, INI keys, STS default and metadata flow are those of
``huaweicloudsdkcore.auth.provider.CredentialProviderChain`` (the tests compare the two), without the SDK.
Stricter than the SDK in one way: only a source that is not configured at all passes the turn to the next
one; a configured source that cannot give keys is an error naming it (the SDK goes on to the next source
for most of those, so a typo could sign the run as another identity). No Ansible import: the module glue
lives in ``_ansible/base.py``.

Private to this collection: it may change without notice between releases.
"""

import calendar
import configparser
import json
import os
import time

try:
    import requests
except ImportError:  # pragma: no cover - _ansible/base.py reports the missing library
    requests = None

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.url_parts import METADATA_HOSTS, endpoint_errors

METADATA_ENDPOINT = "http://169.254.169.254"
METADATA_TOKEN_PATH = "/meta-data/latest/api/token"
METADATA_SECURITYKEY_PATH = "/openstack/latest/securitykey"
METADATA_TOKEN_TTL_SECONDS = 6 * 60 * 60  # the SDK's
# The SDK's (3, 3): a machine outside Huawei Cloud waits at most this long for 169.254.169.254.
METADATA_TIMEOUT = (3, 3)
# The metadata service says this when the ECS has no agency: no point in asking for a new token.
NO_AGENCY_TEXT = "Please configure Cloud Service Agency first"

STS_PATH = "/v5/agencies/assume-with-oidc"
DEFAULT_STS_ENDPOINT = "https://sts.cn-north-4.myhuaweicloud.com"
# Regions with their own STS endpoint (huaweicloudsdkcore/auth/endpoint.py); the others use the default.
STS_REGIONS = (
    "cn-north-4",
    "cn-south-1",
    "cn-east-3",
    "cn-southwest-2",
    "ap-southeast-1",
    "ap-southeast-3",
    "ap-southeast-2",
    "sa-brazil-1",
    "la-south-2",
    "af-south-1",
    "ap-southeast-4",
    "tr-west-1",
)
OIDC_SESSION_NAME = "oidc-sts-session"
OIDC_DURATION_SECONDS = 3600

# Temporary keys are fetched again this long before they expire (less for keys that live shorter), so a
# request signed during a long wait never goes out with keys about to lapse.
REFRESH_MARGIN = 5 * 60

ENV_AK, ENV_SK, ENV_TOKEN = "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN"
# The SDK's environment federation, not supported here: set, it is a configured source that cannot work.
ENV_FEDERATION = ("HUAWEICLOUD_SDK_IDP_ID", "HUAWEICLOUD_SDK_ID_TOKEN_FILE")
ENV_PROJECT = "HUAWEICLOUD_SDK_PROJECT_ID"  # the SDK gives it to OIDC and environment keys
OIDC_VARIABLES = dict(
    provider_urn="HUAWEICLOUD_OIDC_PROVIDER_URN",
    agency_urn="HUAWEICLOUD_OIDC_AGENCY_URN",
    id_token="HUAWEICLOUD_OIDC_ID_TOKEN",
    token_file="HUAWEICLOUD_OIDC_TOKEN_FILE",
    session_name="HUAWEICLOUD_OIDC_SESSION_NAME",
    duration="HUAWEICLOUD_OIDC_DURATION_SECONDS",
    policy="HUAWEICLOUD_OIDC_POLICY",
    policy_ids="HUAWEICLOUD_OIDC_POLICY_IDS",
)
# Any of these set means OIDC is meant to be used; the others only tune it.
OIDC_CONFIGURING = ("provider_urn", "agency_urn", "id_token", "token_file")
STS_ENDPOINT_VARIABLE = "HUAWEICLOUD_SDK_STS_ENDPOINT"
CREDENTIALS_FILE_VARIABLE = "HUAWEICLOUD_SDK_CREDENTIALS_FILE"
METADATA_ENDPOINT_VARIABLE = "HUAWEICLOUD_METADATA_ENDPOINT"


class NoCredentials(Exception):
    """No keys: ``str()`` names the configured source that failed and why, or every place tried."""


class _NotConfigured(Exception):
    """This source is not set up at all: try the next one. ``str()`` says where it looked."""


class _Unavailable(Exception):
    """This source is set up but gave no keys. ``str()`` says what is wrong, never with a secret."""


class Credentials:
    """Keys found by one source; ``refresh()`` asks that source again (temporary keys only)."""

    def __init__(
        self,
        source,
        access_key,
        secret_key,
        security_token=None,
        project_id=None,
        iam_endpoint=None,
        expires_at=None,
        issued_at=None,
        fetch=None,
    ):
        self.source = source
        self.access_key = access_key
        self.secret_key = secret_key
        self.security_token = security_token
        self.project_id = project_id
        self.iam_endpoint = iam_endpoint
        self.expires_at = expires_at
        self.issued_at = issued_at
        self._fetch = fetch

    @property
    def secrets(self):
        return [value for value in (self.secret_key, self.security_token) if value]

    def needs_refresh(self, now):
        if self._fetch is None or self.expires_at is None:
            return False
        lifetime = self.expires_at - (self.issued_at or now)
        return self.expires_at - now < min(REFRESH_MARGIN, max(lifetime, 0) / 2.0)

    def refresh(self):
        """New keys from the same source (a :class:`Credentials`); raises NoCredentials if it fails."""
        try:
            return self._fetch()
        except _Unavailable as exc:
            raise NoCredentials(
                "Could not refresh the temporary credentials from %s: %s" % (self.source, exc)
            ) from None


def parse_expiry(value):
    """``expires_at`` (UTC, as in ``2026-12-01T10:00:00.000000Z``) in epoch seconds, None when unreadable."""
    if not isinstance(value, str):
        return None
    for fmt in ("%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            # The SDK reads it with time.mktime (local time); it is UTC, so timegm.
            return calendar.timegm(time.strptime(value, fmt))
        except ValueError:
            continue
    return None


def read_credential_answer(data):
    """(access, secret, token, expires_at) from an STS or metadata answer, every spelling the SDK reads."""
    if not isinstance(data, dict):
        raise _Unavailable("the answer is not a JSON object")
    data = data.get("credential") or data.get("credentials") or data
    if not isinstance(data, dict):
        raise _Unavailable("the answer has no credential object")

    def first(*keys):
        return next((data[key] for key in keys if data.get(key)), None)

    access = first("access", "accessKeyId", "access_key_id")
    secret = first("secret", "secretAccessKey", "secret_access_key")
    if not (access and secret):
        raise _Unavailable("the answer has no access key and secret key")
    return (
        access,
        secret,
        first("securitytoken", "securityToken", "security_token"),
        parse_expiry(first("expires_at", "expiration")),
    )


def sts_endpoint_for(region, environ):
    return environ.get(STS_ENDPOINT_VARIABLE) or (
        "https://sts.%s.myhuaweicloud.com" % region if region in STS_REGIONS else DEFAULT_STS_ENDPOINT
    )


def default_credentials_file():
    return os.path.join(os.path.expanduser("~"), ".huaweicloud", "credentials")


class Chain:
    """OIDC, the environment, the SDK credentials file, ECS metadata: the first configured source is used.

    A source that is not configured at all passes the turn to the next; a configured one that cannot give
    keys raises NoCredentials naming it, what made it configured, what is wrong and how to fix it. Metadata,
    the last resort, needs no configuration: when it does not answer, the message names every place tried.

    ``hide`` is called with every secret the chain handles (id tokens, keys) as soon as it has it, so the
    caller can mask it before anything is written.
    """

    def __init__(
        self,
        region=None,
        metadata_endpoint=None,
        timeout=30,
        verify=True,
        environ=None,
        environment_keys=None,
        session=None,
        clock=time.time,
        hide=None,
    ):
        self.environ = os.environ if environ is None else environ
        # (access, secret, token) the options' environment variables gave (HW_*, CLOUD_SDK_* too), if any.
        self.environment_keys = environment_keys
        self.region = region
        self.metadata_endpoint = (
            metadata_endpoint or self.environ.get(METADATA_ENDPOINT_VARIABLE) or METADATA_ENDPOINT
        ).rstrip("/")
        self.timeout = timeout
        self.verify = verify
        self.session = session
        self.clock = clock
        self._hide = hide or (lambda *values: None)

    def resolve(self):
        """The :class:`Credentials` of the first configured source, else NoCredentials (see the class)."""
        # ID tokens go to STS and keys come from metadata: neither endpoint may point anywhere unchecked.
        problems = endpoint_errors(self.environ.get(STS_ENDPOINT_VARIABLE) or None, STS_ENDPOINT_VARIABLE)
        problems.extend(
            endpoint_errors(
                self.metadata_endpoint, "metadata_endpoint (or %s)" % METADATA_ENDPOINT_VARIABLE, METADATA_HOSTS
            )
        )
        if problems:
            raise NoCredentials("; ".join(problems))
        tried = ["the options access_key and secret_key (not set)"]
        for source in (self._oidc, self._environment, self._file):
            try:
                return source()
            except _NotConfigured as exc:
                tried.append(str(exc))
        where = "the ECS metadata service at %s" % self.metadata_endpoint
        try:
            return self._temporary("metadata", where, self._metadata_credential)
        except _Unavailable as exc:
            tried.append("%s (%s)" % (where, exc))
        raise NoCredentials("No credentials found. Tried, in order: " + "; ".join(tried))

    @staticmethod
    def oidc_configured(environ):
        """True when any OIDC variable that says which identity to assume is set: then OIDC comes first."""
        return any(environ.get(OIDC_VARIABLES[key]) for key in OIDC_CONFIGURING)

    @staticmethod
    def _unusable(source, because, problem, remedy):
        return NoCredentials(
            "%s is configured as the credential source (%s) but is unusable: %s. No other source "
            "is tried while it is configured: fix it, or %s." % (source, because, problem, remedy)
        )

    def _env(self, name):
        return self.environ.get(name) or None

    # ----- 1. OIDC --------------------------------------------------------------------------------------
    def _oidc(self):
        names = OIDC_VARIABLES
        given = [names[key] for key in OIDC_CONFIGURING if self._env(names[key])]
        if not given:
            raise _NotConfigured("OIDC (%s: none set)" % ", ".join(names[key] for key in OIDC_CONFIGURING))
        try:
            return self._oidc_credentials()
        except _Unavailable as exc:
            raise self._unusable(
                "OIDC", "%s set" % ", ".join(sorted(given)), exc, "unset every HUAWEICLOUD_OIDC_* variable"
            ) from None

    def _oidc_credentials(self):
        names = OIDC_VARIABLES
        provider, agency = self._env(names["provider_urn"]), self._env(names["agency_urn"])
        token, token_file = self._env(names["id_token"]), self._env(names["token_file"])
        missing = [names[key] for key, value in (("provider_urn", provider), ("agency_urn", agency)) if not value]
        if not (token or token_file):
            missing.append("%s or %s" % (names["id_token"], names["token_file"]))
        if missing:
            raise _Unavailable("not set: %s" % "; ".join(missing))
        if not token:
            token = self._read_token_file(token_file)
        self._hide(token)
        duration = self._env(names["duration"]) or str(OIDC_DURATION_SECONDS)
        try:
            duration = int(duration)
        except ValueError:
            raise _Unavailable("%s must be a whole number of seconds, got %s" % (names["duration"], duration)) from None
        payload = dict(
            provider_urn=provider,
            agency_urn=agency,
            agency_session_name=self._env(names["session_name"]) or OIDC_SESSION_NAME,
            id_token=token,
            duration_seconds=duration,
        )
        if self._env(names["policy"]):
            payload["policy"] = self._env(names["policy"])
        policy_ids = [item.strip() for item in (self._env(names["policy_ids"]) or "").split(",") if item.strip()]
        if policy_ids:
            payload["policy_ids"] = policy_ids
        url = sts_endpoint_for(self.region, self.environ).rstrip("/") + STS_PATH
        return self._temporary("oidc", "OIDC", lambda: self._post_json(url, payload))

    @staticmethod
    def _read_token_file(path):
        try:
            with open(path, encoding="utf-8") as handle:
                content = handle.read().strip()
        except OSError as exc:
            raise _Unavailable(
                "cannot read the id token file %s: %s" % (path, exc.strerror or type(exc).__name__)
            ) from None
        except ValueError:  # not UTF-8: never quote the bytes, they may be the token
            raise _Unavailable("the id token file %s is not UTF-8 text" % path) from None
        if not content:
            raise _Unavailable("the id token file %s is empty" % path)
        return content

    # ----- 2. the environment ---------------------------------------------------------------------------
    def _environment(self):
        # Only reached when the options' own variables (HW_*, CLOUD_SDK_* too) gave no pair, or OIDC is
        # configured (then environment_keys holds that pair): the SDK's names suffice for the rest.
        access, secret, token = self.environment_keys or (self._env(ENV_AK), self._env(ENV_SK), self._env(ENV_TOKEN))
        if access and secret:
            self._hide(secret, token)
            return Credentials("environment", access, secret, token, project_id=self._env(ENV_PROJECT))
        given = [name for name, value in ((ENV_AK, access), (ENV_SK, secret), (ENV_TOKEN, token)) if value]
        federation = [name for name in ENV_FEDERATION if self._env(name)]
        if given:
            missing = [name for name, value in ((ENV_AK, access), (ENV_SK, secret)) if not value]
            raise self._unusable(
                "The environment",
                "%s set" % ", ".join(given),
                "not set: %s" % "; ".join(missing),
                "unset %s" % ", ".join(given),
            )
        if federation:
            raise self._unusable(
                "The environment",
                "%s set" % ", ".join(federation),
                "IAM identity federation (%s) is not supported" % " and ".join(ENV_FEDERATION),
                "use the HUAWEICLOUD_OIDC_* variables instead",
            )
        raise _NotConfigured(
            "the environment variables HUAWEICLOUD_SDK_AK, HW_ACCESS_KEY, CLOUD_SDK_AK for "
            "access_key and HUAWEICLOUD_SDK_SK, HW_SECRET_KEY, CLOUD_SDK_SK for secret_key (not set)"
        )

    # ----- 3. the SDK credentials file ------------------------------------------------------------------
    def _file(self):
        path = self._env(CREDENTIALS_FILE_VARIABLE)
        if path:
            because, remedy = "%s names it" % CREDENTIALS_FILE_VARIABLE, "unset %s" % CREDENTIALS_FILE_VARIABLE
        else:
            path = default_credentials_file()
            # lexists: a broken link or a directory there was put there to be used.
            if not os.path.lexists(path):
                raise _NotConfigured(
                    "the credentials file %s (%s not set, and that default file does not exist)"
                    % (path, CREDENTIALS_FILE_VARIABLE)
                )
            because, remedy = "it exists at the SDK's default path", "remove it"
        try:
            return self._read_file(path)
        except _Unavailable as exc:
            raise self._unusable("The credentials file %s" % path, because, exc, remedy) from None

    def _read_file(self, path):
        if os.path.isdir(path):
            raise _Unavailable("it is a directory")
        # No interpolation: a "%" in a secret key is a character, not a reference.
        parser = configparser.ConfigParser(interpolation=None)
        try:
            with open(path, encoding="utf-8") as handle:
                parser.read_file(handle)
        except OSError as exc:
            raise _Unavailable("cannot read it: %s" % (exc.strerror or type(exc).__name__)) from None
        except configparser.Error as exc:
            raise _Unavailable("not an INI file: %s" % type(exc).__name__) from None
        except ValueError:  # never quote the bytes: they may be a key
            raise _Unavailable("not UTF-8 text") from None
        if not parser.has_section("basic"):
            raise _Unavailable("no [basic] section")
        section = dict(parser.items("basic"))
        access, secret = section.get("ak"), section.get("sk")
        if not (access and secret):
            if section.get("idp_id") and section.get("id_token_file"):
                raise _Unavailable(
                    "idp_id and id_token_file: IAM identity federation is not supported, "
                    "use the HUAWEICLOUD_OIDC_* variables"
                )
            if access or secret:
                raise _Unavailable("[basic] has %s but no %s" % (("ak", "sk") if access else ("sk", "ak")))
            raise _Unavailable("no ak and sk in [basic]")
        self._hide(secret, section.get("security_token"))
        return Credentials(
            "credentials_file",
            access,
            secret,
            section.get("security_token") or None,
            project_id=section.get("project_id") or None,
            iam_endpoint=section.get("iam_endpoint") or None,
        )

    # ----- 4. ECS/BMS metadata --------------------------------------------------------------------------
    def _metadata_credential(self):
        token = self._metadata_token(required=False)
        url = self.metadata_endpoint + METADATA_SECURITYKEY_PATH
        response = self._request("GET", url, headers=self._token_header(token), timeout=METADATA_TIMEOUT)
        if response.status_code == 401 and NO_AGENCY_TEXT not in response.text:
            # The session token expired or was refused: the SDK gets a new one, once.
            token = self._metadata_token(required=True)
            response = self._request("GET", url, headers=self._token_header(token), timeout=METADATA_TIMEOUT)
        if response.status_code >= 400:
            hint = " (the ECS has no agency: give it one)" if NO_AGENCY_TEXT in response.text else ""
            raise _Unavailable("HTTP %s on %s%s" % (response.status_code, METADATA_SECURITYKEY_PATH, hint))
        return self._decode(response)

    def _metadata_token(self, required):
        url = self.metadata_endpoint + METADATA_TOKEN_PATH
        response = self._request(
            "PUT",
            url,
            timeout=METADATA_TIMEOUT,
            headers={"X-Metadata-Token-Ttl-Seconds": str(METADATA_TOKEN_TTL_SECONDS)},
        )
        if response.status_code == 200:
            self._hide(response.text)
            return response.text
        if response.status_code in (404, 405, 503) and not required:
            return None  # no session tokens on this service: ask without one, as the SDK does
        raise _Unavailable("HTTP %s on %s" % (response.status_code, METADATA_TOKEN_PATH))

    @staticmethod
    def _token_header(token):
        return {"X-Metadata-Token": token} if token else {}

    # ----- plumbing -------------------------------------------------------------------------------------
    def _temporary(self, source, where, fetch):
        """Credentials from ``fetch`` (an answer to read), with a refresh that asks again (naming ``where``)."""

        def get():
            issued_at = self.clock()
            access, secret, token, expires_at = read_credential_answer(fetch())
            self._hide(secret, token)
            project_id = self._env(ENV_PROJECT) if source == "oidc" else None
            return Credentials(
                source,
                access,
                secret,
                token,
                project_id=project_id,
                expires_at=expires_at,
                issued_at=issued_at,
                fetch=refetch,
            )

        def refetch():
            try:
                return get()
            except _Unavailable as exc:
                raise _Unavailable("%s (%s)" % (where, exc)) from None

        return get()

    def _post_json(self, url, payload):
        response = self._request(
            "POST",
            url,
            data=json.dumps(payload),
            headers={"Content-Type": "application/json;charset=UTF-8"},
            timeout=self.timeout,
            verify=self.verify,
        )
        if response.status_code >= 400:
            detail = ""
            try:
                body = response.json()
                error = body.get("error") if isinstance(body.get("error"), dict) else body
                detail = ": %s (%s)" % (
                    error.get("message") or error.get("error_msg"),
                    error.get("code") or error.get("error_code"),
                )
            except (ValueError, AttributeError):
                pass
            raise _Unavailable("HTTP %s from %s%s" % (response.status_code, url, detail))
        return self._decode(response)

    def _request(self, method, url, **kwargs):
        try:
            return (self.session or requests).request(method, url, **kwargs)
        except requests.exceptions.RequestException as exc:
            kind = "timeout" if isinstance(exc, requests.exceptions.Timeout) else "no connection"
            raise _Unavailable("%s to %s" % (kind, url.split("/")[2])) from None

    @staticmethod
    def _decode(response):
        try:
            return response.json()
        except ValueError:
            raise _Unavailable("an answer that is not JSON") from None
