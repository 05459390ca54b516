# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keeping secrets out of messages: the mask, and a redactor that knows every secret of a run.

Private to this collection: it may change without notice between releases.
"""

import json
import re
from urllib.parse import quote, quote_plus

MASK = "********"
# JSON's short escapes, beside \uXXXX which any character may take.
_SHORT_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t"}


def written_forms(secret):
    """The ways a secret can be written in a message: as it is, JSON-escaped (with and without
    ``ensure_ascii``, once and twice: a service may quote a request body back inside its JSON answer) and
    percent-encoded (a URL or a form body)."""
    forms = {secret, quote(secret, safe=""), quote_plus(secret)}
    for ascii_only in (True, False):
        once = json.dumps(secret, ensure_ascii=ascii_only)[1:-1]
        forms.update((once, json.dumps(once, ensure_ascii=ascii_only)[1:-1]))
    return forms


def _hex(code):
    return "".join("[%s%s]" % (digit.lower(), digit.upper()) if digit.isalpha() else digit for digit in "%04x" % code)


def _units(char):
    """The UTF-16 code units JSON writes a character as (two, a surrogate pair, past the BMP)."""
    code = ord(char)
    if code <= 0xFFFF:
        return [code]
    code -= 0x10000
    return [0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)]


def escaped_pattern(secret):
    r"""A pattern of the secret however a JSON encoder may have written it, each character as itself or escaped
    (``\u00e9`` or ``\u00E9``, ``\/``, Gson's ``\u003d``...), once or inside a JSON string again (more
    backslashes): what a service that re-encodes a request body may echo."""
    parts = []
    for char in secret:
        forms = [r"\\+u" + r"\\+u".join(_hex(unit) for unit in _units(char))]
        if char in _SHORT_ESCAPES:
            forms.append(r"\\+" + re.escape(_SHORT_ESCAPES[char]))
        forms.append(re.escape(char))  # last: an escape that starts with this character is taken whole
        parts.append("(?:%s)" % "|".join(forms))
    return re.compile("".join(parts))


class Redactor:
    """Replaces every known secret, in every written form, in a text by :data:`MASK`, longest first."""

    def __init__(self, *values):
        self._secrets = set()
        self._patterns = {}
        self.add(*values)

    def add(self, *values):
        for value in values:
            if value:
                self._secrets.update(written_forms(str(value)))
                self._patterns.setdefault(str(value), escaped_pattern(str(value)))

    def __call__(self, text):
        # The JSON writings first: a secret that starts with "/" is not to leave the "\" of its "\/" behind.
        for secret in sorted(self._patterns, key=len, reverse=True):
            text = self._patterns[secret].sub(MASK, text)
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text
