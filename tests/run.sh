#!/usr/bin/env bash
# Runs every test of the collection on a fresh machine, installing what it needs:
#   units   pytest (unit tests, emulator tests, the suites in tests/emulated and tests/faults against the emulator)
#           on ansible-core 2.21 / Python 3.12, then ansible-test units on the same;
#           units-oldest: the pytest suites against the emulator (tests/emulated, tests/faults, the emulator's own)
#           on ansible-core 2.18 / Python 3.11 (tests/unit runs there in core-2.18)
#   sanity  ansible-test sanity on ansible-core 2.21, with no ignore file; compile and import on every Python of
#           tests/config.yml this machine has (shellcheck installed with apt-get when missing)
#   lint    ansible-lint at the root, production profile; ruff check and ruff format --check (pyproject.toml);
#           the pre-commit configuration validated
#   integration  ansible-test integration: the YAML targets in tests/integration/targets, against the emulator
#   core-2.18, core-2.19, core-2.20  the other ansible-core releases meta/runtime.yml claims: ansible-test sanity
#           (the tests whose verdict depends on the release: see run_core), ansible-test units and every
#           integration target on each
#   docs    antsibull-docs lint-collection-docs (plugin docs and docs/docsite), antsibull-changelog lint,
#           ansible-doc rendering every module and role, and the HTML docsite (antsibull-docs sphinx-init +
#           Sphinx) opened page by page in headless Chromium
#   eda     Event-Driven Ansible (tests/eda): the event source huaweicloud.kafka.smart_connect_events against the
#           emulator, and extensions/eda/rulebooks/restart_failed_tasks.yml run by the real ansible-rulebook (Java 17,
#           installed with apt-get when missing)
#   awx     the AWX / Automation Controller path (tests/awx): ansible-builder introspection of the installed
#           tarball and the example execution environment's build context, a job run by ansible-runner with the
#           credential type's injected environment, and the demo run from a collection built and installed with
#           ansible-galaxy
#   release galaxy-importer with Automation Hub's settings on the built tarball, and AAP's indirect node counting
#           queries applied to a job's events (tests/release)
#   chaos   (not run by default) the chaos test of tests/faults/test_chaos.py with a bigger budget: 2000 histories
#           (HWKAFKA_CHAOS_HISTORIES), seeded unless HWKAFKA_CHAOS_RANDOM is set; prints its figures
# Usage: tests/run.sh [units|units-oldest|sanity|lint|integration|core-2.18|core-2.19|core-2.20|docs|eda|awx|release|chaos ...]
#        (default: all of them)
# Virtual environments live in .venv/ (or $HWKAFKA_VENV_DIR) and are rebuilt only when their
# requirement files change.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV_DIR=${HWKAFKA_VENV_DIR:-$ROOT/.venv}
STAGES=("$@")
[ ${#STAGES[@]} -gt 0 ] || STAGES=(units units-oldest sanity lint integration core-2.18 core-2.19 core-2.20 docs eda awx release)

# shellcheck source=tests/venv.sh
. "$ROOT/tests/venv.sh"

# A copy of the checkout at .../ansible_collections/huaweicloud/kafka, outside any git tree,
# which is where ansible-test and ansible-lint expect a collection. Sets COLLECTION_DIR.
COLLECTION_DIR=""
prepare_collection_copy() {
    [ -z "$COLLECTION_DIR" ] || return 0
    local top
    top=$(mktemp -d "${TMPDIR:-/tmp}/hwkafka-collections.XXXXXX")
    trap 'rm -rf "'"$top"'"' EXIT
    COLLECTION_DIR=$top/ansible_collections/huaweicloud/kafka
    mkdir -p "$COLLECTION_DIR"
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$COLLECTION_DIR"
}

core_version() { "$1/python" -c 'from ansible.release import __version__; print("ansible-core", __version__)'; }

# The controller Python each ansible-core the collection claims is tested on: 2.20 and later need 3.12 or
# newer, 2.19 is the newest release for 3.11 (the Python of Automation Platform's RHEL 9 execution environments).
core_python() {
    case $1 in
    2.18 | 2.19) echo 3.11 ;;
    *) echo 3.12 ;;
    esac
}

# The venv of an ansible-core release (tests/requirements-ansible-X.Y.txt): prints its bin directory.
core_venv() {
    make_venv "units-$1" "$(core_python "$1")" "$ROOT/tests/requirements.txt" "$ROOT/tests/requirements-ansible-$1.txt"
}

# pytest over tests/ (or the given test paths). The newest release compares the signer with the SDK on 3,000
# generated requests (the other runs of tests/unit, ansible-test units included, on 600).
run_units() {
    local core=$1 examples=${2:-600} bin paths
    shift $(($# < 2 ? $# : 2))
    paths=("${@:-tests}")
    bin=$(core_venv "$core")
    log "pytest on $(core_version "$bin"), Python $(core_python "$core")"
    # tests/awx, tests/eda and tests/release need their own tools: they run in the awx, eda and release stages. One pytest-xdist
    # worker a CPU (the venv has pytest-xdist for ansible-test units): each worker has its own emulator and
    # temporary directories, and no test depends on another's order.
    rm -f "$ROOT/tests/output/chaos-figures.json"
    (cd "$ROOT" && PATH="$bin:$PATH" HWKAFKA_SDK_EXAMPLES=$examples "$bin/python" -m pytest "${paths[@]}" --ignore=tests/awx --ignore=tests/eda --ignore=tests/release \
        -n auto -p no:cacheprovider -q --durations=10)
    # The chaos test's figures (tests/faults/test_chaos.py): histories, runs, faults fired by kind, violations.
    [ ! -f "$ROOT/tests/output/chaos-figures.json" ] || log "chaos figures: $(tr -d '\n' <"$ROOT/tests/output/chaos-figures.json")"
}

# ansible-test units in a collection tree, as a contributor runs it (the venv already holds
# tests/unit/requirements.txt and ansible-test's own unit requirements: nothing is installed).
run_ansible_test_units() {
    local core=$1 bin
    bin=$(core_venv "$core")
    prepare_collection_copy
    log "ansible-test units on $(core_version "$bin")"
    (cd "$COLLECTION_DIR" && PATH="$bin:$PATH" "$bin/ansible-test" units --local --python "$(core_python "$core")" --color no)
}

# ansible-test integration: every target under tests/integration/targets, each against its own bundled
# emulator on 127.0.0.1 (setup_emulator starts it, the target stops it).
run_integration() {
    local core=$1 bin
    bin=$(core_venv "$core")
    prepare_collection_copy
    log "ansible-test integration on $(core_version "$bin")"
    (cd "$COLLECTION_DIR" && PATH="$bin:$PATH" "$bin/ansible-test" integration --local --python "$(core_python "$core")" --color no)
}

# Some sanity tests make their own venv and fetch pip's bootstrap script from a host CI cannot reach;
# ansible-test uses a cached copy when one exists, so provide an offline one.
install_get_pip_standin() {
    local version cache
    version=$("$1/python" -c 'import re, ansible_test._internal.python_requirements as r; print(re.search(r"pip=.([0-9.]+).", open(r.__file__).read()).group(1))')
    cache=$HOME/.ansible/test/cache/get_pip_${version//./_}.py
    if [ ! -f "$cache" ] || grep -q "Offline stand-in for pip" "$cache"; then
        mkdir -p "$(dirname "$cache")"
        cp "$ROOT/tests/get_pip_standin.py" "$cache"
    fi
}

# The sanity test of shell scripts: without shellcheck ansible-test skips it with a mere warning.
# Debian's package, installed with apt-get when missing.
ensure_shellcheck() {
    command -v shellcheck >/dev/null && return 0
    log "installing Debian's shellcheck with apt-get"
    apt_install shellcheck "the sanity stage needs shellcheck"
}

# Every Python of the modules' range (tests/config.yml) this machine has, as a PATH prefix: ansible-test's
# compile and import tests run on each pythonX.Y it finds there, and say which ones they skip.
target_pythons_path() {
    local version python dirs=""
    for version in 3.9 3.10 3.11 3.12 3.13 3.14; do
        python=$(find_python "$version" 2>/dev/null) || continue
        dirs="$dirs$(dirname "$python"):"
    done
    echo "$dirs"
}

# ansible-test sanity on one ansible-core, with no ignore file. Extra arguments go to ansible-test (--skip-test).
run_sanity() {
    local core=$1 bin
    shift
    # ansible-test makes a venv of its own for each sanity test that has requirements.
    bin=$(core_venv "$core")
    install_get_pip_standin "$bin"
    ensure_shellcheck
    prepare_collection_copy
    log "ansible-test sanity on $(core_version "$bin")${*:+ ($*)}"
    # Without --python the controller is the venv's Python and the targets of compile and import every Python on
    # PATH; the older releases pass their own Python (run_core).
    (cd "$COLLECTION_DIR" && PATH="$bin:$(target_pythons_path)$PATH" "$bin/ansible-test" sanity --local --color no "$@")
}

# ansible-test on an older ansible-core the collection claims: sanity, units, integration. Sanity runs every test
# whose verdict depends on the ansible-core release (validate-modules, ansible-doc, runtime-metadata, import,
# compile, action-plugin-docs and the code-smell checks), on that release's controller Python; the sanity stage
# (the newest ansible-core) runs the linters whose verdict does not (pylint, pep8, yamllint, shellcheck, changelog:
# the same files, the strictest pins) and compile and import on every Python of tests/config.yml.
OLDER_CORE_SANITY_SKIPS=(pylint pep8 yamllint shellcheck changelog)
run_core() {
    local core=$1 skips=() test
    for test in "${OLDER_CORE_SANITY_SKIPS[@]}"; do skips+=(--skip-test "$test"); done
    run_sanity "$core" --python "$(core_python "$core")" "${skips[@]}"
    run_ansible_test_units "$core"
    run_integration "$core"
}

run_lint() {
    local bin
    bin=$(make_venv lint 3.12 "$ROOT/tests/requirements-lint.txt")
    log "ansible-lint $("$bin/python" -c 'from importlib.metadata import version; print(version("ansible-lint"))')"
    # Plain ansible-lint at the root, as a contributor types it: it installs this collection into .ansible/
    # by itself (no network: the collection has no dependencies), so the demo and the role resolve its modules.
    (cd "$ROOT" && env -u ANSIBLE_COLLECTIONS_PATH -u ANSIBLE_COLLECTIONS_PATHS PATH="$bin:$PATH" "$bin/ansible-lint" --nocolor)
    # ruff with pyproject.toml's settings, and the pre-commit hooks' configuration (the hooks pin the same
    # versions: tests/unit/test_contributor_files.py).
    log "ruff $("$bin/ruff" --version | cut -d' ' -f2): check and format --check"
    (cd "$ROOT" && "$bin/ruff" check --no-cache . && "$bin/ruff" format --no-cache --check .)
    (cd "$ROOT" && "$bin/pre-commit" validate-config .pre-commit-config.yaml)
}

run_docs() {
    local bin collections name
    bin=$(make_venv docs 3.12 "$ROOT/tests/requirements-docs.txt")
    prepare_collection_copy
    collections=${COLLECTION_DIR%/ansible_collections/*}
    log "antsibull-docs $("$bin/python" -c 'from importlib.metadata import version; print(version("antsibull-docs"))') lint-collection-docs"
    docs_lint() {
        (cd "$COLLECTION_DIR" && PATH="$bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$collections" \
            "$bin/antsibull-docs" lint-collection-docs --plugin-docs --check-extra-docs-refs \
            --validate-collection-refs all --disallow-unknown-collection-refs .)
    }
    local output flake='Unknown target name: "antsibull-docs-'
    if ! output=$(docs_lint 2>&1); then
        printf '%s\n' "$output"
        # antsibull-docs writes the name of its random temporary directory into the RST it checks, and a name
        # that ends in "_" reads as an RST reference: a failure of the tool (about 1 run in 37), not of the docs.
        if grep -q "$flake" <<<"$output" && ! grep -v "$flake" <<<"$output" | grep -q ERROR; then
            log "antsibull-docs tripped over its own temporary directory's name; running it again"
            docs_lint
        else
            return 1
        fi
    else
        printf '%s\n' "$output"
    fi
    log "antsibull-changelog lint"
    (cd "$COLLECTION_DIR" && "$bin/antsibull-changelog" lint)
    log "ansible-doc renders every module and role"
    for name in "$COLLECTION_DIR"/plugins/modules/*.py; do
        name=$(basename "$name" .py)
        PATH="$bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$collections" "$bin/ansible-doc" -t module "huaweicloud.kafka.$name" >/dev/null
        echo "module huaweicloud.kafka.$name: ok"
    done
    for name in "$COLLECTION_DIR"/roles/*/meta/argument_specs.yml; do
        [ -f "$name" ] || continue
        name=$(basename "$(dirname "$(dirname "$name")")")
        PATH="$bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$collections" "$bin/ansible-doc" -t role "huaweicloud.kafka.$name" >/dev/null
        echo "role huaweicloud.kafka.$name: ok"
    done
    build_docsite "$bin" "$collections"
}

# apt_install PACKAGE WHY: Debian's package, as root or with password-less sudo.
apt_install() {
    local package=$1 why=$2 sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            echo "$why: install Debian's package (apt-get install $package) as root," \
                "or run this as root or with password-less sudo" >&2
            exit 1
        fi
    fi
    command -v apt-get >/dev/null || { echo "$why, and there is no apt-get to install it" >&2; exit 1; }
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >/dev/null
}

# Chromium for the docsite check: Debian's package, installed with apt-get when missing.
ensure_chromium() {
    command -v chromium >/dev/null && return 0
    log "installing Debian's chromium with apt-get"
    apt_install chromium "the docs stage needs chromium"
}

# The HTML docsite as antsibull-docs sets one up (sphinx-init, then its build.sh: antsibull-docs + Sphinx), in
# tests/output/docsite/build/html, then every page of it opened in headless Chromium (tests/docsite).
# --lenient: Sphinx's warnings do not stop the build; check_docsite.py fails on every one it cannot explain.
build_docsite() {
    local bin=$1 collections=$2 site=$ROOT/tests/output/docsite
    log "antsibull-docs sphinx-init and Sphinx: the HTML docsite in ${site#"$ROOT"/}/build/html"
    rm -rf "$site"
    mkdir -p "$site"
    chmod 700 "$site" # antsibull-docs wants a directory only its owner can write
    PATH="$bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$collections" "$bin/antsibull-docs" sphinx-init --use-current \
        --lenient --dest-dir "$site" huaweicloud.kafka >/dev/null
    # Offline, intersphinx's inventories (docs.ansible.com, docs.python.org) are not reached: give up quickly.
    echo "intersphinx_timeout = 10" >>"$site/conf.py"
    (cd "$site" && NO_COLOR=1 PATH="$bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$collections" ./build.sh) >"$site/build.log" 2>&1 || {
        cat "$site/build.log"
        return 1
    }
    grep -E "WARNING|build succeeded" "$site/build.log" || true
    ensure_chromium
    log "the docsite in headless $(chromium --version 2>/dev/null || echo chromium)"
    "$bin/python" "$ROOT/tests/docsite/check_docsite.py" "$site/build/html" "$site/build.log" "$COLLECTION_DIR" \
        "$ROOT/tests/output/docsite-screenshots"
}

# Java for ansible-rulebook (its rules engine, Drools, runs in a JVM): Debian's package, installed with apt-get when
# missing.
ensure_java() {
    command -v java >/dev/null && return 0
    log "installing Debian's openjdk-17-jre-headless with apt-get"
    apt_install openjdk-17-jre-headless "the eda stage needs Java 17"
}

# The event source and the rulebook (tests/eda), with the real ansible-rulebook; one pytest-xdist worker a CPU.
run_eda() {
    local bin
    bin=$(make_venv eda 3.12 "$ROOT/tests/requirements-eda.txt")
    ensure_java
    log "tests/eda: $("$bin/python" -c 'from importlib.metadata import version; print("ansible-rulebook", version("ansible-rulebook"))') on $(core_version "$bin"), $(java -version 2>&1 | head -1)"
    (cd "$ROOT" && PATH="$bin:$PATH" "$bin/python" -m pytest tests/eda -n auto -p no:cacheprovider -q --durations=5)
}

run_awx() {
    local bin
    bin=$(make_venv awx 3.12 "$ROOT/tests/requirements.txt" "$ROOT/tests/requirements-ansible-2.21.txt" \
        "$ROOT/tests/requirements-awx.txt")
    log "tests/awx: ansible-builder, ansible-runner and ansible-galaxy on $(core_version "$bin")"
    (cd "$ROOT" && PATH="$bin:$PATH" "$bin/python" -m pytest tests/awx -p no:cacheprovider -q)
}

# What Galaxy and Automation Hub check on upload (galaxy-importer with tests/release/galaxy-importer.cfg), and the
# AAP indirect node counting queries on a real job's events.
run_release() {
    local bin
    bin=$(make_venv release 3.12 "$ROOT/tests/requirements.txt" "$ROOT/tests/requirements-ansible-2.21.txt" \
        "$ROOT/tests/requirements-release.txt")
    log "tests/release: $("$bin/python" -c 'from importlib.metadata import version; print("galaxy-importer", version("galaxy-importer"))') and jq on $(core_version "$bin")"
    (cd "$ROOT" && PATH="$bin:$PATH" "$bin/python" -m pytest tests/release -p no:cacheprovider -q)
}

for stage in "${STAGES[@]}"; do
    started=$SECONDS
    case $stage in
    units)
        run_units 2.21 3000
        run_ansible_test_units 2.21
        ;;
    # tests/unit runs on 2.18 and its Python in core-2.18 (ansible-test units): not twice.
    units-oldest) run_units 2.18 600 tests/emulated tests/faults tests/emulator/tests ;;
    sanity) run_sanity 2.21 ;;
    lint) run_lint ;;
    integration) run_integration 2.21 ;;
    core-2.18 | core-2.19 | core-2.20) run_core "${stage#core-}" ;;
    docs) run_docs ;;
    # Not among the default stages: the chaos test with a bigger budget (HWKAFKA_CHAOS_HISTORIES, default 2000), and
    # unseeded when HWKAFKA_CHAOS_RANDOM is set (new histories every run).
    chaos) HWKAFKA_CHAOS_HISTORIES=${HWKAFKA_CHAOS_HISTORIES:-2000} HWKAFKA_CHAOS_TIMEOUT=5400 run_units 2.21 600 tests/faults/test_chaos.py ;;
    eda) run_eda ;;
    awx) run_awx ;;
    release) run_release ;;
    *)
        echo "unknown stage: $stage (choose from units, units-oldest, sanity, lint, integration, core-2.18, core-2.19," \
            "core-2.20, docs, eda, awx, release, chaos)" >&2
        exit 2
        ;;
    esac
    log "stage $stage passed in $((SECONDS - started)) s"
done
log "all stages passed in $SECONDS s: ${STAGES[*]}"
