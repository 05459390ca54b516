"""The layers of plugins/module_utils: each package imports only from itself and the layers above it.

The order is the README's "Code layout" (a test checks the two agree). Below the Ansible glue nothing imports
AnsibleModule, so that plugins other than modules (an inventory, an event source) can use every other layer.
"""

import ast
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
MODULE_UTILS = os.path.join(ROOT, "plugins", "module_utils")
PREFIX = "ansible_collections.huaweicloud.kafka.plugins.module_utils"
# From the top (used by everything) to the bottom (uses everything).
LAYERS = ("signer", "_http", "_dms", "_tasks", "_runners", "_ansible")
GLUE = "_ansible"


def layer_of(name):
    """The layer of a module_utils path relative to module_utils (``_http/client.py``) or a dotted name."""
    first = re.split(r"[/.]", name, maxsplit=1)[0]
    if first not in LAYERS:
        raise AssertionError("%s is in no layer: put it in one of %s" % (name, ", ".join(LAYERS)))
    return first


def imports_of(source):
    """Each import statement of ``source`` as the module names it may load (``from x import y``: ``x`` and
    ``x.y``, since y may be a module)."""
    statements = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            statements.extend([alias.name] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            statements.append([node.module] + ["%s.%s" % (node.module, alias.name) for alias in node.names])
    return statements


def _problem(relative_path, name):
    own = layer_of(relative_path)
    if name.startswith(PREFIX + "."):
        target = layer_of(name[len(PREFIX) + 1 :])
        if LAYERS.index(target) > LAYERS.index(own):
            return "%s imports %s, from the lower layer %s" % (relative_path, name, target)
    elif own != GLUE and (name.startswith("ansible.module_utils.basic") or name.endswith(".AnsibleModule")):
        return "%s imports %s: only %s may" % (relative_path, name, GLUE)
    return None


def problems(relative_path, source):
    """Why the file at ``relative_path`` (under module_utils) breaks the layer rule, one message an import
    statement at most: a list, empty when it keeps the rule."""
    found = []
    for names in imports_of(source):
        found.extend([problem for problem in (_problem(relative_path, name) for name in names) if problem][:1])
    return found


def module_utils_files():
    for directory, _dirs, files in os.walk(MODULE_UTILS):
        for name in sorted(files):
            if name.endswith(".py") and name != "__init__.py":
                path = os.path.join(directory, name)
                yield os.path.relpath(path, MODULE_UTILS).replace(os.sep, "/"), path


@pytest.mark.parametrize("relative_path, path", list(module_utils_files()))
def test_every_file_imports_only_from_its_layer_and_those_above(relative_path, path):
    with open(path, encoding="utf-8") as handle:
        assert problems(relative_path, handle.read()) == []


def test_every_layer_is_a_package_or_the_signer():
    for layer in LAYERS[1:]:
        assert os.path.isfile(os.path.join(MODULE_UTILS, layer, "__init__.py")), layer
    assert sorted(name for name in os.listdir(MODULE_UTILS) if not name.startswith("__")) == sorted(
        ("signer.py",) + LAYERS[1:]
    )


def test_the_readme_lists_the_layers_in_this_order():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    table = readme.split("## Code layout", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| [^|]+ \| `(signer\.py|_[a-z]+/)`", table, re.M)
    assert [name.rstrip("/").replace(".py", "") for name in listed] == list(LAYERS)


@pytest.mark.parametrize(
    "relative_path, source, expected",
    [
        ("_http/client.py", "from %s._dms.api import SmartConnectApi\n" % PREFIX, "from the lower layer _dms"),
        ("_tasks/plan.py", "from %s import _runners\n" % PREFIX, "from the lower layer _runners"),
        ("_dms/api.py", "import %s._ansible.base\n" % PREFIX, "from the lower layer _ansible"),
        ("_runners/task.py", "from ansible.module_utils.basic import AnsibleModule\n", "only _ansible may"),
        ("_http/client.py", "from ansible.module_utils import basic\n", "only _ansible may"),
    ],
)
def test_the_rule_catches_an_upward_import(relative_path, source, expected):
    found = problems(relative_path, source)
    assert len(found) == 1 and expected in found[0]


def test_the_rule_allows_imports_from_above_and_from_the_same_layer():
    source = "from %s import signer\nfrom %s._http.retry import Backoff\nfrom %s._dms import vocabulary\n" % (
        PREFIX,
        PREFIX,
        PREFIX,
    )
    assert problems("_dms/api.py", source) == []
    assert problems("_ansible/base.py", "from ansible.module_utils.basic import AnsibleModule\n") == []
