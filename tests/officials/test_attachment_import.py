"""An official imports a bundle whose only fault is a hostile attachment: it is refused with
the attachment's code and nothing in the case store changes."""

from __future__ import annotations

import hashlib

import pytest

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.store import CaseStore
from tests.conftest import DAY
from tests.files import attacks, bundle_with_attachment, real_pdf

SIGNER = ephemeral_signer("Buurtmaaltijd")


def _store_contents(store: CaseStore) -> dict[str, list]:
    tables = ["cases", "decisions", "conflicts"]
    with store.transaction() as db:
        rows = {t: list(db.exec_driver_sql(f"SELECT * FROM {t}").all()) for t in tables}
    return rows | {"files": sorted(p.name for p in store.files.folder.rglob("*"))}


@pytest.fixture(scope="module")
def valid_bundle(amsterdam) -> bytes:
    application = example_application(amsterdam, fixed_on(DAY))
    quote = real_pdf()
    digest = hashlib.sha256(quote).hexdigest()
    ref = {"file_name": "offerte.pdf", "kind": "quote", "media_type": "application/pdf"}
    application.answers = {
        **application.answers,
        "attachments": [ref | {"size": len(quote), "sha256": digest}],
    }
    return write_bundle(
        application, b"%PDF-1.7\n%%EOF\n", {digest: quote}, SIGNER, fixed_on(DAY).now()
    )


@pytest.mark.parametrize("attack", attacks(), ids=lambda attack: attack.name)
def test_a_hostile_attachment_is_refused_at_import_and_changes_nothing(
    tmp_path, catalog, valid_bundle, attack
) -> None:
    store = CaseStore(tmp_path / "store")
    other = example_application(catalog.current("amsterdam-bewonersinitiatief", DAY), fixed_on(DAY))
    clean = write_bundle(other, b"%PDF-1.7\n%%EOF\n", {}, SIGNER, fixed_on(DAY).now())
    assert import_bundle(clean, "schoon.zip", store, catalog, fixed_on(DAY)).status == "imported"
    before = _store_contents(store)
    claimed = "image/png" if attack.content.startswith(b"\x89PNG") else "application/pdf"
    hostile = bundle_with_attachment(
        valid_bundle, SIGNER, attack.file_name, attack.content, claimed
    )
    outcome = import_bundle(hostile, "aanval.zip", store, catalog, fixed_on(DAY))
    assert (outcome.status, outcome.code) == ("rejected", attack.import_code)
    assert _store_contents(store) == before
