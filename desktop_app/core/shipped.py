"""Where the files that ship with the app are: one lookup for the source tree, the installed
wheel and a frozen (PyInstaller) build.

In a source checkout they sit next to the package (``resources/``, ``forms/``, ``docs/``); the
wheel and the frozen build carry the same folders inside the package, with a leading underscore
(``desktop_app/_resources`` …, see ``[tool.hatch.build.targets.wheel.force-include]`` in
pyproject.toml and installers/klein-initiatief.spec)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Folder = Literal["resources", "forms", "docs"]
_PACKAGE = Path(__file__).resolve().parent.parent


def shipped(folder: Folder, *parts: str) -> Path:
    """The path of ``folder/parts…``: inside the package when installed, else in the checkout.

    The installed copy wins, so an installed app never reads a stray checkout next to it. When
    neither exists the installed path is returned, so a message names where it was expected."""
    installed = _PACKAGE.joinpath(f"_{folder}", *parts)
    if installed.exists():
        return installed
    source = _PACKAGE.parent.joinpath(folder, *parts)
    if source.exists():
        return source
    return installed
