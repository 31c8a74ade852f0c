"""Report tiers by what the activity cost, where the scheme says so (not by the grant)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from desktop_app.core.engine import evaluate, report_tier
from desktop_app.core.errors import UserError
from desktop_app.core.loader import load_regeling_file
from tests.conftest import DAY, TEST_FORMS
from tests.core.test_engine import _report

FUND = yaml.safe_load((TEST_FORMS / "fonds-buurtkracht/2026.1.yaml").read_text())


def by_cost(tmp_path: Path, **change):
    data = yaml.safe_load(yaml.safe_dump(FUND))
    report = data["report"]
    report |= {"tier_by": "cost", "cost_field": "total_cost"} | change
    report["tiers"] = [
        {
            "id": "short",
            "up_to": "amount_2500",
            "label": {"nl": "Kort", "en": "Short"},
            "description": {"nl": "Kort.", "en": "Short."},
        },
        {
            "id": "full",
            "label": {"nl": "Met kosten", "en": "With costs"},
            "description": {"nl": "Kosten.", "en": "Costs."},
        },
    ]
    report["steps"][0]["fields"] += [
        {
            "id": "total_cost",
            "type": "money",
            "label": {"nl": "Wat kostte het in totaal?", "en": "Total cost?"},
            "help": {"nl": "Alles samen.", "en": "All together."},
        },
        {
            "id": "overview",
            "type": "long_text",
            "tiers": ["full"],
            "label": {"nl": "Overzicht van de kosten", "en": "Cost overview"},
            "help": {"nl": "Per post.", "en": "Per item."},
        },
    ]
    path = tmp_path / "2026.1.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return load_regeling_file(path)


def test_a_small_grant_for_an_expensive_activity_asks_for_the_costs(tmp_path: Path) -> None:
    fund = by_cost(tmp_path)
    answers = {"story": "Het ging goed.", "total_cost": "4000.00"}
    report = _report(fund, "500.00", answers)
    assert report_tier(fund, report) == "full"
    assert [v.field for v in evaluate(fund, report, DAY).blocking] == ["overview"]
    report.answers["total_cost"] = "800.00"
    assert report_tier(fund, report) == "short"
    assert evaluate(fund, report, DAY).ok


def test_until_the_cost_is_told_the_fullest_tier_is_asked(tmp_path: Path) -> None:
    fund = by_cost(tmp_path)
    assert report_tier(fund, _report(fund, "500.00", {})) == "full"


def test_the_cost_field_must_be_a_money_question_in_every_tier(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        by_cost(tmp_path, cost_field="story")
    assert "'story' is not a money field" in caught.value.message.en
