"""The intake API on FastAPI: docs/intake-openapi.yaml is its contract (served at
/openapi.yaml; FastAPI's generated document is switched off so there is only one).

Every bundle goes through the same hardened reader as the officials' import before it is
accepted. Blocking work (reading, fsync) runs in the thread pool, not on the event loop.
"""

from __future__ import annotations

import hashlib
import hmac
import re
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
MAX_PAGE = 500


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


def _not_found() -> JSONResponse:
    return _error(
        404,
        "intake.not_found",
        "Deze inzending is hier niet bekend.",
        "This submission is not known here.",
    )


def create_app(
    store: IntakeStore,
    *,
    max_bytes: int = MAX_BUNDLE_BYTES,
    officials_token: str | None = None,
    submit_token: str | None = None,
) -> FastAPI:
    app = FastAPI(
        title="Klein Initiatief intake",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
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

    def accept(key: str, data: bytes) -> JSONResponse:
        existing = store.get(key)
        if existing is not None:
            return _accepted_again(existing, data)
        try:
            contents = read_bundle(data)
        except BundleError as error:
            return _message_error(422, error.code, error.message)
        if str(contents.manifest.bundle_id) != key:
            return _error(
                422,
                "intake.key_mismatch",
                "De Idempotency-Key is niet het nummer van de bundel in het manifest.",
                "The Idempotency-Key is not the bundle id in the manifest.",
            )
        try:
            stored, created = store.accept(key, data)
        except ConflictError:
            return _conflict()
        return _receipt_response(stored, created)

    def _accepted_again(existing: Stored, data: bytes) -> JSONResponse:
        if hashlib.sha256(data).hexdigest() != existing.sha256:
            return _conflict()
        return _receipt_response(existing, created=False)

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
        key = request.headers.get("idempotency-key", "").strip().lower()
        if not _UUID.match(key):
            return _error(
                400,
                "intake.idempotency_key",
                "De header Idempotency-Key ontbreekt of is geen bundelnummer (UUID).",
                "The Idempotency-Key header is missing or not a bundle id (UUID).",
            )
        too_large = _error(
            413,
            "intake.too_large",
            "De bundel is te groot.",
            f"The bundle is too large (at most {max_bytes} bytes).",
        )
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            return too_large  # refused before reading a byte of the body
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_bytes:
                return too_large
        return await run_in_threadpool(accept, key, bytes(body))

    @app.get("/submissions/{bundle_id}")
    async def status(bundle_id: str) -> Response:
        found = (
            await run_in_threadpool(store.get, bundle_id.lower())
            if _UUID.match(bundle_id.lower())
            else None
        )
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
