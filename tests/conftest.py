"""Shared pytest set-up for every test under tests/.

Makes ``ansible_collections.huaweicloud.kafka`` importable straight from the
checkout (the way ansible-test lays collections out), so ``pytest tests``
works without installing the collection first.
"""

import atexit
import os
import shutil
import sys
import tempfile

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
COLLECTION_ROOT = os.path.dirname(TESTS_DIR)


def _collection_path():
    """Return a directory holding ansible_collections/huaweicloud/kafka -> this checkout."""
    parts = COLLECTION_ROOT.split(os.sep)
    if parts[-3:-2] == ["ansible_collections"] and parts[-2:] == ["huaweicloud", "kafka"]:
        return os.sep.join(parts[:-3])
    base = tempfile.mkdtemp(prefix="hwkafka-collections-")
    atexit.register(shutil.rmtree, base, True)
    namespace_dir = os.path.join(base, "ansible_collections", "huaweicloud")
    os.makedirs(namespace_dir)
    os.symlink(COLLECTION_ROOT, os.path.join(namespace_dir, "kafka"))
    return base


try:
    import ansible_collections.huaweicloud.kafka  # noqa: F401  pylint: disable=unused-import
except ImportError:
    sys.path.insert(0, _collection_path())

# The emulator (tests/emulator) and shared test helpers are imported as top-level modules.
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

# The DMS emulator's fixtures (emulator_server, emulator): see tests/emulator/README.md.
pytest_plugins = ["emulator.pytest_plugin"]

# ----- No test leaves the machine (issue 15) ------------------------------------------------------------
# Without keys, the modules look for credentials like the SDK: OIDC at STS, a credentials file in $HOME,
# ECS metadata at 169.254.169.254. Every test starts with those pointed at loopback (a closed port), with
# no OIDC variable, and with HOME an empty directory (no credentials file of this machine's user), so a test
# that forgets cannot reach another host or pick up real keys. Tests that exercise a source set its variables
# themselves.
import pytest  # noqa: E402  pylint: disable=wrong-import-position

from helpers.loopback import NOWHERE, identity_environment  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(autouse=True)
def _credential_sources_on_loopback(monkeypatch, tmp_path_factory):
    unset = ("HUAWEICLOUD_SDK_IDP_ID", "HUAWEICLOUD_SDK_ID_TOKEN_FILE", "HUAWEICLOUD_SDK_CREDENTIALS_FILE")
    for name in list(os.environ):
        if name.startswith("HUAWEICLOUD_OIDC_") or name in unset:
            monkeypatch.delenv(name)
    for name, value in identity_environment(tmp_path_factory.getbasetemp()).items():
        monkeypatch.setenv(name, value)
    assert NOWHERE.startswith("http://127.0.0.1:")
