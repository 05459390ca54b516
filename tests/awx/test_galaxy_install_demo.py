"""Galaxy path: build the collection's tarball, install it, and run the demo playbook from the installed copy only."""

import json
import os
import re
import subprocess

import pytest

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(TESTS)

from helpers.ansible_cli import executable, run_playbook  # noqa: E402  pylint: disable=wrong-import-position

RECAP = re.compile(r"^localhost\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=0\s+failed=0", re.M)


def demo_variables():
    """The DEMO_* variables demo/run.sh exports (peer password, OBS keys), so this test follows the demo."""
    with open(os.path.join(ROOT, "demo", "run.sh")) as handle:
        return dict(re.findall(r"^export (DEMO_[A-Z0-9_]+)=(\S+)$", handle.read(), re.M))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A directory of collections holding only huaweicloud.kafka, installed from a freshly built tarball."""
    try:
        galaxy = executable("ansible-galaxy")
    except RuntimeError:
        pytest.skip("ansible-galaxy is not installed")
    build = tmp_path_factory.mktemp("galaxy-build")
    collections = tmp_path_factory.mktemp("galaxy-installed")
    env = dict(os.environ, ANSIBLE_HOME=str(build / "home"), ANSIBLE_GALAXY_SERVER="http://127.0.0.1:9/")
    subprocess.run(
        [galaxy, "collection", "build", "--output-path", str(build), ROOT],
        check=True,
        capture_output=True,
        env=env,
        timeout=60,
    )
    (tarball,) = [name for name in os.listdir(build) if name.endswith(".tar.gz")]
    # No network: the tarball has no dependencies, and a galaxy server that refuses connections proves it.
    subprocess.run(
        [galaxy, "collection", "install", "--offline", "-p", str(collections), str(build / tarball)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    return str(collections)


def test_installed_copy_is_complete(installed):
    copy = os.path.join(installed, "ansible_collections", "huaweicloud", "kafka")
    with open(os.path.join(copy, "MANIFEST.json")) as handle:
        manifest = json.load(handle)
    assert (manifest["collection_info"]["namespace"], manifest["collection_info"]["name"]) == ("huaweicloud", "kafka")
    for path in (
        "meta/runtime.yml",
        "meta/execution-environment.yml",
        "requirements.txt",
        "bindep.txt",
        "extensions/ee/execution-environment.yml",
        "extensions/awx/credential_type_huaweicloud.yml",
        "docs/docsite/extra-docs.yml",
        "plugins/modules/smart_connect_task.py",
    ):
        assert os.path.isfile(os.path.join(copy, path)), path
    assert not os.path.exists(os.path.join(copy, ".venv"))


def test_demo_runs_from_the_installed_copy(installed, emulator):
    emulator.set_async_delay(0)
    env = dict(
        demo_variables(),
        ANSIBLE_COLLECTIONS_PATH=installed,
        HUAWEICLOUD_SDK_AK=emulator.access_key,
        HUAWEICLOUD_SDK_SK=emulator.secret_key,
        HUAWEICLOUD_REGION=emulator.region,
        HUAWEICLOUD_DMS_ENDPOINT=emulator.url,
        HUAWEICLOUD_IAM_ENDPOINT=emulator.url,
    )
    site = os.path.join(ROOT, "demo", "site.yml")
    first = run_playbook(site, env=env, timeout=120)
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-2000:]
    assert int(RECAP.search(first.stdout).group(2)) > 0
    assert emulator.tasks(emulator.instance_id_connector_off), "the demo created no task"

    again = run_playbook(site, env=env, timeout=120)
    assert again.returncode == 0, again.stdout[-4000:] + again.stderr[-2000:]
    assert RECAP.search(again.stdout).group(2) == "0", again.stdout[-4000:]
