"""Where the app keeps its files. Passed in everywhere; tests use a temporary folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "klein-initiatief"


@dataclass(frozen=True)
class AppPaths:
    """All locations under one root (the platform's user data folder by default)."""

    root: Path

    @classmethod
    def default(cls) -> AppPaths:
        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))

    @property
    def dossiers(self) -> Path:
        return self.root / "dossiers"

    @property
    def drafts(self) -> Path:
        return self.root / "drafts"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def output(self) -> Path:
        """PDFs and bundles the resident made (shown to them, so easy to find)."""
        return self.root / "output"

    @property
    def outbox(self) -> Path:
        """The outbox database: bundles waiting to be sent, and their receipts."""
        return self.root / "outbox.sqlite"

    @property
    def helper(self) -> Path:
        """The verifier of the helper's passphrase (storage/helper.py)."""
        return self.root / "helper.json"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"
