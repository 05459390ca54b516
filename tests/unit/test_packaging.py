"""The collection as shipped: galaxy.yml, meta/runtime.yml, and a tarball that installs and works."""

import os
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml

from ansible_collections.huaweicloud.kafka.plugins.module_utils._http.client import COLLECTION_VERSION

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_yaml(*parts):
    with open(os.path.join(ROOT, *parts)) as handle:
        return yaml.safe_load(handle)


def module_names():
    folder = os.path.join(ROOT, "plugins", "modules")
    if not os.path.isdir(folder):
        return []
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".py") and not name.startswith("_"))


def test_galaxy_metadata():
    galaxy = load_yaml("galaxy.yml")
    assert (galaxy["namespace"], galaxy["name"]) == ("huaweicloud", "kafka")
    assert galaxy["version"] == COLLECTION_VERSION, "client.COLLECTION_VERSION feeds the User-Agent"
    assert galaxy["license"] == ["GPL-3.0-or-later", "BSD-2-Clause"]
    assert "cloud" in galaxy["tags"]
    for field in ("description", "repository", "readme", "authors"):
        assert galaxy[field]
    for ignored in (".venv", "tests/output", ".pytest_cache", "build"):
        assert ignored in galaxy["build_ignore"]


def test_the_signers_licence_text_is_shipped():
    """signer.py is BSD-2-Clause (its header: tests/unit/plugins/modules/test_smart_connect_task.py)."""
    with open(os.path.join(ROOT, "LICENSES", "BSD-2-Clause.txt")) as handle:
        assert "Redistribution and use in source and binary forms" in handle.read()


def test_every_module_joins_the_action_group():
    runtime = load_yaml("meta", "runtime.yml")
    assert runtime["requires_ansible"] == ">=2.18.0"
    assert sorted(runtime["action_groups"]["all"] or []) == module_names()


def ansible_galaxy():
    found = shutil.which("ansible-galaxy") or os.path.join(os.path.dirname(sys.executable), "ansible-galaxy")
    if not os.path.exists(found):
        pytest.skip("ansible-galaxy is not installed")
    return found


def test_built_tarball_installs_and_works(tmp_path):
    tool = ansible_galaxy()
    subprocess.run([tool, "collection", "build", "--output-path", str(tmp_path), ROOT], check=True, capture_output=True)
    tarball = tmp_path / ("huaweicloud-kafka-%s.tar.gz" % COLLECTION_VERSION)
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    assert "plugins/module_utils/signer.py" in names and "MANIFEST.json" in names
    # The reusable signer's licence text ships with it, and the GPL for the rest.
    assert "LICENSES/BSD-2-Clause.txt" in names and "COPYING" in names
    leaked = [n for n in names if n.startswith((".venv", ".git/", "tests/output", "build/")) or "__pycache__" in n]
    assert leaked == []

    install_dir = tmp_path / "collections"
    # --force: under ansible-test the collection under test is already on ANSIBLE_COLLECTIONS_PATH, and
    # ansible-galaxy would otherwise call the tarball "already installed" and install nothing.
    subprocess.run(
        [tool, "collection", "install", "--force", "-p", str(install_dir), str(tarball)],
        check=True,
        capture_output=True,
    )
    # Import the installed copy in a clean interpreter: the worked example of Huawei's signing guide.
    check = (
        "from ansible_collections.huaweicloud.kafka.plugins.module_utils import signer;"
        "h = signer.sign('GET', 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs"
        "?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0', {'Content-Type': 'application/json',"
        " 'X-Sdk-Date': '20191115T033655Z'}, b'', 'QTWAOYTTINDUT2QVKYUC', 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc');"
        "print(signer.__file__); print(h['Authorization'])"
    )
    env = dict(os.environ, PYTHONPATH=str(install_dir))
    result = subprocess.run(
        [sys.executable, "-c", check], check=True, capture_output=True, text=True, env=env, cwd=str(tmp_path)
    )
    location, authorization = result.stdout.split()[0], result.stdout.strip().splitlines()[1]
    assert location.startswith(str(install_dir))
    assert authorization.endswith("Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe")
