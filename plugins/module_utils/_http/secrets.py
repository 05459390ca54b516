# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keeping secrets out of messages: the mask, and a redactor that knows every secret of a run.

Private to this collection: it may change without notice between releases.
"""

import json
from urllib.parse import quote, quote_plus

MASK = "********"


def written_forms(secret):
    """The ways a secret can be written in a message: as it is, JSON-escaped (with and without
    ``ensure_ascii``, once and twice: a service may quote a request body back inside its JSON answer) and
    percent-encoded (a URL or a form body)."""
    forms = {secret, quote(secret, safe=""), quote_plus(secret)}
    for ascii_only in (True, False):
        once = json.dumps(secret, ensure_ascii=ascii_only)[1:-1]
        forms.update((once, json.dumps(once, ensure_ascii=ascii_only)[1:-1]))
    return forms


class Redactor:
    """Replaces every known secret, in every written form, in a text by :data:`MASK`, longest first."""

    def __init__(self, *values):
        self._secrets = set()
        self.add(*values)

    def add(self, *values):
        for value in values:
            if value:
                self._secrets.update(written_forms(str(value)))

    def __call__(self, text):
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text
