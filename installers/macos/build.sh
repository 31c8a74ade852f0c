#!/usr/bin/env bash
# Build "Klein Initiatief.app" and a .dmg disk image on macOS (run on a Mac; PyInstaller does
# not cross-compile):
#
#   bash installers/macos/build.sh [PYTHON]
#
# PYTHON (default .venv/bin/python) must have the app's dependencies; PyInstaller comes from
# the `build` extra. The result: dist/Klein Initiatief.app and dist/klein-initiatief-VERSION.dmg.
# Not signed or notarised: Gatekeeper then asks the user to confirm the first start (right-click,
# Open). For signing set CODESIGN_IDENTITY (a "Developer ID Application" certificate); notarise
# afterwards with `xcrun notarytool submit … --wait` and `xcrun stapler staple`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
[[ $(uname -s) == Darwin ]] || { echo "build.sh: run this on macOS" >&2; exit 2; }
PY="${1:-.venv/bin/python}"
"$PY" -c 'import PyInstaller' 2>/dev/null || "$PY" -m pip install --quiet '.[build]'

"$PY" -m PyInstaller --noconfirm --clean installers/klein-initiatief.spec
APP="dist/Klein Initiatief.app"
[[ -d $APP ]] || { echo "build.sh: $APP was not made" >&2; exit 1; }

# Try it: the command-line program inside the bundle lists the regelingen.
"$APP/Contents/MacOS/klein-initiatief" regelingen

if [[ -n ${CODESIGN_IDENTITY:-} ]]; then
    codesign --deep --force --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$APP"
    codesign --verify --deep --strict "$APP"
fi

VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
DMG="dist/klein-initiatief-$VERSION.dmg"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -R "$APP" "$stage/"
ln -s /Applications "$stage/Applications"  # drag the app onto this link to install it
rm -f "$DMG"
hdiutil create -volname "Klein Initiatief" -srcfolder "$stage" -fs HFS+ -format UDZO "$DMG"
echo "Made $DMG ($(du -sh "$DMG" | cut -f1)); the app is $(du -sh "$APP" | cut -f1)"
