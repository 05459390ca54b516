"""Shared pytest set-up and fixtures for every test under tests/ (the one home of fixtures shared by suites).

``tests/`` itself is on the path (``pythonpath`` in tests/pytest.ini; under ansible-test units, see below), so
``helpers`` imports as a top-level package. The DMS emulator is a package
of its own (tests/emulator, installed by the requirement files): its fixtures come in through its pytest entry
point, not from here.
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


# The one sys.path edit left, and why: ``ansible_collections.huaweicloud.kafka`` is importable only from a
# directory laid out as ansible_collections/huaweicloud/kafka. ansible-test runs from such a tree, a plain
# checkout is not one, and a static ``pythonpath`` cannot name a directory that has to be made first (a
# symlink committed in the collection would loop back into it and ship in its tarball).
try:
    import ansible_collections.huaweicloud.kafka  # noqa: F401  pylint: disable=unused-import
except ImportError:
    sys.path.insert(0, _collection_path())

# The other: ansible-test units reads its own pytest config (not tests/pytest.ini) and imports this file as
# ansible_collections.huaweicloud.kafka.tests.conftest, which puts nothing on the path; the unit tests import the
# shared helpers as ``helpers``, as every other suite does. A plain ``pytest tests`` never takes this branch.
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

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


# ----- Fixtures shared by the suites ----------------------------------------------------------------------
from ansible.module_utils.basic import AnsibleModule  # noqa: E402  pylint: disable=wrong-import-position
from helpers.module_runner import CREDENTIAL_VARIABLES  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.huaweicloud.kafka.plugins.module_utils._runners.waiter import (  # noqa: E402  pylint: disable=wrong-import-position
    Waiter,
)


@pytest.fixture
def warnings(monkeypatch):
    """The warnings the module emits (AnsibleModule.warn), in order."""
    found = []
    monkeypatch.setattr(AnsibleModule, "warn", lambda self, warning: found.append(warning))
    return found


QUICK_ASYNC_DELAY = 0.05  # seconds the emulator's CREATING, RESTARTING... last for the suites that use it


@pytest.fixture
def quick_emulator(emulator, monkeypatch):
    """The emulator with statuses that move after 50 ms, a module whose waits poll every 20-200 ms, and no
    credential in the environment: the base of the suites run against the emulator (``emu``, ``fast``)."""
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    emulator.set_async_delay(QUICK_ASYNC_DELAY)
    monkeypatch.setattr(Waiter, "first_delay", 0.02)
    monkeypatch.setattr(Waiter, "max_delay", 0.2)
    return emulator


# ----- Under CI, a skip is a failure (issue 23) -------------------------------------------------------------
# CI installs every test dependency (the official SDK included), so a skipped test there is a test that silently
# did not run. Locally a missing optional tool may still skip.
_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI", "").lower() in ("true", "1") and _skipped and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if os.environ.get("CI", "").lower() in ("true", "1") and _skipped:
        terminalreporter.section("skipped under CI=true: the run fails", red=True)
        for nodeid in _skipped:
            terminalreporter.line(nodeid)


# ----- Which emulator this run tests ------------------------------------------------------------------------
# The emulator's entry point imports it from where the venv installed it, before tests/pytest.ini's path applies:
# a venv shared by several checkouts tests the emulator of the one it was built from. Say so at the top.
def pytest_report_header(config):
    import emulator  # pylint: disable=import-outside-toplevel

    where = os.path.dirname(os.path.abspath(emulator.__file__))
    if where == os.path.join(TESTS_DIR, "emulator"):
        return "emulator: %s (this checkout)" % where
    return "emulator: %s -- NOT this checkout's; pip install -e ./tests/emulator in this venv to test it" % where
