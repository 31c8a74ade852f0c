"""The built wheel, installed by a user into a fresh virtual environment outside the checkout,
is the whole app: the window has its style sheet and icon, Qt's own dialogs speak Dutch, and
the command line finds the regelingen and the fonts.

Slow (about a minute or two): it builds the wheel and installs the locked dependencies
(PySide6 and all) into a new venv, from pip's cache when it has them."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest

from tests.packaging.installed import ROOT, build_wheel, clean_env, make_venv

pytestmark = pytest.mark.slow

PROBE = Path(__file__).with_name("probe_window.py")


class Installed:
    def __init__(self, scripts: Path, home: Path, env: dict[str, str]) -> None:
        self.scripts, self.home, self.env = scripts, home, env

    def run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a program of the installed venv from the user's home, far from the checkout."""
        return subprocess.run(
            [str(self.scripts / program), *args],
            cwd=self.home,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
        )


@pytest.fixture(scope="module")
def installed() -> Iterator[Installed]:
    # Not tmp_path_factory: pytest keeps old base folders, and this venv is ~500 MB.
    with TemporaryDirectory(prefix="klein-initiatief-wheel-") as folder:
        base = Path(folder)
        assert not base.is_relative_to(ROOT)
        home = base / "home"
        home.mkdir()
        env = clean_env(home)
        wheel = build_wheel(base / "dist")
        yield Installed(make_venv(base / "venv", wheel, env), home, env)


def test_the_installed_window_is_styled_and_qt_speaks_dutch(installed: Installed) -> None:
    probe = installed.home / "probe_window.py"  # a copy: its folder is not the checkout
    probe.write_text(PROBE.read_text(encoding="utf-8"), encoding="utf-8")
    result = installed.run("python", str(probe))
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    assert Path(seen["package"]).is_relative_to(installed.scripts.parent)  # not the checkout
    assert "QPushButton:focus" in seen["style_sheet"]  # the focus ring of resources/style.qss
    assert "not found" not in result.stderr
    assert seen["desktop_file"] == "nl.kleininitiatief.KleinInitiatief"
    assert seen["has_icon"]
    assert seen["windows"] and "&Nieuwe aanvraag" in seen["buttons"]
    assert seen["question"] == ["&Ja", "&Nee"]


def test_the_installed_command_line_works(installed: Installed) -> None:
    listed = installed.run("klein-initiatief", "regelingen")
    assert listed.returncode == 0, listed.stderr
    for regeling in ("amsterdam", "amersfoort", "rotterdam"):
        assert regeling in listed.stdout

    # The fonts come from the wheel: a PDF needs them.
    example = installed.home / "a.json"
    made = installed.run(
        "klein-initiatief", "example", "amsterdam-bewonersinitiatief", "-o", str(example)
    )
    assert made.returncode == 0, made.stderr
    pdf = installed.home / "a.pdf"
    data = installed.home / "data"
    made = installed.run(
        "klein-initiatief", "--data-dir", str(data), "pdf", str(example), "-o", str(pdf)
    )
    assert made.returncode == 0, made.stderr
    assert pdf.read_bytes().startswith(b"%PDF")

    # TODO(wt-longrun): `--version` is added to cli.py on branch wt-longrun; once merged, drop
    # this condition so the assertion always runs.
    if '"--version"' in (ROOT / "desktop_app" / "cli" / "parser.py").read_text(encoding="utf-8"):
        shown = installed.run("klein-initiatief", "--version")
        assert shown.returncode == 0, shown.stderr
        assert version("klein-initiatief") in shown.stdout + shown.stderr


def test_the_installed_package_carries_what_it_serves(installed: Installed) -> None:
    package = Path(
        installed.run(
            "python", "-c", "import desktop_app; print(desktop_app.__file__)"
        ).stdout.strip()
    ).parent
    for shipped in (
        "_resources/style.qss",
        "_resources/icons/klein-initiatief.svg",
        "_resources/fonts/DejaVuSans.ttf",
        "_forms/amsterdam-bewonersinitiatief/2026.1.yaml",
        "_docs/intake-openapi.yaml",
        "locale/en/LC_MESSAGES/klein_initiatief.mo",  # compiled by hatch_build.py
    ):
        assert (package / shipped).is_file(), shipped
    # The compiled English catalogue is the one read: the window's words in English.
    english = installed.run(
        "python",
        "-c",
        "from desktop_app.ui.resident.words import WORDS; print(WORDS['en']['new'])",
    )
    assert english.stdout.strip() == "&New application", english.stderr
