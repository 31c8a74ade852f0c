"""Check a detached CMS (PKCS#7) signature over some bytes, strictly and without trust.

Accepts exactly what bundle_write makes: SignedData, one signer, one certificate, SHA-256,
RSA (PKCS#1 v1.5), signed attributes that include content type "data" and the message
digest (bundle_write's also carry signingTime and SMIMECapabilities; docs/bundle.md).
Returns the signer certificate: whether to believe it is the caller's business.
"""

from __future__ import annotations

import hashlib
import hmac

from asn1crypto import cms
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


def verify_detached(signature: bytes, data: bytes) -> x509.Certificate:
    try:
        # Only the fields checked below are parsed (asn1crypto parses lazily; `.native` on
        # the whole SignedData took ~0.5 ms): each is read inside this try, so a damaged
        # part still fails here. The certificate is parsed whole by cryptography.
        info = cms.ContentInfo.load(signature, strict=True)
        if info["content_type"].native != "signed_data":
            raise SignatureProblemError("not a SignedData")
        signed = info["content"]
        if (
            signed["version"].native not in ("v1", "v3")
            or signed["encap_content_info"]["content"].native is not None
        ):
            raise SignatureProblemError("not a detached signature")
        if signed["encap_content_info"]["content_type"].native != "data":
            raise SignatureProblemError("signed content is not 'data'")
        if [a["algorithm"].native for a in signed["digest_algorithms"]] != ["sha256"]:
            raise SignatureProblemError("digest algorithm is not SHA-256")
        certificates = signed["certificates"]
        signer_infos = signed["signer_infos"]
        if len(certificates) != 1 or certificates[0].name != "certificate":
            raise SignatureProblemError("expected exactly one certificate")
        if len(signer_infos) != 1:
            raise SignatureProblemError("expected exactly one signer")
        cert_asn1 = certificates[0].chosen
        signer = signer_infos[0]
        if signer["version"].native != "v1" or signer["sid"].name != "issuer_and_serial_number":
            raise SignatureProblemError("unexpected signer identifier")
        sid = signer["sid"].chosen
        if (
            sid["issuer"].dump() != cert_asn1.issuer.dump()
            or sid["serial_number"].native != cert_asn1.serial_number
        ):
            raise SignatureProblemError("signer is not the enclosed certificate")
        if signer["digest_algorithm"]["algorithm"].native != "sha256":
            raise SignatureProblemError("signer digest is not SHA-256")
        algorithm = signer["signature_algorithm"]
        if (
            algorithm["algorithm"].native not in _RSA_ALGORITHMS
            or algorithm["parameters"].native is not None
        ):
            raise SignatureProblemError("signature algorithm is not RSA PKCS#1 v1.5")
        attributes = signer["signed_attrs"]
        if not attributes or len(attributes) == 0:
            raise SignatureProblemError("no signed attributes")
        found = {a["type"].native: a["values"] for a in attributes}
        if len(found) != len(attributes):
            raise SignatureProblemError("a signed attribute appears twice")
        content_types, digests = found.get("content_type"), found.get("message_digest")
        if content_types is None or digests is None or len(content_types) != 1:
            raise SignatureProblemError("signed attributes incomplete")
        if content_types[0].native != "data" or len(digests) != 1:
            raise SignatureProblemError("signed attributes invalid")
        certificate = x509.load_der_x509_certificate(cert_asn1.dump())
        public_key = certificate.public_key()
        if not isinstance(public_key, rsa.RSAPublicKey) or public_key.key_size < MIN_RSA_BITS:
            raise SignatureProblemError("signer key is not RSA of at least 2048 bits")
        # The signature covers the DER of the attributes as a SET (tag 0x31), not as [0].
        signed_bytes = b"\x31" + attributes.dump()[1:]
        public_key.verify(
            signer["signature"].native, signed_bytes, padding.PKCS1v15(), hashes.SHA256()
        )
        signed_digest = digests[0].native
        if not isinstance(signed_digest, bytes):
            raise SignatureProblemError("signed attributes invalid")
    except SignatureProblemError:
        raise
    except InvalidSignature as exc:
        raise SignatureProblemError("signature does not verify") from exc
    except Exception as exc:  # asn1crypto and cryptography raise many kinds on bad input
        raise SignatureProblemError(f"unreadable signature ({type(exc).__name__})") from exc
    # Only now, with a sound signature: do the signed bytes still match?
    if not hmac.compare_digest(signed_digest, hashlib.sha256(data).digest()):
        raise SignatureProblemError("the signed data has changed", data_changed=True)
    return certificate
