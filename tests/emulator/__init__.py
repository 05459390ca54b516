"""A local emulator of the Huawei Cloud DMS for Kafka Smart Connect API (and IAM's project lookup).

Start it with ``python -m emulator`` (``pip install ./tests/emulator`` first) or in-process with ``EmulatorServer().start()``; drive
its admin API with ``EmulatorClient``. See README.md beside this file.
"""

from .client import EmulatorClient
from .config import Credentials, Settings, Switches
from .server import EmulatorServer

__all__ = ["EmulatorClient", "EmulatorServer", "Credentials", "Settings", "Switches"]
