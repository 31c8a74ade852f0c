"""How residents tell protected dossiers apart on a shared computer without showing a name:
a short recognition word they choose and a colour from a short fixed list. Both are stored in
the clear (they must show while the dossier is closed), so the help text says: no names."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.errors import UserError
from desktop_app.core.text import Text

MAX_WORD = 20


@dataclass(frozen=True)
class Colour:
    key: str
    hex: str  # for the swatch; never shown alone: the name is always beside it
    name: Text


COLOURS: tuple[Colour, ...] = (
    Colour("red", "#c62828", Text(nl="rood", en="red")),
    Colour("orange", "#ef6c00", Text(nl="oranje", en="orange")),
    Colour("yellow", "#f9c80e", Text(nl="geel", en="yellow")),
    Colour("green", "#2e7d32", Text(nl="groen", en="green")),
    Colour("blue", "#1565c0", Text(nl="blauw", en="blue")),
    Colour("purple", "#6a1b9a", Text(nl="paars", en="purple")),
    Colour("pink", "#e91e8c", Text(nl="roze", en="pink")),
    Colour("brown", "#6d4c41", Text(nl="bruin", en="brown")),
)
BY_KEY = {colour.key: colour for colour in COLOURS}


def colour(key: str | None) -> Colour | None:
    return BY_KEY.get(key) if key is not None else None


def checked_mark(word: str, colour_key: str) -> tuple[str, str]:
    """The word (trimmed, one short line) and the colour key; UserError saying what to fix."""
    word = " ".join(word.split())
    if not word:
        raise UserError(
            "dossier.mark_missing",
            Text(
                nl="Kies een herkenningswoord, zodat u uw dossier in de lijst terugvindt.",
                en="Choose a recognition word, so you can find your dossier in the list.",
            ),
        )
    if len(word) > MAX_WORD or not word.isprintable():
        raise UserError(
            "dossier.mark_too_long",
            Text(
                nl=f"Het herkenningswoord mag hoogstens {MAX_WORD} tekens hebben. Kies een "
                "korter woord.",
                en=f"The recognition word may have at most {MAX_WORD} characters. Choose a "
                "shorter word.",
            ),
        )
    if colour_key not in BY_KEY:
        raise UserError(
            "dossier.mark_colour",
            Text(nl="Kies een kleur in de lijst.", en="Choose a colour in the list."),
        )
    return word, colour_key
