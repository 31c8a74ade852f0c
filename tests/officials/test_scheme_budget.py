"""A budget ceiling for the whole scheme and for each application round: the official sees
requested and granted against them, next to the ceilings per area."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import Catalog, example_application
from desktop_app.core.regeling import Regeling
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials.decide import scheme_budgets
from desktop_app.officials.importer import import_bundle
from desktop_app.officials.store import CaseStore
from tests.conftest import DAY
from tests.officials.test_decisions import SIGNED_ON


def with_ceilings(amsterdam: Regeling) -> Regeling:
    data = amsterdam.model_dump(mode="json", by_alias=True, exclude_none=True)
    label = {"nl": "Plafond", "en": "Ceiling"}
    data["parameters"] |= {
        "scheme_ceiling": {
            "kind": "money",
            "value": "3000.00",
            "label": label,
            "illustrative": True,
        },
        "round_ceiling": {
            "kind": "money",
            "value": "1500.00",
            "label": label,
            "illustrative": True,
        },
        "round_start": {
            "kind": "date",
            "value": "2026-02-01",
            "label": label,
            "illustrative": True,
        },
        "round_end": {"kind": "date", "value": "2026-03-31", "label": label, "illustrative": True},
    }
    data["budget_ceiling"] = "scheme_ceiling"
    data["application"]["rules"].append(
        {
            "code": "ams.round",
            "type": "application_window",
            "rounds": [{"start": "round_start", "end": "round_end", "ceiling": "round_ceiling"}],
        }
    )
    return Regeling.model_validate(data)


def test_requests_are_counted_against_the_scheme_and_the_round(tmp_path, amsterdam) -> None:
    regeling = with_ceilings(amsterdam)
    catalog = Catalog(regelingen={regeling.key: regeling})
    store = CaseStore(tmp_path / "store")
    signer = ephemeral_signer("Buurtmaaltijd")
    for _ in range(2):
        application = example_application(regeling, fixed_on(DAY))
        bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, signer, SIGNED_ON)
        import_bundle(bundle, "a.zip", store, catalog, fixed_on(DAY))
    rows = {row.area: row for row in scheme_budgets(store, catalog, regeling.id, DAY.year)}
    whole, round_ = rows[""], rows["round_start"]
    assert (whole.ceiling, whole.requested) == (Decimal("3000.00"), Decimal("2000.00"))
    assert whole.name.nl == "Hele regeling 2026" and whole.ceiling_illustrative
    assert (round_.ceiling, round_.requested) == (Decimal("1500.00"), Decimal("2000.00"))
    assert round_.remaining == Decimal("1500.00")  # nothing granted yet
    assert round_.name.nl == "Ronde 2026-02-01 – 2026-03-31"


def test_a_regeling_without_them_has_no_rows(tmp_path, amsterdam, catalog) -> None:
    assert scheme_budgets(CaseStore(tmp_path / "s"), catalog, amsterdam.id, DAY.year) == []
