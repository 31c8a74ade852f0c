"""Qt-free: the PDF a resident hands in (PDF/A, signed) and the bundle (write, read, verify)."""

from desktop_app.documents import pyhanko_offline

# Before anything here imports pyHanko (signing.py): no aiohttp for signing that never goes
# online (no timestamp server, no OCSP/CRL fetching).
pyhanko_offline.install()
