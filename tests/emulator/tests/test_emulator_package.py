"""The emulator as an installed package (tests/emulator/pyproject.toml), the way a user's CI gets it.

The test venvs install it from tests/requirements.txt: its fixtures must come in through the pytest11 entry point
(once, under the module's name), and ``python -m emulator`` must start it from any directory.
"""

import importlib.metadata
import os
import signal

import tomllib  # the test venvs run Python 3.11 and later

from .test_emulator_cli import get_json, read_line, start, stop

PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DISTRIBUTION = "huaweicloud-kafka-dms-emulator"


def declared():
    with open(os.path.join(PACKAGE_DIR, "pyproject.toml"), "rb") as handle:
        return tomllib.load(handle)["project"]


def test_the_installed_distribution_declares_what_pyproject_declares():
    project = declared()
    distribution = importlib.metadata.distribution(DISTRIBUTION)
    assert distribution.metadata["Name"] == project["name"] == DISTRIBUTION
    installed = {(point.group, point.name, point.value) for point in distribution.entry_points}
    assert ("pytest11", "emulator.pytest_plugin", "emulator.pytest_plugin") in installed
    assert {("pytest11", name, value) for name, value in project["entry-points"]["pytest11"].items()} <= installed


def test_the_fixtures_come_from_the_entry_point_once(pytestconfig):
    manager = pytestconfig.pluginmanager
    plugin = manager.get_plugin("emulator.pytest_plugin")
    assert plugin is not None and plugin.__name__ == "emulator.pytest_plugin"
    assert [name for name, registered in manager.list_name_plugin() if registered is plugin] == [
        "emulator.pytest_plugin"
    ]
    assert [dist.project_name for registered, dist in manager.list_plugin_distinfo() if registered is plugin] == [
        DISTRIBUTION
    ]


def test_python_m_emulator_starts_it_from_any_directory(tmp_path):
    # Not from tests/ (where the package sits on the current directory): only the installed package can answer.
    process = start("--url-file", str(tmp_path / "url"), cwd=str(tmp_path), module=True)
    try:
        line = read_line(process)
        assert line.startswith("DMS emulator listening on http://127.0.0.1:"), line
        url = line.rsplit(" ", 1)[1]
        assert get_json(url + "/_emulator/health")["ok"] is True
    finally:
        returncode, out, _err = stop(process, signal.SIGTERM)
    assert returncode == 0 and "DMS emulator stopped" in out
    assert not (tmp_path / "url").exists()
