"""Run AnsibleModule-based code in-process for unit tests, on every supported ansible-core."""

import contextlib
import json

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.huaweicloud.kafka.plugins.module_utils._ansible.base import connection_argument_spec

# Every environment variable the connection options read: tests clear them so the host's cannot leak in.
CREDENTIAL_VARIABLES = tuple(
    name for option in connection_argument_spec().values() for name in option.get("fallback", (None, ()))[1]
)


class ModuleExit(Exception):
    """Raised instead of exiting: ``result`` is what the module would have printed."""

    def __init__(self, result, failed):
        super().__init__(result.get("msg"))
        self.result = result
        self.failed = failed


@contextlib.contextmanager
def module_args(args):
    """Feed ``args`` to the next AnsibleModule, and turn exit_json/fail_json into ModuleExit."""
    try:
        from ansible.module_utils.testing import patch_module_args  # ansible-core >= 2.19
    except ImportError:
        patch_module_args = None

    def exit_json(self, **result):
        raise ModuleExit(result, failed=False)

    def fail_json(self, msg, **result):
        result["msg"] = msg
        raise ModuleExit(result, failed=True)

    saved = basic.AnsibleModule.exit_json, basic.AnsibleModule.fail_json
    basic.AnsibleModule.exit_json, basic.AnsibleModule.fail_json = exit_json, fail_json
    try:
        if patch_module_args:
            with patch_module_args(args):
                yield
        else:
            saved_args = basic._ANSIBLE_ARGS
            basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
            try:
                yield
            finally:
                basic._ANSIBLE_ARGS = saved_args
    finally:
        basic.AnsibleModule.exit_json, basic.AnsibleModule.fail_json = saved


def run_main(main, args):
    """Run a module's ``main()`` with ``args`` and return its result, with ``failed`` set."""
    with module_args(args):
        try:
            main()
        except ModuleExit as done:
            return dict(done.result, failed=done.failed)
    raise AssertionError("the module returned without exit_json or fail_json")
