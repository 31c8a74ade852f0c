"""Which editor a question gets, by its field type."""

from __future__ import annotations

from desktop_app.core.regeling import FieldDef, Regeling
from desktop_app.ui.editors.base import FieldEditor
from desktop_app.ui.editors.budget import BudgetEditor
from desktop_app.ui.editors.choice import (
    ChoiceEditor,
    ComboEditor,
    DeclarationEditor,
    MultiChoiceEditor,
)
from desktop_app.ui.editors.text import LongTextEditor

EDITORS: dict[str, type[FieldEditor]] = {
    "long_text": LongTextEditor,
    "yes_no": ChoiceEditor,
    "multi_choice": MultiChoiceEditor,
    "declaration": DeclarationEditor,
    "budget": BudgetEditor,
}


def basic_editor_for(field: FieldDef, regeling: Regeling, language: str) -> FieldEditor:
    """The editor for a field that is not a group or attachments (those live in repeated.py)."""
    if field.type == "choice":
        small = len(regeling.options_for(field)) <= 5
        return (ChoiceEditor if small else ComboEditor)(field, regeling, language)
    return EDITORS.get(field.type, FieldEditor)(field, regeling, language)
