# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The run of ``smart_connect_validate``: the service's connectivity check of a peer Kafka, never a change.

Private to this collection: it may change without notice between releases.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.runner import Runner
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.checks import peer_errors, source_errors
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.plan import validate_body
from ansible_collections.huaweicloud.kafka.plugins.module_utils._tasks.shapes import desired_side


class ValidateRunner(Runner):
    """One connectivity check; never a change."""

    def check_options(self):
        source = desired_side("source_task", self.params["source_task"]) or {}
        errors = source_errors(source)
        errors.extend(peer_errors(source, to_create=False))
        return errors

    def failure_result(self):
        return dict(changed=False, valid=False)

    def run(self):
        self.api.validate(validate_body(desired_side("source_task", self.params["source_task"])))
        return dict(changed=False, valid=True)
