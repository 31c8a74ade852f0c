"""The decide dialog: grant (with an amount) or reject, a reason template the official can
edit; what is recorded, signed and written is the service's work (OfficialsService.decide)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import gettext
from desktop_app.core.text import fill
from desktop_app.officials.service import Case, OfficialsService
from desktop_app.ui.officials.common import labelled


class DecideDialog(QDialog):
    def __init__(
        self, case: Case, service: OfficialsService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.case, self.service = case, service
        self.language = service.language
        self.setWindowTitle(gettext(self.language, "Besluiten"))
        layout = QFormLayout(self)
        self.grant = QRadioButton(gettext(self.language, "&Toekennen"))
        self.reject_choice = QRadioButton(gettext(self.language, "&Afwijzen"))
        self.grant.setAccessibleName(self.grant.text().replace("&", ""))
        self.reject_choice.setAccessibleName(self.reject_choice.text().replace("&", ""))
        group = QButtonGroup(self)
        group.addButton(self.grant)
        group.addButton(self.reject_choice)
        self.grant.setChecked(True)
        choice = QHBoxLayout()
        choice.addWidget(self.grant)
        choice.addWidget(self.reject_choice)
        layout.addRow(QLabel(gettext(self.language, "Besluit")), choice)
        self.amount = QLineEdit(service.money(case.requested or Decimal(0)))
        layout.addRow(labelled(gettext(self.language, "&Bedrag"), self.amount), self.amount)
        self.template = QComboBox()
        for reason in service.reason_choices():
            self.template.addItem(reason.label, reason.value)
        layout.addRow(labelled(gettext(self.language, "&Reden"), self.template), self.template)
        self.explanation = QPlainTextEdit()
        self.explanation.setTabChangesFocus(True)  # Tab leaves the text, as everywhere else
        layout.addRow(
            labelled(
                gettext(self.language, "Toe&lichting voor de aanvrager"),
                self.explanation,
            ),
            self.explanation,
        )
        self.error = QLabel("")
        self.error.setWordWrap(True)
        layout.addRow(self.error)
        buttons = QDialogButtonBox()
        self.save = buttons.addButton(
            gettext(self.language, "Besluit &opslaan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save.setAccessibleName(self.save.text().replace("&", ""))
        cancel = buttons.addButton(
            gettext(self.language, "Annuleren"), QDialogButtonBox.ButtonRole.RejectRole
        )
        cancel.setAccessibleName(cancel.text())
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject_dialog)
        layout.addRow(buttons)
        self.template.currentIndexChanged.connect(self._fill_reason)
        self.amount.textChanged.connect(self._fill_reason)
        self.reject_choice.toggled.connect(self._outcome_changed)
        self._fill_reason()

    def reject_dialog(self) -> None:
        QDialog.reject(self)

    def _outcome_changed(self) -> None:
        self.amount.setEnabled(self.grant.isChecked())
        wanted = "grant_full" if self.grant.isChecked() else "reject_rules"
        self.template.setCurrentIndex(self.template.findData(wanted))

    def amount_value(self) -> Decimal | None:
        """The amount to grant (None for a rejection); UserError when it cannot be read."""
        if not self.grant.isChecked():
            return None
        return self.service.parse_amount(self.amount.text())

    def _fill_reason(self) -> None:
        try:
            amount = self.amount_value()
        except UserError:
            amount = None
        text = self.service.reason_text(self.template.currentData(), self.case.requested, amount)
        self.explanation.setPlainText(text)

    def outcome(self) -> str:
        return "grant" if self.grant.isChecked() else "reject"

    def _accept(self) -> None:
        try:
            self.amount_value()
        except UserError as error:
            self.error.setText(
                fill(
                    gettext(self.language, "Fout: {message}"),
                    {"message": self.service.text(error.message)},
                )
            )
            self.amount.setFocus()
            return
        self.accept()


def decide_case(parent: QWidget, service: OfficialsService, case: Case | None) -> str | None:
    """Ask for the decision, record it; the status line to show, or None if nothing changed."""
    title = gettext(service.language, "Besluiten")
    if case is None:
        QMessageBox.information(
            parent,
            title,
            gettext(service.language, "Kies eerst een aanvraag."),
        )
        return None
    dialog = DecideDialog(case, service, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    try:
        decided = service.decide(
            case,
            "grant" if dialog.outcome() == "grant" else "reject",
            dialog.amount_value(),
            dialog.explanation.toPlainText(),
        )
    except UserError as error:
        QMessageBox.warning(parent, title, service.text(error.message))
        return None
    return service.decided_message(decided)
