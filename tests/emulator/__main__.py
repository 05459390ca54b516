"""``python -m emulator`` (from tests/) is the same as ``python tests/emulator/run.py``."""

import sys

from .run import main

sys.exit(main())
