"""Fixtures of the fault suite (fault matrix, concurrency, bad input, secrets).

- ``fast``: the ``emulator`` fixture with 50 ms asynchronous statuses, a waiter polling every 20-100 ms, no
  credential in the environment, and the client's backoff cut to 10 ms (the delays it *asked* for, Retry-After
  included, are recorded in ``fast.delays``), so retries are exercised without sleeping.
- ``scanner`` (autouse): a SecretScanner; every result a test hands to ``scanner.add*`` and everything printed
  during the test is checked at teardown for the test secrets (see tests/helpers/secret_scan.py).
"""

import sys

import pytest
from helpers.secret_scan import SecretScanner, known_secrets

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http import client as client_module
from ansible_collections.huaweicloud.kafka.plugins.module_utils._http import retry
from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners import waiter as waiting

FAST_BACKOFF = 0.01


@pytest.fixture(autouse=True)
def scanner(capsys):
    scan = SecretScanner(known_secrets())
    yield scan
    captured = capsys.readouterr()
    scan.add("captured stdout", captured.out)
    scan.add("captured stderr", captured.err)
    # Re-print what was captured so pytest still shows it on failure.
    sys.stdout.write(captured.out)
    sys.stderr.write(captured.err)
    scan.check()


@pytest.fixture
def fast(quick_emulator, monkeypatch, scanner):
    emulator = quick_emulator
    monkeypatch.setattr(waiting.Waiter, "max_delay", 0.1)
    delays = []

    class QuickBackoff(retry.Backoff):
        """The client's backoff, recording what it asked for and sleeping FAST_BACKOFF at most."""

        def delay(self, attempt, retry_after=None):
            asked = super().delay(attempt, retry_after)
            delays.append((attempt, retry_after, asked))
            return min(asked, FAST_BACKOFF)

    monkeypatch.setattr(client_module, "Backoff", QuickBackoff)
    emulator.delays = delays
    scanner.secrets = tuple(sorted(set(scanner.secrets) | set(known_secrets(emulator))))
    return emulator
