#!/usr/bin/env bash
# Klein Initiatief: the two commands from the README.
#
#   bash scripts/setup.sh app    install what is missing, then open the app
#   bash scripts/setup.sh test   install what is missing, lint, then run the whole test suite
#
# Extra arguments go to the app (app mode) or to pytest (test mode), e.g.
#   bash scripts/setup.sh test -x tests/core
#
# Every step first checks whether there is anything to do, so a second run is quick.
# Test mode exits with pytest's exit code (5 = no tests collected is passed on as is).
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bash scripts/setup.sh app|test [ARGS...]
  app   install what is missing and open Klein Initiatief (ARGS go to the app)
  test  install what is missing, run ruff and the test suite (ARGS go to pytest)
EOF
}

mode="${1:-}"
case "$mode" in
    app | test) shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
esac

# Work from the repository root, wherever the script is called from.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=.venv
PY="$VENV/bin/python"

say() { printf '==> %s\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

# --- App mode without a display: say so before spending minutes on installing. -------------
# QT_QPA_PLATFORM set (offscreen, xcb under xvfb-run, ...) means the caller knows what they do.
if [[ $mode == app && -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} && -z ${QT_QPA_PLATFORM:-} ]]; then
    cat >&2 <<'EOF'
Klein Initiatief is a desktop app and needs a graphical desktop, but no display was found
($DISPLAY and $WAYLAND_DISPLAY are empty). Start it from a desktop session, or try it anyway
in a virtual screen (the 'xvfb' package; 'bash scripts/setup.sh test' installs it):

    xvfb-run -a bash scripts/setup.sh app

Klein Initiatief heeft een grafisch bureaublad nodig, maar er is geen beeldscherm gevonden
($DISPLAY en $WAYLAND_DISPLAY zijn leeg). Start het programma vanaf uw bureaublad. Wilt u het
toch proberen zonder bureaublad? Gebruik dan een virtueel scherm (pakket 'xvfb'; het commando
'bash scripts/setup.sh test' installeert dat):

    xvfb-run -a bash scripts/setup.sh app
EOF
    exit 1
fi

# --- a. System packages (Debian/Ubuntu) -----------------------------------------------------
# Qt runtime for PySide6: offscreen needs EGL/GL, xkbcommon, fontconfig, D-Bus and a font;
# a real window under X (or Xvfb) also needs the xcb set.
qt_packages=(
    libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0
    libxcb-shape0 libxcb-xkb1 libxcb-xinerama0
)
# Tests: a virtual X server (xvfb-run), a private D-Bus session with gnome-keyring as a real
# Secret Service, pdftotext/pdftoppm to read PDFs back, and secret-tool to look into the keyring;
# node and npm for the independent tools the tests run on what we publish (tests/tools).
# postgresql: a throw-away PostgreSQL server for the case-store tests (tests/postgres.py).
test_packages=(xvfb xauth dbus dbus-x11 gnome-keyring poppler-utils libsecret-tools postgresql
    at-spi2-core python3-pyatspi  # the accessibility bus and its reader, for the AT-SPI harness
    libreoffice-calc-nogui  # reads the XLSX export back: dates are dates, amounts numbers
    appstream desktop-file-utils)  # validate the Linux launchers and the AppStream metainfo
# Debian's nodejs and npm, unless a node with its own npm is already there (NodeSource's
# nodejs bundles npm and conflicts with Debian's npm package).
if ! command -v npm >/dev/null; then
    test_packages+=(nodejs npm)
fi

packages=("${qt_packages[@]}")
if [[ $mode == test ]]; then
    packages+=("${test_packages[@]}")
fi

venv_usable() {
    [[ -x $PY ]] && "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

# Debian's python3 ships without ensurepip (it is in python3-venv), and then `python3 -m venv`
# fails. Only matters when the venv still has to be made.
if ! venv_usable && command -v python3 >/dev/null && ! python3 -c 'import ensurepip' 2>/dev/null; then
    packages+=(python3-venv)
fi

is_installed() {
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == *" ok installed" ]]
}

if command -v dpkg-query >/dev/null && command -v apt-get >/dev/null; then
    missing=()
    for pkg in "${packages[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    if ((${#missing[@]})); then
        sudo=()
        if ((EUID != 0)); then
            if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
                sudo=(sudo)
            else
                # No way to install without a password prompt: tell the user the exact command.
                printf 'setup.sh: these system packages are missing: %s\n' "${missing[*]}" >&2
                printf 'Install them with:\n\n    sudo apt-get update && sudo apt-get install -y --no-install-recommends %s\n\n' \
                    "${missing[*]}" >&2
                printf 'and run this command again.\n' >&2
                exit 1
            fi
        fi
        say "Installing system packages: ${missing[*]}"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
else
    say "Not a Debian/Ubuntu system; make sure the equivalents of these are installed: ${packages[*]}"
fi

# --- b. Virtual environment in .venv ---------------------------------------------------------
if ! venv_usable; then
    command -v python3 >/dev/null || die "python3 was not found on PATH; install Python 3.11 or newer."
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
        die "Python 3.11 or newer is needed, but python3 on PATH is $(python3 -V 2>&1) ($(command -v python3)).
Put a newer python3 first on PATH and run this command again."
    # A .venv that does not run (moved, or made with an older/removed Python) is rebuilt.
    if [[ -e $VENV ]]; then
        say "Rebuilding $VENV (it does not run with Python >= 3.11)"
        rm -rf "$VENV"
    fi
    say "Creating $VENV with $(python3 -V 2>&1)"
    python3 -m venv "$VENV"
fi

# Python packages come from the lock files only (exact versions with hashes, tested by this
# suite); the project itself is then installed without dependencies. A venv records the hash of
# the lock it was made from; another lock means a fresh venv, so `pip freeze` equals the lock.
export PIP_DISABLE_PIP_VERSION_CHECK=1
if [[ $mode == test ]]; then lock=requirements-test.lock; else lock=requirements.lock; fi
lock_id() { sha256sum "$1" | cut -c1-16; }
installed="$(cat "$VENV/.installed-lock" 2>/dev/null || true)"
if [[ $installed == "$(lock_id "$lock")" ]] ||
    [[ $mode == app && $installed == "$(lock_id requirements-test.lock)" ]]; then
    : # the venv holds exactly this lock (the test lock is a superset of the app's)
else
    if [[ -n $installed && ! ($mode == test && $installed == "$(lock_id requirements.lock)") ]]; then
        say "Rebuilding $VENV: it was made from another lock"
        rm -rf "$VENV"
        python3 -m venv "$VENV"
    fi
    say "Installing Python packages from $lock into $VENV"
    "$PY" -m pip install --quiet --progress-bar off --require-hashes --no-deps -r "$lock"
    "$PY" -m pip install --quiet --progress-bar off --no-deps --no-build-isolation -e .
    lock_id "$lock" >"$VENV/.installed-lock"
fi

# --- b1. The app's translation catalogues: every .po compiled to .mo (never committed). -------
"$PY" scripts/translations.py compile >/dev/null

# --- b2. Test mode: other people's tools (ajv-cli, Redocly CLI) from tests/tools' lock. ---------
tools_stamp=tests/tools/node_modules/.installed-lock
if [[ $mode == test && "$(cat "$tools_stamp" 2>/dev/null || true)" != "$(lock_id tests/tools/package-lock.json)" ]]; then
    say "Installing the independent checkers (tests/tools) with npm ci"
    npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error
    lock_id tests/tools/package-lock.json >"$tools_stamp"
fi

# --- g. App mode: open the window. --------------------------------------------------------------
if [[ $mode == app ]]; then
    exec "$PY" -m desktop_app "$@"
fi

# --- f. Test mode: lint first; a failure stops here with ruff's own output. --------------------
lint_paths=()
for path in desktop_app tests benchmarks scripts; do
    if [[ -e $path ]]; then lint_paths+=("$path"); fi
done
lint_ok=1
say "ruff format --check ${lint_paths[*]}"
"$VENV/bin/ruff" format --check "${lint_paths[@]}" || lint_ok=0
say "ruff check ${lint_paths[*]}"
"$VENV/bin/ruff" check "${lint_paths[@]}" || lint_ok=0
if ((!lint_ok)); then
    die "ruff found problems (see above). Fix them, e.g. with:
    $VENV/bin/ruff format ${lint_paths[*]} && $VENV/bin/ruff check --fix ${lint_paths[*]}"
fi
# Types and import layers; both read their settings from pyproject.toml.
say "mypy (desktop_app, settings in [tool.mypy])"
"$VENV/bin/mypy" || die "mypy found type errors (see above). Fix them, then check again with:
    $VENV/bin/mypy"
say "lint-imports (contracts in [tool.importlinter])"
"$VENV/bin/lint-imports" || die "an import breaks the package layers or brings Qt outside desktop_app/ui (see above).
Move the code to the right layer, then check again with:
    $VENV/bin/lint-imports"

# --- d. Test mode: pytest inside a private D-Bus session with a real, unlocked gnome-keyring. ---
say "pytest${*:+ $*} (offscreen Qt, private D-Bus session with gnome-keyring)"
# The independent checkers were installed above: their tests must run, not skip.
export KI_INDEPENDENT_TOOLS=required
# PostgreSQL was installed above: the store tests run on it too, never skip (tests/postgres.py).
export KI_POSTGRES=required
exec bash scripts/with_keyring.sh "$PY" -m pytest "$@"
