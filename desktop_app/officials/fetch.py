"""Officials fetch new bundles from the intake service and import them, exactly once.

A cursor per service is kept in the case store; it only moves past a bundle once that bundle
is imported (or refused for good and quarantined, see officials/importer.py). A crash in
between fetches the bundle again, and the importer recognises it ("already imported"), so
nothing is imported twice or skipped.

A bundle the importer refuses (or that makes it fail) is reported and quarantined, and the
position moves past it: one bad bundle never blocks later fetches. Only a fault of the case
store itself leaves the position where it is (nothing was wrong with the bundle, so the next
fetch tries it again). A listing that cannot be read is ``fetch.bad_answer``; a listed item
without a usable id or check code is reported as ``fetch.bad_item`` and skipped.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop_app.core.clock import Clock
from desktop_app.core.errors import UserError
from desktop_app.core.i18n import N_, text
from desktop_app.core.loader import Catalog
from desktop_app.documents.bundle_read import MAX_BUNDLE_BYTES
from desktop_app.officials.importer import ImportOutcome, import_bundle
from desktop_app.officials.store import CaseStore
from desktop_app.submit.client import Timeouts

log = logging.getLogger(__name__)
PAGE = 100


def _unreachable(base_url: str) -> UserError:
    return UserError(
        "fetch.offline",
        text(
            N_(
                "De ontvangstdienst {url} is niet bereikbaar. Wat al binnen was, is ingelezen; "
                "probeer het later opnieuw."
            ),
            url=base_url,
        ),
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback  # 127.0.0.0/8 and ::1
    except ValueError:
        return False


def _check_token_is_safe(base_url: str, token: str | None) -> None:
    """The officials' token goes only over https, or over http to this computer itself."""
    parts = urlsplit(base_url)
    if (
        token is None
        or parts.scheme == "https"
        or (parts.scheme == "http" and _is_loopback((parts.hostname or "").lower()))
    ):
        return
    raise UserError(
        "fetch.insecure",
        text(
            N_(
                "De toegangscode wordt niet verstuurd naar {url}: dat adres is niet beveiligd. "
                "Gebruik het adres dat met https:// begint."
            ),
            url=base_url,
        ),
    )


def _refused(status: int) -> UserError:
    if status == 401:
        return UserError(
            "fetch.unauthorized",
            text(N_("De ontvangstdienst weigert de toegangscode. Controleer de code.")),
        )
    return UserError(
        "fetch.refused",
        text(N_("De ontvangstdienst gaf een onverwacht antwoord ({status})."), status=str(status)),
    )


def _get(
    session: requests.Session,
    url: str,
    headers: dict[str, str],
    timeouts: Timeouts,
    base_url: str,
    **params: Any,
) -> requests.Response:
    try:
        response = session.get(
            url, headers=headers, params=params, timeout=(timeouts.connect, timeouts.read)
        )
    except requests.RequestException as exc:
        raise _unreachable(base_url) from exc
    if response.status_code != 200:
        raise _refused(response.status_code)
    return response


def _bad_answer(base_url: str) -> UserError:
    return UserError(
        "fetch.bad_answer",
        text(
            N_(
                "De ontvangstdienst {url} gaf een antwoord dat niet te lezen is. Wat al binnen "
                "was, is ingelezen. Meld dit bij de beheerder van de dienst."
            ),
            url=base_url,
        ),
    )


_Item = tuple[str, str, int, str]  # bundle id, SHA-256, cursor, source shown to the official


def _hex(text: object, length: int, dashes: tuple[int, ...] = ()) -> bool:
    """Lower-case hex of ``length`` characters, with "-" exactly at ``dashes`` (a UUID)."""
    return (
        isinstance(text, str)
        and len(text) == length
        and all((c == "-") if i in dashes else c in "0123456789abcdef" for i, c in enumerate(text))
    )


def _item(raw: object, after: int) -> _Item | int | None:
    """One listed submission; its cursor alone when the rest is unusable; None when not even
    the cursor can be read (then nothing after it can be fetched safely)."""
    if not isinstance(raw, dict):
        return None
    position = raw.get("cursor")
    if isinstance(position, bool) or not isinstance(position, int) or position <= after:
        return None
    bundle_id, digest = raw.get("bundle_id"), raw.get("bundle_sha256")
    if not _hex(bundle_id, 36, (8, 13, 18, 23)) or not _hex(digest, 64):
        return position
    reference = raw.get("reference")
    source = reference[:100] if isinstance(reference, str) and reference else str(bundle_id)
    return str(bundle_id), str(digest), position, source


def fetch_new(
    base_url: str,
    store: CaseStore,
    catalog: Catalog,
    clock: Clock,
    token: str | None = None,
    session: requests.Session | None = None,
    timeouts: Timeouts | None = None,
    private_keys: Mapping[str, X25519PrivateKey] | None = None,
) -> list[ImportOutcome]:
    """Import every bundle received since the last fetch. UserError when the service cannot
    be reached or refuses; what was imported before that stays imported."""
    _check_token_is_safe(base_url, token)
    session = session or requests.Session()
    timeouts = timeouts or Timeouts()
    base = base_url.rstrip("/")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    outcomes: list[ImportOutcome] = []
    while True:
        cursor = store.intake_cursor(base)
        response = _get(
            session, f"{base}/submissions", headers, timeouts, base, since=cursor, limit=PAGE
        )
        try:
            page = response.json()
        except ValueError as exc:
            raise _bad_answer(base) from exc
        items = page.get("items") if isinstance(page, dict) else None
        if not isinstance(items, list):
            raise _bad_answer(base)
        if not items:
            return outcomes
        for raw in items:
            item = _item(raw, store.intake_cursor(base))
            if item is None:
                raise _bad_answer(base)
            if isinstance(item, int):
                outcomes.append(_unusable_item(item))
                store.set_intake_cursor(base, item)
                continue
            outcome = _fetch_one(
                session, base, headers, timeouts, item, store, catalog, clock, private_keys
            )
            outcomes.append(outcome)
            if outcome.code == "import.store_failed":
                return outcomes
            store.set_intake_cursor(base, item[2])
        if store.intake_cursor(base) <= cursor:
            return outcomes  # a service that lists nothing new: never loop forever


def _unusable_item(position: int) -> ImportOutcome:
    return ImportOutcome(
        f"#{position}",
        "rejected",
        "fetch.bad_item",
        text(
            N_(
                "De ontvangstdienst noemde een inzending zonder geldig nummer of controlecode. "
                "Die is overgeslagen; meld dit bij de beheerder van de dienst."
            )
        ),
    )


def _fetch_one(
    session: requests.Session,
    base: str,
    headers: dict[str, str],
    timeouts: Timeouts,
    item: _Item,
    store: CaseStore,
    catalog: Catalog,
    clock: Clock,
    private_keys: Mapping[str, X25519PrivateKey] | None,
) -> ImportOutcome:
    bundle_id, digest, _, source = item
    response = _get(session, f"{base}/submissions/{bundle_id}/bundle", headers, timeouts, base)
    data = response.content[: MAX_BUNDLE_BYTES + 1]
    if hashlib.sha256(data).hexdigest() != digest:
        # Damaged on the way: stop here, the cursor stays, the next fetch tries again.
        raise _unreachable(base)
    # import_bundle never raises for a bad bundle: it reports and quarantines it.
    return import_bundle(data, source, store, catalog, clock, private_keys)
