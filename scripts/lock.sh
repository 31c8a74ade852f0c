#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml:
#
#   bash scripts/lock.sh
#
#   requirements.lock       the app: every package, transitive too, at an exact version with hashes
#   requirements-test.lock  the app plus the `test`, `intake` and `build` extras (same versions)
#
# Both also pin the build backend (hatchling), so `pip install --no-build-isolation` of the
# project needs nothing else. They are installable by plain pip on every platform (universal
# markers): `pip install --require-hashes -r requirements.lock`. Versions we know to be bad are
# kept out by scripts/lock-constraints.txt. After refreshing, run `bash scripts/setup.sh test`:
# the lock is what residents get, so commit only a lock that passed the whole suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tools="$(mktemp -d "${TMPDIR:-/tmp}/klein-initiatief-lock.XXXXXX")"
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools/venv"
"$tools/venv/bin/pip" install --quiet --disable-pip-version-check "uv==0.13.9"

compile() { # compile OUTPUT HEADER ARGS...
    local output="$1" header="$2"
    shift 2
    {
        printf '# %s\n' "$header" \
            "Made by scripts/lock.sh from pyproject.toml; do not edit by hand." \
            "Install: pip install --require-hashes --no-deps -r $output"
        "$tools/venv/bin/uv" pip compile --universal --python-version 3.11 --generate-hashes \
            --no-header --index-url https://pypi.org/simple \
            --constraint scripts/lock-constraints.txt "$@" pyproject.toml scripts/build-requirements.in \
            2>"$tools/uv.log" || { cat "$tools/uv.log" >&2; return 1; }
    } >"$output.new"
    mv "$output.new" "$output"
}

compile requirements-test.lock "Klein Initiatief: the app with its test, intake and build extras." \
    --extra test --extra intake --extra build
# The app's lock takes its versions from the test lock, so both install the same tested set.
grep -E '^[A-Za-z0-9]' requirements-test.lock | sed -E 's/ *\\$//; s/ *;.*//' >"$tools/pins.txt"
compile requirements.lock "Klein Initiatief: the app." --constraint "$tools/pins.txt"
# Name the pins by where they come from, not by the throw-away folder (a stable file).
sed -i "s#-c $tools/pins.txt#-c requirements-test.lock#" requirements.lock
echo "lock.sh: wrote requirements.lock and requirements-test.lock"
