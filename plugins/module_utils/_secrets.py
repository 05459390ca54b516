# -*- coding: utf-8 -*-
# Copyright: (c) 2026, huaweicloud.kafka contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keeping secrets out of messages: the mask, and a redactor that knows every secret of a run.

Private to this collection: it may change without notice between releases.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

MASK = "********"


class Redactor:
    """Replaces every known secret value in a text by :data:`MASK`, longest first."""

    def __init__(self, *values):
        self._secrets = set()
        self.add(*values)

    def add(self, *values):
        self._secrets.update(str(value) for value in values if value)

    def __call__(self, text):
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text
