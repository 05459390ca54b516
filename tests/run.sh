#!/usr/bin/env bash
# Runs every test of the collection on a fresh machine, installing what it needs:
#   units   pytest (unit tests, emulator tests, integration tests against the emulator)
#           on ansible-core 2.21 / Python 3.12, and on ansible-core 2.18 / Python 3.11
#   sanity  ansible-test sanity on ansible-core 2.21, with no ignore file
#   lint    ansible-lint, production profile
# Usage: tests/run.sh [units|units-oldest|sanity|lint ...]   (default: all of them)
# Virtual environments live in .venv/ (or $HWKAFKA_VENV_DIR) and are rebuilt only when their
# requirement files change.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV_DIR=${HWKAFKA_VENV_DIR:-$ROOT/.venv}
STAGES=("$@")
[ ${#STAGES[@]} -gt 0 ] || STAGES=(units units-oldest sanity lint)

log() { printf '\n=== %s\n' "$*"; }

# The interpreter for a minor version: pythonX.Y on PATH, else pyenv's newest X.Y.
find_python() {
    local version=$1 candidate
    # A pyenv shim may exist on PATH yet refuse to run, so each candidate must answer.
    for candidate in "python$version" $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}/versions/$version".*/bin/python 2>/dev/null | sort -V -r); do
        if "$candidate" -c 'import sys, venv' >/dev/null 2>&1; then
            command -v "$candidate"
            return
        fi
    done
    echo "Python $version not found (install it, or put python$version on PATH)" >&2
    exit 1
}

# make_venv NAME PYTHON_VERSION REQUIREMENT_FILE... : prints the venv's bin directory.
make_venv() {
    local name=$1 version=$2 venv stamp want
    shift 2
    venv=$VENV_DIR/$name
    want=$(cat "$@" | sha256sum | cut -d' ' -f1)
    stamp=$venv/.requirements.sha256
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        log "creating $venv" >&2
        rm -rf "$venv"
        "$(find_python "$version")" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
        local args=()
        for file in "$@"; do args+=(-r "$file"); done
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${args[@]}" >&2
        echo "$want" >"$stamp"
    fi
    echo "$venv/bin"
}

# A copy of the checkout at .../ansible_collections/huaweicloud/kafka, outside any git tree,
# which is where ansible-test and ansible-lint expect a collection.
COLLECTIONS_DIR=""
collection_copy() {
    if [ -z "$COLLECTIONS_DIR" ]; then
        COLLECTIONS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hwkafka-collections.XXXXXX")
        trap 'rm -rf "$COLLECTIONS_DIR"' EXIT
        local dest=$COLLECTIONS_DIR/ansible_collections/huaweicloud/kafka
        mkdir -p "$dest"
        (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$dest"
    fi
    echo "$COLLECTIONS_DIR/ansible_collections/huaweicloud/kafka"
}

run_units() {
    local python_version=$1 core_requirements=$2 name=$3 bin
    bin=$(make_venv "$name" "$python_version" "$ROOT/tests/requirements.txt" "$core_requirements")
    log "pytest on $("$bin/ansible" --version | head -1), Python $python_version"
    (cd "$ROOT" && PATH="$bin:$PATH" "$bin/python" -m pytest tests -p no:cacheprovider -q)
}

run_sanity() {
    local bin data dir
    # ansible-test's own pinned sanity requirements (it cannot bootstrap pip offline), found
    # through the unit-test venv, which has the same ansible-core.
    bin=$(make_venv units-2.21 3.12 "$ROOT/tests/requirements.txt" "$ROOT/tests/requirements-ansible-2.21.txt")
    data=$("$bin/python" -c 'import ansible_test, os; print(os.path.join(os.path.dirname(ansible_test.__file__), "_data", "requirements"))')
    bin=$(make_venv sanity-2.21 3.12 "$ROOT/tests/requirements-ansible-2.21.txt" "$data"/sanity.*.txt)
    dir=$(collection_copy)
    log "ansible-test sanity ($("$bin/ansible" --version | head -1))"
    (cd "$dir" && PATH="$bin:$PATH" "$bin/ansible-test" sanity --local --python 3.12 --color no)
}

run_lint() {
    local bin dir
    bin=$(make_venv lint 3.12 "$ROOT/tests/requirements-lint.txt")
    dir=$(collection_copy)
    log "ansible-lint $("$bin/ansible-lint" --nocolor --version | head -1)"
    (cd "$dir" && PATH="$bin:$PATH" "$bin/ansible-lint" --offline --profile production --nocolor)
}

for stage in "${STAGES[@]}"; do
    case $stage in
    units) run_units 3.12 "$ROOT/tests/requirements-ansible-2.21.txt" units-2.21 ;;
    units-oldest) run_units 3.11 "$ROOT/tests/requirements-ansible-2.18.txt" units-2.18 ;;
    sanity) run_sanity ;;
    lint) run_lint ;;
    *)
        echo "unknown stage: $stage (choose from units, units-oldest, sanity, lint)" >&2
        exit 2
        ;;
    esac
done
log "all stages passed: ${STAGES[*]}"
