"""The wizard, generated from the regeling: one page per step, an editor per question,
and a check page. Every change is saved at once; the rule engine's messages appear next
to the question when the resident leaves it, and all of them on the check page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.answers import fields_in, parse_answers
from desktop_app.core.clock import Clock, today
from desktop_app.core.documents import Application, Report
from desktop_app.core.engine import Result, evaluate, report_tier
from desktop_app.core.errors import UserError
from desktop_app.core.messages import format_value
from desktop_app.core.printable import covered, first_unprintable
from desktop_app.core.printable import describe as describe_char
from desktop_app.core.regeling import Regeling, Step
from desktop_app.resident.service import DraftStore, SignatureBlock
from desktop_app.ui.accessibility import (
    announce,
    describe,
    install_keyboard_helper,
    unique_access_keys,
)
from desktop_app.ui.background import run_in_background
from desktop_app.ui.editors import PREFIX, FieldEditor, make_title
from desktop_app.ui.repeated import EditorContext, editor_for
from desktop_app.ui.signature_pad import SignaturePad
from desktop_app.ui.widgets import scrolled

WORDS = {
    "nl": {
        "back": "&Vorige",
        "next": "Vol&gende",
        "close": "Opslaan en &sluiten",
        "check": "Controleren",
        "step": "Stap {n} van {total}: {title}",
        "ready": "Alles is ingevuld. U kunt verder met ondertekenen.",
        "not_ready": "Los eerst de fouten op. Klik op een melding om naar de vraag te gaan.",
        "to_sign": "&Verder naar ondertekenen",
        "sign_title": "Ondertekenen en opslaan",
        "sign_intro": "Vul uw naam en woonplaats in. U mag ook uw handtekening zetten in het vak. "
        "Daarna maakt de app een PDF en een bundelbestand voor de gemeente.",
        "sign_name": "Uw naam",
        "sign_place": "Plaats",
        "sign_date": "Datum: {date}",
        "assisted": "Ingevuld met hulp van (niet verplicht)",
        "assisted_help": "Heeft een medewerker van een buurthuis of een organisatie u geholpen? "
        "Vul dan de naam van die organisatie in. De gemeente ziet dat op uw aanvraag.",
        "pad": "Handtekening (niet verplicht)",
        "pad_help": "Teken met de muis, een pen of uw vinger. Uw getypte naam is ook genoeg.",
        "clear_pad": "Handtekening &wissen",
        "sign": "&Ondertekenen en opslaan",
        "name_needed": "Fout: vul uw naam in. Die komt onder de aanvraag te staan.",
        "unprintable": "Fout: bij '{field}' staat het teken {character}. Dat teken kan de app "
        "niet in de PDF zetten. Haal het weg of schrijf het op een andere manier.",
        "working": "Bezig met ondertekenen en opslaan…",
        "saved": "Opgeslagen",
        "saving": "Opslaan…",
        "route": "{label}. {description}",
        "missing": "Nog niet ingevuld bij '{step}': {labels}. U kunt toch verder. Ga later "
        "terug met 'Vorige', of klik op de controlepagina op de melding.",
    },
    "en": {
        "back": "&Back",
        "next": "&Next",
        "close": "Save and &close",
        "check": "Check",
        "step": "Step {n} of {total}: {title}",
        "ready": "Everything is filled in. You can go on to sign.",
        "not_ready": "First fix the errors. Click a message to go to its question.",
        "to_sign": "&Go on to sign",
        "sign_title": "Sign and save",
        "sign_intro": "Fill in your name and town. You may also sign in the box. The app then "
        "makes a PDF and a bundle file for the municipality.",
        "sign_name": "Your name",
        "sign_place": "Place",
        "sign_date": "Date: {date}",
        "assisted": "Filled in with help from (optional)",
        "assisted_help": "Did someone from a community centre or an organisation help you? Then "
        "fill in the name of that organisation. The municipality sees it on your application.",
        "pad": "Signature (optional)",
        "pad_help": "Draw with the mouse, a pen or your finger. Your typed name is enough too.",
        "clear_pad": "&Clear the signature",
        "sign": "&Sign and save",
        "name_needed": "Error: fill in your name. It is printed under the application.",
        "unprintable": "Error: '{field}' contains the character {character}. The app cannot "
        "put that character in the PDF. Please remove it or write it another way.",
        "working": "Signing and saving…",
        "saved": "Saved",
        "saving": "Saving…",
        "route": "{label}. {description}",
        "missing": "Not filled in yet on '{step}': {labels}. You can still go on. Go back "
        "later with 'Back', or click the message on the check page.",
    },
}


class VerdictLink(QPushButton):
    """A message on the check page that takes the resident to its question when pressed.

    Its text wraps like a label's, at any width and font size (a QPushButton's own text does
    not wrap: the part that says what to do would hide behind a horizontal scroll bar)."""

    def __init__(self, text: str, severity: str) -> None:
        super().__init__()
        self.setProperty("role", "verdict")
        self.setProperty("severity", severity)
        self.setAccessibleName(text)
        self.text_label = QLabel(text)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setWordWrap(True)
        self.text_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.text_label.setAccessibleName(text)
        self.inner = QVBoxLayout(self)
        self.inner.setContentsMargins(14, 8, 10, 8)
        self.inner.addWidget(self.text_label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def message(self) -> str:
        return self.text_label.text()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.inner.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.inner.minimumSize()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self.inner.totalHeightForWidth(width)


class Durable(QObject):
    """Carries the draft writer's word (on its own thread) to the wizard's thread: None when
    the snapshot is on disk, the plain-words UserError when it could not be written."""

    said = Signal(object)


class DocumentWizard(QWidget):
    closed = Signal()
    # The document and the SignatureBlock typed and drawn on the last step.
    completed = Signal(object, object)

    def __init__(
        self,
        regeling: Regeling,
        document: Application | Report,
        store: DraftStore,
        clock: Clock,
        language: str,
        context: EditorContext,
        signer: tuple[str, str] = ("", ""),
        on_save_error: Callable[[UserError], None] | None = None,
    ) -> None:
        super().__init__()
        install_keyboard_helper()  # Enter on buttons, arrows in radio groups (once per app)
        self.regeling, self.document, self.store = regeling, document, store
        self.clock, self.language, self.context = clock, language, context
        self.on_save_error = on_save_error
        self.words = WORDS[language]
        is_report = isinstance(document, Report)
        self.tier = report_tier(regeling, document) if isinstance(document, Report) else None
        form = regeling.report if is_report else regeling.application
        self.steps: list[Step] = [s for s in form.steps if fields_in((s,), self.tier)]
        self.editors: dict[str, FieldEditor] = {}
        self.touched: set[str] = set()
        self.result: Result | None = None
        self.busy = False
        # An application takes a route by its amount: only that route's questions and pages.
        self.route = None if is_report else regeling.route_for(document.answers)

        layout = QVBoxLayout(self)
        self.progress = QLabel("")
        self.progress.setProperty("role", "progress")
        layout.addWidget(self.progress)
        self.route_label = QLabel("")
        self.route_label.setProperty("role", "help")
        self.route_label.setWordWrap(True)
        self.route_label.hide()
        layout.addWidget(self.route_label)
        # After 'Volgende' on a page with open required questions: which ones (never blocks).
        self.missing_note = QLabel("")
        self.missing_note.setProperty("role", "message")
        self.missing_note.setProperty("severity", "warning")
        self.missing_note.setTextFormat(Qt.TextFormat.PlainText)
        self.missing_note.setWordWrap(True)
        self.missing_note.hide()
        layout.addWidget(self.missing_note)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        for step in self.steps:
            self.pages.addWidget(self._page(step))
        # Every page scrolls, so the wizard fits a 1280x800 screen even at 200% font size.
        self.check_page = scrolled(self._check_page())
        self.pages.addWidget(self.check_page)
        self.sign_page = scrolled(self._sign_page(*signer))
        self.pages.addWidget(self.sign_page)
        nav = QHBoxLayout()
        self.back = self._button(self.words["back"], self.go_back)
        self.save_close = self._button(self.words["close"], self.closed.emit)
        self.status = QLabel("")
        self.status.setProperty("role", "help")
        # Snapshots handed to the writer and not yet confirmed: "Opgeslagen" only at none.
        self.unsaved = 0
        self.durable = Durable(self)
        self.durable.said.connect(self.on_durable)
        self.next = self._button(self.words["next"], self.go_next)
        self.next.setDefault(True)
        nav.addWidget(self.back)
        nav.addWidget(self.save_close)
        nav.addStretch()
        nav.addWidget(self.status)
        nav.addWidget(self.next)
        layout.addLayout(nav)
        for field_id, editor in self.editors.items():
            editor.set_value(document.answers.get(field_id))
            editor.changed.connect(self.on_change)
            editor.left.connect(lambda fid=field_id: self.on_leave(fid))
        self.refresh()
        self.show_page(0)  # the window opens it where the resident left off (resident service)
        # Read which characters the fonts have now, off the UI thread (about 0.4 s), so the
        # first keystroke in Arabic or Chinese does not wait for it.
        run_in_background(self, covered, lambda _: None, lambda _: None)

    def _button(self, text: str, action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", ""))
        button.clicked.connect(action)
        return button

    def _page(self, step: Step) -> QWidget:
        inner = QWidget()
        column = QVBoxLayout(inner)
        title = make_title(QLabel(step.title.get(self.language)))
        column.addWidget(title)
        if step.intro:
            intro = QLabel(step.intro.get(self.language))
            intro.setWordWrap(True)
            column.addWidget(intro)
        for field in fields_in((step,), self.tier):
            editor = editor_for(field, self.regeling, self.language, self.context)
            self.editors[field.id] = editor
            column.addWidget(editor)
        column.addStretch()
        return scrolled(inner)

    def _check_page(self) -> QWidget:
        page = QWidget()
        self.check_layout = QVBoxLayout(page)
        title = make_title(QLabel(self.words["check"]))
        self.check_layout.addWidget(title)
        self.check_summary = QLabel("")
        self.check_summary.setWordWrap(True)
        self.check_layout.addWidget(self.check_summary)
        self.check_list = QVBoxLayout()
        self.check_layout.addLayout(self.check_list)
        self.check_layout.addStretch()
        return page

    def _sign_page(self, name: str, place: str) -> QWidget:
        self.sign_help: dict[QLineEdit, str] = {}
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(make_title(QLabel(self.words["sign_title"])))
        intro = QLabel(self.words["sign_intro"])
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.sign_name = self._line(layout, self.words["sign_name"], name)
        self.sign_place = self._line(layout, self.words["sign_place"], place)
        day = format_value(today(self.clock), self.language)
        layout.addWidget(QLabel(self.words["sign_date"].format(date=day)))
        # Helper mode: a community worker notes their organisation; it goes on the PDF.
        self.assisted = self._line(
            layout,
            self.words["assisted"],
            self.document.assisted_by or "",
            self.words["assisted_help"],
        )
        self.assisted.textEdited.connect(self.on_assisted)
        pad_label = QLabel(self.words["pad"])
        pad_label.setProperty("role", "question")
        pad_help = QLabel(self.words["pad_help"])
        pad_help.setProperty("role", "help")
        pad_help.setWordWrap(True)
        self.pad = SignaturePad(self.words["pad"], self.words["pad_help"], self.language)
        pad_label.setBuddy(self.pad)
        clear = self._button(self.words["clear_pad"], self.pad.clear)
        for widget in (pad_label, pad_help, self.pad):
            layout.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(clear)
        row.addStretch()
        layout.addLayout(row)
        self.sign_message = QLabel("")
        self.sign_message.setProperty("role", "message")
        self.sign_message.setWordWrap(True)
        self.sign_message.hide()
        layout.addWidget(self.sign_message)
        for edit in (self.sign_name, self.sign_place, self.assisted):
            edit.textEdited.connect(self.check_printable)
        layout.addStretch()
        return page

    def _line(self, layout: QVBoxLayout, text: str, value: str, help_text: str = "") -> QLineEdit:
        """Question, help (as on the other pages: between question and field), field."""
        label = QLabel(text)
        label.setProperty("role", "question")
        edit = QLineEdit(value)
        edit.setAccessibleName(text)
        edit.setMaxLength(100)
        self.sign_help[edit] = help_text
        label.setBuddy(edit)
        layout.addWidget(label)
        if help_text:
            help_label = QLabel(help_text)
            help_label.setProperty("role", "help")
            help_label.setWordWrap(True)
            layout.addWidget(help_label)
            edit.setAccessibleDescription(help_text)
        layout.addWidget(edit)
        return edit

    def on_assisted(self, text: str) -> None:
        self.document.assisted_by = text.strip() or None
        self.on_change()

    def signature(self) -> SignatureBlock:
        return SignatureBlock(
            name=self.sign_name.text().strip(),
            place=self.sign_place.text().strip(),
            date=today(self.clock),
            drawing_png=self.pad.to_png(),
        )

    def set_busy(self, busy: bool) -> None:
        """While signing runs in the background: say so, and keep the buttons still."""
        self.busy = busy
        for button in (self.back, self.next, self.save_close):
            button.setEnabled(not busy)
        self.status.setText(self.words["working"] if busy else "")
        announce(self.status, self.status.text())

    # --- what happens on every change -------------------------------------------------

    def collect(self) -> dict:
        answers = dict(self.document.answers)
        for field_id, editor in self.editors.items():
            value = editor.value()
            if value is None:
                answers.pop(field_id, None)
            else:
                answers[field_id] = value
        return answers

    def on_change(self) -> None:
        self.document.answers = self.collect()
        self.document.touched(self.clock)
        self.unsaved += 1
        try:
            self.store.save(self.document, on_durable=self.durable.said.emit)
        except UserError as error:
            self.unsaved -= 1
            self.show_save_error(error)
        else:
            if self.unsaved and self.status.text() == self.words["saved"]:
                self.status.setText(self.words["saving"])  # true again once it is on disk
        self.refresh()

    def on_durable(self, error: UserError | None) -> None:
        """The writer's word about one snapshot (on the UI thread)."""
        self.unsaved = max(0, self.unsaved - 1)
        if error is not None:
            self.show_save_error(error)
        elif not self.unsaved and not self.busy and self.status.text() != self.words["saved"]:
            # Said aloud only when it was not just saving (first save, after an error).
            quiet = self.status.text() == self.words["saving"]
            self.status.setText(self.words["saved"])
            if not quiet:
                announce(self.status, self.status.text())

    def show_save_error(self, error: UserError) -> None:
        self.status.setText(error.message.get(self.language))
        if self.on_save_error:
            self.on_save_error(error)

    def on_leave(self, field_id: str) -> None:
        self.touched.add(field_id)
        self.refresh()

    def refresh(self) -> None:
        self.result = evaluate(self.regeling, self.document, today(self.clock))
        form_steps = tuple(self.steps)
        if not isinstance(self.document, Report):
            route = self.regeling.route_for(self.document.answers)
            if route != self.route:
                self.route = route
                self._show_progress(self.pages.currentIndex())  # the step count changes
        if self.route is not None:
            self.route_label.setText(
                self.words["route"].format(
                    label=self.route.label.get(self.language),
                    description=self.route.description.get(self.language),
                )
            )
            self.route_label.show()
        which = self.tier or (self.route.id if self.route else None)
        visible = parse_answers(self.regeling, form_steps, self.document.answers, which).visible
        for field_id, editor in self.editors.items():
            editor.setVisible(field_id in visible)
            shown = field_id in self.touched or editor.message.isVisible()
            editor.show_verdicts(self.result.for_field(field_id) if shown else ())
        if self.pages.currentWidget() is self.check_page:
            self._fill_check_page()

    # --- moving through the steps -----------------------------------------------------

    def active_pages(self) -> list[int]:
        """The pages of this route (a step with none of its questions is skipped), the check
        page and the sign page, as indices of the stacked pages."""
        route = self.route.id if self.route else None
        asked = [i for i, step in enumerate(self.steps) if fields_in((step,), route)]
        return [*asked, len(self.steps), len(self.steps) + 1]

    def _show_progress(self, index: int) -> str:
        active = self.active_pages()
        total = len(active)
        position = active.index(index) if index in active else 0
        titles = [s.title.get(self.language) for s in self.steps]
        title = [*titles, self.words["check"], self.words["sign_title"]][index]
        step = self.words["step"].format(n=position + 1, total=total, title=title)
        self.progress.setText(step)
        self.progress.setAccessibleName(step)
        window = self.window()
        if window is not self:
            window.setWindowTitle(f"{step} — Klein Initiatief")
        return step

    def show_page(self, index: int) -> None:
        self.missing_note.hide()  # it speaks of the page just left, only until the next move
        if (had := QApplication.focusWidget()) is not None and self.pages.isAncestorOf(had):
            had.clearFocus()  # or Qt passes focus to a button on its way to the first question
        self.pages.setCurrentIndex(index)
        step = self._show_progress(index)
        announce(self.progress, step)
        self.back.setEnabled(index > 0)
        on_check, on_sign = index == len(self.steps), index == len(self.steps) + 1
        label = "to_sign" if on_check else "sign" if on_sign else "next"
        self.next.setText(self.words[label])
        self.next.setEnabled(True)
        self.next.setAccessibleName(self.next.text().replace("&", ""))
        unique_access_keys(self)  # the check page had Alt+V for Vorige and Verder
        if on_check:
            self._fill_check_page()
            announce(self.check_summary, f"{step}. {self.check_summary.text()}")
            self.check_summary.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.check_summary.setFocus()
        elif on_sign:
            self.sign_name.setFocus()
        else:
            first = next(
                (
                    e
                    for f, e in self.editors.items()
                    if e.isVisibleTo(self) and self._page_of(f) == index
                ),
                None,
            )
            if first is not None:
                first.focus_widget().setFocus()
            else:  # no question shown (an attachment list, or all hidden): its first stop
                self._focus_first_stop(self.pages.widget(index))

    def _focus_first_stop(self, page: QWidget | None) -> None:
        if page is None:
            self.next.setFocus()
            return
        stop = page.nextInFocusChain()
        while stop is not None and page.isAncestorOf(stop):
            if (
                stop.isVisible()
                and stop.isEnabled()
                and stop.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                stop.setFocus(Qt.FocusReason.TabFocusReason)
                return
            stop = stop.nextInFocusChain()
        self.next.setFocus()

    def _page_of(self, field_id: str) -> int:
        for index, step in enumerate(self.steps):
            if any(f.id == field_id for f in step.fields):
                return index
        return len(self.steps)

    def go_next(self) -> None:
        index = self.pages.currentIndex()
        if index == len(self.steps) + 1:
            self.sign()
            return
        if index == len(self.steps) and (self.result is None or not self.result.ok):
            return
        # Leaving a page shows what is still missing on it, but never blocks.
        missing: list[str] = []
        if index < len(self.steps):
            self.touched |= {f.id for f in self.steps[index].fields}
            missing = self.missing_on(index)
        self.refresh()
        self.show_page(next(i for i in self.active_pages() if i > index))
        if missing:
            title = self.steps[index].title.get(self.language)
            labels = ", ".join(f"'{label}'" for label in missing)
            text = self.words["missing"].format(step=title, labels=labels)
            self.missing_note.setText(text)
            self.missing_note.style().polish(self.missing_note)
            self.missing_note.show()
            announce(self.missing_note, text)

    def missing_on(self, index: int) -> list[str]:
        """The labels of the required questions on page ``index`` that are still empty."""
        assert self.result is not None
        on_page = {f.id for f in self.steps[index].fields}
        empty = {"field.required", "field.declaration", "field.budget_empty"}
        labels: list[str] = []
        for verdict in self.result.verdicts:
            if verdict.code not in empty or verdict.field not in on_page:
                continue
            editor = self.editors.get(verdict.field)
            if editor is None or not editor.isVisibleTo(self):
                continue
            label = editor.field.label.get(self.language)
            if label not in labels:
                labels.append(label)
        return labels

    def check_printable(self) -> bool:
        """As the resident types: a character the PDF cannot show is named at once."""
        for edit in (self.sign_name, self.sign_place, self.assisted):
            char = first_unprintable(edit.text())
            if char is not None:
                text = self.words["unprintable"]
                text = text.replace("{field}", edit.accessibleName())
                self._sign_error(edit, text.replace("{character}", describe_char(char)))
                return False
        self._sign_error(None, "")
        return True

    def _sign_error(self, edit: QLineEdit | None, text: str) -> None:
        """The sign page's message: beside the fields, in the field's description, and said."""
        for field, help_text in self.sign_help.items():
            describe(field, help_text, text if field is edit else "")
        self.sign_message.setText(text)
        self.sign_message.setVisible(bool(text))
        if text:
            announce(edit or self.sign_message, text, assertive=True)

    def sign(self) -> None:
        if not self.check_printable():
            return
        if not self.sign_name.text().strip():
            self._sign_error(self.sign_name, self.words["name_needed"])
            self.sign_name.setFocus()
            return
        self._sign_error(None, "")
        self.completed.emit(self.document, self.signature())

    def go_back(self) -> None:
        index = self.pages.currentIndex()
        earlier = [i for i in self.active_pages() if i < index]
        self.show_page(earlier[-1] if earlier else 0)

    def jump_to(self, field_id: str) -> None:
        self.touched.add(field_id)
        self.show_page(self._page_of(field_id))
        editor = self.editors.get(field_id)
        if editor is not None:
            widget = editor.focus_widget()
            page = self.pages.currentWidget()
            if isinstance(page, QScrollArea):  # the field on screen, not above it
                page.ensureWidgetVisible(editor)
            widget.setFocus()
            self.refresh()

    def _fill_check_page(self) -> None:
        while self.check_list.count():
            item = self.check_list.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        assert self.result is not None
        self.check_summary.setText(self.words["ready" if self.result.ok else "not_ready"])
        for verdict in self.result.verdicts:
            text = PREFIX[verdict.severity][self.language] + verdict.message.get(self.language)
            link = VerdictLink(text, verdict.severity)
            link.clicked.connect(lambda _=False, fid=verdict.field: self.jump_to(fid))
            self.check_list.addWidget(link)
        # Tab in the order shown: the summary, then each message from the top down (new links
        # would otherwise join the chain wherever Qt appends them).
        previous: QWidget = self.check_summary
        for index in range(self.check_list.count()):
            item = self.check_list.itemAt(index)
            if item is not None and (link_widget := item.widget()) is not None:
                QWidget.setTabOrder(previous, link_widget)
                previous = link_widget
        self.next.setEnabled(self.result.ok)


__all__ = ["DocumentWizard", "VerdictLink"]
