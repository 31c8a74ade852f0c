"""Where the resident left each draft: the wizard page, kept beside the drafts of the dossier
(sealed like them in a protected dossier), so "Verder invullen" reopens there, also after the
app was closed. Losing this file loses only the place, never an answer."""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path

from desktop_app.storage.atomic import write_atomic
from desktop_app.storage.crypto import Codec, WrongKeyError

log = logging.getLogger(__name__)
_CONTEXT = "resume-places"
MAX_PLACES = 10_000


class ResumeStore:
    def __init__(self, folder: Path, codec: Codec) -> None:
        self.path = folder / codec.file_name("places.json")
        self.codec = codec

    def _read(self) -> dict[str, str]:
        if not self.path.is_file():
            return {}
        try:
            data = json.loads(self.codec.decode(self.path.read_bytes(), _CONTEXT))
        except (OSError, ValueError, WrongKeyError):
            log.warning("the file with the last pages is unreadable; starting at page 1")
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def get(self, document_id: uuid.UUID) -> str | None:
        return self._read().get(str(document_id))

    def put(self, document_id: uuid.UUID, page: str) -> None:
        places = self._read()
        if places.get(str(document_id)) == page:
            return
        places[str(document_id)] = page
        if len(places) > MAX_PLACES:
            places = dict(list(places.items())[-MAX_PLACES:])
        self._write(places)

    def forget(self, document_id: uuid.UUID) -> None:
        places = self._read()
        if places.pop(str(document_id), None) is not None:
            self._write(places)

    def _write(self, places: dict[str, str]) -> None:
        write_atomic(self.path, self.codec.encode(json.dumps(places).encode(), _CONTEXT))
