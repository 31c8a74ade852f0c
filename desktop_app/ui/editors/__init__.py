"""One editor widget per field type, generated from the regeling's field definitions:
base.py (the line-of-text editor every other one starts from), text.py (long answers),
choice.py (choosing), budget.py (the budget), values.py (amounts and dates as shown and as
stored) and kinds.py (which editor a field type gets). Repeated groups and attachments are in
ui/repeated.py."""

from desktop_app.ui.editors.base import PREFIX, FieldEditor, flagged
from desktop_app.ui.editors.budget import BudgetEditor
from desktop_app.ui.editors.choice import (
    ChoiceEditor,
    ComboEditor,
    DeclarationEditor,
    MultiChoiceEditor,
)
from desktop_app.ui.editors.kinds import EDITORS, basic_editor_for
from desktop_app.ui.editors.text import LongTextEditor
from desktop_app.ui.editors.values import date_text, date_value, money_text, money_value
from desktop_app.ui.widgets import make_title

__all__ = [
    "EDITORS",
    "PREFIX",
    "BudgetEditor",
    "ChoiceEditor",
    "ComboEditor",
    "DeclarationEditor",
    "FieldEditor",
    "LongTextEditor",
    "MultiChoiceEditor",
    "basic_editor_for",
    "date_text",
    "date_value",
    "flagged",
    "make_title",
    "money_text",
    "money_value",
]
