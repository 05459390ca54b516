# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Connection settings to a client: environment fallbacks, the checks made before any request, the credential
chain and the client itself, shared by the modules (``_ansible/base.py``) and the inventory plugin.

Settings are a dict with the keys of ``connection_argument_spec`` (``region``, ``project_id``, ``endpoint``...).
No Ansible import.

Private to this collection: it may change without notice between releases.
"""

import os

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import Client
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.credentials import Chain
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.retry import RATE_LIMIT_TIMEOUT

# Every connection setting, by name: the modules' connection options, the inventory plugin's and the event source's.
SETTING_NAMES = (
    "access_key",
    "secret_key",
    "security_token",
    "region",
    "project_id",
    "endpoint",
    "iam_endpoint",
    "metadata_endpoint",
    "validate_certs",
    "ca_path",
    "timeout",
    "retries",
    "rate_limit_timeout",
)
# The settings that have a default (the others default to unset).
SETTING_DEFAULTS = dict(validate_certs=True, timeout=30, retries=4, rate_limit_timeout=RATE_LIMIT_TIMEOUT)

# The environment variables each connection setting falls back to, the first one set (and not empty) winning.
ENVIRONMENT = dict(
    access_key=("HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY", "CLOUD_SDK_AK"),
    secret_key=("HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY", "CLOUD_SDK_SK"),
    security_token=("HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN"),
    region=("HUAWEICLOUD_REGION", "HW_REGION_NAME"),
    project_id=("HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"),
    endpoint=("HUAWEICLOUD_DMS_ENDPOINT",),
    iam_endpoint=("HUAWEICLOUD_IAM_ENDPOINT",),
)


def from_environment(name, environ=None):
    """The first non-empty environment variable of setting ``name``, or None.

    An empty variable counts as unset: AWX credential types and CI systems inject optional fields (project
    id, endpoints) as empty strings.
    """
    environ = os.environ if environ is None else environ
    return next((environ[var] for var in ENVIRONMENT[name] if environ.get(var)), None)


def fill_from_environment(settings, names=None):
    """Set every unset or empty setting of ``names`` (default: all of ENVIRONMENT) from its variables."""
    for name in names or ENVIRONMENT:
        if name in ENVIRONMENT and name in settings and not settings[name]:
            settings[name] = from_environment(name)


def key_problems(settings):
    """What is wrong with the keys, the CA bundle and the numbers, before any request (messages name the options)."""
    problems = []
    missing = [name for name in ("access_key", "secret_key") if not settings[name]]
    if len(missing) == 1:  # half a pair is a mistake, not a request to look elsewhere
        problems.append(
            "No credentials: %s is not set. Set %s, or the environment variables %s"
            % (missing[0], missing[0], "%s for %s" % (", ".join(ENVIRONMENT[missing[0]]), missing[0]))
        )
    elif missing and settings.get("security_token"):  # a token is meant for its keys, not for what the chain finds
        problems.append(
            "No credentials: security_token is set but access_key and secret_key are not. Set all "
            "three, or unset security_token and its environment variables %s to let the modules find "
            "credentials" % ", ".join(ENVIRONMENT["security_token"])
        )
    if settings.get("ca_path") and not os.path.isfile(settings["ca_path"]):
        problems.append("ca_path must be a CA bundle file; %s is not a file" % settings["ca_path"])
    if settings["timeout"] < 1:
        problems.append("timeout must be a whole number of seconds of at least 1, got %s" % settings["timeout"])
    if settings["retries"] < 0:
        problems.append("retries must be 0 or more, got %s" % settings["retries"])
    if settings["rate_limit_timeout"] < 0:
        problems.append("rate_limit_timeout must be 0 or more seconds, got %s" % settings["rate_limit_timeout"])
    return problems


def verify_setting(settings):
    """What ``requests`` takes as ``verify``: the CA bundle, True, or False when certificates are not checked."""
    return (settings.get("ca_path") or True) if settings["validate_certs"] else False


def find_credentials(settings, keys_given, hide):
    """Options first; then the SDK's order: OIDC, the environment, the credentials file, ECS metadata.

    Returns the chain's ``Credentials`` (None when the keys in ``settings`` are used as they are) and the name
    of their source, and puts the keys, the token and what the credentials file adds (project id, IAM
    endpoint) into ``settings``. Keys given as options (``keys_given``) never start the chain, so they cost no
    request. Keys from the environment variables do not either, unless OIDC is configured too: then OIDC wins,
    as in the SDK. A configured source that fails raises ``NoCredentials`` (see ``credentials.Chain``):
    nothing falls through. ``hide`` is called with every secret the chain handles, before it can show.
    """
    if keys_given:
        return None, "options"
    environment_keys = None
    if settings["access_key"] and settings["secret_key"]:
        if not Chain.oidc_configured(os.environ):
            return None, "environment"
        environment_keys = (settings["access_key"], settings["secret_key"], settings["security_token"])
    chain = Chain(
        region=settings.get("region"),
        metadata_endpoint=settings.get("metadata_endpoint"),
        timeout=settings["timeout"],
        verify=verify_setting(settings),
        environment_keys=environment_keys,
        hide=hide,
    )
    found = chain.resolve()
    settings["access_key"], settings["secret_key"] = found.access_key, found.secret_key
    settings["security_token"] = found.security_token
    if not settings.get("project_id") and found.project_id:
        settings["project_id"] = found.project_id  # the credentials file's: saves the IAM lookup
    if not settings.get("iam_endpoint") and found.iam_endpoint:
        settings["iam_endpoint"] = found.iam_endpoint
    return found, found.source


def build_client(settings, credentials=None, secrets=()):
    """The client of these settings; ``secrets`` are masked in its messages too (peer passwords, OBS keys...)."""
    client = Client(
        access_key=settings["access_key"],
        secret_key=settings["secret_key"],
        security_token=settings.get("security_token"),
        region=settings.get("region"),
        project_id=settings.get("project_id"),
        endpoint=settings.get("endpoint"),
        iam_endpoint=settings.get("iam_endpoint"),
        validate_certs=settings["validate_certs"],
        ca_path=settings.get("ca_path"),
        timeout=settings["timeout"],
        retries=settings["retries"],
        rate_limit_timeout=settings["rate_limit_timeout"],
        credentials=credentials,
    )
    client.add_secrets(*secrets)
    return client
