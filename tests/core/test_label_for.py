"""A message names its question in every language the regeling writes it in: a neighbour's
answer ("Buur 2: Naam") and a budget line ("Begroting, regel 3") too, not only nl and en."""

from __future__ import annotations

from desktop_app.core.messages import label_for
from desktop_app.core.regeling import FieldDef
from desktop_app.core.text import Text


def _fields() -> dict[str, FieldDef]:
    neighbours = FieldDef.model_validate(
        {
            "id": "neighbours",
            "type": "group",
            "label": {"nl": "Buren", "en": "Neighbours", "tr": "Komşular"},
            "help": {"nl": "Per buur."},
            "item_label": {"nl": "Buur", "en": "Neighbour", "tr": "Komşu", "pl": "Sąsiad"},
            "fields": [
                {
                    "id": "name",
                    "type": "text",
                    "label": {"nl": "Naam", "tr": "Ad"},
                    "help": {"nl": "-"},
                }
            ],
        }
    )
    budget = FieldDef.model_validate(
        {
            "id": "budget",
            "type": "budget",
            "label": {"nl": "Begroting", "en": "Budget", "uk": "Бюджет"},
            "help": {"nl": "-"},
        }
    )
    return {"neighbours": neighbours, "budget": budget}


def test_a_group_item_is_named_in_every_language_of_its_labels() -> None:
    label = label_for("neighbours[1].name", _fields())
    assert isinstance(label, Text)
    assert set(label.languages()) == {"nl", "en", "tr", "pl"}
    assert label.get("nl") == "Buur 2: Naam"
    assert label.get("tr") == "Komşu 2: Ad"
    assert label.get("en") == "Neighbour 2: Naam"  # no English sub label: its Dutch
    assert label.get("pl") == "Sąsiad 2: Naam"
    assert label.get("de") == "Buur 2: Naam"  # a language nobody wrote: all Dutch


def test_a_budget_line_is_named_in_every_language_of_the_budget_label() -> None:
    label = label_for("budget.lines[2]", _fields())
    assert label.get("nl") == "Begroting, regel 3"
    assert label.get("en") == "Budget, line 3"
    # Ukrainian has no catalogue yet: the word "regel" stays Dutch, the label is Ukrainian.
    assert label.get("uk") == "Бюджет, regel 3"
