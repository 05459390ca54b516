# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one failure type of the collection's runs, with the API error behind it, hints, and the state left, and the
one way any failure becomes the fields of a failed result.

Private to this collection: it may change without notice between releases.
"""

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import ApiError


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


def as_failure(error, redact=str):
    """Any exception as a :class:`Failure`: an API error as ``Failed to <operation>: error_msg (error_code, request
    id)``, a Failure as it is, anything else as an internal error whose text passes through ``redact``."""
    if isinstance(error, Failure):
        return error
    if isinstance(error, ApiError):
        return Failure.from_api(error)
    return Failure(
        "internal error of the module (please report it): %s: %s" % (type(error).__name__, redact(str(error)))
    )


def failure_fields(error, **base):
    """The fields of a failed result: ``base`` (what the run still reports), then the failure's own fields (the
    state it left, the API error's code, message and request id), and ``msg`` with its hints."""
    failure = as_failure(error)
    fields = dict(base)
    fields.update(failure.to_result())
    fields["msg"] = failure.msg
    return fields
