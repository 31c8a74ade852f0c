"""Check a detached CMS (PKCS#7) signature over some bytes, strictly and without trust.

Accepts exactly what bundle_write makes: SignedData, one signer, one certificate, SHA-256,
RSA (PKCS#1 v1.5), signed attributes that include content type "data" and the message
digest (bundle_write's also carry signingTime and SMIMECapabilities; docs/bundle.md); no
CRLs, no unsigned attributes. Returns the signer certificate: whether to believe it is the
caller's business.

The DER is walked here, strictly (definite, minimal lengths; every element exactly where the
structure says, nothing left over), reading only what is checked: a general ASN.1 library
builds objects for every part of the signature first (asn1crypto took ~2 ms a bundle, the
RSA check itself 0.1 ms). The certificate is parsed whole by cryptography.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

MIN_RSA_BITS = 2048
_RSA_ALGORITHMS = {"rsassa_pkcs1v15", "sha256_rsa"}


class SignatureProblemError(Exception):
    """``data_changed`` tells whether the signature is fine but the signed bytes are not."""

    def __init__(self, reason: str, data_changed: bool = False) -> None:
        super().__init__(reason)
        self.data_changed = data_changed


_SIGNED_DATA = bytes.fromhex("2a864886f70d010702")  # 1.2.840.113549.1.7.2
_DATA = bytes.fromhex("2a864886f70d010701")  # 1.2.840.113549.1.7.1
_SHA256 = bytes.fromhex("608648016503040201")  # 2.16.840.1.101.3.4.2.1
_CONTENT_TYPE = bytes.fromhex("2a864886f70d010903")  # 1.2.840.113549.1.9.3
_MESSAGE_DIGEST = bytes.fromhex("2a864886f70d010904")  # 1.2.840.113549.1.9.4
_RSA = {
    bytes.fromhex("2a864886f70d010101"),  # rsaEncryption
    bytes.fromhex("2a864886f70d01010b"),  # sha256WithRSAEncryption
}
_SEQUENCE, _SET, _INTEGER, _OCTETS, _OID, _NULL = 0x30, 0x31, 0x02, 0x04, 0x06, 0x05
_CONTEXT_0, _CONTEXT_1 = 0xA0, 0xA1


class _Der:
    """One DER element: its tag, where its value starts and ends in ``data``, and where the
    element itself starts (``data[head:end]`` is the whole element)."""

    __slots__ = ("data", "end", "head", "start", "tag")

    def __init__(self, data: bytes, head: int, tag: int, start: int, end: int) -> None:
        self.data, self.head, self.tag, self.start, self.end = data, head, tag, start, end

    @property
    def value(self) -> bytes:
        return self.data[self.start : self.end]

    @property
    def whole(self) -> bytes:
        return self.data[self.head : self.end]

    def children(self) -> list[_Der]:
        found, at = [], self.start
        while at < self.end:
            child = _element(self.data, at, self.end)
            found.append(child)
            at = child.end
        return found

    def expect(self, tag: int, what: str) -> _Der:
        if self.tag != tag:
            raise SignatureProblemError(f"unreadable signature ({what})")
        return self


def _element(data: bytes, at: int, limit: int) -> _Der:
    """The DER element at ``at``, which must end by ``limit``: one-byte tags, definite
    lengths in their shortest form."""
    if at + 2 > limit:
        raise SignatureProblemError("unreadable signature (truncated)")
    tag, length = data[at], data[at + 1]
    if tag & 0x1F == 0x1F:
        raise SignatureProblemError("unreadable signature (tag)")
    start = at + 2
    if length & 0x80:
        size = length & 0x7F
        if size == 0 or size > 4 or start + size > limit:  # 0: indefinite (BER, not DER)
            raise SignatureProblemError("unreadable signature (length)")
        length = int.from_bytes(data[start : start + size], "big")
        if data[start] == 0 or length < 0x80:  # not the shortest form
            raise SignatureProblemError("unreadable signature (length)")
        start += size
    if start + length > limit:
        raise SignatureProblemError("unreadable signature (truncated)")
    return _Der(data, at, tag, start, start + length)


def _fields(element: _Der, *tags: int, what: str) -> list[_Der]:
    """The children, exactly these tags in this order."""
    children = element.children()
    if [c.tag for c in children] != list(tags):
        raise SignatureProblemError(f"unreadable signature ({what})")
    return children


def _integer(element: _Der) -> int:
    element.expect(_INTEGER, "integer")
    if not element.value:
        raise SignatureProblemError("unreadable signature (integer)")
    return int.from_bytes(element.value, "big", signed=True)


def _algorithm(element: _Der) -> tuple[bytes, _Der | None]:
    """An AlgorithmIdentifier: its OID and its parameters (None when absent)."""
    children = element.expect(_SEQUENCE, "algorithm").children()
    if not 1 <= len(children) <= 2 or children[0].tag != _OID:
        raise SignatureProblemError("unreadable signature (algorithm)")
    return children[0].value, children[1] if len(children) == 2 else None


def _no_parameters(parameters: _Der | None) -> bool:
    return parameters is None or (parameters.tag == _NULL and not parameters.value)


def _issuer_and_serial(certificate: _Der) -> tuple[bytes, int]:
    """The issuer (as DER) and serial number of a certificate."""
    tbs = certificate.children()
    if not tbs or tbs[0].tag != _SEQUENCE:
        raise SignatureProblemError("unreadable signature (certificate)")
    fields = tbs[0].children()
    if fields and fields[0].tag == _CONTEXT_0:  # the version, [0] EXPLICIT
        fields = fields[1:]
    if len(fields) < 3 or fields[1].tag != _SEQUENCE or fields[2].tag != _SEQUENCE:
        raise SignatureProblemError("unreadable signature (certificate)")
    return fields[2].whole, _integer(fields[0])


def verify_detached(signature: bytes, data: bytes) -> x509.Certificate:
    try:
        info = _element(signature, 0, len(signature)).expect(_SEQUENCE, "content info")
        if info.end != len(signature):
            raise SignatureProblemError("unreadable signature (data after the end)")
        content_type, content = _fields(info, _OID, _CONTEXT_0, what="content info")
        if content_type.value != _SIGNED_DATA:
            raise SignatureProblemError("not a SignedData")
        [signed] = _fields(content, _SEQUENCE, what="content")
        parts = signed.children()
        tags = [p.tag for p in parts]
        if tags not in (
            [_INTEGER, _SET, _SEQUENCE, _CONTEXT_0, _SET],
            [_INTEGER, _SET, _SEQUENCE, _SET],  # no certificates: refused below
        ):
            raise SignatureProblemError("unreadable signature (SignedData)")
        version, digest_algorithms, encapsulated = parts[0], parts[1], parts[2]
        certificates = parts[3].children() if len(parts) == 5 else []
        signer_infos = parts[-1].children()
        encapsulated_parts = encapsulated.children()
        if _integer(version) not in (1, 3) or len(encapsulated_parts) != 1:
            raise SignatureProblemError("not a detached signature")
        if encapsulated_parts[0].expect(_OID, "content type").value != _DATA:
            raise SignatureProblemError("signed content is not 'data'")
        if [_algorithm(a)[0] for a in digest_algorithms.children()] != [_SHA256]:
            raise SignatureProblemError("digest algorithm is not SHA-256")
        if len(certificates) != 1 or certificates[0].tag != _SEQUENCE:
            raise SignatureProblemError("expected exactly one certificate")
        if len(signer_infos) != 1:
            raise SignatureProblemError("expected exactly one signer")
        certificate_der = certificates[0].whole
        fields = signer_infos[0].expect(_SEQUENCE, "signer").children()
        if [f.tag for f in fields] != [
            _INTEGER,
            _SEQUENCE,
            _SEQUENCE,
            _CONTEXT_0,
            _SEQUENCE,
            _OCTETS,
        ]:
            if len(fields) > 3 and fields[1].tag == _SEQUENCE and fields[3].tag == _SEQUENCE:
                raise SignatureProblemError("no signed attributes")
            raise SignatureProblemError("unexpected signer identifier")
        signer_version, sid, digest_algorithm, attributes, algorithm, signature_value = fields
        if _integer(signer_version) != 1:
            raise SignatureProblemError("unexpected signer identifier")
        issuer, serial = _fields(sid, _SEQUENCE, _INTEGER, what="signer identifier")
        cert_issuer, cert_serial = _issuer_and_serial(certificates[0])
        if issuer.whole != cert_issuer or _integer(serial) != cert_serial:
            raise SignatureProblemError("signer is not the enclosed certificate")
        if _algorithm(digest_algorithm)[0] != _SHA256:
            raise SignatureProblemError("signer digest is not SHA-256")
        oid, parameters = _algorithm(algorithm)
        if oid not in _RSA or not _no_parameters(parameters):
            raise SignatureProblemError("signature algorithm is not RSA PKCS#1 v1.5")
        found: dict[bytes, list[_Der]] = {}
        listed = attributes.children()
        if not listed:
            raise SignatureProblemError("no signed attributes")
        for attribute in listed:
            kind, values = _fields(
                attribute.expect(_SEQUENCE, "attribute"), _OID, _SET, what="attribute"
            )
            found[kind.value] = values.children()
        if len(found) != len(listed):
            raise SignatureProblemError("a signed attribute appears twice")
        content_types, digests = found.get(_CONTENT_TYPE), found.get(_MESSAGE_DIGEST)
        if content_types is None or digests is None or len(content_types) != 1:
            raise SignatureProblemError("signed attributes incomplete")
        if content_types[0].tag != _OID or content_types[0].value != _DATA or len(digests) != 1:
            raise SignatureProblemError("signed attributes invalid")
        if digests[0].tag != _OCTETS:
            raise SignatureProblemError("signed attributes invalid")
        signed_digest = digests[0].value
        certificate = x509.load_der_x509_certificate(certificate_der)
        public_key = certificate.public_key()
        if not isinstance(public_key, rsa.RSAPublicKey) or public_key.key_size < MIN_RSA_BITS:
            raise SignatureProblemError("signer key is not RSA of at least 2048 bits")
        # The signature covers the DER of the attributes as a SET (tag 0x31), not as [0].
        signed_bytes = b"\x31" + attributes.whole[1:]
        public_key.verify(signature_value.value, signed_bytes, padding.PKCS1v15(), hashes.SHA256())
    except SignatureProblemError:
        raise
    except InvalidSignature as exc:
        raise SignatureProblemError("signature does not verify") from exc
    except Exception as exc:  # cryptography raises many kinds on bad input
        raise SignatureProblemError(f"unreadable signature ({type(exc).__name__})") from exc
    # Only now, with a sound signature: do the signed bytes still match?
    if not hmac.compare_digest(signed_digest, hashlib.sha256(data).digest()):
        raise SignatureProblemError("the signed data has changed", data_changed=True)
    return certificate
