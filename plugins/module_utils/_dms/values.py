# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API's loose scalars: numbers and booleans that may arrive as strings, read as Python values.

Private to this collection: it may change without notice between releases.
"""

import re

_INT_RE = re.compile(r"^\s*-?[0-9]+\s*\Z")


def as_int(value):
    """An int from an int or a string of digits, else None (booleans are not numbers here)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INT_RE.match(value):
        return int(value)
    return None


def as_bool(value):
    """True for True and the string "true" (any case); everything else is False."""
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def coerce(value, kind):
    """An API value as the option type ``kind`` ("int", "bool"...); values that do not convert stay as they are."""
    if not isinstance(value, str):
        return value
    if kind == "int":
        number = as_int(value)
        return value if number is None else number
    if kind == "bool" and value.strip().lower() in ("true", "false"):
        return as_bool(value)
    return value
