# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one failure type of the collection's runs, with the API error behind it, hints, and the state left.

Private to this collection: it may change without notice between releases.
"""


class Failure(Exception):
    """A run that cannot go on.

    ``error`` is the :class:`client.ApiError` behind it, if any (its ``error_code``, ``error_msg``,
    ``request_id`` and ``status_code`` go into the failed result); ``hints`` are appended to the message;
    ``result`` holds fields of the failed result that say what state things were left in.
    """

    def __init__(self, message, error=None, hints=(), **result):
        super().__init__(message)
        self.error = error
        self.hints = list(hints)
        self.result = result

    @classmethod
    def from_api(cls, error, hints=(), **result):
        """``Failed to <operation>: error_msg (error_code, request id)``."""
        return cls("Failed to %s: %s" % (error.operation, error), error=error, hints=hints, **result)

    def noted(self, note):
        """The same failure with ``note`` (what state things were left in) added to its message."""
        return Failure("%s. %s" % (self, note), error=self.error, hints=self.hints, **self.result)

    @property
    def msg(self):
        return str(self) + "".join(" (hint: %s)" % hint for hint in self.hints)

    def to_result(self):
        result = dict(self.result)
        if self.error is not None:
            result.update(self.error.to_result())
        return result
