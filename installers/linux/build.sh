#!/usr/bin/env bash
# Build the Linux one-folder app with PyInstaller, then try the frozen app the way a user and an
# official would: it starts its window (offscreen), lists the regelingen, makes a signed PDF with
# the real OS keyring, makes a bundle and verifies it. Prints the size of the folder.
#
#   bash installers/linux/build.sh [PYTHON]
#
# PYTHON (default: .venv/bin/python, else python3) must have the app's dependencies; PyInstaller
# is installed into it from the `build` extra when missing. The signing step needs a Secret
# Service: from a desktop session it uses yours; headless, run it inside the private keyring
# session the tests use (it is removed afterwards):
#
#   bash scripts/with_keyring.sh bash installers/linux/build.sh
#
# Output: dist/klein-initiatief/ (run dist/klein-initiatief/klein-initiatief) and
# dist/klein-initiatief-linux-x86_64.tar.gz with the launchers, metainfo and icons beside it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT="$PWD"
PY="${1:-}"
if [[ -z $PY ]]; then
    if [[ -x .venv/bin/python ]]; then PY=.venv/bin/python; else PY=python3; fi
fi
say() { printf '==> %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
    say "Installing PyInstaller (the 'build' extra of pyproject.toml) into $("$PY" -c 'import sys; print(sys.prefix)')"
    spec="$("$PY" -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["build"])')"
    "$PY" -m pip install --quiet $spec
fi

say "PyInstaller $("$PY" -m PyInstaller --version): building dist/klein-initiatief"
start=$SECONDS
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller installers/klein-initiatief.spec
say "Built in $((SECONDS - start)) s"

APP="$ROOT/dist/klein-initiatief/klein-initiatief"
[[ -x $APP ]] || die "$APP was not made"
# What import analysis cannot see must be in the folder (the window also says when one is
# missing, below; this names it even when logging goes elsewhere).
for shipped in desktop_app/_resources/style.qss desktop_app/_resources/icons/klein-initiatief.svg \
    desktop_app/_forms/amsterdam-bewonersinitiatief/2026.1.yaml desktop_app/_docs/intake-openapi.yaml \
    PySide6/Qt/translations/qtbase_nl.qm pikepdf/pdfa/data/sRGB.icc; do
    [[ -f dist/klein-initiatief/_internal/$shipped ]] || die "$shipped is missing from the build"
done
compgen -G 'dist/klein-initiatief/_internal/desktop_app/_resources/fonts/*.ttf' >/dev/null ||
    die "the fonts are missing from the build"

# --- Try the frozen app, from an empty folder with an empty home: nothing of the checkout. -----
try="$(mktemp -d "${TMPDIR:-/tmp}/klein-initiatief-frozen.XXXXXX")"
trap 'rm -rf "$try"' EXIT
mkdir -p "$try/home"
run() { (cd "$try" && env -u PYTHONPATH HOME="$try/home" XDG_CONFIG_HOME="$try/home/.config" "$APP" "$@"); }

say "klein-initiatief --help"
run --help >/dev/null
# TODO(wt-longrun): `--version` comes with wt-longrun's cli.py; then make this unconditional.
if run --help | grep -q -- '--version'; then
    say "klein-initiatief --version: $(run --version)"
fi

say "klein-initiatief regelingen"
run regelingen | tee "$try/regelingen.txt"
grep -q amsterdam-bewonersinitiatief "$try/regelingen.txt" || die "the regelingen are not listed"

say "klein-initiatief pdf and bundle (signed with the OS keyring), verify"
run example amsterdam-bewonersinitiatief -o "$try/a.json"
run --data-dir "$try/data" pdf "$try/a.json" -o "$try/a.pdf"
head -c 5 "$try/a.pdf" | grep -q '%PDF-' || die "no PDF was made"
grep -aq '/ByteRange' "$try/a.pdf" || die "the PDF is not signed"
run --data-dir "$try/data" bundle "$try/a.json" -o "$try/a.zip"
run verify "$try/a.zip"

say "The helper processes start from the frozen app: the font reader, the signing worker, the import's checker"
run --font-coverage >"$try/coverage.json"
grep -q '^\[\[0, ' "$try/coverage.json" || die "the font reader gives no ranges"
# Without a job it warms up, says it is ready ("R") and ends when its input ends.
run --sign-worker </dev/null >"$try/worker.out"
[[ "$(cat "$try/worker.out")" == R ]] || die "the signing worker does not start"
# The import's checker ends quietly when its input ends before it was set up.
run --import-check </dev/null || die "the import's checker does not start"

say "The window starts (offscreen) and keeps running"
# exec: the background job IS the app, so the kill below ends it (not only a subshell).
(cd "$try" && exec env QT_QPA_PLATFORM=offscreen HOME="$try/home" "$APP" >"$try/window.log" 2>&1) &
window=$!
sleep 8
if ! kill -0 "$window" 2>/dev/null; then
    cat "$try/window.log" >&2
    die "the window stopped by itself"
fi
kill "$window"
wait "$window" 2>/dev/null || true
# e.g. "Style sheet not found …", "Qt translation qtbase_nl.qm not found …", a traceback.
if grep -E 'Traceback|not found|Error' "$try/window.log" >&2; then
    die "the window reported problems (above)"
fi

# --- Package: the folder plus what a desktop needs (launchers, metainfo, icons). ---------------
stage="$ROOT/build/linux-stage/klein-initiatief"
rm -rf "$ROOT/build/linux-stage"
mkdir -p "$stage/share/applications" "$stage/share/metainfo"
cp -a dist/klein-initiatief "$stage/app"
cp installers/linux/*.desktop "$stage/share/applications/"
cp installers/linux/*.metainfo.xml "$stage/share/metainfo/"
for png in build/icons/*.png; do
    size="$(basename "$png" .png)"
    mkdir -p "$stage/share/icons/hicolor/${size}x${size}/apps"
    cp "$png" "$stage/share/icons/hicolor/${size}x${size}/apps/nl.kleininitiatief.KleinInitiatief.png"
done
mkdir -p "$stage/share/icons/hicolor/scalable/apps"
cp resources/icons/klein-initiatief.svg \
    "$stage/share/icons/hicolor/scalable/apps/nl.kleininitiatief.KleinInitiatief.svg"
cp installers/linux/install.sh "$stage/"
tarball="dist/klein-initiatief-linux-$(uname -m).tar.gz"
tar -C "$ROOT/build/linux-stage" -czf "$tarball" klein-initiatief

say "Size of dist/klein-initiatief: $(du -sh dist/klein-initiatief | cut -f1)" \
    "($(find dist/klein-initiatief -type f | wc -l) files); $tarball: $(du -sh "$tarball" | cut -f1)"
say "The three largest parts:"
# awk picks the first three itself: `head` closing the pipe early is a SIGPIPE (exit 141) for sort
# under pipefail once the list outgrows the pipe's buffer.
du -s dist/klein-initiatief/_internal/* | sort -rn |
    awk 'NR <= 3 { printf "    %6.1f MB  %s\n", $1 / 1024, $2 }'
