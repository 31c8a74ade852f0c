"""Real attachment files, made at test time (pikepdf, Pillow): clean ones a resident adds,
and the attacks the attachment check must stop (core.attachment_types).

``ATTACKS`` lists each attack once, with the code the resident's side answers
(``attachment.<reason>``) and the code the bundle reader answers (``bundle.attachment_…``).
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zlib
from dataclasses import dataclass

import pikepdf
from PIL import Image


def real_pdf(title: str = "Offerte buurtwinkel") -> bytes:
    """A one-page PDF; ``title`` sits in it as plain bytes (a canary can be found)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.docinfo["/Title"] = title
    out = io.BytesIO()
    pdf.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def real_png(size: tuple[int, int] = (8, 6), colour: str = "green") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def real_jpeg(comment: bytes = b"", size: tuple[int, int] = (16, 12)) -> bytes:
    """A JPEG photo; ``comment`` is kept in it as plain bytes (metadata to be dropped)."""
    out = io.BytesIO()
    Image.new("RGB", size, "orange").save(out, "JPEG", comment=comment)
    return out.getvalue()


def _with_pdf(change) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    change(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_with_javascript() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Action,
                S=pikepdf.Name.JavaScript,
                JS=pikepdf.String("app.launchURL('https://evil.example/', true);"),
            )
        )

    return _with_pdf(change)


def pdf_with_embedded_file() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.attachments["factuur.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 a program")

    return _with_pdf(change)


def pdf_with_launch() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
        pdf.pages[0].obj["/AA"] = pikepdf.Dictionary(O=launch)  # when the page opens

    return _with_pdf(change)


def truncated_png() -> bytes:
    whole = real_png((64, 64), "blue")
    return whole[: len(whole) * 2 // 3]


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def decompression_bomb_png(side: int = 30_000) -> bytes:
    """A correct PNG of ``side`` x ``side`` black pixels (900 million for the default), a few
    hundred kB on disk: decoding it would take gigabytes."""
    row = bytes(1 + side // 8)  # 1 bit per pixel, filter byte 0
    packer = zlib.compressobj(9)
    rows = b"".join(packer.compress(row * 1000) for _ in range(side // 1000))
    rows += packer.compress(row * (side % 1000)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


HTML = b"<html><body><script>new ActiveXObject('WScript.Shell').Run('calc')</script></body></html>"


@dataclass(frozen=True)
class Attack:
    name: str
    file_name: str
    content: bytes
    resident_code: str
    import_code: str


def attacks() -> list[Attack]:
    """Each hostile attachment, named as the resident's file was."""
    pdf_magic, png_magic = b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n"
    return [
        Attack("html_as_pdf", "offerte.html", pdf_magic + HTML, "attachment.pdf_damaged",
               "bundle.attachment_pdf_damaged"),
        Attack("hta_as_pdf", "offerte.hta", pdf_magic + HTML, "attachment.pdf_damaged",
               "bundle.attachment_pdf_damaged"),
        Attack("bat_as_png", "factuur.bat", png_magic + b"\r\n@echo off\r\nstart calc.exe\r\n",
               "attachment.image_damaged", "bundle.attachment_image_damaged"),
        Attack("svg_as_png", "foto.svg",
               png_magic + b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
               "attachment.image_damaged", "bundle.attachment_image_damaged"),
        Attack("program", "offerte.pdf", b"MZ\x90\x00\x03 a Windows program",
               "attachment.fake_pdf", "bundle.attachment_type"),
        Attack("pdf_javascript", "offerte.pdf", pdf_with_javascript(),
               "attachment.pdf_active_content", "bundle.attachment_pdf_active_content"),
        Attack("pdf_embedded_file", "offerte.pdf", pdf_with_embedded_file(),
               "attachment.pdf_active_content", "bundle.attachment_pdf_active_content"),
        Attack("pdf_launch", "offerte.pdf", pdf_with_launch(),
               "attachment.pdf_active_content", "bundle.attachment_pdf_active_content"),
        Attack("truncated_png", "foto.png", truncated_png(), "attachment.image_damaged",
               "bundle.attachment_image_damaged"),
        Attack("decompression_bomb", "foto.png", decompression_bomb_png(),
               "attachment.image_too_large", "bundle.attachment_image_too_large"),
    ]  # fmt: skip


def bundle_with_attachment(
    valid: bytes, signer, file_name: str, content: bytes, media_type: str
) -> bytes:
    """``valid`` with its attachments replaced by this one file: named in the answers, listed
    in the manifest with the right hash and size, and signed again with the bundle's own key
    (tests/documents/hostile.py). Only the attachment check can stop it."""
    from tests.documents.hostile import members_of, raw_zip, rebuild, resigned

    digest = hashlib.sha256(content).hexdigest()
    members = [(n, c) for n, c in members_of(valid) if not n.startswith("attachments/")]
    data = json.loads(dict(members)["data.json"])
    data["answers"]["attachments"] = [
        {
            "file_name": file_name,
            "kind": "quote",
            "media_type": media_type,
            "size": len(content),
            "sha256": digest,
        }
    ]
    data_json = json.dumps(data, indent=2).encode()
    members = [(n, data_json if n == "data.json" else c) for n, c in members]
    members.append((f"attachments/{digest}", content))

    def relist(manifest: dict) -> None:
        manifest["members"] = [
            {"name": n, "sha256": hashlib.sha256(c).hexdigest(), "size": len(c)}
            for n, c in members
            if n not in ("manifest.json", "manifest.sig")
        ]

    return raw_zip(rebuild(resigned(members, signer, relist)))
