"""`roles:` names which field plays which part; no code reads a field by a fixed id.

A regeling whose fields all have other ids than the shipped ones must still give the right
title, applicant, area and amount in the list, the PDF, the inbox and the register export.
"""

from __future__ import annotations

import copy
import csv
import io
from pathlib import Path

import pytest
import yaml

from desktop_app.core.clock import fixed_on
from desktop_app.core.engine import evaluate
from desktop_app.core.errors import UserError
from desktop_app.core.loader import Catalog, example_application, load_regeling_file
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.service import default_signature, make_pdf
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.documents.summary import summarize
from desktop_app.officials.export import to_csv
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.store import CaseStore
from desktop_app.storage.drafts import DraftStore
from tests.conftest import DAY
from tests.renamed import amsterdam_raw, renamed_catalog

_raw = amsterdam_raw


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.pop("roles"), "roles"),
        (lambda d: d["roles"].pop("title"), "title"),
        (lambda d: d["roles"].update(title="no_such_field"), "no_such_field"),
        (lambda d: d["roles"].update(area="initiative_name"), "roles.area"),
        (lambda d: d["roles"].update(budget="contact_name"), "roles.budget"),
        (lambda d: d["roles"].update(goal="area"), "options from goals"),
        (lambda d: d["roles"].update(organisation_kinds=["bedrijf"]), "bedrijf"),
        (lambda d: d["roles"].pop("organisation"), "roles.organisation"),
        # The overview's roles (Inzicht): a wrong field is refused, never silently counted.
        (lambda d: d["roles"].update(participants="initiative_name"), "roles.participants"),
        (lambda d: d["roles"].update(target_groups="goal"), "options from target_groups"),
        (lambda d: d["report_roles"].update(took_place="nope"), "report_roles.took_place"),
        (
            lambda d: d["report_roles"].update(actual_participants="what_happened"),
            "report_roles.actual_participants",
        ),
    ],
)
def test_a_missing_or_wrong_role_is_refused_at_load_naming_it(
    tmp_path: Path, change, named: str
) -> None:
    data = copy.deepcopy(_raw())
    change(data)
    broken = tmp_path / "2026.1.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_regeling_file(broken)
    assert caught.value.code == "regeling.invalid"
    assert named in caught.value.message.en


@pytest.fixture(scope="module")
def renamed(tmp_path_factory) -> Catalog:
    """Amsterdam's regeling under another id, every application field renamed `q_<n>`."""
    return renamed_catalog(tmp_path_factory.mktemp("forms"))


def test_other_field_ids_give_the_right_title_applicant_area_and_amount(
    renamed: Catalog, tmp_path: Path
) -> None:
    regeling = renamed.current("hernoemd-buurtbudget", DAY)
    clock = fixed_on(DAY)
    application = example_application(regeling, clock)
    result = evaluate(regeling, application, DAY)
    assert result.ok, [v.message.en for v in result.blocking]

    # The resident's list.
    drafts = DraftStore(tmp_path / "drafts")
    drafts.save(application)
    [listed] = drafts.summaries(renamed.title_of)
    assert listed.title == "Buurtmaaltijd Van der Pekbuurt"

    # The PDF and its signature block.
    summary = summarize(regeling, application)
    assert summary.initiative_name == "Buurtmaaltijd Van der Pekbuurt"
    block = default_signature(regeling, application, clock)
    assert (block.name, block.place) == ("Anna de Vries", "Amsterdam")
    signer = ephemeral_signer("Buurtmaaltijd")
    pdf = make_pdf(application, regeling, result.verdicts, block, signer, None, clock).pdf

    # The officials' inbox and the register export.
    bundle = write_bundle(application, pdf, {}, signer, clock.now())
    store = CaseStore(tmp_path / "store")
    outcome = import_bundle(bundle, "a.zip", store, renamed, clock)
    assert outcome.status == "imported", outcome.message.en
    [case] = store.cases()
    assert case.title == "Buurtmaaltijd Van der Pekbuurt"
    assert (case.applicant, case.natural_person) == ("Anna de Vries", True)
    assert case.area == "noord"
    assert case.goal == "living_environment"
    assert str(case.requested) == "1000.00"
    assert case.activity_date is not None
    rows = list(
        csv.DictReader(io.StringIO(to_csv([case], renamed).decode("utf-8-sig")), delimiter=";")
    )
    assert len(rows) == 1
    assert "Buurtmaaltijd Van der Pekbuurt" in rows[0].values()
    assert "(Particulier)" in " ".join(rows[0].values())
