"""Check the municipality's signature on a decision file or an intake receipt, by hand.

Follows docs/decision.md and docs/intake.md only: Ed25519 over the RFC 8785 (JCS) bytes of the
signed object. Needs `pip install cryptography rfc8785`.
Usage: python verify_signed_json.py FILE PUBLIC_KEY   (the key's base64 from the regeling)
"""

import base64
import json
import sys

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

with open(sys.argv[1], "rb") as file:
    signed_file = json.load(file)
key = Ed25519PublicKey.from_public_bytes(base64.b64decode(sys.argv[2]))
# A decision file signs its "decision" object; a receipt signs every field but "signature".
signed = signed_file.get("decision") or {k: v for k, v in signed_file.items() if k != "signature"}
key.verify(base64.b64decode(signed_file["signature"]), rfc8785.dumps(signed))  # raises if not
print(f"signature valid (key {signed_file['key_id']})")
