"""The helper's passphrase (kernfunctie, community centre): set once by the helper, it guards
"Deze computer vrijgeven" so a resident cannot wipe everyone's dossiers. Only a verifier is
kept (Argon2id key, then a one-way check value, as for dossiers); the passphrase itself is
stored nowhere."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_
from desktop_app.storage.atomic import write_atomic
from desktop_app.storage.crypto import KdfParams, derive_key, key_check, key_matches
from desktop_app.storage.passphrase import check_strong

_CONTEXT = "helper-passphrase"

ALREADY_SET = UserError(
    "helper.already_set",
    N_("Er is al een wachtwoord voor de begeleider. Het kan niet opnieuw worden gekozen."),
)


class HelperVerifier(BaseModel):
    model_config = ConfigDict(extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")

    format_version: int = 1
    kdf: KdfParams
    check: bytes


class HelperLock:
    """One file next to the dossiers (``AppPaths.helper``); kept when the computer is freed,
    so the helper's passphrase stays the same for the next residents."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def is_set(self) -> bool:
        return self.path.is_file()

    def set(self, passphrase: str) -> None:
        """Once: a second time is refused (UserError), as is a weak passphrase."""
        if self.is_set:
            raise ALREADY_SET
        check_strong(passphrase)
        kdf = KdfParams.fresh()
        verifier = HelperVerifier(kdf=kdf, check=key_check(derive_key(passphrase, kdf), _CONTEXT))
        write_atomic(self.path, verifier.model_dump_json().encode())

    def matches(self, passphrase: str) -> bool:
        """False when none is set, the file is damaged, or the passphrase is wrong."""
        try:
            verifier = HelperVerifier.model_validate_json(self.path.read_bytes())
        except (OSError, ValidationError, ValueError):
            return False
        return key_matches(derive_key(passphrase, verifier.kdf), verifier.check, _CONTEXT)
