"""Warm the PDF and signing stack before it is needed, so the first signature does not wait.

pyHanko, pikepdf, typst and the bundle writer take about half a second to import on a small
machine. The window never loads them: its signing worker (documents/signing_process.py) calls
`warm()` when it starts, at an idle moment, before any job reaches it: the imports, what the
first signing would build, and one rehearsal signing in memory with a throw-away key. Nothing
is kept or written; a failure here only means the job does it all itself.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.values import AttachmentRef

log = logging.getLogger(__name__)

# What making the signed PDF and the bundle imports (documents.service and what it loads late).
MODULES = (
    "desktop_app.documents.service",
    "desktop_app.documents.signing",
    "desktop_app.documents.pdf_render",
    "desktop_app.documents.typst_pdf",
    "desktop_app.documents.pdfa",
    "desktop_app.documents.bundle_write",
    "desktop_app.documents.bundle_read",
    "keyring",
    "typst",
    "lxml.etree",  # pyHanko's XMP metadata, when it signs
    "pyhanko.pdf_utils.metadata.xmp_xml",
    "pyhanko.pdf_utils.filters",
)


def _ready_made() -> None:
    """What the first signing would otherwise build: the keyring backend (found once per
    process), the code points the shipped fonts cover (core.printable, ~0.3 s), typst's
    compiler with its fonts and Babel's nl/en number data (the PDF's amounts). Nothing is
    compiled or signed (typst's compiler is not shared between threads while it works)."""
    from decimal import Decimal

    import keyring

    from desktop_app.core.money import format_money
    from desktop_app.core.printable import covered
    from desktop_app.documents.typst_pdf import _compiler

    keyring.get_keyring()
    covered()
    _compiler()
    for language in ("nl", "en"):  # Babel reads a locale's data on first use (~0.1 s each)
        format_money(Decimal("1234.56"), language)


def rehearse() -> None:
    """One signed PDF and bundle of the shipped Amsterdam example, made in memory with a
    throw-away key and thrown away: the rules' checkers, typst's first compile, pikepdf and
    pyHanko's signing code all run once, so the resident's first signing here runs at the
    speed of a later one (0.4 s → 0.1 s). Nothing is written, and the keyring is not asked."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    from desktop_app.core.clock import SystemClock, today
    from desktop_app.core.engine import evaluate
    from desktop_app.core.loader import Catalog, example_application
    from desktop_app.documents.service import default_signature, make_bundle, make_pdf
    from desktop_app.documents.signing import Signer, issue_certificate

    clock = SystemClock()
    regeling = Catalog.default().current("amsterdam-bewonersinitiatief", today(clock))
    document = example_application(regeling, clock)
    verdicts = evaluate(regeling, document, today(clock)).verdicts
    # Small, as nothing it signs is kept: only the code path matters.
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    signer = Signer(key, issue_certificate(key, "rehearsal", clock.now()))
    block = default_signature(regeling, document, clock)
    pdf = make_pdf(document, regeling, verdicts, block, signer, None, clock)
    make_bundle(document, regeling, verdicts, _NoAttachments(), signer, None, block, clock, pdf.pdf)


class _NoAttachments:
    """The rehearsal's example has no files attached."""

    def read(self, ref: AttachmentRef) -> bytes:
        raise OSError(ref.sha256)


def warm(modules: tuple[str, ...] = MODULES, rehearsal: bool = True) -> None:
    try:
        for name in modules:
            importlib.import_module(name)
        _ready_made()
        if rehearsal:
            rehearse()
    except Exception:  # the first signing will meet (and report) the same problem
        log.warning("warming the PDF stack failed", exc_info=True)
