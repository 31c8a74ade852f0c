"""What a PDF declares about itself: its PDF/A level and whether it claims PDF/UA.

typst writes the PDF/A-2a + PDF/UA-1 identification itself (documents/typst_pdf.py); the
reference check is veraPDF (tests/documents/test_accessible_pdf.py). These read the XMP
metadata back, for tests and for the officials' view of a bundle.
"""

from __future__ import annotations

import io

import pikepdf


def pdfa_identification(pdf_bytes: bytes) -> str:
    """What the file's XMP metadata declares, e.g. "2A"; "" when it declares nothing."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf, pdf.open_metadata() as meta:
        return str(meta.pdfa_status or "")


def pdfua_part(pdf_bytes: bytes) -> str:
    """The PDF/UA part the XMP metadata declares ("1"), or ""."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf, pdf.open_metadata() as meta:
        return str(meta.get("pdfuaid:part", "") or "")
