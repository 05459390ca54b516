"""The files a contributor relies on agree with what CI runs.

pre-commit runs the same ruff and ansible-lint as tests/run.sh's lint stage (the hooks' revisions are the pins of
tests/requirements-lint.txt), and the bug report template asks for what a maintainer needs without an account: the
request id and the masked ``-vvv`` output.
"""

import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as handle:
        return handle.read()


def pins():
    """``{package: version}`` of tests/requirements-lint.txt."""
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", read("tests", "requirements-lint.txt"), re.M))


def hook_revisions():
    """``{repository: rev}`` of .pre-commit-config.yaml."""
    config = yaml.safe_load(read(".pre-commit-config.yaml"))
    return {repo["repo"]: repo["rev"] for repo in config["repos"]}


def test_pre_commit_runs_the_pinned_ruff_and_ansible_lint():
    pinned, revisions = pins(), hook_revisions()
    assert revisions["https://github.com/astral-sh/ruff-pre-commit"] == "v" + pinned["ruff"]
    assert revisions["https://github.com/ansible/ansible-lint"] == "v" + pinned["ansible-lint"]


def test_ruff_settings_are_where_ruff_and_contributors_look():
    settings = read("pyproject.toml")
    assert "[tool.ruff]" in settings and "[tool.ruff.lint]" in settings
    assert "ruff check" in read("CONTRIBUTING.md") and "ruff format" in read("CONTRIBUTING.md")


def test_bug_report_asks_for_the_request_id_and_masked_vvv_output():
    form = yaml.safe_load(read(".github", "ISSUE_TEMPLATE", "bug_report.yml"))
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert fields["request_id"]["validations"]["required"] is True
    vvv = fields["vvv"]
    assert vvv["validations"]["required"] is True
    assert "-vvv" in vvv["attributes"]["description"] and "********" in vvv["attributes"]["description"]
    assert any(option["required"] for option in fields["checked"]["attributes"]["options"])
