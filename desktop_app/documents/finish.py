"""The wizard's last step without the window: sign, make the PDF and the bundle, mark the
document final. Slow work (a key is made on first use), so the UI runs it off its thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.clock import Clock, today
from desktop_app.core.documents import Application, Report
from desktop_app.core.engine import evaluate
from desktop_app.core.errors import UserError
from desktop_app.core.regeling import Regeling
from desktop_app.core.text import Text
from desktop_app.documents.signature_block import SignatureBlock
from desktop_app.storage.attachments import AttachmentStore
from desktop_app.storage.drafts import DraftStore
from desktop_app.storage.paths import AppPaths

BUNDLE_WORD = Text(nl="De bundel", en="The bundle")


@dataclass(frozen=True)
class Outputs:
    document: Application | Report
    regeling: Regeling
    pdf: Path
    bundle: Path
    signed: bool
    unsigned_reason: Text | None
    status_known: bool = True  # False when shown again later: signing is not re-checked


def file_stem(document: Application | Report) -> str:
    kind = "verantwoording" if isinstance(document, Report) else "aanvraag"
    return f"{kind}-{str(document.id)[:8]}"


def output_paths(
    paths: AppPaths, regeling: Regeling, document: Application | Report
) -> tuple[Path, Path]:
    """Where the PDF and the bundle go; a bundle sealed to the municipality is no zip."""
    stem = file_stem(document)
    bundle = f"{stem}-versleuteld.bundel" if regeling.encryption_keys else f"{stem}.zip"
    return paths.output / f"{stem}.pdf", paths.output / bundle


def signer_defaults(store: DraftStore, document: Application | Report) -> tuple[str, str]:
    """Name and town for the signature block: from the application's contact details."""
    answers = document.answers
    if isinstance(document, Report):
        try:
            answers = store.load(document.application_id).answers
        except UserError:
            answers = {}

    def text(key: str) -> str:
        value: Any = answers.get(key)
        return value.strip() if isinstance(value, str) else ""

    return text("contact_name"), text("city")


def make_outputs(
    paths: AppPaths,
    clock: Clock,
    store: DraftStore,
    regeling: Regeling,
    document: Application | Report,
    block: SignatureBlock,
    attachments: AttachmentStore | None = None,
    keyring_backend: Any = None,
) -> Outputs:
    """Sign when a keyring is there (else say why not), write PDF and bundle, mark final."""
    # Loaded here, not at the top: pyHanko, pikepdf and typst take most of a second to
    # import, and the start screen should not wait for them.
    import keyring

    from desktop_app.documents.service import SigningKeys, make_bundle, make_pdf, signer_for

    verdicts = evaluate(regeling, document, today(clock)).verdicts
    backend = keyring_backend if keyring_backend is not None else keyring.get_keyring()
    try:
        signer = signer_for(SigningKeys(paths.keys, backend, clock), document)
        reason = None
    except UserError as error:
        signer, reason = None, error.message
    pdf_path, bundle_path = output_paths(paths, regeling, document)
    pdf = make_pdf(document, regeling, verdicts, block, signer, pdf_path, clock)
    # With the municipality's public key in the regeling, only a sealed bundle is written:
    # the outbox, a USB stick or a shared folder never hold the plain one.
    sealed_to = regeling.encryption_keys[0] if regeling.encryption_keys else None
    made = make_bundle(
        document,
        regeling,
        verdicts,
        attachments or AttachmentStore(paths.attachments),
        signer,
        None if sealed_to else bundle_path,
        block,
        clock,
        pdf.pdf,
    )
    if sealed_to is not None:
        from desktop_app.documents.sealed import seal_bundle
        from desktop_app.documents.service import save_output

        save_output(bundle_path, seal_bundle(made.bundle, sealed_to), BUNDLE_WORD)
    store.save(document, "report_final" if isinstance(document, Report) else "final")
    return Outputs(document, regeling, pdf_path, bundle_path, signer is not None, reason)
