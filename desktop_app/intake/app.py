"""The intake API on FastAPI: docs/intake-openapi.yaml is its contract (served at
/openapi.yaml; FastAPI's generated document is switched off so there is only one).

Every bundle goes through the same hardened reader as the officials' import before it is
accepted. Blocking work (reading, fsync) runs in the thread pool, not on the event loop.

An upload is never held in memory whole: it streams to a temporary file, the size limit is
enforced while reading (413 as soon as it is passed), a body that stalls or trickles is cut
off (408), and only ``max_uploads`` uploads run at once (503 with Retry-After beyond that).
Every answer, also for an unexpected error, is the JSON error body of the contract.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import hmac
import logging
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from desktop_app.core.text import Text
from desktop_app.documents.bundle_read import MAX_BUNDLE_BYTES, BundleError, read_bundle
from desktop_app.intake.keys import public_entry
from desktop_app.intake.store import ConflictError, IntakeStore, Stored

OPENAPI_FILE = "intake-openapi.yaml"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_PAGE = 500
# A resident proves to own a submission by its bundle's SHA-256 (on the kept receipt).
BUNDLE_HASH_HEADER = "X-Bundle-Sha256"
log = logging.getLogger("desktop_app.intake")


@dataclass(frozen=True)
class UploadLimits:
    """How much an upload may take of the service: its size, its time, how many at once.

    ``read_timeout``: the longest wait for the next piece of the body. ``min_rate`` (bytes
    per second, on average) applies after ``grace`` seconds, so a body sent a byte at a time
    (slowloris) is cut off while a slow but real line (8 KiB/s is ~65 kbit/s) is not.
    ``max_uploads`` run at once, ``max_checks`` of them in the (memory-heavy) reader.
    """

    read_timeout: float = 20.0
    grace: float = 30.0
    min_rate: float = 8 * 1024
    max_uploads: int = 16
    max_checks: int = 2
    retry_after: int = 30


class _BrokenOffError(Exception):
    """The client stopped sending the body (disconnect, stall or trickle)."""

    def __init__(self, reason: str, received: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.received = received


class _TooLargeError(Exception):
    pass


def _disk_full(error: BaseException, folder: Path) -> bool:
    """Out of space or quota: on a write (OSError) or inside SQLite (which reports a full
    disk as SQLITE_FULL, or as an I/O error when it cannot even grow its shared memory)."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        if code == sqlite3.SQLITE_FULL:
            return True
        if code == sqlite3.SQLITE_IOERR:
            with contextlib.suppress(OSError):
                return os.statvfs(folder).f_bavail == 0
    return False


def openapi_path() -> Path:
    """The contract: shipped inside the package, or docs/ in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_docs" / OPENAPI_FILE, package.parent / "docs" / OPENAPI_FILE):
        if candidate.is_file():
            return candidate
    return package.parent / "docs" / OPENAPI_FILE


def _error(status: int, code: str, nl: str, en: str, **headers: str) -> JSONResponse:
    return JSONResponse(
        {"code": code, "message": {"nl": nl, "en": en}}, status_code=status, headers=headers
    )


def _message_error(status: int, code: str, message: Text) -> JSONResponse:
    return _error(status, code, message.nl, message.en)


def _status_body(stored: Stored) -> dict[str, Any]:
    return {
        "bundle_id": stored.bundle_id,
        "status": stored.status,
        "reference": stored.reference,
        "received_at": stored.received_at,
        "bundle_sha256": stored.sha256,
        "receipt": stored.receipt.model_dump(mode="json"),
    }


def _receipt_response(stored: Stored, created: bool) -> JSONResponse:
    headers = {"Location": f"/submissions/{stored.bundle_id}"} if created else {}
    return JSONResponse(
        stored.receipt.model_dump(mode="json"), status_code=201 if created else 200, headers=headers
    )


def _bearer_ok(request: Request, token: str | None) -> bool:
    if token is None:
        return True
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        value.strip().encode(), token.encode()
    )


def _unauthorized() -> JSONResponse:
    return _error(
        401,
        "intake.unauthorized",
        "Een geldige toegangscode (Authorization: Bearer …) is nodig.",
        "A valid access token (Authorization: Bearer …) is needed.",
        **{"WWW-Authenticate": "Bearer"},
    )


def _busy(retry_after: int) -> JSONResponse:
    return _error(
        503,
        "intake.busy",
        "De ontvangstdienst is nu druk. Uw app probeert het later vanzelf opnieuw.",
        "The intake service is busy now. Your app tries again later by itself.",
        **{"Retry-After": str(retry_after)},
    )


def _storage_full(retry_after: int) -> JSONResponse:
    return _error(
        507,
        "intake.storage_full",
        "De ontvangstdienst heeft nu geen ruimte om de bundel te bewaren. Er is niets "
        "opgeslagen; uw app probeert het later vanzelf opnieuw.",
        "The intake service has no room to keep the bundle now. Nothing was stored; your "
        "app tries again later by itself.",
        **{"Retry-After": str(retry_after)},
    )


def _too_slow() -> JSONResponse:
    return _error(
        408,
        "intake.too_slow",
        "De bundel kwam te langzaam binnen. Probeer het opnieuw met een betere verbinding.",
        "The bundle arrived too slowly. Please try again on a better connection.",
        Connection="close",
    )


def _not_found() -> JSONResponse:
    return _error(
        404,
        "intake.not_found",
        "Deze inzending is hier niet bekend.",
        "This submission is not known here.",
    )


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def create_app(
    store: IntakeStore,
    *,
    max_bytes: int = MAX_BUNDLE_BYTES,
    officials_token: str | None = None,
    submit_token: str | None = None,
    limits: UploadLimits | None = None,
) -> FastAPI:
    limits = limits or UploadLimits()
    app = FastAPI(
        title="Klein Initiatief intake",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    uploads = asyncio.Semaphore(limits.max_uploads)
    checks = asyncio.Semaphore(limits.max_checks)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Starlette logs the error after this; the client gets the contract's body.
        if _disk_full(exc, store.folder):
            return _storage_full(limits.retry_after)
        return _error(
            500,
            "intake.internal",
            "Er ging iets mis in de ontvangstdienst. Uw app probeert het later opnieuw.",
            "Something went wrong in the intake service. Your app tries again later.",
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(
            400, "intake.bad_request", "Het verzoek klopt niet.", "The request is invalid."
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(
            exc.status_code,
            f"intake.http_{exc.status_code}",
            "Dit verzoek kan hier niet worden behandeld.",
            "This request cannot be handled here.",
            **(exc.headers or {}),
        )

    def check(key: str, upload: Path) -> JSONResponse | None:
        """The hardened reader over the uploaded file; None when it may be stored."""
        try:
            contents = read_bundle(upload.read_bytes())
        except BundleError as error:
            return _message_error(422, error.code, error.message)
        if str(contents.manifest.bundle_id) != key:
            return _error(
                422,
                "intake.key_mismatch",
                "De Idempotency-Key is niet het nummer van de bundel in het manifest.",
                "The Idempotency-Key is not the bundle id in the manifest.",
            )
        return None

    async def accept(key: str, upload: Path, digest: str, size: int) -> JSONResponse:
        existing = await run_in_threadpool(store.get, key)
        if existing is not None:  # a retry: answered from the row, nothing read again
            if digest != existing.sha256:
                return _conflict()
            return _receipt_response(existing, created=False)
        async with checks:
            refused = await run_in_threadpool(check, key, upload)
        if refused is not None:
            return refused
        try:
            stored, created = await run_in_threadpool(store.accept, key, upload, digest, size)
        except ConflictError:
            return _conflict()
        return _receipt_response(stored, created)

    def _conflict() -> JSONResponse:
        return _error(
            409,
            "intake.conflict",
            "Er is al een andere bundel met dit nummer ontvangen.",
            "Another bundle with this number was already received.",
        )

    # One route for both methods, so a 405 names both in its Allow header.
    @app.api_route("/submissions", methods=["GET", "POST"])
    async def submissions(request: Request) -> Response:
        if request.method == "GET":
            return await listing(request)
        return await submit(request)

    async def submit(request: Request) -> Response:
        if not _bearer_ok(request, submit_token):
            return _unauthorized()
        # As the contract says: a lowercase UUID, exactly (the bundle id as the manifest has it).
        key = request.headers.get("idempotency-key", "")
        if not _UUID.match(key):
            return _error(
                400,
                "intake.idempotency_key",
                "De header Idempotency-Key ontbreekt of is geen bundelnummer (een UUID in "
                "kleine letters).",
                "The Idempotency-Key header is missing or not a bundle id (a lowercase UUID).",
            )
        media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        if media_type != "application/zip":
            return _error(
                415,
                "intake.content_type",
                "Stuur de bundel als Content-Type: application/zip.",
                "Send the bundle as Content-Type: application/zip.",
            )
        too_large = _error(
            413,
            "intake.too_large",
            f"De bundel is te groot (hoogstens {max_bytes} bytes).",
            f"The bundle is too large (at most {max_bytes} bytes).",
            Connection="close",
        )
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            return too_large  # refused before reading a byte of the body
        if uploads.locked():
            return _busy(limits.retry_after)
        async with uploads:
            try:
                handle, upload = await run_in_threadpool(store.new_upload)
            except OSError as error:
                if not _disk_full(error, store.folder):
                    raise
                log.error("upload %s not stored: the disk is full (%s)", key, error)
                return _storage_full(limits.retry_after)
            try:
                try:
                    digest, size = await _receive(request, handle)
                finally:
                    os.close(handle)
                return await accept(key, upload, digest, size)
            except _TooLargeError:
                return too_large
            except _BrokenOffError as broken:
                # One line, no traceback: an interrupted upload is normal on the internet.
                log.warning(
                    "upload %s %s after %d bytes; nothing stored",
                    key,
                    broken.reason,
                    broken.received,
                )
                return _too_slow()  # unread when the client is gone, which is fine
            except (OSError, sqlite3.Error) as error:
                if not _disk_full(error, store.folder):
                    raise
                log.error("upload %s not stored: the disk is full (%s)", key, error)
                return _storage_full(limits.retry_after)
            finally:
                with contextlib.suppress(OSError):
                    upload.unlink(missing_ok=True)

    async def _receive(request: Request, handle: int) -> tuple[str, int]:
        """Stream the body into the open file: (sha256, size). Raises _TooLargeError as
        soon as the limit is passed, _BrokenOffError when the client stalls, trickles or
        goes away."""
        digest = hashlib.sha256()
        size = 0
        pending = bytearray()
        started = time.monotonic()
        while True:
            # The ASGI messages themselves: a stalled read can be given up cleanly.
            try:
                message = await asyncio.wait_for(request.receive(), limits.read_timeout)
            except TimeoutError as exc:
                raise _BrokenOffError("stalled", size) from exc
            if message["type"] == "http.disconnect":
                raise _BrokenOffError("broken off by the client", size)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > max_bytes:
                raise _TooLargeError()
            elapsed = time.monotonic() - started
            if elapsed > limits.grace and size < limits.min_rate * elapsed:
                raise _BrokenOffError("too slow", size)
            digest.update(chunk)
            pending += chunk
            if len(pending) >= 1024 * 1024:
                await run_in_threadpool(_write_all, handle, bytes(pending))
                pending.clear()
            if not message.get("more_body", False):
                break
        if pending:
            await run_in_threadpool(_write_all, handle, bytes(pending))
        return digest.hexdigest(), size

    @app.get("/submissions/{bundle_id}")
    async def status(request: Request, bundle_id: str) -> Response:
        # Officials with their token, or whoever holds the receipt: they know the bundle's
        # SHA-256. A bundle id alone (it is printed on the PDF) is not enough.
        proof = request.headers.get(BUNDLE_HASH_HEADER, "").strip().lower()
        officials = _bearer_ok(request, officials_token)
        if not officials and not _SHA256.match(proof):
            return _error(
                401,
                "intake.unauthorized",
                "De toegangscode van de gemeente (Authorization: Bearer …) of de SHA-256 van "
                f"de bundel ({BUNDLE_HASH_HEADER}, zie de ontvangstbevestiging) is nodig.",
                "The municipality's access token (Authorization: Bearer …) or the bundle's "
                f"SHA-256 ({BUNDLE_HASH_HEADER}, see the receipt) is needed.",
                **{"WWW-Authenticate": "Bearer"},
            )
        found = (
            await run_in_threadpool(store.get, bundle_id.lower())
            if _UUID.match(bundle_id.lower())
            else None
        )
        if found and not officials and not hmac.compare_digest(proof, found.sha256):
            found = None  # the same answer as unknown: nothing to learn by guessing
        return JSONResponse(_status_body(found)) if found else _not_found()

    async def listing(request: Request) -> Response:
        if not _bearer_ok(request, officials_token):
            return _unauthorized()
        unknown = set(request.query_params) - {"since", "limit"}
        since_text = "x" if unknown else request.query_params.get("since", "0")
        limit_text = request.query_params.get("limit", "100")
        if (
            not (since_text.isdigit() and limit_text.isdigit())
            or not 1 <= int(limit_text) <= MAX_PAGE
        ):
            return _error(
                400,
                "intake.bad_request",
                f"'since' moet een getal zijn, 'limit' een getal van 1 tot {MAX_PAGE}.",
                f"'since' must be a number, 'limit' a number from 1 to {MAX_PAGE}.",
            )
        since = min(int(since_text), 2**62)
        found = await run_in_threadpool(store.since, since, int(limit_text))
        items = [
            {
                "cursor": s.cursor,
                "bundle_id": s.bundle_id,
                "bundle_sha256": s.sha256,
                "size": s.size,
                "reference": s.reference,
                "received_at": s.received_at,
                "status": s.status,
            }
            for s in found
        ]
        return JSONResponse({"items": items, "next": found[-1].cursor if found else since})

    @app.get("/submissions/{bundle_id}/bundle")
    async def download(request: Request, bundle_id: str) -> Response:
        if not _bearer_ok(request, officials_token):
            return _unauthorized()
        found = (
            await run_in_threadpool(store.get, bundle_id.lower())
            if _UUID.match(bundle_id.lower())
            else None
        )
        if found is None:
            return _not_found()
        data = await run_in_threadpool(store.bundle_bytes, found)
        await run_in_threadpool(store.mark_fetched, found.bundle_id, store.clock.now())
        return Response(
            data,
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{found.bundle_id}.zip"'},
        )

    @app.get("/key")
    async def key() -> Response:
        return JSONResponse(public_entry(store.key).model_dump(mode="json"))

    @app.get("/openapi.yaml")
    async def contract() -> Response:
        return Response(openapi_path().read_bytes(), media_type="application/yaml")

    return app
