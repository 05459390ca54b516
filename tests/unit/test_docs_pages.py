"""docs/*.md: the pages Galaxy and Automation Hub render. Every guide of the docsite is reachable from them, and
every link resolves (links into the repository name files this checkout has; relative links, other pages here)."""

import os
import re

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCS = os.path.join(ROOT, "docs")
LINK = re.compile(r"\]\(([^)\s]+)\)|^\[[^\]]+\]:\s*(\S+)", re.M)


def pages():
    return sorted(name for name in os.listdir(DOCS) if name.endswith(".md"))


def links(name):
    with open(os.path.join(DOCS, name)) as handle:
        return [inline or reference for inline, reference in LINK.findall(handle.read())]


def repository():
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        return yaml.safe_load(handle)["repository"].rstrip("/")


def test_the_entry_pages_exist():
    assert {"getting_started.md", "guides.md"} <= set(pages())


def test_every_guide_is_linked_from_the_index():
    with open(os.path.join(DOCS, "docsite", "extra-docs.yml")) as handle:
        sections = yaml.safe_load(handle)["sections"]
    guides = {guide for section in sections for guide in section["toctree"]}
    prefix = repository() + "/blob/main/docs/docsite/rst/"
    linked = {link[len(prefix) : -len(".rst")] for link in links("guides.md") if link.startswith(prefix)}
    assert linked == guides


def test_every_link_resolves():
    base = repository()
    for name in pages():
        for link in links(name):
            link = link.split("#")[0]
            if not link:  # an anchor on the same page
                continue
            if link.startswith(base + "/"):
                parts = link[len(base) + 1 :].split("/", 2)
                assert parts[0] in ("blob", "tree") and parts[1] == "main", (name, link)
                assert os.path.exists(os.path.join(ROOT, parts[2])), (name, link)
            elif not link.startswith(("http://", "https://")):
                assert os.path.isfile(os.path.join(DOCS, link)), (name, link)
