"""The check page: a summary ("Alles is ingevuld" or "Los eerst de fouten op") and every
message of the rule engine as a link that takes the resident to its question."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.core.engine import Result
from desktop_app.ui.editors import flagged, make_title


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


class CheckPage(QWidget):
    """The title, the summary and the list of messages; ``fill`` shows a new result."""

    def __init__(self, words: dict[str, str], language: str) -> None:
        super().__init__()
        self.words, self.language = words, language
        self.check_layout = QVBoxLayout(self)
        self.check_layout.addWidget(make_title(words["check"]))
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        # A Tab stop from the start: Qt's setTabOrder ignores a widget without a focus policy,
        # so the first fill would leave the messages at the end of the chain, after the
        # buttons (the report's check page was read that way: nothing refilled it later).
        self.summary.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.check_layout.addWidget(self.summary)
        self.check_list = QVBoxLayout()
        self.check_layout.addLayout(self.check_list)
        self.check_layout.addStretch()

    def links(self) -> list[VerdictLink]:
        found = []
        for index in range(self.check_list.count()):
            item = self.check_list.itemAt(index)
            if item is not None and isinstance(link := item.widget(), VerdictLink):
                found.append(link)
        return found

    def fill(self, result: Result, jump_to: Callable[[str], None]) -> None:
        """The summary and one link per message, in the order the engine gives them."""
        while self.check_list.count():
            item = self.check_list.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.summary.setText(self.words["ready" if result.ok else "not_ready"])
        for verdict in result.verdicts:
            text = flagged(verdict.severity, verdict.message.get(self.language), self.language)
            link = VerdictLink(text, verdict.severity)
            link.clicked.connect(lambda _=False, fid=verdict.field: jump_to(fid))
            self.check_list.addWidget(link)
        # Tab in the order shown: the summary, then each message from the top down (new links
        # would otherwise join the chain wherever Qt appends them).
        previous: QWidget = self.summary
        for link in self.links():
            QWidget.setTabOrder(previous, link)
            previous = link
