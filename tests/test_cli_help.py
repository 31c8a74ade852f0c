"""`--help` and argparse's own words follow the language: --lang first, then the app's own
setting and the system locale, as every other message of the command line does."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.test_cli import assert_no_traceback, run


def test_help_in_dutch_with_lang_nl() -> None:
    shown = run("--lang", "nl", "--help", lang="en")
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert text.startswith("gebruik: klein-initiatief")
    assert "opties:" in text and "deze hulptekst tonen en stoppen" in text
    assert "Zonder opdracht opent het venster." in text
    assert "een aanvraag of verslag controleren met de regeling" in text
    assert "usage:" not in text and "show this help message" not in text
    assert "check an application" not in text


def test_help_in_english_with_lang_en() -> None:
    shown = run("--lang", "en", "--help", lang="nl")
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert text.startswith("usage: klein-initiatief")
    assert "options:" in text and "show this help message and exit" in text
    assert "check an application or report against its regeling" in text
    assert "gebruik:" not in text and "opties:" not in text


def test_help_follows_the_system_language_without_lang() -> None:
    assert run("--help", lang="nl").stdout.startswith("gebruik:")
    assert run("--help", lang="en").stdout.startswith("usage:")
    env = {k: v for k, v in os.environ.items() if k not in ("KLEIN_INITIATIEF_LANG", "LC_ALL")}
    env |= {"PYTHONPATH": str(ROOT), "LC_MESSAGES": "", "LANG": "en_GB.UTF-8"}
    shown = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert shown.stdout.startswith("usage:"), shown.stdout[:200]


def test_a_command_s_help_and_argparse_errors_are_dutch_too() -> None:
    shown = run("--lang=nl", "pdf", "--help")
    assert shown.returncode == 0
    assert "niet ondertekenen" in shown.stdout and "BESTAND" in shown.stdout
    assert "alsof het deze datum is (JJJJ-MM-DD)" in shown.stdout

    missing = run("validate")
    assert missing.returncode == 2
    assert "fout: deze argumenten ontbreken: BESTAND" in missing.stderr
    bad_date = run("validate", "a.json", "--today", "morgen")
    assert bad_date.returncode == 2
    assert "geen datum (JJJJ-MM-DD): 'morgen'" in bad_date.stderr
    unknown = run("frobnicate", lang="en")
    assert unknown.returncode == 2 and "invalid choice: 'frobnicate'" in unknown.stderr
    assert_no_traceback(unknown)


def test_opening_the_window_path_imports_no_officials_code() -> None:
    """What runs before `klein-initiatief` opens the window: the parser and the command table,
    without the case store, openpyxl, SQLAlchemy or the PDF stack."""
    probe = (
        "import sys\n"
        "from desktop_app.cli import build_parser\n"
        "build_parser('nl').parse_args([])\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('openpyxl', 'sqlalchemy', 'pyhanko', 'reportlab', 'pikepdf', 'requests')"
        " or m.startswith(('desktop_app.officials', 'desktop_app.documents'))]\n"
        "print(sorted(heavy))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_commands_own_help_follows_the_language_too() -> None:
    dutch = run("--lang", "nl", "decide", "--help", lang="en").stdout
    assert "besluitbestand (de brief als PDF ernaast)" in dutch and "--reason REDEN" in dutch
    english = run("--lang", "en", "decide", "--help", lang="nl").stdout
    assert "decision file (the letter PDF beside it)" in english and "--reason REASON" in english
    assert "besluitbestand" not in english
