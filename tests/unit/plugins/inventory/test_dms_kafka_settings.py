"""The inventory plugin's connection settings: the same names and defaults as the modules', all documented.

Here rather than under module_utils: ansible-test units runs module_utils tests where plugins cannot be imported.
"""

import yaml

from ansible_collections.huaweicloud.kafka.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.huaweicloud.kafka.plugins.inventory import dms_kafka
from ansible_collections.huaweicloud.kafka.plugins.module_utils._ansible.base import connection_argument_spec
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.connection import (
    SETTING_DEFAULTS,
    SETTING_NAMES,
)


def test_one_list_of_connection_settings_for_the_modules_and_the_inventory():
    spec = connection_argument_spec()
    assert set(spec) == set(SETTING_NAMES)
    assert {name: spec[name]["default"] for name in SETTING_DEFAULTS} == SETTING_DEFAULTS
    documented = set(yaml.safe_load(dms_kafka.DOCUMENTATION)["options"])
    documented |= set(yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"])  # the plugin's fragment
    assert set(dms_kafka.SETTINGS) <= documented
