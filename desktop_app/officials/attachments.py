"""An official opens an attachment: always a copy the app made, never the resident's file.

The bundle is read again (every check, the attachments parsed in a separate process), the
chosen file is checked once more and copied (images decoded and written again, without
metadata), and written as ``bijlage-<number>.<verified extension>`` into a new folder only
this user can read. The resident's own file name is text to show, never part of a path:
``offerte.hta`` that is really a PDF opens as ``bijlage-1.pdf`` in the PDF viewer.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from desktop_app.core.attachment_types import AttachmentRefusedError, viewable_copies
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.text import Text
from desktop_app.documents.bundle_read import read_bundle

FOLDER_PREFIX = "klein-initiatief-bijlage-"


def attachment_refs(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Attachment references among the answers (lists of {file_name, kind, size, sha256}),
    in the order they are numbered (bijlage-1, bijlage-2, …)."""
    return [
        item
        for value in answers.values()
        if isinstance(value, list)
        for item in value
        if isinstance(item, dict) and {"file_name", "sha256"} <= item.keys()
    ]


def _cannot_open(number: int, why: Text | None = None) -> UserError:
    refused = text(N_("Bijlage {number} kan niet veilig worden geopend."), number=str(number))
    if why is not None:
        refused = text(N_("{message} {reason}"), message=refused, reason=why)
    return UserError("officials.attachment_refused", refused)


def write_private(folder: Path, name: str, data: bytes) -> Path:
    """A new file only this user can read (0600), in ``folder``; never overwrites."""
    target = folder / name
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(target, flags, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    return target


def open_copy(bundle: bytes, number: int) -> Path:
    """Attachment ``number`` (1-based) of the bundle, checked and copied to a fresh private
    folder (0700) as ``bijlage-<number>.<extension of its verified type>`` (0600)."""
    contents = read_bundle(bundle)  # BundleError (a UserError) for anything wrong
    refs = attachment_refs(contents.document.model_dump(mode="json")["answers"])
    if not 1 <= number <= len(refs) or refs[number - 1]["sha256"] not in contents.attachments:
        raise _cannot_open(number)
    [result] = viewable_copies([contents.attachments[refs[number - 1]["sha256"]]])
    if isinstance(result, AttachmentRefusedError):
        raise _cannot_open(number, result.named(f"bijlage {number}").message)
    kind, copy = result
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))  # mode 0700, a new name each time
    try:
        return write_private(folder, f"bijlage-{number}.{kind.extension}", copy)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise UserError(
            "officials.attachment_unwritable",
            N_("De bijlage kon niet worden klaargezet om te openen. Is de schijf vol?"),
        ) from exc


def remove_copies(paths: list[Path]) -> None:
    """Remove the folders ``open_copy`` made (when the window closes)."""
    for path in paths:
        if path.parent.name.startswith(FOLDER_PREFIX):
            shutil.rmtree(path.parent, ignore_errors=True)
