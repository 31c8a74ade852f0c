"""Qt-free: the PDF a resident hands in (PDF/A, signed) and the bundle (write, read, verify)."""
