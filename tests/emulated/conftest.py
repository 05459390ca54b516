"""Fixtures for the smart_connect_task tests against the DMS emulator (helpers in smart_connect_support.py).

``emu``: the ``emulator`` fixture with statuses that move after 50 ms, a module that polls every 20-200 ms,
and no credential in the environment. ``run(**options)``: the module run in-process against it.
"""

import pytest

from .smart_connect_support import ModuleRun


@pytest.fixture
def emu(quick_emulator):
    """The emulator with quick statuses and a module that polls quickly (``quick_emulator``, tests/conftest.py)."""
    return quick_emulator


@pytest.fixture
def run(emu):
    return ModuleRun(emu)
