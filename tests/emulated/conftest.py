"""Fixtures for the smart_connect_task tests against the DMS emulator (helpers in smart_connect_support.py).

``emu``: the ``emulator`` fixture with statuses that move after 50 ms, a module that polls every 20-200 ms,
and no credential in the environment. ``run(**options)``: the module run in-process against it.
"""

import pytest
from helpers.module_runner import CREDENTIAL_VARIABLES

from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners import waiter as waiting

from .smart_connect_support import ASYNC_DELAY, ModuleRun


@pytest.fixture
def emu(emulator, monkeypatch):
    """The emulator with short asynchronous statuses, and a module that polls quickly."""
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    emulator.set_async_delay(ASYNC_DELAY)
    monkeypatch.setattr(waiting.Waiter, "first_delay", 0.02)
    monkeypatch.setattr(waiting.Waiter, "max_delay", 0.2)
    return emulator


@pytest.fixture
def run(emu):
    return ModuleRun(emu)
