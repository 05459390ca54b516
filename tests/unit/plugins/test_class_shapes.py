"""Composition over mixin stacks: no class of the collection has more than MAX_METHODS methods (its own and those it
inherits from the collection's classes), and none is built from three or more of the collection's classes.

The classes are read from the source (ast), so a class added anywhere under plugins/ is checked."""

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PLUGINS = os.path.join(ROOT, "plugins")
MAX_METHODS = 20
MAX_PROJECT_BASES = 2


def classes_in(sources):
    """``{class name: (names of its bases, names of the methods it defines)}`` over ``{path: source}``."""
    found = {}
    for path, source in sources.items():
        for node in ast.walk(ast.parse(source, path)):
            if isinstance(node, ast.ClassDef):
                bases = [base.id if isinstance(base, ast.Name) else getattr(base, "attr", "") for base in node.bases]
                methods = {item.name for item in node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))}
                found["%s:%s" % (path, node.name)] = (node.name, bases, methods)
    return found


def problems(sources):
    """Why the classes of ``sources`` break the rules: a list, empty when they keep them."""
    classes = classes_in(sources)
    by_name = {name: (bases, methods) for name, bases, methods in classes.values()}

    def every_method(name, seen=()):
        bases, methods = by_name[name]
        result = set(methods)
        for base in bases:
            if base in by_name and base not in seen:
                result |= every_method(base, seen + (name,))
        return result

    found = []
    for where, (name, bases, _methods) in sorted(classes.items()):
        count = len(every_method(name))
        if count > MAX_METHODS:
            found.append(
                "%s has %d methods (at most %d): give part of its work to a collaborator" % (where, count, MAX_METHODS)
            )
        own_bases = [base for base in bases if base in by_name]
        if len(own_bases) > MAX_PROJECT_BASES:
            found.append(
                "%s is built from %d of the collection's classes (%s): compose them"
                % (where, len(own_bases), ", ".join(own_bases))
            )
    return found


def plugin_sources():
    sources = {}
    for directory, _dirs, files in os.walk(PLUGINS):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8") as handle:
                    sources[os.path.relpath(path, PLUGINS)] = handle.read()
    return sources


def test_every_class_of_the_collection_keeps_the_rules():
    sources = plugin_sources()
    assert any("class TaskRunner(" in source for source in sources.values())  # the classes were read
    assert problems(sources) == []


def methods(count, prefix="m"):
    return "".join("    def %s%d(self):\n        pass\n" % (prefix, index) for index in range(count))


def test_too_many_methods_counted_with_the_inherited_ones_fail():
    sources = {"a.py": "class Base:\n" + methods(12, "b") + "class Big(Base):\n" + methods(9)}
    assert problems(sources) == ["a.py:Big has 21 methods (at most 20): give part of its work to a collaborator"]
    sources = {"a.py": "class Base:\n" + methods(12, "b") + "class Fine(Base):\n" + methods(8)}
    assert problems(sources) == []


@pytest.mark.parametrize("bases, expected", [("A, B", 0), ("A, B, C", 1), ("A, B, object", 0)])
def test_a_class_built_from_three_of_the_collections_classes_fails(bases, expected):
    source = "class A:\n    pass\nclass B:\n    pass\nclass C:\n    pass\nclass D(%s):\n    pass\n" % bases
    assert len(problems({"m.py": source})) == expected
