"""meta/execution-environment.yml: ``ansible-builder create`` makes a complete build context (no container engine)."""

import os
import subprocess
import sys

import pytest
import yaml

pytest.importorskip("ansible_builder", reason="ansible-builder is not installed (tests/requirements-awx.txt)")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
META = os.path.join(ROOT, "meta")


def read(*parts):
    with open(os.path.join(*parts)) as handle:
        return handle.read()


def requirement_lines(text):
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def ansible_builder():
    beside = os.path.join(os.path.dirname(sys.executable), "ansible-builder")
    return beside if os.access(beside, os.X_OK) else "ansible-builder"


def create(definition, context):
    return subprocess.run([ansible_builder(), "create", "-f", definition, "-c", str(context), "--output-filename",
                           "Containerfile"], cwd=os.path.dirname(definition), capture_output=True, text=True,
                          timeout=60, check=False)


def test_definition_points_at_the_shipped_files():
    definition = yaml.safe_load(read(META, "execution-environment.yml"))
    assert definition["version"] == 3
    assert definition["images"]["base_image"]["name"]
    dependencies = definition["dependencies"]
    assert dependencies["python"] == "ee-requirements.txt"
    assert dependencies["system"] == "ee-bindep.txt"
    assert [c["name"] for c in dependencies["galaxy"]["collections"]] == ["huaweicloud.kafka"]
    # Runtime dependencies only: requests, and never the SDK or a test tool.
    packages = [line.split(">")[0].split("=")[0].split("<")[0] for line in requirement_lines(read(META, "ee-requirements.txt"))]
    assert packages == ["requests"]


def test_create_makes_a_build_context(tmp_path):
    context = tmp_path / "context"
    result = create(os.path.join(META, "execution-environment.yml"), context)
    assert result.returncode == 0, result.stdout + result.stderr
    containerfile = (context / "Containerfile").read_text()
    assert 'EE_BASE_IMAGE="quay.io/ansible/awx-ee:latest"' in containerfile
    build = context / "_build"
    assert requirement_lines((build / "requirements.txt").read_text()) == requirement_lines(read(META, "ee-requirements.txt"))
    assert requirement_lines((build / "bindep.txt").read_text()) == requirement_lines(read(META, "ee-bindep.txt"))
    galaxy = yaml.safe_load((build / "requirements.yml").read_text())
    assert galaxy["collections"][0]["name"] == "huaweicloud.kafka"
    # The stages the image build runs: galaxy install, Python and system dependencies.
    for step in ("ansible-galaxy collection install", "requirements.yml", "assemble"):
        assert step in containerfile


def test_create_with_the_collection_built_from_this_checkout(tmp_path):
    """The variant docs/docsite/rst/guide_awx.rst describes: the tarball of this checkout goes into the image."""
    galaxy_bin = os.path.join(os.path.dirname(sys.executable), "ansible-galaxy")
    if not os.access(galaxy_bin, os.X_OK):
        pytest.skip("ansible-galaxy is not installed")
    subprocess.run([galaxy_bin, "collection", "build", "--output-path", str(tmp_path), ROOT], check=True,
                   capture_output=True, timeout=60)
    (tarball,) = [name for name in os.listdir(tmp_path) if name.endswith(".tar.gz")]
    definition = yaml.safe_load(read(META, "execution-environment.yml"))
    definition["dependencies"].update(
        python=os.path.join(META, "ee-requirements.txt"),
        system=os.path.join(META, "ee-bindep.txt"),
        galaxy={"collections": [{"name": "/build/collections/" + tarball, "type": "file"}]},
    )
    definition["additional_build_files"] = [{"src": tarball, "dest": "collections"}]
    local = tmp_path / "ee-local.yml"
    local.write_text(yaml.safe_dump(definition))
    context = tmp_path / "context"
    result = create(str(local), context)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (context / "_build" / "collections" / tarball).is_file()
    assert "/build/collections/" + tarball in (context / "_build" / "requirements.yml").read_text()
