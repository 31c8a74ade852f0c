"""How to start this program again as one of its helper processes (desktop_app/__main__.py
reads the flag): the attachment checker, the PDF reader of the import, the signing worker."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO


def own_program(flag: str) -> tuple[list[str], dict[str, str]]:
    """The command and environment that run this program with ``flag``, from the source
    tree, an installed package or a frozen build alike."""
    env = dict(os.environ)
    if getattr(sys, "frozen", False):  # a packaged app: its own program is the helper
        return [sys.executable, flag], env
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    return [sys.executable, "-m", "desktop_app", flag], env


def read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    """``size`` bytes from a helper's pipe, or None when it closed first."""
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
