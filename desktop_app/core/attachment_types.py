"""What an attached file really is: the one place that decides it.

An attachment is data, never a program. It is a PDF only when pikepdf opens it as a PDF
with pages and without JavaScript, automatic actions, launch commands or hidden files; it
is a PNG or JPEG only when Pillow decodes the whole picture within a pixel limit. The
first bytes alone prove nothing (``%PDF-`` in front of HTML is still HTML to a browser).

Used by the resident's side (storage.attachments, when a file is added), the bundle
writer, and the bundle reader (import, verify, intake). The reader parses in a separate
process with a time limit (``check_isolated``): a hostile file cannot hang or take over
the official's program. An official opens a copy made here (``viewable_copies``): images
re-encoded without their metadata, under a name and extension the app chooses.
"""

from __future__ import annotations

import io
import json
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, gettext, text
from desktop_app.core.own_program import own_program, read_exactly
from desktop_app.core.text import Text, fill


@dataclass(frozen=True)
class AttachmentType:
    media_type: str
    extension: str  # what the app names a copy: bijlage-2.pdf
    label: str  # what a person reads: PDF, JPG, PNG
    pillow_format: str | None = None


PDF = AttachmentType("application/pdf", "pdf", "PDF")
JPEG = AttachmentType("image/jpeg", "jpg", "JPG", "JPEG")
PNG = AttachmentType("image/png", "png", "PNG", "PNG")
TYPES = (PDF, JPEG, PNG)
BY_MEDIA_TYPE = {t.media_type: t for t in TYPES}
# Recognise the file by its first bytes to know which parser must prove it.
_MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))

# iPhone photos (HEIC) and other HEIF pictures: an ISO base-media "ftyp" box with one of these
# brands. They are converted to JPEG when added (``as_accepted``); only JPEG travels on.
HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
)
HEIF_EXTENSIONS = (".heic", ".heif", ".hif")

# 80 megapixels: more than any phone photo; a bigger picture is refused before it is decoded
# (a "decompression bomb" is a tiny file that unpacks to gigabytes of pixels).
MAX_IMAGE_PIXELS = 80_000_000
CHECK_TIMEOUT = 60.0  # seconds for all attachments of one bundle, in the separate process
CHILD_MEMORY = 2 * 1024 * 1024 * 1024  # address-space limit of the checking process

# What was found inside a PDF -> how it is named to a person (Dutch; catalogued).
FOUND: dict[str, str] = {
    "javascript": N_("JavaScript (een programma in de PDF)"),
    "actions": N_("automatische acties (/AA)"),
    "launch": N_("een opdracht om een programma te starten (/Launch)"),
    "embedded_file": N_("een bestand dat in de PDF zit (/EmbeddedFiles)"),
    "xfa": N_("een XFA-formulier (dat kan programma's bevatten)"),
}

# The same, as the PDF names it: language-neutral, for an official's message.
PDF_NAMES = {
    "javascript": "JavaScript",
    "actions": "/AA",
    "launch": "/Launch",
    "embedded_file": "/EmbeddedFiles",
    "xfa": "XFA",
}

# Reason -> what is wrong and what to do, in Dutch (catalogued). "{name}": the file;
# "{found}", "{pixels}", "{max}", "{seconds}": details.
REASONS: dict[str, str] = {
    "unknown_type": N_(
        "Het bestand '{name}' is geen PDF, JPG of PNG. Alleen die soorten bestanden "
        "kunnen mee, omdat andere bestanden een programma kunnen zijn. Bewaar het als"
        " PDF (bijvoorbeeld met 'Afdrukken' en dan 'Opslaan als PDF') of maak er een "
        "foto van, en voeg dat bestand toe."
    ),
    "fake_pdf": N_(
        "Dit bestand is geen echte PDF: '{name}' heet wel .pdf, maar binnenin is het "
        "een ander soort bestand (bijvoorbeeld een Word-bestand of een webpagina die "
        "een andere naam kreeg). Zo'n bestand kan een programma zijn, dus het kan "
        "niet mee. Open het bestand in het programma waarmee het is gemaakt. Kies "
        "'Afdrukken' en dan 'Opslaan als PDF' (of 'Exporteren als PDF'). Voeg die "
        "nieuwe PDF toe."
    ),
    "fake_image": N_(
        "Dit bestand is geen echte foto: '{name}' heet wel .jpg of .png, maar "
        "binnenin is het een ander soort bestand. Zo'n bestand kan een programma "
        "zijn, dus het kan niet mee. Open de foto op uw telefoon of computer en "
        "bewaar of deel hem opnieuw als JPG, of maak een nieuwe foto. Voeg dat "
        "bestand toe."
    ),
    "heic_damaged": N_(
        "Het bestand '{name}' is een iPhone-foto (HEIC), maar de foto kan niet worden"
        " gelezen. Het bestand is beschadigd of onvolledig. Stuur de foto opnieuw "
        "vanaf de iPhone, of zet op de iPhone bij Instellingen > Camera > Formaten "
        "'Meest compatibel' aan en maak een nieuwe foto."
    ),
    "pdf_damaged": N_(
        "Het bestand '{name}' begint als een PDF, maar kan niet als PDF worden "
        "geopend. Het is beschadigd of het is geen echte PDF. Open het bestand zelf, "
        "bewaar het opnieuw als PDF en voeg het dan toe."
    ),
    "pdf_password": N_(
        "Het bestand '{name}' is een PDF met een wachtwoord. De gemeente kan die niet"
        " openen. Bewaar de PDF zonder wachtwoord en voeg hem opnieuw toe."
    ),
    "pdf_active_content": N_(
        "Het bestand '{name}' is een PDF met {found}. Zoiets kan een programma "
        "starten op de computer van wie het opent, dus het kan niet mee. Maak er een "
        "gewone PDF van: open het bestand, kies 'Afdrukken' en dan 'Opslaan als PDF'."
        " Voeg die nieuwe PDF toe."
    ),
    "image_damaged": N_(
        "Het bestand '{name}' begint als een foto (JPG of PNG), maar de foto kan niet"
        " helemaal worden gelezen. Het bestand is beschadigd of onvolledig. Open de "
        "foto zelf en bewaar hem opnieuw, of kies een andere foto."
    ),
    "image_too_large": N_(
        "Het bestand '{name}' is een afbeelding van {pixels} beeldpunten. Er kunnen "
        "hoogstens {max} beeldpunten mee. Maak de foto kleiner (minder pixels) en "
        "voeg hem opnieuw toe."
    ),
    "check_failed": N_(
        "Het bestand '{name}' kon niet binnen {seconds} seconden worden "
        "gecontroleerd. Het is te ingewikkeld of beschadigd. Bewaar het opnieuw als "
        "een eenvoudige PDF of foto, of kies een ander bestand."
    ),
}


# Reasons that only the resident's side gives: they need the file's own name (".pdf" that is
# not a PDF) or happen while a photo is converted. The separate checker (which sees bytes, no
# names) says ``unknown_type`` where the resident's side says ``fake_pdf`` or ``fake_image``.
BY_NAME = frozenset({"fake_pdf", "fake_image", "heic_damaged"})


def found_text(found: Sequence[str], language: str) -> str:
    names = [gettext(language, FOUND[f]) for f in found]
    if len(names) == 1:
        return names[0]
    return fill(
        gettext(language, N_("{first} en {last}")),
        {"first": ", ".join(names[:-1]), "last": names[-1]},
    )


def _count(value: int, language: str) -> str:
    return f"{value:,}".replace(",", "." if language == "nl" else ",")


def refusal_details(
    reason: str, name: str, found: Sequence[str] = (), pixels: int = 0
) -> dict[str, str | Text]:
    """The values for a reason's message (numbers and lists as each language writes them)."""

    def each(make: Callable[[str], str]) -> Text:
        return Text(nl=make("nl"), en=make("en"))

    return {
        "name": name,
        "found": each(lambda language: found_text(found, language)) if found else "?",
        "pixels": each(lambda language: _count(pixels, language)),
        "max": each(lambda language: _count(MAX_IMAGE_PIXELS, language)),
        "seconds": f"{CHECK_TIMEOUT:.0f}",
    }


class AttachmentRefusedError(UserError):
    """A file that is not a clean PDF, JPG or PNG: code ``attachment.<reason>``, a message
    for the resident that says why and what to do."""

    def __init__(
        self, reason: str, name: str = "bijlage", found: Sequence[str] = (), pixels: int = 0
    ) -> None:
        values = refusal_details(reason, name, found, pixels)
        super().__init__(f"attachment.{reason}", text(REASONS[reason], **values))
        self.reason = reason
        self.found = tuple(found)
        self.pixels = pixels

    def named(self, name: str) -> AttachmentRefusedError:
        return AttachmentRefusedError(self.reason, name, self.found, self.pixels)


def magic_type(head: bytes) -> AttachmentType | None:
    """The type the first bytes claim: only a hint of which parser must prove it."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def is_heif(head: bytes) -> bool:
    """An iPhone (HEIC) or other HEIF picture, by its first 12 bytes; ``as_accepted`` turns
    it into a JPEG."""
    return len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS


def unrecognised(name: str) -> AttachmentRefusedError:
    """Why a file whose first bytes are no PDF, JPG or PNG is refused, and what to do: a file
    named .pdf (or .jpg) that is something else is told so."""
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf":
        return AttachmentRefusedError("fake_pdf", name)
    if suffix in (".jpg", ".jpeg", ".png", *HEIF_EXTENSIONS):
        return AttachmentRefusedError("fake_image", name)
    return AttachmentRefusedError("unknown_type", name)


def as_accepted(data: bytes, name: str) -> tuple[bytes, str]:
    """The file as it can be attached: an iPhone HEIC/HEIF photo becomes a JPEG (upright,
    without its metadata, so no location goes along) named ``<name>.jpg``; anything else
    as it is. AttachmentRefusedError ``heic_damaged`` or ``image_too_large`` for a HEIF
    picture that cannot be read."""
    if not is_heif(data[:16]):
        return data, name
    import pillow_heif

    try:
        heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
        width, height = heif.size  # read from the header: nothing is decoded yet
        if width * height > MAX_IMAGE_PIXELS:
            raise AttachmentRefusedError("image_too_large", name, pixels=width * height)
        picture = heif.to_pillow()  # libheif applies the rotation the camera stored
        clean = picture.convert("L" if picture.mode == "L" else "RGB")
        clean.info = {}
        out = io.BytesIO()
        clean.save(out, "JPEG", quality=90)
    except AttachmentRefusedError:
        raise
    except Exception as exc:  # libheif raises ValueError, RuntimeError, … for damage
        raise AttachmentRefusedError("heic_damaged", name) from exc
    stem = Path(name).stem or "foto"
    return out.getvalue(), f"{stem}.jpg"


# --- the full check -------------------------------------------------------------------------


def identify(data: bytes, name: str = "bijlage") -> AttachmentType:
    """The verified type of ``data``, parsed completely here; AttachmentRefusedError otherwise."""
    claimed = magic_type(data[:16])
    try:
        if claimed is None:
            raise unrecognised(name)
        if claimed is PDF:
            _check_pdf(data)
        else:
            _check_image(data, claimed)
    except AttachmentRefusedError as refused:
        raise refused.named(name) from None
    return claimed


def _check_pdf(data: bytes) -> None:
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) == 0:
                raise AttachmentRefusedError("pdf_damaged")
            found = _active_content(pdf)
    except pikepdf.PasswordError as exc:
        raise AttachmentRefusedError("pdf_password") from exc
    except AttachmentRefusedError:
        raise
    except Exception as exc:  # pikepdf/qpdf raise many kinds for a broken file
        raise AttachmentRefusedError("pdf_damaged") from exc
    if found:
        raise AttachmentRefusedError("pdf_active_content", found=found)


def _active_content(pdf: Any) -> tuple[str, ...]:
    """Everything in the PDF that can act instead of being read, by a walk over every object
    (names are compared after qpdf decoded them, so /J#53 is /JS)."""
    import pikepdf

    found: set[str] = set()
    containers = (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)
    for start in pdf.objects:
        if not isinstance(start, containers):
            continue
        stack: list[Any] = [start]
        while stack:
            item = stack.pop()
            if isinstance(item, pikepdf.Array):
                children = list(item)
            else:
                keys = set(item.keys())
                if keys & {"/JS", "/JavaScript"}:
                    found.add("javascript")
                if "/AA" in keys:
                    found.add("actions")
                if keys & {"/EmbeddedFiles", "/EF"}:
                    found.add("embedded_file")
                if "/XFA" in keys:
                    found.add("xfa")
                action = item.get("/S")
                if action == pikepdf.Name.JavaScript:
                    found.add("javascript")
                elif action == pikepdf.Name.Launch:
                    found.add("launch")
                elif action == pikepdf.Name.GoToE:
                    found.add("embedded_file")
                if item.get("/Subtype") == pikepdf.Name.FileAttachment or (
                    item.get("/Type") == pikepdf.Name.EmbeddedFile
                ):
                    found.add("embedded_file")
                children = [item[key] for key in keys]
            # Indirect objects are visited on their own: follow only what is inside this one.
            stack.extend(c for c in children if isinstance(c, containers) and not c.is_indirect)
    return tuple(sorted(found))


def _check_image(data: bytes, claimed: AttachmentType) -> None:
    from PIL import Image

    formats = [claimed.pillow_format or ""]
    try:
        # Opening reads only the header; the size is checked before a pixel is decoded.
        with Image.open(io.BytesIO(data), formats=formats) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise AttachmentRefusedError("image_too_large", pixels=width * height)
            image.verify()  # PNG: every chunk's checksum, up to the end
        with Image.open(io.BytesIO(data), formats=formats) as image:
            image.load()  # every pixel decoded: a truncated file fails here
    except AttachmentRefusedError:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own limit, far above ours
        said = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = int(said.group(1)) if said else MAX_IMAGE_PIXELS + 1
        raise AttachmentRefusedError("image_too_large", pixels=pixels) from exc
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError, … for damage
        raise AttachmentRefusedError("image_damaged") from exc


def viewable_copy(data: bytes, kind: AttachmentType) -> bytes:
    """What the official's viewer gets: a PDF as it is (checked above); an image decoded and
    written again by Pillow, upright, without EXIF, comments or other metadata."""
    if kind is PDF:
        return data
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data), formats=[kind.pillow_format or ""]) as image:
        upright = ImageOps.exif_transpose(image)
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        mode = "RGBA" if has_alpha and kind is PNG else "L" if upright.mode == "L" else "RGB"
        clean = upright.convert(mode)
        clean.info = {}
        out = io.BytesIO()
        if kind is JPEG:
            clean.save(out, "JPEG", quality=90)
        else:
            clean.save(out, "PNG")
        return out.getvalue()


# --- in a separate process ------------------------------------------------------------------
#
# The parent writes, per file: one byte (1: also make a viewable copy), 8 bytes length, the
# bytes. The child answers, per file: one line of JSON, then the copy's bytes if it made one.
# Never pickle: the child parses hostile files, so what it says is checked, not executed.

MAX_COPY_BYTES = 512 * 1024 * 1024
_FAILED: dict[str, Any] = {"reason": "check_failed"}


def _answer(data: bytes, want_copy: bool) -> tuple[dict[str, Any], bytes]:
    try:
        kind = identify(data)
        copy = viewable_copy(data, kind) if want_copy else b""
        return {"media_type": kind.media_type, "copy": len(copy)}, copy
    except AttachmentRefusedError as refused:
        return {"reason": refused.reason, "found": refused.found, "pixels": refused.pixels}, b""
    except Exception:
        return dict(_FAILED), b""


def _serve(requests: IO[bytes], answers: IO[bytes]) -> None:  # pragma: no cover - the child
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))
    except (ImportError, ValueError, OSError):
        pass  # Windows has no such limit; the time limit still holds
    while True:
        head = read_exactly(requests, 9)
        if head is None:
            return
        data = read_exactly(requests, int.from_bytes(head[1:], "big"))
        if data is None:
            return
        answer, copy = _answer(data, head[0] == 1)
        answers.write(json.dumps(answer).encode() + b"\n" + copy)
        answers.flush()


def _parse_answer(line: bytes, read: Callable[[int], bytes | None]) -> dict[str, Any]:
    """One answer from the child, accepted only in its exact expected shape."""
    try:
        answer = json.loads(line)
    except ValueError:
        return dict(_FAILED)
    if not isinstance(answer, dict):
        return dict(_FAILED)
    if answer.get("media_type") in BY_MEDIA_TYPE:
        size = answer.get("copy")
        if not isinstance(size, int) or not 0 <= size <= MAX_COPY_BYTES:
            return dict(_FAILED)
        copy = read(size) if size else b""
        if copy is None:
            return dict(_FAILED)
        return {"media_type": answer["media_type"], "copy": copy}
    found = answer.get("found", [])
    pixels = answer.get("pixels", 0)
    if (
        answer.get("reason") in REASONS
        and isinstance(found, list)
        and all(f in FOUND for f in found)
        and isinstance(pixels, int)
    ):
        return {"reason": answer["reason"], "found": tuple(found), "pixels": pixels}
    return dict(_FAILED)


CHILD_FLAG = "--attachment-check"  # desktop_app/__main__.py starts ``serve`` for it


def serve() -> None:  # pragma: no cover - runs in the child process
    """The separate checking process: requests on stdin, answers on stdout."""
    _serve(sys.stdin.buffer, sys.stdout.buffer)


def _isolated(files: Sequence[bytes], want_copy: bool, timeout: float) -> list[dict[str, Any]]:
    if not files:
        return []
    command, env = own_program(CHILD_FLAG)
    answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
    try:
        child = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    except OSError:
        return [dict(_FAILED) for _ in files]
    assert child.stdin is not None and child.stdout is not None
    requests, replies = child.stdin, child.stdout

    def send_all() -> None:
        try:
            for data in files:
                requests.write(bytes([1 if want_copy else 0]) + len(data).to_bytes(8, "big"))
                requests.write(data)
                requests.flush()
            requests.close()
        except (OSError, ValueError):
            pass  # the child is gone; the answers say so

    def read_all() -> None:
        def read(size: int) -> bytes | None:
            return read_exactly(replies, size)

        try:
            for _ in files:
                line = replies.readline(64 * 1024)
                if not line.endswith(b"\n"):
                    break
                answers.put(_parse_answer(line, read))
        except (OSError, ValueError):
            pass
        answers.put(None)

    # Threads, so that a child that hangs (before reading or while parsing) cannot block us.
    for work in (send_all, read_all):
        threading.Thread(target=work, daemon=True).start()
    results: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    try:
        while len(results) < len(files):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                answer = answers.get(timeout=remaining)
            except queue.Empty:
                break
            if answer is None:
                break
            results.append(answer)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        replies.close()
    return results + [dict(_FAILED) for _ in range(len(files) - len(results))]


def _result(answer: dict[str, Any]) -> AttachmentType | AttachmentRefusedError:
    if "media_type" in answer:
        return BY_MEDIA_TYPE[answer["media_type"]]
    return AttachmentRefusedError(
        answer["reason"], found=answer.get("found", ()), pixels=answer.get("pixels", 0)
    )


def check_isolated(
    files: Sequence[bytes], timeout: float = CHECK_TIMEOUT
) -> list[AttachmentType | AttachmentRefusedError]:
    """``identify`` for each file, in one separate process with a time limit: the verified
    type, or the refusal (a time-out or a crash of the checker is ``check_failed``)."""
    return [_result(answer) for answer in _isolated(files, False, timeout)]


def viewable_copies(
    files: Sequence[bytes], timeout: float = CHECK_TIMEOUT
) -> list[tuple[AttachmentType, bytes] | AttachmentRefusedError]:
    """Checked again and copied for viewing, in a separate process (see ``viewable_copy``)."""
    results: list[tuple[AttachmentType, bytes] | AttachmentRefusedError] = []
    for answer in _isolated(files, True, timeout):
        result = _result(answer)
        results.append(
            result if isinstance(result, AttachmentRefusedError) else (result, answer["copy"])
        )
    return results


__all__ = [
    "BY_MEDIA_TYPE",
    "BY_NAME",
    "JPEG",
    "MAX_IMAGE_PIXELS",
    "PDF",
    "PNG",
    "TYPES",
    "AttachmentRefusedError",
    "AttachmentType",
    "as_accepted",
    "check_isolated",
    "identify",
    "is_heif",
    "magic_type",
    "unrecognised",
    "viewable_copies",
    "viewable_copy",
]
