"""A character the PDF cannot show is refused at the field, as the resident types, naming it."""

from __future__ import annotations

import pytest

from desktop_app.core.engine import evaluate
from desktop_app.core.printable import covered, first_unprintable, fonts_dir
from tests.conftest import DAY


def test_every_script_residents_write_is_accepted() -> None:
    for text in (
        "Żółć gęślą jaźń, çay, Ελληνικά, Привіт",
        "مرحبا بكم في الحي en שלום",
        "ሰላም እንኳን ደህና መጡ नमस्ते வணக்கம் สวัสดีครับ",
        "邻居们一起做饭 こんにちは 안녕하세요 ＝",
        "🎉 👍🏽 🌳 🙂 ✨ 🇳🇱 👨‍👩‍👧",
        "regel een\nregel twee\twaarde",
    ):
        assert first_unprintable(text) is None, text


def test_a_character_no_shipped_font_has_is_found() -> None:
    assert first_unprintable("Feest \ue000 bij ons") == "\ue000"  # private use
    assert first_unprintable("𝒜 wiskunde") == "𝒜"
    assert first_unprintable("a\ufeffb") == "\ufeff"  # PDF/A forbids it
    assert first_unprintable("a\x00b") == "\x00"  # a font may map it; it is no text
    assert first_unprintable("\U00013430 format mark with a glyph") == "\U00013430"


def test_the_latin_fast_path_is_true_to_the_fonts() -> None:
    """Characters up to U+024F are accepted without reading the fonts: they must be there."""
    assert (fonts_dir() / "NotoSans-Regular.ttf").is_file()
    points = covered()
    assert all(p in points for p in range(0x20, 0x250) if not 0x7F <= p < 0xA0)


def test_validate_names_the_field_and_the_character(amsterdam, amsterdam_application) -> None:
    amsterdam_application.answers["initiative_name"] = "Buurtfeest \U0001d49c"
    verdicts = evaluate(amsterdam, amsterdam_application, DAY).for_field("initiative_name")
    assert [v.code for v in verdicts] == ["field.unprintable"]
    assert "'𝒜' (U+1D49C)" in verdicts[0].message.nl
    assert "Naam van uw initiatief" in verdicts[0].message.nl
    assert verdicts[0].severity == "blocking"


def test_a_budget_line_and_an_attachment_name_are_checked_too(
    amsterdam, amsterdam_application
) -> None:
    amsterdam_application.answers["budget"]["lines"][0]["description"] = "Soep \ue000"
    result = evaluate(amsterdam, amsterdam_application, DAY)
    assert any(v.code == "field.unprintable" and "regel 1" in v.message.nl for v in result.verdicts)


def test_the_fonts_read_apart_are_the_fonts_read_here(monkeypatch) -> None:
    """The window has a separate process read the fonts (it keeps fontTools out of its
    memory): what that process answers is exactly what reading them here gives."""
    import desktop_app.core.printable as printable

    monkeypatch.setattr(printable, "_known", None)
    apart = printable.covered_apart()
    assert apart == printable._read_fonts()
    assert ord("é") in apart and ord("ش") in apart and 0x1D49C not in apart
    assert len(apart.starts) < 10_000  # ranges, not every code point


def test_coverage_ranges_join_neighbours_and_answer_membership() -> None:
    from desktop_app.core.printable import Coverage

    coverage = Coverage.of([7, 1, 2, 3, 3, 9, 8])
    assert coverage.ranges() == [[1, 3], [7, 9]]
    assert [p in coverage for p in range(11)] == [p in {1, 2, 3, 7, 8, 9} for p in range(11)]
    assert "a" not in coverage


@pytest.mark.parametrize(
    "answer",
    [None, [], [[5, 3]], [[1, 4], [3, 6]], [[1, 2], [3, "4"]], [[0, 0x110000]], [[1, 2, 3]], "x"],
)
def test_a_wrong_answer_from_the_font_reader_is_not_believed(answer) -> None:
    from desktop_app.core.printable import _from_ranges

    with pytest.raises((ValueError, TypeError)):
        _from_ranges(answer)
