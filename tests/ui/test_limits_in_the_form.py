"""The resident meets the same limits as the import: an amount above ten million is named as
out of range (not as "write it like 1250,50"), in the form, while typing."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from tests.ui.helpers import named, next_step, type_into
from tests.ui.test_wizard import start_amsterdam


def test_an_amount_above_the_limit_is_named_as_such(qtbot, window) -> None:
    start_amsterdam(qtbot, window)
    wizard = window.wizard
    for _ in range(3):
        next_step(qtbot, window)
    requested = named(wizard, QLineEdit, "Gevraagd bedrag")
    type_into(qtbot, requested, "20.000.000")
    message = wizard.editors["budget"].message
    assert message.isVisible()
    assert "kan niet kloppen" in message.text() and "€ 10.000.000" in message.text()
    assert wizard.document.answers["budget"]["requested"] == "20000000.00"
