"""Write the JSON Schemas generated from the models (forms/ and docs/).

Run after changing a model: `.venv/bin/python scripts/generate_schemas.py`.
A test fails while a committed schema is out of date.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.schemas import generated_files, render_schema
from desktop_app.documents.manifest import manifest_json_schema


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    files = generated_files(root)
    files[root / "docs" / "manifest.schema.json"] = render_schema(manifest_json_schema())
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        print(f"wrote {path.relative_to(root)}")


if __name__ == "__main__":
    main()
