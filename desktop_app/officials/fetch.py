"""Officials fetch new bundles from the intake service and import them, exactly once.

A cursor per service is kept in the case store; it only moves past a bundle once that bundle
is imported (or refused for good). A crash in between fetches the bundle again, and the
importer recognises it ("already imported"), so nothing is imported twice or skipped.
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
from desktop_app.core.loader import Catalog
from desktop_app.core.text import Text
from desktop_app.documents.bundle_read import MAX_BUNDLE_BYTES
from desktop_app.officials.importer import ImportOutcome, import_bundle
from desktop_app.officials.store import CaseStore
from desktop_app.submit.client import Timeouts

log = logging.getLogger(__name__)
PAGE = 100


def _unreachable(base_url: str) -> UserError:
    return UserError(
        "fetch.offline",
        Text(
            nl=f"De ontvangstdienst {base_url} is niet bereikbaar. Wat al binnen was, is "
            "ingelezen; probeer het later opnieuw.",
            en=f"The intake service {base_url} cannot be reached. What had arrived is "
            "imported; please try again later.",
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
        Text(
            nl=f"De toegangscode wordt niet verstuurd naar {base_url}: dat adres is niet "
            "beveiligd. Gebruik het adres dat met https:// begint.",
            en=f"The access token is not sent to {base_url}: that address is not secure. "
            "Use the address that starts with https://.",
        ),
    )


def _refused(status: int) -> UserError:
    if status == 401:
        return UserError(
            "fetch.unauthorized",
            Text(
                nl="De ontvangstdienst weigert de toegangscode. Controleer de code.",
                en="The intake service refuses the access token. Please check the token.",
            ),
        )
    return UserError(
        "fetch.refused",
        Text(
            nl=f"De ontvangstdienst gaf een onverwacht antwoord ({status}).",
            en=f"The intake service gave an unexpected answer ({status}).",
        ),
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
        page = _get(
            session, f"{base}/submissions", headers, timeouts, base, since=cursor, limit=PAGE
        ).json()
        items = page.get("items") or []
        if not items:
            return outcomes
        for item in items:
            response = _get(
                session, f"{base}/submissions/{item['bundle_id']}/bundle", headers, timeouts, base
            )
            data = response.content[: MAX_BUNDLE_BYTES + 1]
            if hashlib.sha256(data).hexdigest() != item["bundle_sha256"]:
                # Damaged on the way: stop here, the cursor stays, the next fetch tries again.
                raise _unreachable(base)
            source = f"{item.get('reference') or item['bundle_id']}"
            outcomes.append(import_bundle(data, source, store, catalog, clock, private_keys))
            store.set_intake_cursor(base, int(item["cursor"]))
