"""The translation catalogues (desktop_app/locale): the template holds what the code marks,
every language's file follows it, English translates all of it with the same placeholders,
and a language that leaves a text out shows the Dutch text."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

from babel.messages.pofile import read_po

from desktop_app.core import i18n
from desktop_app.core.messages import CATALOGUE
from desktop_app.core.text import Text, detect_language, placeholders
from desktop_app.ui.resident.words import WORDS

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "desktop_app" / "locale"


def _tool():
    spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts/translations.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ids(path: Path) -> set[str]:
    with path.open("rb") as fp:
        return {m.id for m in read_po(fp) if m.id}


def test_the_template_holds_exactly_the_texts_the_code_marks() -> None:
    marked = {m.id for m in _tool().extract() if m.id}
    assert marked, "nothing extracted: the test would pass on an empty catalogue"
    assert _ids(LOCALE / "klein_initiatief.pot") == marked, (
        "run: python scripts/translations.py update"
    )


def test_every_language_follows_the_template_and_english_translates_all_of_it() -> None:
    template = _ids(LOCALE / "klein_initiatief.pot")
    for po in LOCALE.glob("*/LC_MESSAGES/klein_initiatief.po"):
        assert _ids(po) == template, f"{po.parent.parent.name}: run translations.py update"
    with (LOCALE / "en/LC_MESSAGES/klein_initiatief.po").open("rb") as fp:
        english = [m for m in read_po(fp) if m.id]
    assert [m.id for m in english if not m.string or m.fuzzy] == []
    # A placeholder the Dutch text does not have stays raw ("{titel}") on the screen; a
    # language may leave one out that it does not need (English has no word for "subsidie"
    # in "U krijgt {amount} {grant}."), but most keep all of them.
    for message in english:
        assert placeholders(message.string) <= placeholders(message.id), message.id
    kept = [m for m in english if placeholders(m.string) == placeholders(m.id)]
    assert len(kept) >= len(english) - 5, "English leaves out placeholders more than rarely"


def test_the_compiled_catalogue_says_what_the_po_file_says(tmp_path: Path) -> None:
    source = LOCALE / "en/LC_MESSAGES/klein_initiatief.po"
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "klein_initiatief.mo").write_bytes(i18n.compile_po(source.read_bytes()))
    compiled = i18n.translations("en", tmp_path)
    assert compiled.gettext("&Beginnen") == "&Start"
    assert WORDS["en"]["start"] == "&Start"
    assert CATALOGUE["field.required"].en.startswith("'{field}' has not been filled in yet.")


def test_a_language_that_leaves_a_text_out_shows_it_in_dutch(tmp_path: Path) -> None:
    folder = tmp_path / "tr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "klein_initiatief.po").write_text(
        'msgid ""\nmsgstr "Language: tr\\n"\n\nmsgid "&Beginnen"\nmsgstr "&Başla"\n\n'
        'msgid "&Terug"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert i18n.available_languages(tmp_path) == ("nl", "tr")
    turkish = i18n.translations("tr", tmp_path)
    assert turkish.gettext("&Beginnen") == "&Başla"
    assert turkish.gettext("&Terug") == "&Terug"  # empty: not yet translated
    assert turkish.gettext("Mijn dossier") == "Mijn dossier"  # not in the file at all


def test_a_damaged_catalogue_shows_dutch_instead_of_failing(tmp_path: Path) -> None:
    folder = tmp_path / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "klein_initiatief.mo").write_bytes(b"not a catalogue")
    assert i18n.translations("pl", tmp_path).gettext("&Beginnen") == "&Beginnen"


def test_the_shipped_languages_are_dutch_and_english_with_their_own_names() -> None:
    assert i18n.available_languages()[:1] == ("nl",)
    assert "en" in i18n.available_languages()
    assert [i18n.native_name(c) for c in ("nl", "en", "tr")] == ["Nederlands", "English", "Türkçe"]


def _catalogue(folder: Path, language: str) -> Path:
    messages = folder / language / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "klein_initiatief.po").write_text(
        f'msgid ""\nmsgstr "Language: {language}\\n"\n', encoding="utf-8"
    )
    return folder


def test_the_system_language_is_used_when_it_has_a_catalogue(tmp_path: Path) -> None:
    folder = _catalogue(tmp_path, "tr")
    assert detect_language({"LANG": "tr_TR.UTF-8"}, folder) == "tr"
    assert detect_language({"LC_ALL": "tr_TR@euro", "LANG": "en_GB.UTF-8"}, folder) == "tr"
    # No Polish catalogue: Dutch, the reference text (not the next variable's language).
    assert detect_language({"LC_ALL": "pl_PL.UTF-8", "LANG": "tr_TR.UTF-8"}, folder) == "nl"
    assert detect_language({"KLEIN_INITIATIEF_LANG": "TR", "LANG": "nl_NL"}, folder) == "tr"
    assert detect_language({"LANG": "C.UTF-8"}, folder) == "nl"
    assert detect_language({}, folder) == "nl"
    # The shipped catalogues: English from any English locale, Dutch otherwise.
    assert detect_language({"LANG": "en_US.UTF-8"}) == "en"
    assert detect_language({"LANG": "tr_TR.UTF-8"}) == "nl"


def test_a_region_catalogue_is_preferred_over_the_language_alone(tmp_path: Path) -> None:
    folder = _catalogue(_catalogue(tmp_path, "pt"), "pt_BR")
    assert detect_language({"LANG": "pt_BR.UTF-8"}, folder) == "pt_BR"
    assert detect_language({"LANG": "pt_PT.UTF-8"}, folder) == "pt"


def test_a_catalogued_sentence_is_filled_in_every_language() -> None:
    made = i18n.text(
        "Kan {name} niet opslaan: {reason}. Kies een andere map.",
        name="a.xlsx",
        reason=Text(nl="de schijf is vol", en="the disk is full"),
    )
    assert made.nl == "Kan a.xlsx niet opslaan: de schijf is vol. Kies een andere map."
    assert made.en == "Cannot save a.xlsx: the disk is full. Choose another folder."


def test_the_pseudo_locale_brackets_every_text() -> None:
    shown = Text(nl="Toegekend", en="Granted").get(i18n.PSEUDO)
    assert shown.startswith("[!! ") and "Ţòèğèķèñđ" in shown


# Every module's own words come from the catalogues (issue 19). A hand-made Dutch/English
# pair added anywhere in the app would never reach a translator.
CONVERTED = sorted((ROOT / "desktop_app").rglob("*.py"))
_NOT_WORDS = {"nl", "en", "nl_NL", "en_GB", "NL", "GB", "dd-MM-yyyy", "yyyy-MM-dd"}


def _words(node: ast.AST) -> bool:
    """A literal a person reads (not a language code, a format or a lone symbol)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        shown = node.value
    elif isinstance(node, ast.JoinedStr):
        shown = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    else:
        return False
    return shown not in _NOT_WORDS and re.search(r"[A-Za-z]{2}", shown) is not None


def _hand_made_pairs(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            given = {k.arg: k.value for k in node.keywords}
            if "nl" in given and "en" in given and _words(given["nl"]) and _words(given["en"]):
                found.append(f"{path.name}:{node.lineno} Text(nl=..., en=...)")
        if isinstance(node, ast.IfExp) and _words(node.body) and _words(node.orelse):
            test = node.test
            if (isinstance(test, ast.Name) and test.id == "nl") or (
                isinstance(test, ast.Compare)
                and any(getattr(c, "value", None) in ("nl", "en") for c in test.comparators)
            ):
                found.append(f"{path.name}:{node.lineno} '...' if nl else '...'")
    return found


def test_the_converted_modules_keep_no_hand_made_dutch_english_pair() -> None:
    assert len(CONVERTED) > 60
    found = [pair for path in CONVERTED for pair in _hand_made_pairs(path)]
    assert found == []


def test_the_pair_finder_finds_a_pair(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'a = Text(nl="Klaar", en="Done")\nb = "Klaar" if nl else "Done"\n'
        'c = "nl_NL" if language == "nl" else "en_GB"\n',
        encoding="utf-8",
    )
    assert [p.split(" ", 1)[1] for p in _hand_made_pairs(sample)] == [
        "Text(nl=..., en=...)",
        "'...' if nl else '...'",
    ]
