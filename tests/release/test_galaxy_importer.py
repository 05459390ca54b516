"""What Galaxy and Automation Hub run on an uploaded collection: galaxy-importer, with Automation Hub's settings.

tests/release/galaxy-importer.cfg turns on what certification requires (flake8 on the plugins, a required tag, a
changelog, version 1.0.0 or later) besides ansible-doc and ansible-lint. The built tarball must import with no
warning at all, and what the importer extracts (the docs pages Galaxy renders, the contents) must be complete.
"""

import logging
import os
import subprocess
import sys

import pytest
import yaml

importer_collection = pytest.importorskip(
    "galaxy_importer.collection", reason="galaxy-importer is not installed (tests/requirements-release.txt)"
)
from galaxy_importer import config as importer_config  # noqa: E402  pylint: disable=wrong-import-position

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SETTINGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "galaxy-importer.cfg")


def tool(name):
    beside = os.path.join(os.path.dirname(sys.executable), name)
    if os.access(beside, os.X_OK):
        return beside
    pytest.skip("%s is not installed next to %s" % (name, sys.executable))


class Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The importer's result and its log records, for the tarball ``ansible-galaxy collection build`` makes."""
    base = tmp_path_factory.mktemp("galaxy-importer")
    home = base / "ansible-home"
    saved = dict(os.environ)
    # ansible-doc and ansible-lint run under the importer: this venv's tools, Ansible state in the temporary dir.
    os.environ.update(
        PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
        ANSIBLE_HOME=str(home),
        ANSIBLE_LOCAL_TEMP=str(home / "tmp"),
        GALAXY_IMPORTER_CONFIG=SETTINGS,
    )
    try:
        result = subprocess.run(
            [tool("ansible-galaxy"), "collection", "build", "--output-path", str(base), ROOT],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        (name,) = [name for name in os.listdir(base) if name.endswith(".tar.gz")]
        settings = importer_config.ConfigFile.load()
        cfg = importer_config.Config(
            config_data=dict(settings, ansible_local_tmp=str(home / "tmp"), tmp_root_dir=str(base))
        )
        logger = logging.getLogger("hwkafka.galaxy-importer")
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        records = Records()
        logger.addHandler(records)
        try:
            with open(base / name, "rb") as tarball:
                data = importer_collection.import_collection(file=tarball, logger=logger, cfg=cfg)
        finally:
            logger.removeHandler(records)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return settings, data, records.records


def test_the_settings_are_automation_hubs(imported):
    settings, _data, _records = imported
    assert settings["run_flake8"] is True
    assert settings["check_required_tags"] is True
    assert settings["check_changelog"] is True
    assert settings["require_v1_or_greater"] is True
    assert settings["run_ansible_lint"] is True
    assert settings["run_ansible_doc"] is True


def test_imports_with_no_warning(imported):
    _settings, _data, records = imported
    complaints = [
        "%s: %s" % (record.levelname, record.getMessage()) for record in records if record.levelno >= logging.WARNING
    ]
    assert complaints == []
    # The checks did run: flake8 on each plugin, ansible-lint on the collection.
    messages = [record.getMessage() for record in records]
    assert any("via flake8" in message for message in messages)
    assert any("ansible-lint run complete" in message for message in messages)


def test_what_galaxy_shows(imported):
    _settings, data, _records = imported
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        galaxy = yaml.safe_load(handle)
    assert data["metadata"]["version"] == galaxy["version"]
    assert data["requires_ansible"] == ">=2.18.0"
    contents = {(item["content_type"], item["name"]) for item in data["contents"]}
    for module in sorted(os.listdir(os.path.join(ROOT, "plugins", "modules"))):
        assert ("module", module[:-3]) in contents
    assert ("role", "smart_connect_presets") in contents
    # The docs/*.md pages are all Galaxy and Automation Hub render besides the README and the plugins' docs.
    pages = {page["name"] for page in data["docs_blob"]["documentation_files"]}
    shipped = {name for name in os.listdir(os.path.join(ROOT, "docs")) if name.endswith(".md")}
    assert pages == shipped
    assert {"getting_started.md", "guides.md"} <= pages
