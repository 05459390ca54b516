"""Integration tests against the DMS emulator (a package, so their basenames may repeat unit tests' names)."""
