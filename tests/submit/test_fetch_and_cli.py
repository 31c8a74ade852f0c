"""The command line over sending, and officials fetching from the intake service."""

from __future__ import annotations

import json
from io import StringIO

import requests

from desktop_app.cli import main
from desktop_app.documents.bundle_read import read_bundle
from desktop_app.intake.keys import public_entry
from desktop_app.officials.fetch import fetch_new
from desktop_app.officials.store import CaseStore
from tests.submit.conftest import MovingClock
from tests.submit.servers import LiveIntake


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    code = main(list(argv), stdout=out, stderr=err, clock=MovingClock())
    return code, out.getvalue(), err.getvalue()


def _key(intake: LiveIntake) -> str:
    pin = public_entry(intake.store.key)
    return f"{pin.key_id}={pin.ed25519}"


def test_submit_sends_and_prints_the_reference(intake, bundle, tmp_path) -> None:
    path = tmp_path / "aanvraag.zip"
    path.write_bytes(bundle)
    data = ["--data-dir", str(tmp_path / "app"), "--lang", "nl"]
    code, out, err = _run(
        *data, "submit", str(path), "--endpoint", intake.url, "--receipt-key", _key(intake)
    )
    reference = intake.store.get(str(read_bundle(bundle).manifest.bundle_id)).reference
    assert code == 0, err
    assert "Verzonden op" in out and reference in out

    code, out, _ = _run(*data, "outbox", "--json")
    listed = json.loads(out)
    assert [i["state"] for i in listed] == ["sent"] and listed[0]["reference"] == reference

    code, out, _ = _run(*data, "outbox", "--receipt", listed[0]["bundle_id"])
    assert code == 0 and "Ontvangstbevestiging" in out and f"Kenmerk: {reference}" in out


def test_submit_without_an_endpoint_says_how_to_hand_in(bundle, tmp_path, amsterdam) -> None:
    path = tmp_path / "aanvraag.zip"
    path.write_bytes(bundle)
    code, _, err = _run("--data-dir", str(tmp_path / "app"), "--lang", "en", "submit", str(path))
    assert code == 1
    assert amsterdam.submission.how_to_hand_in.en in err and "Traceback" not in err


def test_submit_offline_keeps_it_queued(bundle, tmp_path, pinned_key) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    path = tmp_path / "aanvraag.zip"
    path.write_bytes(bundle)
    key = f"{pinned_key[0].key_id}={pinned_key[0].ed25519}"
    code, out, err = _run(
        "--data-dir",
        str(tmp_path / "app"),
        "--lang",
        "nl",
        "submit",
        str(path),
        "--endpoint",
        dead,
        "--receipt-key",
        key,
        "--json",
    )
    assert code == 1, err
    shown = json.loads(out)
    assert shown["state"] == "queued" and "zodra er internet is" in shown["status"]
    assert "Geen verbinding" in shown["error"]["nl"]


def test_submit_an_unreadable_file(tmp_path) -> None:
    path = tmp_path / "geen-bundel.zip"
    path.write_bytes(b"hello")
    code, _, err = _run("--data-dir", str(tmp_path / "app"), "submit", str(path))
    assert code == 2 and err.strip() and "Traceback" not in err


def test_officials_fetch_each_bundle_exactly_once(tmp_path, catalog, make_bundle_bytes) -> None:
    bundles = [make_bundle_bytes() for _ in range(3)]
    with LiveIntake(tmp_path / "intake", officials_token="t0ken") as intake:
        for data in bundles[:2]:
            key = str(read_bundle(data).manifest.bundle_id)
            requests.post(
                f"{intake.url}/submissions",
                data=data,
                headers={"Idempotency-Key": key, "Content-Type": "application/zip"},
                timeout=10,
            ).raise_for_status()
        store = CaseStore(tmp_path / "cases")
        try:
            first = fetch_new(intake.url, store, catalog, MovingClock(), token="t0ken")
            assert [o.status for o in first] == ["imported", "imported"]
            assert fetch_new(intake.url, store, catalog, MovingClock(), token="t0ken") == []
            key = str(read_bundle(bundles[2]).manifest.bundle_id)
            requests.post(
                f"{intake.url}/submissions",
                data=bundles[2],
                headers={"Idempotency-Key": key, "Content-Type": "application/zip"},
                timeout=10,
            ).raise_for_status()
            # A crash after importing, before the cursor moved: fetched again, not imported twice.
            with store.transaction() as db:
                db.exec_driver_sql("UPDATE intake_cursors SET cursor = 0")
            again = fetch_new(intake.url, store, catalog, MovingClock(), token="t0ken")
            assert [o.status for o in again] == ["already_imported"] * 2 + ["imported"]
            assert len(store.cases()) == 3
        finally:
            store.close()

        code, _, err = _run("--lang", "en", "fetch", intake.url, "--store", str(tmp_path / "other"))
        assert code == 2 and "access token" in err  # no token: refused, said plainly


def test_fetch_from_nowhere_says_so(tmp_path) -> None:
    code, _, err = _run(
        "--lang", "nl", "fetch", "http://127.0.0.1:9", "--store", str(tmp_path / "cases")
    )
    assert code == 2 and "niet bereikbaar" in err and "Traceback" not in err
