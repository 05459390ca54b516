"""The emulator's own tests (run by pytest from tests/run.sh; not plugin unit tests, so not under tests/unit)."""
