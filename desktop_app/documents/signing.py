"""The initiative's signing key: made on first use, encrypted on disk, passphrase in the keyring.

- One RSA 3072 key per initiative (its dossier: the application id), with a self-signed
  X.509 certificate in the initiative's name. RSA because an ECDSA signature would lift the
  PDF to version 2.0 and break PDF/A.
- The key file is PKCS#8, encrypted with a random passphrase (BestAvailableEncryption).
  The passphrase lives only in the OS keyring (service "klein-initiatief"): never in a file.
- The keyring backend is passed in. Without a usable one, ``SigningKeys.signer`` raises a
  UserError with code ``signing.no_keyring``; the caller then makes an unsigned PDF and
  bundle, clearly marked as such.

What such a signature proves: the document is unchanged since it was signed. It does not
prove who signed it; the certificate is made by this app, not by a trusted authority.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
import secrets
import stringprep
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from keyring.backend import KeyringBackend
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields as pyhanko_fields
from pyhanko.sign import signers as pyhanko_signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from desktop_app.core.clock import Clock, SystemClock
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.storage.atomic import write_atomic
from desktop_app.storage.crypto import PLAIN, Codec, WrongKeyError

KEYRING_SERVICE = "klein-initiatief"
KEY_BITS = 3072
CERT_YEARS = 10
SIGNATURE_FIELD = "Handtekening"
# Room for the CMS signature in the PDF. Without it pyHanko signs twice (a dry run to measure
# the size): ~0.1 s per PDF. Ours is RSA 3072 + one self-signed certificate + the signed
# attributes, no timestamp or revocation data: about 2.5 kB; 8 kB leaves ample margin.
SIGNATURE_BYTES = 8192
log = logging.getLogger(__name__)

# Keys unlocked in this process, by key file: (SHA-256 of the encrypted file and its
# passphrase, the key). Unlocking (PBKDF2 over the passphrase) costs ~90 ms; a resident who
# signs again in the same session should not wait for it twice. A changed file or passphrase
# misses; forget() drops the entry. Lives only in memory, as the key does while it signs.
_UNLOCKED: dict[str, tuple[str, rsa.RSAPrivateKey]] = {}
_UNLOCKED_MAX = 16


def _seen(sealed: bytes, passphrase: str) -> str:
    return hashlib.sha256(sealed + b"\0" + passphrase.encode()).hexdigest()


def _remember(key_path: Path, sealed: bytes, passphrase: str, key: rsa.RSAPrivateKey) -> None:
    if len(_UNLOCKED) >= _UNLOCKED_MAX:
        _UNLOCKED.pop(next(iter(_UNLOCKED)))
    _UNLOCKED[str(key_path)] = (_seen(sealed, passphrase), key)


NO_KEYRING = N_(
    "Op deze computer is geen veilige sleutelbewaarplaats (sleutelbos) beschikbaar. "
    "Daarom kan de app uw aanvraag niet digitaal ondertekenen. U kunt wel een PDF en een "
    "bestand voor de gemeente maken; daarop staat dan 'niet digitaal ondertekend'."
)
KEYRING_FAILED = N_(
    "De veilige sleutelbewaarplaats (sleutelbos) van deze computer werkt nu niet. Is hij "
    "vergrendeld? Ontgrendel hem en probeer het opnieuw, of maak de PDF zonder digitale "
    "handtekening."
)
KEY_UNWRITABLE = N_(
    "De sleutel voor de digitale handtekening kon niet worden opgeslagen. Is de schijf vol?"
)
SIGNING_FAILED = N_(
    "Het digitaal ondertekenen is mislukt. Er is niets opgeslagen. Probeer het opnieuw."
)


def keyring_usable(backend: KeyringBackend | None) -> bool:
    """False for no backend, the 'fail' backend (nothing found) and the 'null' backend."""
    if backend is None:
        return False
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if name in ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"):
        return False
    try:
        return float(getattr(backend, "priority", 1)) > 0
    except Exception:  # a backend whose priority check itself fails is not usable
        return False


class _LoadedKeySigner(pyhanko_signers.SimpleSigner):
    """pyHanko's SimpleSigner re-reads (and re-validates) the private key for every
    signature, twice per PDF: about 0.35 s. This one signs with the key already loaded."""

    def __init__(self, key: rsa.RSAPrivateKey, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._loaded_key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism["algorithm"].native in ("rsassa_pkcs1v15", "sha256_rsa") and (
            digest_algorithm == "sha256"
        ):
            return self._loaded_key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        return super().sign_raw(data, digest_algorithm)


def _ldap_ok(name: str) -> bool:
    """Whether pyHanko (asn1crypto, RFC 4518 string preparation) accepts ``name`` in a
    certificate: no code points unassigned in Unicode 3.2 (most emoji), and no left-to-right
    letters mixed with right-to-left ones."""
    try:
        asn1_x509.Name.build({"common_name": name}).hashable  # noqa: B018
    except ValueError:
        return False
    return True


def _common_name(initiative_name: str) -> str:
    """The initiative's name as a certificate can hold it; the PDF itself shows it in full."""
    cleaned = " ".join(initiative_name.split())[:64]
    if cleaned and not _ldap_ok(cleaned):
        kept = "".join(c for c in cleaned if _ldap_ok(c) or c == " ")
        if not _ldap_ok(" ".join(kept.split())):  # mixed directions: keep the left-to-right
            kept = "".join(c for c in kept if not stringprep.in_table_d1(c))
        cleaned = " ".join(kept.split())
    return cleaned if cleaned and _ldap_ok(cleaned) else "Klein Initiatief"


@dataclass(frozen=True)
class Signer:
    """One initiative's key and certificate: signs PDFs (PAdES B-B) and bundle manifests (CMS)."""

    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def certificate_pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")

    @property
    def certificate_sha256(self) -> str:
        der = self.certificate.public_bytes(serialization.Encoding.DER)
        return hashlib.sha256(der).hexdigest()

    @property
    def common_name(self) -> str:
        found = self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return str(found[0].value) if found else ""

    def _pyhanko_signer(self) -> pyhanko_signers.SimpleSigner:
        key_der = self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        cert = asn1_x509.Certificate.load(self.certificate.public_bytes(serialization.Encoding.DER))
        return _LoadedKeySigner(
            self.key,
            signing_cert=cert,
            signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
            cert_registry=SimpleCertificateStore.from_certs([cert]),
        )

    def sign_pdf(self, pdf_bytes: bytes, *, name: str = "", place: str = "") -> bytes:
        """An invisible PAdES B-B signature as an incremental update: PDF/A stays intact.

        The visible signature block is part of the page content (pdf_render.py), so the
        signature widget needs no appearance of its own (and no font of its own).
        """
        meta = pyhanko_signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            md_algorithm="sha256",
            subfilter=pyhanko_fields.SigSeedSubFilter.PADES,
            location=place[:200] or None,
            name=name[:200] or None,
        )
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
            out = io.BytesIO()
            pyhanko_signers.PdfSigner(meta, signer=self._pyhanko_signer()).sign_pdf(
                writer, bytes_reserved=SIGNATURE_BYTES, output=out
            )
        except Exception as exc:
            log.exception("signing the PDF failed")
            raise UserError("signing.failed", text(SIGNING_FAILED)) from exc
        return out.getvalue()

    def sign_detached(self, data: bytes) -> bytes:
        """A detached CMS (PKCS#7) SignedData over ``data``, DER, RSA PKCS#1 v1.5 + SHA-256."""
        return (
            pkcs7.PKCS7SignatureBuilder()
            .set_data(data)
            .add_signer(self.certificate, self.key, hashes.SHA256(), rsa_padding=padding.PKCS1v15())
            .sign(
                serialization.Encoding.DER,
                [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
            )
        )


_KEY_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class SigningKeys:
    """The signing keys on this computer: files in ``folder``, passphrases in ``backend``."""

    def __init__(
        self,
        folder: Path,
        backend: KeyringBackend | None,
        clock: Clock | None = None,
        codec: Codec = PLAIN,
    ) -> None:
        self.folder = folder
        self.backend = backend
        self.clock = clock or SystemClock()
        # The certificate names the initiative: sealed with the dossier's key when protected.
        self.codec = codec

    @property
    def usable(self) -> bool:
        return keyring_usable(self.backend)

    def key_path(self, key_id: uuid.UUID) -> Path:
        return self.folder / f"{self._id(key_id)}.key.pem"

    def cert_path(self, key_id: uuid.UUID) -> Path:
        return self.folder / f"{self._id(key_id)}.crt.pem"

    @staticmethod
    def username(key_id: uuid.UUID) -> str:
        return f"signing-key:{key_id}"

    @staticmethod
    def _id(key_id: uuid.UUID) -> str:
        text = str(uuid.UUID(str(key_id)))
        assert _KEY_ID.match(text)
        return text

    def _keyring(self, action: str, *args: Any) -> Any:
        if not self.usable:
            raise UserError("signing.no_keyring", text(NO_KEYRING))
        assert self.backend is not None
        try:
            return getattr(self.backend, action)(KEYRING_SERVICE, *args)
        except Exception as exc:  # locked, D-Bus gone, prompt dismissed, ...
            # Never log the exception text: some backends echo what was passed in.
            log.warning("keyring %s failed: %s", action, type(exc).__name__)
            raise UserError("signing.keyring_failed", text(KEYRING_FAILED)) from exc

    def signer(self, key_id: uuid.UUID, initiative_name: str) -> Signer:
        """The initiative's signer; a new key on first use. UserError without a usable keyring."""
        username = self.username(key_id)
        passphrase = self._keyring("get_password", username)
        key_path, cert_path = self.key_path(key_id), self.cert_path(key_id)
        if key_path.exists():
            key = self._load_key(key_path, passphrase)
            if key is not None:
                return Signer(key, self._certificate(key, cert_path, initiative_name))
            self._set_aside(key_path, cert_path)
        return self._create(key_id, username, initiative_name)

    def unlock(self, key_id: uuid.UUID) -> None:
        """Open an existing key ahead of signing (kept unlocked in this process, as a signing
        keeps it); nothing is made. UserError without a usable keyring."""
        key_path = self.key_path(key_id)
        if key_path.exists():
            self._load_key(key_path, self._keyring("get_password", self.username(key_id)))

    def forget(self, key_id: uuid.UUID) -> None:
        """Remove the key, its certificate and its passphrase ("forget this computer")."""
        _UNLOCKED.pop(str(self.key_path(key_id)), None)
        for path in (self.key_path(key_id), self.cert_path(key_id)):
            path.unlink(missing_ok=True)
        if self.folder.is_dir():  # keys set aside earlier (their passphrase was lost)
            for path in self.folder.glob(f"{self._id(key_id)}.*.pem.unusable-*"):
                path.unlink(missing_ok=True)
        if self.usable and self._keyring("get_password", self.username(key_id)) is not None:
            self._keyring("delete_password", self.username(key_id))

    # --- internals ---------------------------------------------------------------------------

    def _load_key(self, key_path: Path, passphrase: str | None) -> rsa.RSAPrivateKey | None:
        if not passphrase:
            log.warning("signing key %s has no passphrase in the keyring", key_path.name)
            return None
        try:
            sealed = key_path.read_bytes()
            unlocked = _UNLOCKED.get(str(key_path))
            if unlocked is not None and unlocked[0] == _seen(sealed, passphrase):
                return unlocked[1]
            key = serialization.load_pem_private_key(sealed, passphrase.encode())
        except (OSError, ValueError, TypeError):
            log.warning("signing key %s cannot be opened with its passphrase", key_path.name)
            return None
        if not isinstance(key, rsa.RSAPrivateKey):
            return None
        _remember(key_path, sealed, passphrase, key)
        return key

    def _set_aside(self, key_path: Path, cert_path: Path) -> None:
        """A key that cannot be opened is useless, but kept (renamed) rather than destroyed."""
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%S")
        for path in (key_path, cert_path):
            if path.exists():
                path.replace(path.with_name(f"{path.name}.unusable-{stamp}"))

    def _create(self, key_id: uuid.UUID, username: str, initiative_name: str) -> Signer:
        key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
        passphrase = secrets.token_urlsafe(32)
        # The passphrase goes into the keyring first, and is read back: a key file whose
        # passphrase was not kept would be lost the moment it is written.
        self._keyring("set_password", username, passphrase)
        if self._keyring("get_password", username) != passphrase:
            raise UserError("signing.keyring_failed", text(KEYRING_FAILED))
        encrypted = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
        certificate = issue_certificate(key, initiative_name, self.clock.now())
        try:
            write_atomic(self.key_path(key_id), encrypted)
            self._write_certificate(self.cert_path(key_id), certificate)
        except OSError as exc:
            raise UserError("signing.key_unwritable", text(KEY_UNWRITABLE)) from exc
        _remember(self.key_path(key_id), encrypted, passphrase, key)
        return Signer(key, certificate)

    def _certificate(
        self, key: rsa.RSAPrivateKey, cert_path: Path, initiative_name: str
    ) -> x509.Certificate:
        """The stored certificate; a fresh one (same key) when it is missing, foreign, expired
        or in an old name of the initiative."""
        try:
            pem = self.codec.decode(cert_path.read_bytes(), f"certificate:{cert_path.name}")
            certificate = x509.load_pem_x509_certificate(pem)
        except (OSError, ValueError, WrongKeyError):
            certificate = None
        now = self.clock.now()
        if (
            certificate is not None
            # A foreign certificate may hold any kind of key (Ed25519 has no public_numbers).
            and isinstance(public := certificate.public_key(), rsa.RSAPublicKey)
            and public.public_numbers() == key.public_key().public_numbers()
            and certificate.not_valid_after_utc > now
            and Signer(key, certificate).common_name == _common_name(initiative_name)
        ):
            return certificate
        certificate = issue_certificate(key, initiative_name, self.clock.now())
        try:
            self._write_certificate(cert_path, certificate)
        except OSError as exc:
            raise UserError("signing.key_unwritable", text(KEY_UNWRITABLE)) from exc
        return certificate

    def _write_certificate(self, cert_path: Path, certificate: x509.Certificate) -> None:
        pem = certificate.public_bytes(serialization.Encoding.PEM)
        write_atomic(cert_path, self.codec.encode(pem, f"certificate:{cert_path.name}"))


def issue_certificate(
    key: rsa.RSAPrivateKey, initiative_name: str, now: dt.datetime
) -> x509.Certificate:
    """A self-issued certificate in the initiative's name (it proves no identity)."""
    now = now.astimezone(dt.UTC)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, _common_name(initiative_name)),
            x509.NameAttribute(
                NameOID.ORGANIZATION_NAME, "Klein Initiatief (zelf uitgegeven / self-issued)"
            ),
        ]
    )
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * CERT_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def ephemeral_signer(initiative_name: str, clock: Clock | None = None) -> Signer:
    """A signer whose key lives only in memory: for tests, benchmarks and one-off tools."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    return Signer(key, issue_certificate(key, initiative_name, (clock or SystemClock()).now()))


def forget_all_keys(folder: Path, backend: KeyringBackend | None) -> None:
    """Destroy every signing key in ``folder``: the passphrases in the keyring first (then the
    key files are useless to anyone), then the files. Used when a dossier is wiped."""
    keys = SigningKeys(folder, backend)
    for path in sorted(folder.glob("*.key.pem*")) if folder.is_dir() else []:
        try:
            key_id = uuid.UUID(path.name.split(".", 1)[0])
        except ValueError:
            continue
        keys.forget(key_id)
