"""Online submission: the outbox worker, the intake client and receipts (Qt-free).
The window and the CLI use ``desktop_app.submit.service``."""
