"""Execution environments with huaweicloud.kafka, proven with ansible-builder itself (no container engine).

``meta/execution-environment.yml`` is the collection's dependency declaration: ansible-builder's introspection
(the step every ``ansible-builder build`` runs inside the image, on the collections it installed) reads it from
the *installed* collection, with paths relative to the collection's root. ``extensions/ee/execution-environment.yml``
is the example image definition the AWX guide builds.
"""

import os
import subprocess
import sys

import pytest
import yaml

pytest.importorskip("ansible_builder", reason="ansible-builder is not installed (tests/requirements-awx.txt)")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE_EE = os.path.join(ROOT, "extensions", "ee", "execution-environment.yml")


def read(*parts):
    with open(os.path.join(*parts)) as handle:
        return handle.read()


def requirement_lines(text):
    """The requirements of a pip or bindep file, without comments (introspection appends "# from collection")."""
    lines = (line.split("#")[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def tool(name):
    beside = os.path.join(os.path.dirname(sys.executable), name)
    if os.access(beside, os.X_OK):
        return beside
    pytest.skip("%s is not installed next to %s" % (name, sys.executable))


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, **kwargs)


def create(definition, context):
    return run(
        [tool("ansible-builder"), "create", "-f", definition, "-c", str(context), "--output-filename", "Containerfile"],
        cwd=os.path.dirname(definition),
    )


@pytest.fixture(scope="module")
def tarball(tmp_path_factory):
    """The collection as Galaxy and Automation Hub serve it: ``ansible-galaxy collection build`` of the checkout."""
    build = tmp_path_factory.mktemp("ee-build")
    result = run(
        [tool("ansible-galaxy"), "collection", "build", "--output-path", str(build), ROOT],
        env=dict(os.environ, ANSIBLE_HOME=str(build / "home")),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (name,) = [name for name in os.listdir(build) if name.endswith(".tar.gz")]
    return build / name


def test_the_collection_declares_its_dependencies_from_its_root():
    declaration = yaml.safe_load(read(ROOT, "meta", "execution-environment.yml"))
    assert declaration["version"] == 1
    dependencies = declaration["dependencies"]
    assert set(dependencies) == {"python", "system"}
    for path in dependencies.values():
        assert os.path.isfile(os.path.join(ROOT, path)), "%s must exist relative to the collection's root" % path
    # Runtime dependencies only: requests, and never the SDK or a test tool.
    packages = [
        line.split(">")[0].split("=")[0].split("<")[0] for line in requirement_lines(read(ROOT, dependencies["python"]))
    ]
    assert packages == ["requests"]


def test_introspection_of_the_installed_collection(tarball, tmp_path):
    """What ``ansible-builder build`` does inside the image after installing the collection from Galaxy."""
    collections = tmp_path / "collections"
    result = run(
        [tool("ansible-galaxy"), "collection", "install", "--offline", "-p", str(collections), str(tarball)],
        env=dict(os.environ, ANSIBLE_HOME=str(tmp_path / "home")),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pip, bindep = tmp_path / "pip.txt", tmp_path / "bindep.txt"
    result = run(
        [
            tool("ansible-builder"),
            "introspect",
            "--sanitize",
            "--write-pip",
            str(pip),
            "--write-bindep",
            str(bindep),
            str(collections),
        ]
    )
    assert result.returncode == 0, result.stdout + result.stderr
    declaration = yaml.safe_load(read(ROOT, "meta", "execution-environment.yml"))["dependencies"]
    assert requirement_lines(pip.read_text()) == requirement_lines(read(ROOT, declaration["python"]))
    assert requirement_lines(bindep.read_text()) == requirement_lines(read(ROOT, declaration["system"]))
    for line in pip.read_text().splitlines() + bindep.read_text().splitlines():
        assert line.endswith("# from collection huaweicloud.kafka"), line


def test_the_example_ee_renders_a_build_context(tmp_path):
    definition = yaml.safe_load(read(EXAMPLE_EE))
    assert definition["version"] == 3
    # Only the collection: its dependencies come from its own declaration, through introspection.
    assert set(definition["dependencies"]) == {"galaxy"}
    assert [c["name"] for c in definition["dependencies"]["galaxy"]["collections"]] == ["huaweicloud.kafka"]

    context = tmp_path / "context"
    result = create(EXAMPLE_EE, context)
    assert result.returncode == 0, result.stdout + result.stderr
    containerfile = (context / "Containerfile").read_text()
    assert 'EE_BASE_IMAGE="quay.io/ansible/awx-ee:latest"' in containerfile
    galaxy = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    assert galaxy["collections"][0]["name"] == "huaweicloud.kafka"
    # The stages the image build runs: galaxy install, then introspection of what it installed, then the install
    # of the Python and system dependencies introspection found.
    for step in ("ansible-galaxy collection install", "introspect.py introspect", "assemble"):
        assert step in containerfile
    assert (context / "_build" / "scripts" / "introspect.py").is_file()


def test_the_example_ee_with_the_collection_built_from_this_checkout(tarball, tmp_path):
    """The variant docs/docsite/rst/guide_awx.rst describes: the tarball of this checkout goes into the image."""
    definition = yaml.safe_load(read(EXAMPLE_EE))
    definition["dependencies"]["galaxy"] = {
        "collections": [{"name": "/build/collections/" + tarball.name, "type": "file"}]
    }
    definition["additional_build_files"] = [{"src": str(tarball), "dest": "collections"}]
    local = tmp_path / "ee-local.yml"
    local.write_text(yaml.safe_dump(definition))
    context = tmp_path / "context"
    result = create(str(local), context)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (context / "_build" / "collections" / tarball.name).is_file()
    assert "/build/collections/" + tarball.name in (context / "_build" / "requirements.yml").read_text()
