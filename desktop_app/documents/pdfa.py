"""Make a reportlab PDF into PDF/A-2b with pikepdf, and check that it is.

pikepdf.pdfa adds what reportlab does not write (XMP metadata with pdfaid part 2,
conformance B; an OutputIntent with pikepdf's sRGB ICC profile), writes the file and
validates the written bytes against its veraPDF-derived rules before handing them back.
"""

from __future__ import annotations

import io
import logging

import pikepdf
from pikepdf import pdfa as pikepdf_pdfa

from desktop_app.core.errors import UserError
from desktop_app.core.text import Text

FLAVOUR = "2b"
log = logging.getLogger(__name__)


def to_pdfa(pdf_bytes: bytes) -> bytes:
    """The same document as PDF/A-2b; UserError (and a log line) if it cannot be made so."""
    out = io.BytesIO()
    try:
        with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
            for page in pdf.pages:
                # reportlab writes an empty page transition (/Trans <<>>): meaningless on
                # paper, and a key the validator does not vouch for.
                if pikepdf.Name.Trans in page.obj:
                    del page.obj[pikepdf.Name.Trans]
            pikepdf_pdfa.save(pdf, out, FLAVOUR, output_intent="sRGB")
    except pikepdf_pdfa.PdfaError as exc:
        log.error("PDF/A-2b check failed: %s", exc.report.summary())
        raise UserError(
            "pdf.not_pdfa",
            Text(
                nl="De PDF kon niet als archiefbestand (PDF/A) worden gemaakt. "
                "Er is niets opgeslagen. Probeer het opnieuw of meld dit probleem.",
                en="The PDF could not be made as an archive file (PDF/A). Nothing was saved. "
                "Try again or report this problem.",
            ),
        ) from exc
    return out.getvalue()


def pdfa_identification(pdf_bytes: bytes) -> str:
    """What the file's XMP metadata declares, e.g. "2B"; "" when it declares nothing."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf, pdf.open_metadata() as meta:
        return str(meta.pdfa_status or "")


def pdfa_findings(pdf_bytes: bytes) -> list[str]:
    """The problems pikepdf's PDF/A-2b validator finds in written bytes (empty: it passes)."""
    report = pikepdf_pdfa.validate_written(io.BytesIO(pdf_bytes), FLAVOUR)
    return [str(finding) for finding in report.findings] if not report.passed else []


def pdfa_violations(pdf_bytes: bytes) -> list[str]:
    """Only the rules the file breaks; leaves out what the validator merely cannot vouch for
    (it does not check form fields, and a signed PDF has one)."""
    report = pikepdf_pdfa.validate_written(io.BytesIO(pdf_bytes), FLAVOUR)
    return [str(finding) for finding in report.violations]
