"""The signature block, in its own small module so the window can use it without loading the
PDF machinery (typst, pikepdf, pyHanko) before the resident signs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class SignatureBlock:
    """What the resident fills in on the last step: typed name, place, date, drawn signature."""

    name: str
    place: str
    date: dt.date
    drawing_png: bytes | None = None
