# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The AnsibleModule every module of the collection is: connection options with their fallbacks, the client.

Private to this collection: it may change without notice between releases.
"""

import os

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.huaweicloud.kafka.plugins.module_utils._ansible.params import (
    secrets_in,
    shaped_params,
    without_crashing_suboptions,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.connection import (
    ENVIRONMENT,
    SETTING_DEFAULTS,
    build_client,
    find_credentials,
    from_environment,
    key_problems,
)
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.credentials import NoCredentials
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.secrets import Redactor
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.url_parts import connection_errors
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import Failure, failure_fields


def non_empty_env_fallback(*names):
    """The first of ``names`` set to a non-empty value.

    Unlike Ansible's ``env_fallback``, an empty variable counts as unset: AWX credential types and CI
    systems inject optional fields (project id, endpoints) as empty strings.
    """
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    raise AnsibleFallbackNotFound


def connection_argument_spec():
    """The shared options (documented in the ``connection`` doc fragment), with their env fallbacks."""

    def env(name):
        return (non_empty_env_fallback, list(ENVIRONMENT[name]))

    return dict(
        access_key=dict(type="str", aliases=["ak"], no_log=False, fallback=env("access_key")),
        secret_key=dict(type="str", aliases=["sk"], no_log=True, fallback=env("secret_key")),
        security_token=dict(type="str", no_log=True, fallback=env("security_token")),
        region=dict(type="str", fallback=env("region")),
        project_id=dict(type="str", fallback=env("project_id")),
        endpoint=dict(type="str", fallback=env("endpoint")),
        iam_endpoint=dict(type="str", fallback=env("iam_endpoint")),
        # No Ansible fallback: _credentials.Chain reads HUAWEICLOUD_METADATA_ENDPOINT itself, only when asked.
        metadata_endpoint=dict(type="str"),
        validate_certs=dict(type="bool", default=SETTING_DEFAULTS["validate_certs"]),
        ca_path=dict(type="path"),
        timeout=dict(type="int", default=SETTING_DEFAULTS["timeout"]),
        retries=dict(type="int", default=SETTING_DEFAULTS["retries"]),
        rate_limit_timeout=dict(type="int", default=SETTING_DEFAULTS["rate_limit_timeout"]),
    )


class HuaweiCloudModule(AnsibleModule):
    """An AnsibleModule with the connection options merged in and a lazily built :class:`Client`."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        super().__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.refuse(missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        self._check_connection_options()
        self._client = None

    def refuse(self, message, **fields):
        """End the run before any request, as every failure ends (``_runners.failure.failure_fields``)."""
        self.fail_json(**failure_fields(Failure(message, **fields)))

    def _check_connection_options(self):
        params = self.params
        for name in ENVIRONMENT:
            if params.get(name) == "":  # a templated empty: unset, like an empty environment variable
                params[name] = from_environment(name)
        problems = key_problems(params)
        if problems:
            self.refuse(problems[0])
        if not params["region"]:
            missing = [name for name in ("endpoint", "project_id") if not params[name]]
            if missing:
                self.refuse(
                    "region is required unless endpoint and project_id are both set (missing: %s); "
                    "set it or HUAWEICLOUD_REGION" % ", ".join(missing)
                )
        self._fail_on_url_parts(self._id_options())
        self._find_credentials()
        self._fail_on_url_parts(())  # the credentials file may have given project_id and iam_endpoint

    def _id_options(self):
        """The options of this module that name an instance or a task, and so become parts of URLs."""
        return [name for name in v.ID_OPTIONS if name in self.argument_spec]

    def _fail_on_url_parts(self, id_options):
        """Fail, before any request, on a value that would change the host or the path requests go to."""
        params = self.params
        problems = connection_errors(
            **{
                name: params[name] or None
                for name in ("region", "project_id", "endpoint", "iam_endpoint", "metadata_endpoint")
            }
        )
        problems.extend(v.id_errors(params, *id_options))
        if problems:
            self.refuse("; ".join(problems))

    def _find_credentials(self):
        """The keys: options first, then the SDK's chain (``_http.connection.find_credentials``)."""
        self._chain_secrets = Redactor()  # what the chain handled, for its own messages (every escaped form)
        try:
            self.credentials, self.credential_source = find_credentials(self.params, self._given_keys, self._hide)
        except NoCredentials as exc:
            self.refuse(self._chain_secrets(str(exc)))

    def _hide(self, *values):
        """Mask secrets found by the chain (keys, tokens, id tokens) like every no_log value, and in the client."""
        values = [value for value in values if value]
        self.no_log_values.update(values)
        self._chain_secrets.add(*values)
        if getattr(self, "_client", None) is not None:
            self._client.add_secrets(*values)

    def _load_params(self):
        """Read the parameters, then keep ansible-core from crashing on a scalar for a dict with suboptions.

        ansible-core walks the suboptions of such a value before it checks its type, and a number, a
        boolean or a list there raises TypeError: a traceback instead of a message. Without its
        suboptions, the option fails the ordinary type check, which names it.
        """
        super()._load_params()
        given = self.params if isinstance(self.params, dict) else {}
        # Keys given as options (not from the environment): they alone skip the credential chain.
        self._given_keys = all(
            given.get(name) or given.get(alias) for name, alias in (("access_key", "ak"), ("secret_key", "sk"))
        )
        if isinstance(self.params, dict):
            self.params = shaped_params(self.argument_spec, self.params)
            # Known before any suboption is dropped, so that a bad element never unmasks a good one's secrets.
            self.no_log_values.update(secrets_in(self.argument_spec, self.params))
            self.argument_spec = without_crashing_suboptions(self.argument_spec, self.params)

    @property
    def client(self):
        if self._client is None:
            # Every no_log value (peer passwords, OBS keys...) is masked in the client's messages too.
            self._client = build_client(self.params, self.credentials, self.no_log_values)
        return self._client
