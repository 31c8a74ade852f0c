"""Properties that must hold for any input: the engine never crashes, and budget
arithmetic agrees with plain sums."""

from __future__ import annotations

import copy
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.engine import evaluate
from desktop_app.core.values import Budget
from tests.conftest import DAY

cents = st.decimals(min_value=0, max_value=Decimal("20000"), places=2)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.text(max_size=50)
    | st.sampled_from(["1000.00", "2026-05-01", "NL91ABNA0417164300", "noord", "1.5", ""]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
line = st.fixed_dictionaries(
    {
        "category": st.sampled_from(
            ["materials", "rent", "food_drink", "alcohol_tobacco", "bogus"]
        ),
        "description": st.text(max_size=20),
        "amount": cents.map(str),
    }
)
settings.register_profile("ci", suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile("ci")


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_answers_give_verdicts_never_an_exception(
    amsterdam, amsterdam_application, data
) -> None:
    field_ids = [f.id for s in amsterdam.application.steps for f in s.fields]
    answers = copy.deepcopy(amsterdam_application.answers)
    for field_id in data.draw(st.lists(st.sampled_from(field_ids), max_size=6)):
        answers[field_id] = data.draw(json_values)
    amsterdam_application.answers = answers
    result = evaluate(amsterdam, amsterdam_application, DAY)
    for verdict in result.verdicts:
        assert verdict.severity in ("blocking", "warning")
        assert verdict.message.nl and verdict.message.en
        assert "{" not in verdict.message.nl + verdict.message.en
    assert result == evaluate(amsterdam, amsterdam_application, DAY), "same input, same verdicts"


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(line, max_size=8), own=cents, other=cents, requested=cents)
def test_budget_balance_fires_exactly_when_the_sums_differ(
    amsterdam, amsterdam_application, lines, own, other, requested
) -> None:
    amsterdam_application.answers["budget"] = {
        "lines": lines,
        "own_contribution": str(own),
        "other_funding": str(other),
        "requested": str(requested),
    }
    result = evaluate(amsterdam, amsterdam_application, DAY)
    codes = {v.code for v in result.verdicts}
    total = sum((Decimal(line["amount"]) for line in lines), Decimal(0))
    expected_unbalanced = bool(lines) and total != requested + own + other
    assert ("ams.budget_balance" in codes) == expected_unbalanced
    assert ("ams.max_amount" in codes) == (requested > 5000)
    ineligible = [i for i, line in enumerate(lines) if line["category"] == "alcohol_tobacco"]
    flagged = [v.fields[0] for v in result.verdicts if v.code == "ams.ineligible_costs"]
    assert flagged == [f"budget.lines[{i}]" for i in ineligible]


@given(lines=st.lists(line, max_size=12))
def test_category_totals_add_up_to_the_total(lines) -> None:
    budget = Budget.model_validate({"lines": lines})
    categories = {line["category"] for line in lines}
    assert sum((budget.total_for(c) for c in categories), Decimal("0.00")) == budget.total_costs
    assert budget.total_costs == sum((Decimal(line["amount"]) for line in lines), Decimal(0))
    assert budget.total_costs.as_tuple().exponent == -2
