"""Qt's own words (Yes/No, Cancel, the file dialog, the right-click menu) in the resident's
language. Qt ships no Dutch for these; resources/translations/qtbase_nl.ts is ours, built to a
.qm during installation by scripts/build_translations.py."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

log = logging.getLogger(__name__)
_LOCALES = {"nl": QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)}


def translations_dir() -> Path:
    """resources/translations of the source tree, or its copy inside an installed wheel."""
    package = Path(__file__).resolve().parent.parent
    for folder in (
        package / "_resources" / "translations",
        package.parent / "resources" / "translations",
    ):
        if folder.is_dir():
            return folder
    return package / "_resources" / "translations"


TRANSLATOR_NAME = "klein-initiatief-qt"


def use_qt_language(language: str) -> bool:
    """Make Qt speak ``language``; True when it does (English needs no file).

    One translator for the whole application, found again by its name, so that a second window
    (or a test's) replaces the language instead of stacking another translator on top."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for old in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.deleteLater()
    QLocale.setDefault(_LOCALES.get(language, QLocale(QLocale.Language.English)))
    if language == "en":
        return True
    translator = QTranslator(app)
    translator.setObjectName(TRANSLATOR_NAME)
    path = translations_dir() / f"qtbase_{language}.qm"
    if not translator.load(str(path)):
        log.warning("Qt translation %s not found; run scripts/build_translations.py", path.name)
        translator.deleteLater()
        return False
    app.installTranslator(translator)
    return True
