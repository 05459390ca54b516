"""Find test secrets in anything a test produced: module results, diffs, CLI output, -vvv logs, artifacts.

Reusable by every suite::

    from helpers.secret_scan import SecretScanner, known_secrets
    scanner = SecretScanner(known_secrets(emulator, extra=("my-password",)))
    scanner.add("first run", result)           # dicts/lists are dumped to JSON first
    scanner.add_process("playbook", completed)  # stdout and stderr of a subprocess.CompletedProcess
    scanner.add_tree("runner artifacts", path)  # every file under a directory
    scanner.check()                             # AssertionError naming where a secret leaked (never the secret)

The assertion message names the place and a masked form of the secret, never the secret itself, so a
failure cannot leak it in CI logs either.
"""

import json
import os
import urllib.parse

# Secrets the integration and fault suites put in module options (peer passwords, OBS keys).
TEST_SECRETS = (
    "Peer-Pass-8c1f2e",
    "Peer-Pass-Rotated-77aa",
    "OBSACCESSKEY7788QQ11",
    "ObsSecretKey-4e2d9c0b7a61f3e5d8c2b1a0",
    "Fault-Peer-Pass-5d1c0b",
    "FaultObsSecretKey-0a1b2c3d4e5f6a7b8c9d",
    "FAULTOBSACCESSKEY001",
)

# The emulator's defaults (tests/emulator/defaults.py), for scans without an emulator client at hand.
EMULATOR_SECRETS = (
    "EmulatorPermanentSecretKey00000000000001",
    "EmulatorTemporarySecretKey00000000000001",
    "emulator-security-token-0001",
)


def known_secrets(emulator=None, extra=()):
    """The test secrets, the emulator's secret keys and security token, and ``extra``."""
    secrets = set(TEST_SECRETS) | set(EMULATOR_SECRETS) | set(extra)
    if emulator is not None:
        secrets.update((emulator.secret_key, emulator.temp_secret_key, emulator.security_token))
    return tuple(sorted(secret for secret in secrets if secret))


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, str):
        return value
    return json.dumps(value, default=repr, ensure_ascii=False)


def _masked(secret):
    return "%s...(%d chars)" % (secret[:3], len(secret))


def escaped_forms(secret):
    """How a secret may be written in a message: JSON-escaped (ASCII or not, once or twice) and percent-encoded.

    Written here independently of the collection's redactor, so that the scan checks it rather than copies it.
    """
    forms = {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)}
    for ascii_only in (True, False):
        once = json.dumps(secret, ensure_ascii=ascii_only)[1:-1]
        forms.update((once, json.dumps(once, ensure_ascii=ascii_only)[1:-1]))
    return forms


def leaks(text, secrets):
    """The secrets found in ``text`` (any type; dumped to JSON first), in any of their written forms."""
    text = _text(text)
    return [secret for secret in secrets if any(form in text for form in escaped_forms(secret))]


class SecretScanner:
    """Collects everything a test produced and checks none of the secrets appears in it."""

    def __init__(self, secrets):
        self.secrets = tuple(secrets)
        self.items = []  # (label, text)

    def add(self, label, value):
        self.items.append((label, _text(value)))
        return value

    def add_process(self, label, completed):
        self.add(label + " stdout", completed.stdout)
        self.add(label + " stderr", completed.stderr)
        return completed

    def add_file(self, label, path):
        if os.path.isfile(path):
            with open(path, "rb") as handle:
                self.add("%s (%s)" % (label, path), handle.read())

    def add_tree(self, label, top):
        for directory, _dirs, files in os.walk(top):
            for name in files:
                self.add_file(label, os.path.join(directory, name))

    def found(self):
        """[(label, masked secret)] for every leak."""
        return [(label, _masked(secret)) for label, text in self.items for secret in leaks(text, self.secrets)]

    def check(self):
        found = self.found()
        assert not found, "secrets leaked into test output: %s" % ", ".join(
            "%s in %s" % (secret, label) for label, secret in found
        )

    @property
    def scanned_chars(self):
        return sum(len(text) for _label, text in self.items)
