"""The request journal: what every DMS/IAM request looked like and how it was answered.

Bodies are kept raw, secrets included, because tests assert on what a client sent; the journal is only
ever shown on request (``GET /_emulator/journal``), never printed.
"""

import json
import threading

MAX_ENTRIES = 10000


def parse_body(raw):
    """Parsed JSON, else the text, else None for an empty body."""
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    try:
        return json.loads(text)
    except ValueError:
        return text


class Journal:
    """Thread-safe, bounded list of entries (dicts; see README.md, "Journal")."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []
        self._seq = 0

    def record(self, entry):
        with self._lock:
            self._seq += 1
            entry["seq"] = self._seq
            self._entries.append(entry)
            del self._entries[:-MAX_ENTRIES]

    def entries(self, method=None, path_contains=None, operation=None, writes_only=False):
        with self._lock:
            found = list(self._entries)
        if method:
            found = [entry for entry in found if entry["method"] == method.upper()]
        if path_contains:
            found = [entry for entry in found if path_contains in entry["path"]]
        if operation:
            found = [entry for entry in found if entry["operation"] == operation]
        if writes_only:
            found = [entry for entry in found if entry["method"] != "GET"]
        return found

    def clear(self):
        with self._lock:
            count = len(self._entries)
            self._entries = []
            return count
