#!/usr/bin/env bash
# Install the unpacked Linux build for this user (no root needed), or remove it again:
#
#   bash install.sh            # into ~/.local: app, command, two launchers, icons, metainfo
#   bash install.sh --remove   # take it all out again (your applications and keys stay)
#
# Run from the unpacked klein-initiatief-linux-*.tar.gz folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
lib="$HOME/.local/lib/klein-initiatief"
bin="$HOME/.local/bin/klein-initiatief"
ids=(nl.kleininitiatief.KleinInitiatief nl.kleininitiatief.KleinInitiatief.Behandelaar)

if [[ ${1:-} == --remove ]]; then
    rm -rf "$lib" "$bin"
    for id in "${ids[@]}"; do rm -f "$data/applications/$id.desktop"; done
    rm -f "$data/metainfo/nl.kleininitiatief.KleinInitiatief.metainfo.xml"
    find "$data/icons/hicolor" -name 'nl.kleininitiatief.KleinInitiatief.*' -delete 2>/dev/null || true
    echo "Klein Initiatief is removed. Your applications and keys are still in $data/klein-initiatief."
    exit 0
fi

rm -rf "$lib"
mkdir -p "$(dirname "$lib")" "$(dirname "$bin")" "$data/applications" "$data/metainfo"
cp -a "$here/app" "$lib"
ln -sfn "$lib/klein-initiatief" "$bin"
for id in "${ids[@]}"; do
    # The launcher names the program by its full path: a desktop's PATH may lack ~/.local/bin.
    # (Quoted, so a home folder with a space in its name still works.)
    sed "s|^Exec=klein-initiatief|Exec=\"$lib/klein-initiatief\"|" \
        "$here/share/applications/$id.desktop" >"$data/applications/$id.desktop"
done
cp "$here/share/metainfo/"*.xml "$data/metainfo/"
cp -r "$here/share/icons" "$data/"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "Klein Initiatief is installed: find it in your applications menu, or run $bin"
