"""How residents tell protected dossiers apart on a shared computer without showing a name:
a short recognition word they choose and a colour from a short fixed list. Both are stored in
the clear (they must show while the dossier is closed), so the help text says: no names."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.text import Text

MAX_WORD = 20


@dataclass(frozen=True)
class Colour:
    key: str
    hex: str  # for the swatch; never shown alone: the name is always beside it
    dutch: str  # the colour's name in Dutch (catalogued)

    @property
    def name(self) -> Text:
        return text(self.dutch)


COLOURS: tuple[Colour, ...] = (
    Colour("red", "#c62828", N_("rood")),
    Colour("orange", "#ef6c00", N_("oranje")),
    Colour("yellow", "#f9c80e", N_("geel")),
    Colour("green", "#2e7d32", N_("groen")),
    Colour("blue", "#1565c0", N_("blauw")),
    Colour("purple", "#6a1b9a", N_("paars")),
    Colour("pink", "#e91e8c", N_("roze")),
    Colour("brown", "#6d4c41", N_("bruin")),
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
            text(N_("Kies een herkenningswoord, zodat u uw dossier in de lijst terugvindt.")),
        )
    if len(word) > MAX_WORD or not word.isprintable():
        raise UserError(
            "dossier.mark_too_long",
            text(
                N_(
                    "Het herkenningswoord mag hoogstens {maximum} tekens hebben. Kies een "
                    "korter woord."
                ),
                maximum=str(MAX_WORD),
            ),
        )
    if colour_key not in BY_KEY:
        raise UserError(
            "dossier.mark_colour",
            text(N_("Kies een kleur in de lijst.")),
        )
    return word, colour_key
