# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The AnsibleModule every module of the collection is: connection options with their fallbacks, the client.

Private to this collection: it may change without notice between releases.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.huaweicloud.kafka.plugins.module_utils._client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    Client,
)


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

    def env(*names):
        return (non_empty_env_fallback, list(names))

    return dict(
        access_key=dict(type="str", required=True, aliases=["ak"], no_log=False,
                        fallback=env("HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY", "CLOUD_SDK_AK")),
        secret_key=dict(type="str", required=True, aliases=["sk"], no_log=True,
                        fallback=env("HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY", "CLOUD_SDK_SK")),
        security_token=dict(type="str", no_log=True,
                            fallback=env("HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN")),
        region=dict(type="str", fallback=env("HUAWEICLOUD_REGION", "HW_REGION_NAME")),
        project_id=dict(type="str", fallback=env("HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID")),
        endpoint=dict(type="str", fallback=env("HUAWEICLOUD_DMS_ENDPOINT")),
        iam_endpoint=dict(type="str", fallback=env("HUAWEICLOUD_IAM_ENDPOINT")),
        validate_certs=dict(type="bool", default=True),
        ca_path=dict(type="path"),
        timeout=dict(type="int", default=30),
        retries=dict(type="int", default=4),
    )


class HuaweiCloudModule(AnsibleModule):
    """An AnsibleModule with the connection options merged in and a lazily built :class:`Client`."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        super(HuaweiCloudModule, self).__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        self._check_connection_options()
        self._client = None

    def _check_connection_options(self):
        params = self.params
        if not params["region"]:
            missing = [name for name in ("endpoint", "project_id") if not params[name]]
            if missing:
                self.fail_json(
                    msg="region is required unless endpoint and project_id are both set (missing: %s); "
                    "set it or HUAWEICLOUD_REGION" % ", ".join(missing)
                )
        if params["timeout"] < 1:
            self.fail_json(msg="timeout must be a whole number of seconds of at least 1, got %s" % params["timeout"])
        if params["retries"] < 0:
            self.fail_json(msg="retries must be 0 or more, got %s" % params["retries"])
        for name in ("endpoint", "iam_endpoint"):
            value = params[name]
            if value and not value.lower().startswith(("https://", "http://")):
                self.fail_json(msg="%s must be an http:// or https:// URL, got %s" % (name, value))

    def _load_params(self):
        """Read the parameters, then keep ansible-core from crashing on a scalar for a dict with suboptions.

        ansible-core walks the suboptions of such a value before it checks its type, and a number, a
        boolean or a list there raises TypeError: a traceback instead of a message. Without its
        suboptions, the option fails the ordinary type check, which names it.
        """
        super(HuaweiCloudModule, self)._load_params()
        for name, option in list(self.argument_spec.items()):
            value = self.params.get(name) if isinstance(self.params, dict) else None
            if option.get("options") and not isinstance(value, (dict, str, type(None))):
                self.argument_spec[name] = dict((k, v) for k, v in option.items() if k != "options")

    @property
    def client(self):
        if self._client is None:
            params = self.params
            self._client = Client(
                access_key=params["access_key"],
                secret_key=params["secret_key"],
                security_token=params["security_token"],
                region=params["region"],
                project_id=params["project_id"],
                endpoint=params["endpoint"],
                iam_endpoint=params["iam_endpoint"],
                validate_certs=params["validate_certs"],
                ca_path=params["ca_path"],
                timeout=params["timeout"],
                retries=params["retries"],
            )
            # Every no_log value (peer passwords, OBS keys...) is masked in the client's messages too.
            self._client.add_secrets(*self.no_log_values)
        return self._client
