"""How to start this program again as one of its helper processes (desktop_app/__main__.py
reads the flag): the attachment checker, the PDF reader of the import, the font reader, the
signing worker and the import's checker; and how they talk over their pipes."""

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


MAX_FRAME = 1 << 31  # a bundle (256 MiB at most) with all around it stays far below this


def write_frame(stream: IO[bytes], data: bytes) -> None:
    """One message: its length (8 bytes), then itself."""
    stream.write(len(data).to_bytes(8, "big") + data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> bytes | None:
    """One message, or None when the other end closed (or sent nonsense) first."""
    header = read_exactly(stream, 8)
    if header is None:
        return None
    size = int.from_bytes(header, "big")
    return None if size > MAX_FRAME else read_exactly(stream, size)
