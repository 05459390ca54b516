"""Open the built docsite in headless Chromium and check that every page renders.

Usage: python tests/docsite/check_docsite.py BUILD_HTML_DIR SPHINX_LOG COLLECTION_ROOT SCREENSHOT_DIR

Every module, the role(s), the filter(s) and every guide of docs/docsite/extra-docs.yml must have a page.
Each page is loaded by Chromium (``--dump-dom``: the DOM after the browser has parsed the page and run its
scripts) and checked:

- module and role pages have a filled options table (``ansible-option-table``); module pages have an
  Examples section with the collection's FQCN in a code block;
- every link inside the docsite leads to a page that exists, and to an anchor that exists on it;
- no docutils error (``problematic``, ``system-message``) and no unresolved ``:ref:`` or ``:doc:``, except those the
  Sphinx log explains as an ansible-core label that only docs.ansible.com's inventory (intersphinx) resolves,
  when that site cannot be reached: the same label, on the same page, as often as the log says;
- every Sphinx warning in the log is one of those.

Two pages are saved as screenshots in SCREENSHOT_DIR. Exits 1 and lists every problem found.
"""

import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

NAMESPACE, NAME = "huaweicloud", "kafka"
CHROMIUM_TIMEOUT = 60
# ansible-core's own labels that the generated pages reference: only intersphinx resolves them.
OFFLINE_LABELS = ("common_return_values", "ansible_configuration_settings")
OFFLINE_WARNINGS = (re.compile(r"failed to reach any of the inventories"),)
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
SCREENSHOTS = ("smart_connect_task_module.html", "smart_connect_presets_role.html")


class Page(html.parser.HTMLParser):
    """The parts of a page's DOM the checks need."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.links = []
        self.option_rows = 0
        self.errors = []
        self.unresolved = 0
        self.examples_code = []
        self.title = ""
        self._stack = []  # (tag, classes, id)
        self._in_title = False
        self._in_examples_pre = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        if tag == "tr" and any("ansible-option-table" in entry[1] for entry in self._stack):
            self.option_rows += 1
        if "problematic" in classes or "system-message" in classes:
            self.errors.append("a docutils error (%s)" % " ".join(classes))
        # An unresolved :ref: or :doc: is left as an xref outside any link. (E() environment variables are
        # xrefs too, linked only when a plugin declares them: plain text otherwise, as on docs.ansible.com.)
        if (
            "xref" in classes
            and ("std-ref" in classes or "std-doc" in classes)
            and not any(entry[0] == "a" for entry in self._stack)
        ):
            self.unresolved += 1
        if tag == "title":
            self._in_title = True
        in_examples = any(entry[2] == "examples" for entry in self._stack)
        if tag == "pre" and in_examples:
            self._in_examples_pre += 1
            self.examples_code.append("")
        if tag not in ("br", "img", "meta", "link", "input", "hr", "wbr", "col", "source"):
            self._stack.append((tag, classes, attrs.get("id")))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "pre" and self._in_examples_pre:
            self._in_examples_pre -= 1
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_examples_pre:
            self.examples_code[-1] += data


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("chromium not found: install Debian's chromium package (tests/run.sh docs does)")


def chromium(binary, profile, *args):
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--user-data-dir=%s" % profile,
    ] + list(args)
    result = subprocess.run(command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT, check=False)
    if result.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(command), result.returncode, result.stderr[-2000:]))
    return result.stdout


def expected_pages(collection_root):
    """{relative html path: kind} for every plugin, role and guide the collection has."""
    base = "collections/%s/%s/" % (NAMESPACE, NAME)
    pages = {}
    for kind, folder in (("module", "plugins/modules"), ("filter", "plugins/filter")):
        path = os.path.join(collection_root, folder)
        for name in sorted(os.listdir(path)) if os.path.isdir(path) else ():
            if name.endswith(".py") and not name.startswith("_"):
                if kind == "filter":
                    # A filter plugin file can hold several filters: their pages are found by name below.
                    continue
                pages[base + "%s_module.html" % name[:-3]] = "module"
    roles = os.path.join(collection_root, "roles")
    for name in sorted(os.listdir(roles)) if os.path.isdir(roles) else ():
        if os.path.isfile(os.path.join(roles, name, "meta", "argument_specs.yml")):
            pages[base + "%s_role.html" % name] = "role"
    with open(os.path.join(collection_root, "docs", "docsite", "extra-docs.yml")) as handle:
        guides = re.findall(r"^\s*-\s*(guide_\w+)\s*$", handle.read(), re.M)
    for name in guides:
        pages[base + "docsite/%s.html" % name] = "guide"
    return pages


def log_problems(sphinx_log, build_dir):
    """(warnings that are not the known offline ones, {html path: allowed unresolved reference count})."""
    allowed = {}
    unexpected = []
    with open(sphinx_log, errors="replace") as handle:
        lines = handle.read().splitlines()
    for line in lines:
        line = ANSI_ESCAPE.sub("", line)  # Sphinx colours its output when it thinks it runs in CI
        if "WARNING" not in line:
            continue
        label = re.search(r"^(.*?\.rst):\d+: WARNING: undefined label: '([^']+)'", line)
        if label and label.group(2) in OFFLINE_LABELS:
            rst = label.group(1)
            relative = os.path.relpath(rst, os.path.normpath(os.path.join(build_dir, "..", "..", "rst")))
            html_path = os.path.splitext(relative)[0] + ".html"
            allowed[html_path] = allowed.get(html_path, 0) + 1
        elif not any(pattern.search(line) for pattern in OFFLINE_WARNINGS):
            unexpected.append(line.strip())
    return unexpected, allowed


def check_links(page_path, page, build_dir, pages_ids):
    problems = []
    for href in page.links:
        parts = urllib.parse.urlsplit(href)
        if parts.scheme in ("http", "https", "mailto") or href.startswith("//"):
            continue
        if parts.scheme and parts.scheme != "file":
            problems.append("link with an unexpected scheme: %s" % href)
            continue
        target = page_path
        if parts.path:
            target = os.path.normpath(os.path.join(os.path.dirname(page_path), urllib.parse.unquote(parts.path)))
            if not os.path.exists(os.path.join(build_dir, target)):
                problems.append("broken link: %s (no %s)" % (href, target))
                continue
        if parts.fragment and target.endswith(".html"):
            ids = pages_ids.get(target)
            if ids is None:
                ids = ids_of_file(os.path.join(build_dir, target))
                pages_ids[target] = ids
            if urllib.parse.unquote(parts.fragment) not in ids:
                problems.append("broken anchor: %s" % href)
    return problems


def ids_of_file(path):
    parser = Page()
    with open(path, errors="replace") as handle:
        parser.feed(handle.read())
    return parser.ids


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__)
    build_dir, sphinx_log, collection_root, screenshot_dir = argv[1:]
    binary = chromium_binary()
    problems = []
    unexpected, allowed = log_problems(sphinx_log, build_dir)
    problems += ["Sphinx warning: %s" % line for line in unexpected]
    pages = expected_pages(collection_root)
    plugin_dir = os.path.join(build_dir, "collections", NAMESPACE, NAME)
    for name in sorted(os.listdir(plugin_dir)):
        if name.endswith("_filter.html"):
            pages["collections/%s/%s/%s" % (NAMESPACE, NAME, name)] = "filter"
    pages_ids = {}
    profile = tempfile.mkdtemp(prefix="hwkafka-chromium-")
    try:
        for page_path, kind in sorted(pages.items()):
            full = os.path.join(build_dir, page_path)
            if not os.path.isfile(full):
                problems.append("%s: missing (the %s has no page)" % (page_path, kind))
                continue
            page = Page()
            page.feed(chromium(binary, profile, "--dump-dom", "file://" + os.path.abspath(full)))
            found = ["%s: %s" % (page_path, problem) for problem in page.errors]
            if not page.title.strip():
                found.append("%s: no title" % page_path)
            if kind in ("module", "role") and page.option_rows < 2:
                found.append("%s: no options table" % page_path)
            if kind == "module":
                fqcn = "%s.%s.%s" % (NAMESPACE, NAME, os.path.basename(page_path)[: -len("_module.html")])
                if not any(fqcn in code for code in page.examples_code):
                    found.append("%s: no Examples section using %s" % (page_path, fqcn))
            if page.unresolved != allowed.get(page_path, 0):
                found.append(
                    "%s: %d unresolved reference(s), %d explained by the offline build"
                    % (page_path, page.unresolved, allowed.get(page_path, 0))
                )
            found += ["%s: %s" % (page_path, problem) for problem in check_links(page_path, page, build_dir, pages_ids)]
            print("%-70s %s" % (page_path, "ok" if not found else "%d problem(s)" % len(found)))
            problems += found
        os.makedirs(screenshot_dir, exist_ok=True)
        for name in SCREENSHOTS:
            full = os.path.join(plugin_dir, name)
            target = os.path.join(screenshot_dir, name.replace(".html", ".png"))
            if os.path.exists(target):
                os.remove(target)
            chromium(
                binary,
                profile,
                "--window-size=1280,1600",
                "--hide-scrollbars",
                "--screenshot=%s" % os.path.abspath(target),
                "file://" + os.path.abspath(full),
            )
            with open(target, "rb") as handle:
                header = handle.read(8)
            if header != b"\x89PNG\r\n\x1a\n" or os.path.getsize(target) < 10000:
                problems.append("screenshot %s is not a picture of a page" % target)
            else:
                print("screenshot: %s (%d bytes)" % (target, os.path.getsize(target)))
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    for problem in problems:
        print("PROBLEM: %s" % problem)
    print("%d page(s) checked in Chromium, %d problem(s)" % (len(pages), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
