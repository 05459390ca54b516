# Shared by tests/run.sh and demo/run.sh (sourced, not run): finding interpreters and building the
# pinned virtual environments under $VENV_DIR, rebuilt only when their requirement files change.
# shellcheck shell=bash

# Each step says when it started (seconds since the script began), so a slow one shows in the log.
log() { printf '\n=== %s (at %d s)\n' "$*" "$SECONDS"; }

# The interpreter for a minor version: pythonX.Y on PATH, else pyenv's newest X.Y.
find_python() {
    local version=$1 candidate
    # A pyenv shim may exist on PATH yet refuse to run, so each candidate must answer.
    for candidate in "python$version" $(printf '%s\n' "${PYENV_ROOT:-$HOME/.pyenv}/versions/$version".*/bin/python | sort -V -r); do
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
        # From the root: requirement files name local packages (-e ./tests/emulator) relative to it.
        (cd "$ROOT" && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${args[@]}") >&2
        echo "$want" >"$stamp"
    fi
    echo "$venv/bin"
}

