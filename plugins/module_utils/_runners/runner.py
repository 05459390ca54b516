# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The base of every module's runner: set-up, changed, the result and its diff, and the one failure path.

Private to this collection: it may change without notice between releases.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms import vocabulary as v
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.api import SmartConnectApi
from ansible_collections.huaweicloud.kafka.plugins.module_utils._dms.values import as_bool
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.failure import Failure, failure_fields


class Runner:
    """A module's run over the Smart Connect API of ``params['instance_id']``.

    Subclasses write ``run()``, which returns the result (built with :meth:`result`), and may override
    ``check_options()`` (messages about the parameters, checked before any request), ``failure_result()``
    (what a failed run still reports) and ``diff_view()`` (one side of the diff). ``execute()`` is the
    whole of a module's ``main()`` after the AnsibleModule is made. ``api`` is injectable for tests.
    """

    def __init__(self, module, api=None):
        self.module = module
        self.params = module.params
        for name in ("instance_id", "task_id"):  # DMS ids are lower case: an upper-case copy is the same id
            if isinstance(self.params.get(name), str):
                self.params[name] = self.params[name].lower()
        self.check_mode = module.check_mode
        self.api = api if api is not None else SmartConnectApi(module.client, self.params["instance_id"])
        self.changed = False

    def check_options(self):
        return []

    def run(self):
        raise NotImplementedError

    def failure_result(self):
        return dict(changed=self.changed)

    def diff_view(self, value, after):  # pylint: disable=unused-argument
        return value

    def nothing_can_exist(self, error):
        """True when the lookup failed because no task can exist: no instance, or Smart Connect off on it."""
        if error.status == 404 and error.error_code == v.INSTANCE_NOT_FOUND:
            return True
        if error.status != 400:
            return False
        try:  # the service's code for "Smart Connect is off" is not documented: ask the instance
            instance = self.api.instance() or {}
        except ApiError:
            return False
        return not as_bool(instance.get("connector_enable"))

    def warn_if_truncated(self, summary):
        """Warn when paging stopped early because the service kept saying there were more tasks."""
        if summary["truncated"]:
            self.module.warn(
                "Stopped listing the Smart Connect tasks of instance %s after %d pages: the service still said "
                "there were more (total_number %s, %d received); the result may be incomplete"
                % (self.params["instance_id"], summary["pages"], summary["total_number"], summary["received"])
            )

    def result(self, before=None, after=None, **values):
        """``changed`` and ``values``, with the diff of ``before`` and ``after`` in diff mode."""
        result = dict(changed=self.changed, **values)
        if self.module._diff:
            result["diff"] = dict(before=self.diff_view(before, False), after=self.diff_view(after, True))
        return result

    def execute(self):
        """Check the options, run, and exit; any failure ends in ``fail_json`` with its fields and hints."""
        problems = self.check_options()
        if problems:
            self.fail(Failure("; ".join(problems)))
        try:
            result = self.run()
        except (ApiError, Failure) as error:
            self.fail(error)
        self.module.exit_json(**self._with_source(result))

    def fail(self, error):
        self.module.fail_json(**self._with_source(failure_fields(error, **self.failure_result())))

    def _with_source(self, result):
        """The instance the run managed (what AAP's indirect node counting reads: extensions/audit/event_query.yml),
        and where the keys came from (``options``, ``environment``, ``oidc``...), never a value."""
        result = dict(result, instance_id=self.params["instance_id"])
        source = getattr(self.module, "credential_source", None)
        if source:
            result["credential_source"] = source
        return result
