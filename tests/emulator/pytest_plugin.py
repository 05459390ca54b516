"""Pytest fixtures for the emulator (registered by the package's ``pytest11`` entry point, see pyproject.toml).

- ``emulator_server`` (session): an in-process EmulatorServer on 127.0.0.1, or the emulator at
  $DMS_EMULATOR_URL when that is set (e.g. one started by CI with run.py).
- ``emulator`` (function): an EmulatorClient on it, after a reset (seeded instances, start-up switches,
  no faults, empty journal); reset again afterwards.
"""

import os

import pytest

from .client import EmulatorClient
from .server import EmulatorServer

URL_VARIABLE = "DMS_EMULATOR_URL"


class _ExternalServer:
    def __init__(self, url):
        self.url = url.rstrip("/")


@pytest.fixture(scope="session")
def emulator_server():
    external = os.environ.get(URL_VARIABLE)
    if external:
        yield _ExternalServer(external)
        return
    server = EmulatorServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def emulator(emulator_server):
    client = EmulatorClient(emulator_server.url)
    client.reset()
    yield client
    client.reset()
