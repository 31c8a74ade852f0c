"""Qt's own words (Yes/No, Cancel, the file dialog, the right-click menu) in the resident's
language, from the catalogues Qt itself ships: the PySide6 wheel (and a frozen build made from
it) carries ``Qt/translations/qtbase_nl.qm``. Nothing to build, nothing of ours to maintain."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)
_LOCALES = {"nl": QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)}


def translations_dir() -> Path:
    """The folder with Qt's own .qm catalogues (inside the PySide6 wheel)."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


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
        # A PySide6 build without Qt's translations: the app works, Qt's buttons stay English.
        log.warning("Qt translation %s not found in %s", path.name, path.parent)
        translator.deleteLater()
        return False
    app.installTranslator(translator)
    return True
