"""Write the JSON Schemas generated from the models (forms/ and docs/).

Run after changing a model: `.venv/bin/python scripts/generate_schemas.py`.
A test fails while a committed schema is out of date.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.schemas import generated_files


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    for path, content in generated_files(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        print(f"wrote {path.relative_to(root)}")


if __name__ == "__main__":
    main()
