"""Send one bundle to the intake service and say what happened, in three kinds:

- ``sent``: the service answered with a receipt that a pinned key signed for exactly this
  bundle (the caller stores it, then marks the item sent);
- ``retry``: worth trying again later (no connection, a timeout, 408, 429, 5xx);
- ``attention``: a person must act (other 4xx, a forged or mismatched receipt, a missing
  access code). Never retried by itself.

Never raises for network trouble. requests' own retries stay off: urllib3's ``Retry`` does not
retry POST anyway, and the outbox decides when to try again.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, Texts, text
from desktop_app.core.regeling import PublicKey
from desktop_app.core.text import Text
from desktop_app.submit.receipt import MAX_RECEIPT_BYTES, Receipt, verify_receipt

if TYPE_CHECKING:  # requests (with urllib3, ~0.2 s) loads when something is sent, not at start
    import requests

log = logging.getLogger(__name__)

KEYRING_SERVICE = "klein-initiatief-intake"
MAX_RETRY_AFTER = 6 * 3600.0  # a server asking for more is not taken at its word

Kind = Literal["sent", "retry", "attention"]
TokenSource = Callable[[str], str | None]


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0
    read: float = 30.0


@dataclass(frozen=True)
class Outcome:
    kind: Kind
    code: str
    message: Text | None = None
    status: int | None = None
    retry_after: float | None = None  # seconds, from the server's Retry-After
    receipt: Receipt | None = None
    receipt_json: str | None = None


# What the resident reads about a sending (Dutch; made into a Text when said).
OFFLINE = N_("Geen verbinding met de gemeente. Uw aanvraag wordt verstuurd zodra er internet is.")
TIMEOUT = N_("De gemeente antwoordde niet op tijd. Het versturen wordt later opnieuw geprobeerd.")
BUSY = N_(
    "De gemeente kan uw aanvraag nu even niet ontvangen. Het versturen wordt later opnieuw "
    "geprobeerd."
)

# Answers that will not change by trying again: a person has to act.
PERMANENT: Mapping[int, Text] = Texts(
    {
        400: N_(
            "De gemeente heeft uw aanvraag niet aangenomen: het verzoek was niet in orde. Neem "
            "contact op met de gemeente, of lever de PDF op een andere manier in."
        ),
        401: N_(
            "De gemeente vraagt een toegangscode om te versturen, en die ontbreekt of klopt niet. "
            "Vul de code van de gemeente opnieuw in en probeer het nog eens."
        ),
        403: N_(
            "De gemeente staat het versturen vanaf hier niet toe. Neem contact op met de gemeente, "
            "of lever de PDF op een andere manier in."
        ),
        409: N_(
            "De gemeente heeft al een andere versie van deze aanvraag met hetzelfde nummer. Neem "
            "contact op met de gemeente en noem het nummer van uw aanvraag."
        ),
        413: N_(
            "Uw aanvraag is te groot om te versturen. Maak de bijlagen kleiner (bijvoorbeeld "
            "foto's met een lagere resolutie) en maak de aanvraag opnieuw af."
        ),
        422: N_(
            "De gemeente heeft de bundel gecontroleerd en niet aangenomen: hij is beschadigd of "
            "onvolledig. Maak de aanvraag opnieuw af en probeer het nog eens."
        ),
    }
)
OTHER_REFUSAL = N_(
    "De gemeente heeft uw aanvraag niet aangenomen (antwoord {status}). Neem contact op met de "
    "gemeente, of lever de PDF op een andere manier in."
)
NO_TOKEN = N_(
    "De gemeente vraagt een toegangscode om te versturen. Vul de code in die u van de gemeente "
    "heeft gekregen."
)


def retry_after_seconds(value: str | None, now: dt.datetime) -> float | None:
    """Retry-After as seconds from now: a number of seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # not "²", which isdigit() but float() refuses
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(max(0.0, (when - now).total_seconds()), MAX_RETRY_AFTER)


def endpoint_host(endpoint: str) -> str:
    return urlsplit(endpoint).hostname or ""


def keyring_tokens(backend: object) -> TokenSource:
    """Access codes from the OS keyring: service 'klein-initiatief-intake', user = host."""

    def token(endpoint: str) -> str | None:
        try:
            return backend.get_password(KEYRING_SERVICE, endpoint_host(endpoint))  # type: ignore[attr-defined]
        except Exception:  # locked or no keyring: as if there were no code
            return None

    return token


def save_token(backend: object, endpoint: str, token: str) -> None:
    """Keep a municipality's access code in the OS keyring (never in a file)."""
    try:
        backend.set_password(KEYRING_SERVICE, endpoint_host(endpoint), token)  # type: ignore[attr-defined]
    except Exception as exc:
        raise UserError(
            "submit.no_keyring",
            N_(
                "De toegangscode kan niet veilig worden bewaard: deze computer heeft geen "
                "bruikbare sleutelbos."
            ),
        ) from exc


def _read_limited(response: requests.Response, limit: int) -> bytes:
    body = b""
    for chunk in response.iter_content(8192):
        body += chunk
        if len(body) > limit:
            break
    return body


class IntakeClient:
    """POSTs a bundle to ``{endpoint}/submissions`` with the bundle id as Idempotency-Key."""

    def __init__(
        self,
        session: requests.Session | None = None,
        timeouts: Timeouts | None = None,
        tokens: TokenSource | None = None,
    ) -> None:
        import requests

        self.session = session or requests.Session()
        self.timeouts = timeouts or Timeouts()
        self.tokens = tokens

    def submit(
        self,
        endpoint: str,
        bundle_id: str,
        bundle: bytes,
        sha256: str,
        receipt_keys: Sequence[PublicKey],
        now: dt.datetime,
        token_required: bool = False,
    ) -> Outcome:
        headers = {
            "Content-Type": "application/zip",
            "Accept": "application/json",
            "Idempotency-Key": bundle_id,
        }
        token = self.tokens(endpoint) if self.tokens else None
        if token:
            headers["Authorization"] = f"Bearer {token}"
        elif token_required:
            return Outcome("attention", "submit.token_missing", text(NO_TOKEN))
        url = endpoint.rstrip("/") + "/submissions"
        import requests

        try:
            with self.session.post(
                url,
                data=bundle,
                headers=headers,
                timeout=(self.timeouts.connect, self.timeouts.read),
                stream=True,
                allow_redirects=False,
            ) as response:
                body = _read_limited(response, MAX_RECEIPT_BYTES)
                status = response.status_code
                retry_after = response.headers.get("Retry-After")
        except requests.Timeout:
            return Outcome("retry", "submit.timeout", text(TIMEOUT))
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            return Outcome("retry", "submit.offline", text(OFFLINE))
        except requests.RequestException as exc:
            # An endpoint the request cannot even be made to: only a person can fix that.
            log.warning("submission request could not be made: %s", type(exc).__name__)
            return Outcome("attention", "submit.bad_endpoint", PERMANENT[400])
        return self._classify(status, body, retry_after, bundle_id, sha256, receipt_keys, now)

    def _classify(
        self,
        status: int,
        body: bytes,
        retry_after: str | None,
        bundle_id: str,
        sha256: str,
        receipt_keys: Sequence[PublicKey],
        now: dt.datetime,
    ) -> Outcome:
        if status in (200, 201):
            try:
                receipt = verify_receipt(body, bundle_id, sha256, receipt_keys)
            except UserError as error:
                # Received, perhaps, but unproven: never marked sent on an unchecked word.
                log.warning("receipt refused for an outbox item: %s", error.code)
                return Outcome("attention", error.code, error.message, status)
            return Outcome(
                "sent", "submit.sent", None, status, receipt=receipt, receipt_json=body.decode()
            )
        if status in (408, 429) or 500 <= status <= 599:
            seconds = retry_after_seconds(retry_after, now)
            return Outcome(
                "retry", f"submit.http_{status}", text(BUSY), status, retry_after=seconds
            )
        message = PERMANENT.get(status)
        if message is None:
            message = text(OTHER_REFUSAL, status=str(status))
        return Outcome("attention", f"submit.http_{status}", message, status)
