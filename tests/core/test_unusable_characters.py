"""Which character of an answer the resident is told has no place in it (core/answers.py)."""

import pytest

from desktop_app.core.answers import unusable_character


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Buurtfeest 🎉 met 👩‍👩‍👧 en 𝒜", None),  # emoji, a joiner and a letter above U+FFFF
        ("Feest\x1b[2J", "U+001B"),
        ("Buurthuis\x85", "U+0085"),
        ("We koken\ufffe samen", "U+FFFE"),
        ("Feest \U0001fffe bij ons", "U+1FFFE"),  # a noncharacter of a plane above the first
        ("Feest \U0010ffff", "U+10FFFF"),
        ("🎉\U0002ffff en daarna \x07", "U+2FFFF"),  # the first one, wherever each kind sits
        ("\x07 en daarna \U0002ffff", "U+0007"),
    ],
)
def test_the_first_character_no_one_types_is_named(text: str, named: str | None) -> None:
    assert unusable_character(text) == named


def test_a_long_text_may_hold_line_breaks_and_tabs_but_no_other_control_character() -> None:
    assert unusable_character("Wij koken.\r\n\tTot dan!", multiline=True) is None
    assert unusable_character("Wij koken.\n\U0001ffff", multiline=True) == "U+1FFFF"
    assert unusable_character("Wij koken.\n", multiline=False) == "U+000A"
