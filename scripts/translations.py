"""The app's translation catalogues (desktop_app/locale/): extract, update, compile, check.

    python scripts/translations.py extract   # the code's Dutch texts -> klein_initiatief.pot
    python scripts/translations.py update    # merge the .pot into every <lang>.po
    python scripts/translations.py add tr    # a new language: locale/tr/LC_MESSAGES/*.po
    python scripts/translations.py compile   # every .po -> .mo (setup.sh and the builds do this)

Babel does the work (the same library the app already uses for dates and amounts).
docs/translating.md is the translator's side of this.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop_app"
LOCALE = PACKAGE / "locale"
DOMAIN = "klein_initiatief"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
# Where a Dutch text is marked: N_("...") beside its key, gettext(language, "...") where shown.
KEYWORDS = {"N_": None, "gettext": (2,), "ngettext": (2, 3), "pgettext": ((2, "c"), 3)}


def po_path(language: str, root: Path = LOCALE) -> Path:
    return root / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract(package: Path = PACKAGE) -> Catalog:
    catalog = Catalog(
        project="Klein Initiatief", msgid_bugs_address="", copyright_holder="", fuzzy=False
    )
    catalog.locale = None
    for filename, lineno, message, comments, context in extract_from_dir(
        str(package),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        catalog.add(
            message,
            None,
            [(f"desktop_app/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=False, include_lineno=False, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def languages(root: Path = LOCALE) -> list[str]:
    return sorted(p.parent.parent.name for p in root.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def update(template: Catalog, language: str, root: Path = LOCALE) -> None:
    path = po_path(language, root)
    with path.open("rb") as fp:
        catalog = read_po(fp, locale=language)
    catalog.update(template, no_fuzzy_matching=False)
    _write(catalog, path)


def compile_all(root: Path = LOCALE) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from desktop_app.core.i18n import compile_po

    made = []
    for language in languages(root):
        source = po_path(language, root)
        target = source.with_suffix(".mo")
        target.write_bytes(compile_po(source.read_bytes()))
        made.append(target)
    return made


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "extract":
        _write(extract(), TEMPLATE)
    elif command == "update":
        template = extract()
        _write(template, TEMPLATE)
        for language in languages():
            update(template, language)
    elif command == "add" and len(argv) == 2:
        with TEMPLATE.open("rb") as fp:
            catalog = read_po(fp)
        catalog.locale = argv[1]  # type: ignore[assignment]
        _write(catalog, po_path(argv[1]))
    elif command == "compile":
        for path in compile_all():
            print(f"wrote {path.relative_to(ROOT)}")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
