"""The attack: one correctly signed and hashed bundle whose *values* are absurd ("requested":
"1e1000000", a report date in the year 9999, a manifest made at 9999-12-31T23:59:59-12:00)
used to pass verify and the intake, then crash the importer, so a folder import stopped and
every fetch crashed again on the same bundle. Now each is refused with its code, set apart in
the quarantine folder, and everything around it is imported."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import inspect
import json
import os
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.clock import fixed_on
from desktop_app.core.documents import Report
from desktop_app.core.engine import evaluate
from desktop_app.core.loader import example_application
from desktop_app.documents.bundle_read import BundleError, read_bundle
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials import quarantine
from desktop_app.officials.decide import budget_overview
from desktop_app.officials.export import to_csv, to_xlsx
from desktop_app.officials.fetch import fetch_new
from desktop_app.officials.importer import import_bundle, import_paths
from desktop_app.officials.store import CaseStore
from tests.conftest import DAY, ROOT
from tests.documents.hostile import members_of, with_data
from tests.submit.servers import LiveIntake

SIGNED_ON = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
PDF = b"%PDF-1.7\n% een echte PDF is hier niet nodig: de lezer kijkt naar de inhoud\n%%EOF\n"
TOKEN = "t0ken-voor-de-behandelaar"


@pytest.fixture(scope="module")
def signer():
    return ephemeral_signer("Buurtmaaltijd")


@pytest.fixture
def good_application(amsterdam, signer):
    def make() -> bytes:
        application = example_application(amsterdam, fixed_on(DAY))
        application.answers = copy.deepcopy(application.answers)
        return write_bundle(application, PDF, {}, signer, SIGNED_ON)

    return make


@pytest.fixture
def good_report(amsterdam, signer):
    def make() -> bytes:
        report = Report(
            regeling=example_application(amsterdam, fixed_on(DAY)).regeling,
            application_id=uuid.uuid4(),
            granted_amount=Decimal("450.00"),
            created_at=SIGNED_ON,
            updated_at=SIGNED_ON,
            answers={"took_place": True, "activity_date": "2026-02-14"},
        )
        return write_bundle(report, PDF, {}, signer, SIGNED_ON)

    return make


@pytest.fixture
def poison(good_application, good_report, signer) -> dict[str, tuple[bytes, str, str]]:
    """name -> (bundle, refusal code, field the message must name). Each is signed with the
    attacker's own key and every hash is right: only the range checks can stop it."""

    def huge_request(data: dict) -> None:
        data["answers"]["budget"]["requested"] = "1e1000000"

    def far_report_date(data: dict) -> None:
        data["answers"]["activity_date"] = "9999-11-05"

    def last_moment(manifest: dict) -> None:
        manifest["created_at"] = "9999-12-31T23:59:59-12:00"

    def huge_count(data: dict) -> None:
        data["answers"]["participants"] = 10**30

    def document_from_year_one(data: dict) -> None:
        data["updated_at"] = "0001-01-01T00:00:00+14:00"

    return {
        "requested": (
            with_data(members_of(good_application()), signer, huge_request),
            "bundle.out_of_range",
            "budget.requested",
        ),
        "report_date": (
            with_data(members_of(good_report()), signer, far_report_date),
            "bundle.out_of_range",
            "activity_date",
        ),
        "manifest_created_at": (
            with_data(members_of(good_application()), signer, None, last_moment),
            "bundle.out_of_range",
            "created_at",
        ),
        "participants": (
            with_data(members_of(good_application()), signer, huge_count),
            "bundle.out_of_range",
            "participants",
        ),
        "updated_at": (
            with_data(members_of(good_application()), signer, document_from_year_one),
            "bundle.out_of_range",
            "updated_at",
        ),
    }


def _assert_quarantined(outcome, data: bytes, code: str) -> None:
    kept = Path(outcome.quarantined)
    assert kept.read_bytes() == data
    reason = json.loads(kept.with_suffix(".json").read_text(encoding="utf-8"))
    assert reason["code"] == code and reason["message"]["nl"] and reason["message"]["en"]


def test_a_folder_with_poison_between_good_bundles_imports_every_good_one(
    tmp_path, catalog, clock, good_application, good_report, poison
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    good = [good_application(), good_report(), good_application()]
    (folder / "1-goed.zip").write_bytes(good[0])
    (folder / "2-gif-bedrag.zip").write_bytes(poison["requested"][0])
    (folder / "3-goed.zip").write_bytes(good[1])
    (folder / "4-gif-datum.zip").write_bytes(poison["report_date"][0])
    (folder / "5-gif-tijdstip.zip").write_bytes(poison["manifest_created_at"][0])
    (folder / "6-goed.zip").write_bytes(good[2])
    (folder / "7-gif-aantal.zip").write_bytes(poison["participants"][0])
    (folder / "8-gif-jaar-een.zip").write_bytes(poison["updated_at"][0])
    store = CaseStore(tmp_path / "store")

    outcomes = import_paths([folder], store, catalog, clock)

    by_file = {o.source: o for o in outcomes}
    # The good report's application is not in the store: kept apart, not refused.
    assert [by_file[f"{n}-goed.zip"].status for n in (1, 3, 6)] == [
        "imported",
        "kept_apart",
        "imported",
    ]
    assert len(store.cases()) == 2 and len(store.kept_apart()) == 1
    for name, poisoned in [
        ("2-gif-bedrag.zip", "requested"),
        ("4-gif-datum.zip", "report_date"),
        ("5-gif-tijdstip.zip", "manifest_created_at"),
        ("7-gif-aantal.zip", "participants"),
        ("8-gif-jaar-een.zip", "updated_at"),
    ]:
        data, code, field = poison[poisoned]
        outcome = by_file[name]
        assert (outcome.status, outcome.code) == ("rejected", code), name
        assert f"'{field}'" in outcome.message.nl and f"'{field}'" in outcome.message.en, name
        assert "niet kan kloppen" in outcome.message.nl and "Overflow" not in outcome.message.en
        _assert_quarantined(outcome, data, code)
    assert len(quarantine.listing(tmp_path / "store")) == 5


def test_a_fault_of_the_program_on_one_bundle_does_not_stop_the_batch(
    tmp_path, catalog, good_application
) -> None:
    """Whatever escapes the checks (here a clock that fails, standing in for any bug in the
    rules) is caught for that one bundle: reported with a code, quarantined, nothing stored."""

    class BrokenClock:
        calls = 0

        def now(self) -> dt.datetime:
            BrokenClock.calls += 1
            if BrokenClock.calls == 1:
                raise OverflowError("date value out of range")
            return fixed_on(DAY).now()

    store = CaseStore(tmp_path / "store")
    first, second = good_application(), good_application()
    broken = import_bundle(first, "a.zip", store, catalog, BrokenClock())
    assert (broken.status, broken.code) == ("rejected", "import.failed")
    assert "quarantine" in broken.message.nl and "quarantine" in broken.message.en
    assert Path(broken.quarantined).read_bytes() == first
    assert store.cases() == []
    fine = import_bundle(second, "b.zip", store, catalog, BrokenClock())
    assert fine.status == "imported" and len(store.cases()) == 1


def _post(intake: LiveIntake, data: bytes) -> requests.Response:
    key = str(read_bundle(data).manifest.bundle_id)
    return requests.post(
        f"{intake.url}/submissions",
        data=data,
        headers={"Idempotency-Key": key, "Content-Type": "application/zip"},
        timeout=10,
    )


def _plant(intake: LiveIntake, data: bytes, upload: Path) -> None:
    """Put a bundle into the intake's store as if it had been accepted, past the reader."""
    key = _key_of(data)
    if "upload" in inspect.signature(intake.store.accept).parameters:  # the streaming store
        upload.write_bytes(data)
        intake.store.accept(key, upload, hashlib.sha256(data).hexdigest(), len(data))
    else:
        intake.store.accept(key, data)


def _key_of(data: bytes) -> str:
    manifest = json.loads(dict(members_of(data))["manifest.json"])
    return manifest["bundle_id"]


def test_fetch_moves_past_a_poison_bundle_and_the_next_fetch_does_not_crash(
    tmp_path, catalog, good_application, good_report, poison
) -> None:
    with LiveIntake(tmp_path / "intake", officials_token=TOKEN) as intake:
        good = [good_application(), good_report(), good_application()]
        assert _post(intake, good[0]).status_code == 201
        for name in ("requested", "report_date", "manifest_created_at"):
            data, code, _ = poison[name]
            # Today's intake refuses it at the door ...
            refused = requests.post(
                f"{intake.url}/submissions",
                data=data,
                headers={"Idempotency-Key": _key_of(data), "Content-Type": "application/zip"},
                timeout=10,
            )
            assert refused.status_code == 422 and refused.json()["code"] == code
            # ... but an older intake (or another municipality's) accepted it.
            _plant(intake, data, tmp_path / f"geplant-{name}.zip")
        assert _post(intake, good[1]).status_code == 201
        assert _post(intake, good[2]).status_code == 201
        store = CaseStore(tmp_path / "cases")
        try:
            first = fetch_new(intake.url, store, catalog, fixed_on(DAY), token=TOKEN)
            # good[1] is a report whose application is not in the store: kept apart.
            assert [o.status for o in first] == (
                ["imported"] + ["rejected"] * 3 + ["kept_apart", "imported"]
            )
            assert {o.code for o in first if o.status == "rejected"} == {"bundle.out_of_range"}
            for outcome, name in zip(
                first[1:4], ("requested", "report_date", "manifest_created_at"), strict=True
            ):
                _assert_quarantined(outcome, poison[name][0], "bundle.out_of_range")
            assert len(store.cases()) == 2 and len(store.kept_apart()) == 1
            assert store.intake_cursor(intake.url) == intake.store.count()
            assert fetch_new(intake.url, store, catalog, fixed_on(DAY), token=TOKEN) == []
            assert len(store.cases()) == 2
        finally:
            store.close()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KLEIN_INITIATIEF_LANG": "nl"}
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_verify_validate_and_import_on_the_poison_files_say_what_is_wrong(
    tmp_path, poison, good_application
) -> None:
    for name, (data, code, field) in poison.items():
        path = tmp_path / f"{name}.zip"
        path.write_bytes(data)
        verified = _cli("verify", str(path))
        assert verified.returncode == 1, (name, verified.stderr)
        assert code in verified.stderr and f"'{field}'" in verified.stderr, name
        assert "Traceback" not in verified.stderr + verified.stdout
        document = tmp_path / f"{name}.json"
        document.write_bytes(dict(members_of(data))["data.json"])
        validated = _cli("validate", str(document), "--today", DAY.isoformat())
        if name == "manifest_created_at":  # the document itself is fine; only its manifest
            assert validated.returncode == 0, validated.stderr
            continue
        assert validated.returncode == 2, (name, validated.stderr)
        assert f"'{field}'" in validated.stderr and "niet kan kloppen" in validated.stderr
        assert "Traceback" not in validated.stderr + validated.stdout

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a-goed.zip").write_bytes(good_application())
    (folder / "b-gif.zip").write_bytes(poison["requested"][0])
    (folder / "c-goed.zip").write_bytes(good_application())
    store = tmp_path / "store"
    imported = _cli("import", str(folder), "--store", str(store), "--json")
    assert imported.returncode == 1, imported.stderr
    shown = {o["source"]: o for o in json.loads(imported.stdout)}
    assert [shown[n]["status"] for n in ("a-goed.zip", "b-gif.zip", "c-goed.zip")] == [
        "imported",
        "rejected",
        "imported",
    ]
    assert shown["b-gif.zip"]["code"] == "bundle.out_of_range"
    assert Path(shown["b-gif.zip"]["quarantined"]).parent == store / "quarantine"
    human = _cli("import", str(folder / "b-gif.zip"), "--store", str(store))
    assert human.returncode == 1 and "quarantine" in human.stdout
    assert "Traceback" not in imported.stderr + human.stderr


def test_the_resident_sees_the_same_limits_in_the_wizard(amsterdam, clock) -> None:
    """Values inside what a file may hold but outside what an answer may be: the rule engine
    (wizard, validate, import alike) names the field and the range."""
    application = example_application(amsterdam, clock)
    answers = copy.deepcopy(application.answers)
    answers["budget"]["requested"] = "10000000.01"
    answers["participants"] = 2_000_000
    answers["activity_date"] = "1899-12-31"
    application.answers = answers
    verdicts = {v.code: v for v in evaluate(amsterdam, application, DAY).verdicts}
    amount = verdicts["field.amount_out_of_range"]
    assert amount.fields == ("budget.requested",) and "€ 10.000.000" in amount.message.nl
    assert "€10,000,000" in amount.message.en
    count = verdicts["field.count_out_of_range"]
    assert count.field == "participants" and "1000000" in count.message.nl.replace(".", "")
    date = verdicts["field.date_out_of_range"]
    assert date.field == "activity_date" and "2200" in date.message.nl
    assert all(v.severity == "blocking" for v in verdicts.values() if "out_of_range" in v.code)


_hostile_scalars = st.one_of(
    st.integers(min_value=-(10**39), max_value=10**39),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "1e1000000",
            "-1e999999",
            "1E+100",
            "9999-12-31",
            "0001-01-01",
            "2200-12-31",
            "1900-01-01",
            "2026-02-30",
            "99999999999999999999.99",
            "10000000.01",
            "0.001",
            "-0",
            "NaN",
            "Infinity",
            "١٢٣",
            "²",
            "",
            " ",
        ]
    ),
    st.dates().map(dt.date.isoformat),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.text(max_size=30),
)
_hostile_values = st.recursive(
    _hostile_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=8,
)
_FIELDS = ["budget", "activity_date", "participants", "volunteers", "area", "iban", "co_signers"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    answers=st.dictionaries(st.sampled_from(_FIELDS), _hostile_values, max_size=4),
    budget_part=st.sampled_from(["requested", "own_contribution", "other_funding"]),
    amount=_hostile_scalars,
)
def test_no_answer_whatever_its_value_crashes_the_reader_or_the_importer(
    tmp_path_factory, catalog, amsterdam, answers, budget_part, amount
) -> None:
    """Whatever an attacker with their own key puts in the answers: the bundle is read or
    refused with a BundleError, and imported or refused with a code; never an exception."""
    signer = _fuzz_signer()
    application = example_application(amsterdam, fixed_on(DAY))
    good = write_bundle(application, PDF, {}, signer, SIGNED_ON)

    def change(data: dict) -> None:
        data["answers"].update(answers)
        if isinstance(data["answers"].get("budget"), dict):
            data["answers"]["budget"][budget_part] = amount

    bundle = with_data(members_of(good), signer, change)
    try:
        read_bundle(bundle)
    except BundleError as refused:
        assert refused.message.nl and refused.message.en
    store = CaseStore(tmp_path_factory.mktemp("store"))
    try:
        outcome = import_bundle(bundle, "fuzz.zip", store, catalog, fixed_on(DAY))
        assert outcome.status in ("imported", "rejected", "kept_apart")
        assert outcome.code != "import.failed", "a fault of the program, not a refusal"
        if outcome.status == "imported":
            [case] = store.cases()
            assert to_csv([case], catalog) and to_xlsx([case])
    finally:
        store.close()


_SIGNER = []


def _fuzz_signer():
    if not _SIGNER:
        _SIGNER.append(ephemeral_signer("Fuzz"))
    return _SIGNER[0]


def test_a_requested_amount_no_sum_can_use_is_kept_out_of_the_sums(
    tmp_path, catalog, clock, good_application, signer
) -> None:
    """'1e99' is not refused by the reader (an exponent under 100 is only odd); the rule
    engine blocks it, the case is imported for the official to see, and the budget overview,
    the amounts shown and the exports leave it out instead of crashing on it."""

    def odd_request(data: dict) -> None:
        data["answers"]["budget"]["requested"] = "1e99"

    store = CaseStore(tmp_path / "store")
    bundle = with_data(members_of(good_application()), signer, odd_request)
    outcome = import_bundle(bundle, "vreemd.zip", store, catalog, clock)
    assert outcome.status == "imported"
    [case] = store.cases()
    assert case.requested is None and case.blocking >= 1
    # The budget is flagged as unreadable (by its part: the requested amount), not summed.
    assert {v["code"] for v in case.verdicts_now} & {
        "field.invalid_budget",
        "field.invalid_budget_part",
    }
    overview = budget_overview(store, catalog, case.regeling_id, DAY.year)
    assert all(area.requested == Decimal("0.00") for area in overview)
    assert to_csv([case], catalog) and to_xlsx([case])
