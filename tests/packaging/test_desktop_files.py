"""What a Linux desktop reads about the app is valid and names real things: the launchers the
window says it belongs to exist, they start real sub-commands, and the AppStream metainfo and
the .desktop files pass the freedesktop validators (when those are installed)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop_app.cli import build_parser
from desktop_app.ui.identity import OFFICIALS_APP_ID, RESIDENT_APP_ID
from installers.render_icons import SIZES, render
from tests.packaging.installed import ROOT

LINUX = ROOT / "installers" / "linux"
METAINFO = LINUX / f"{RESIDENT_APP_ID}.metainfo.xml"


def _entry(app_id: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(LINUX / f"{app_id}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


@pytest.mark.parametrize("app_id", [RESIDENT_APP_ID, OFFICIALS_APP_ID])
def test_each_window_has_its_launcher_with_icon_and_a_real_command(app_id: str) -> None:
    entry = _entry(app_id)
    program, *args = entry["Exec"].split()
    assert program == "klein-initiatief"
    build_parser().parse_args(args)  # the launcher's sub-command exists (exits 2 if not)
    assert entry["Icon"] == RESIDENT_APP_ID
    assert (ROOT / "resources" / "icons" / "klein-initiatief.svg").is_file()
    assert entry["Name[nl]"] and entry["Comment[nl]"]


def test_the_metainfo_lists_both_launchers() -> None:
    text = METAINFO.read_text(encoding="utf-8")
    assert f"<id>{RESIDENT_APP_ID}</id>" in text
    for app_id in (RESIDENT_APP_ID, OFFICIALS_APP_ID):
        assert f">{app_id}.desktop</launchable>" in text


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="apt-get install appstream")
def test_the_metainfo_is_valid_appstream() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="apt-get install desktop-file-utils"
)
def test_the_launchers_are_valid_desktop_files() -> None:
    files = [str(path) for path in sorted(LINUX.glob("*.desktop"))]
    assert len(files) == 2
    result = subprocess.run(["desktop-file-validate", *files], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_the_icon_renders_to_every_size(tmp_path: Path) -> None:
    written = render(tmp_path)
    assert [p.name for p in written] == [f"{size}.png" for size in SIZES]
    big = QImage(str(tmp_path / "256.png"))
    assert big.width() == 256
    assert big.pixelColor(128, 30).name() == "#154273"  # the blue tile, not a blank image
