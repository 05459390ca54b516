#!/usr/bin/env bash
# Runs every test of the collection on a fresh machine, installing what it needs:
#   units   pytest (unit tests, emulator tests, the suites in tests/emulated and tests/faults against the emulator)
#           on ansible-core 2.21 / Python 3.12, then ansible-test units on the same;
#           units-oldest: the pytest run on ansible-core 2.18 / Python 3.11
#   sanity  ansible-test sanity on ansible-core 2.21, with no ignore file
#   lint    ansible-lint at the root, production profile
#   integration  ansible-test integration: the YAML targets in tests/integration/targets, against the emulator
#   docs    antsibull-docs lint-collection-docs (plugin docs and docs/docsite), antsibull-changelog lint,
#           ansible-doc rendering every module and role, and the HTML docsite (antsibull-docs sphinx-init +
#           Sphinx) opened page by page in headless Chromium
#   awx     the AWX / Automation Controller path (tests/awx): ansible-builder create on
#           meta/execution-environment.yml, a job run by ansible-runner with the credential type's injected
#           environment, and the demo run from a collection built and installed with ansible-galaxy
# Usage: tests/run.sh [units|units-oldest|sanity|lint|integration|docs|awx ...]   (default: all of them)
# Virtual environments live in .venv/ (or $HWKAFKA_VENV_DIR) and are rebuilt only when their
# requirement files change.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV_DIR=${HWKAFKA_VENV_DIR:-$ROOT/.venv}
STAGES=("$@")
[ ${#STAGES[@]} -gt 0 ] || STAGES=(units units-oldest sanity lint integration docs awx)

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

run_units() {
    local python_version=$1 core_requirements=$2 name=$3 bin
    bin=$(make_venv "$name" "$python_version" "$ROOT/tests/requirements.txt" "$core_requirements")
    log "pytest on $(core_version "$bin"), Python $python_version"
    # tests/awx needs the AWX tools: it runs in the awx stage.
    (cd "$ROOT" && PATH="$bin:$PATH" "$bin/python" -m pytest tests --ignore=tests/awx -p no:cacheprovider -q)
}

# ansible-test units in a collection tree, as a contributor runs it (the venv already holds
# tests/unit/requirements.txt and ansible-test's own unit requirements: nothing is installed).
run_ansible_test_units() {
    local bin
    bin=$(make_venv units-2.21 3.12 "$ROOT/tests/requirements.txt" "$ROOT/tests/requirements-ansible-2.21.txt")
    prepare_collection_copy
    log "ansible-test units on $(core_version "$bin")"
    (cd "$COLLECTION_DIR" && PATH="$bin:$PATH" "$bin/ansible-test" units --local --python 3.12 --color no)
}

# ansible-test integration: every target under tests/integration/targets, each against its own bundled
# emulator on 127.0.0.1 (setup_emulator starts it, the target stops it).
run_integration() {
    local bin
    bin=$(make_venv units-2.21 3.12 "$ROOT/tests/requirements.txt" "$ROOT/tests/requirements-ansible-2.21.txt")
    prepare_collection_copy
    log "ansible-test integration on $(core_version "$bin")"
    (cd "$COLLECTION_DIR" && PATH="$bin:$PATH" "$bin/ansible-test" integration --local --python 3.12 --color no)
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

run_sanity() {
    local bin
    # ansible-test makes a venv of its own for each sanity test that has requirements.
    bin=$(make_venv units-2.21 3.12 "$ROOT/tests/requirements.txt" "$ROOT/tests/requirements-ansible-2.21.txt")
    install_get_pip_standin "$bin"
    prepare_collection_copy
    log "ansible-test sanity on $(core_version "$bin")"
    (cd "$COLLECTION_DIR" && PATH="$bin:$PATH" "$bin/ansible-test" sanity --local --python 3.12 --color no)
}

run_lint() {
    local bin
    bin=$(make_venv lint 3.12 "$ROOT/tests/requirements-lint.txt")
    log "ansible-lint $("$bin/python" -c 'from importlib.metadata import version; print(version("ansible-lint"))')"
    # Plain ansible-lint at the root, as a contributor types it: it installs this collection into .ansible/
    # by itself (no network: the collection has no dependencies), so the demo and the role resolve its modules.
    (cd "$ROOT" && env -u ANSIBLE_COLLECTIONS_PATH -u ANSIBLE_COLLECTIONS_PATHS PATH="$bin:$PATH" "$bin/ansible-lint" --nocolor)
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

# Chromium for the docsite check: Debian's package, installed with apt-get when missing.
ensure_chromium() {
    command -v chromium >/dev/null && return 0
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            echo "the docs stage needs chromium: install Debian's package (apt-get install chromium) as root," \
                "or run this as root or with password-less sudo" >&2
            exit 1
        fi
    fi
    command -v apt-get >/dev/null || { echo "the docs stage needs chromium, and there is no apt-get to install it" >&2; exit 1; }
    log "installing Debian's chromium with apt-get"
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
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

run_awx() {
    local bin
    bin=$(make_venv awx 3.12 "$ROOT/tests/requirements.txt" "$ROOT/tests/requirements-ansible-2.21.txt" \
        "$ROOT/tests/requirements-awx.txt")
    log "tests/awx: ansible-builder, ansible-runner and ansible-galaxy on $(core_version "$bin")"
    (cd "$ROOT" && PATH="$bin:$PATH" "$bin/python" -m pytest tests/awx -p no:cacheprovider -q)
}

for stage in "${STAGES[@]}"; do
    case $stage in
    units)
        run_units 3.12 "$ROOT/tests/requirements-ansible-2.21.txt" units-2.21
        run_ansible_test_units
        ;;
    units-oldest) run_units 3.11 "$ROOT/tests/requirements-ansible-2.18.txt" units-2.18 ;;
    sanity) run_sanity ;;
    lint) run_lint ;;
    integration) run_integration ;;
    docs) run_docs ;;
    awx) run_awx ;;
    *)
        echo "unknown stage: $stage (choose from units, units-oldest, sanity, lint, integration, docs, awx)" >&2
        exit 2
        ;;
    esac
done
log "all stages passed: ${STAGES[*]}"
