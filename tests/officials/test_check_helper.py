"""Issue 20: a large import has a helper process (``--import-check``, officials/
check_process.py) check bundles ahead while it stores. These start that helper for real and
import the same mixed folder with and without it: every outcome must be the same, in the
same order, and the same cases stored; a helper that dies leaves nothing unchecked."""

from __future__ import annotations

import copy
import hashlib
import os
import signal
import time
import uuid
from pathlib import Path

import pytest

from desktop_app.core.clock import fixed_on
from desktop_app.core.loader import example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.signing import ephemeral_signer
from desktop_app.officials import check_process, importer
from desktop_app.officials.importer import import_paths
from desktop_app.officials.store import CaseStore
from tests.conftest import DAY
from tests.officials.test_trust import SIGNED_ON, _report

CLOCK = fixed_on(DAY)


@pytest.fixture(scope="module")
def signer():
    return ephemeral_signer("Buurtmaaltijd")


@pytest.fixture
def mixed(tmp_path: Path, amsterdam, signer) -> Path:
    """Forty applications, with among them: a report before its application, a report whose
    application never comes, the same bundle twice, a broken file, a cut-off bundle."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    first_id = None
    for number in range(40):
        application = example_application(amsterdam, CLOCK)
        application.answers = copy.deepcopy(application.answers) | {
            "initiative_name": f"Buurtfeest {number}"
        }
        bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, signer, SIGNED_ON)
        (folder / f"{number:03}-aanvraag.zip").write_bytes(bundle)
        if number == 0:
            first_id = application.id
            (folder / "005-dezelfde.zip").write_bytes(bundle)
            (folder / "007-afgebroken.zip").write_bytes(bundle[: len(bundle) // 2])
    assert first_id is not None
    (folder / "000-verslag.zip").write_bytes(_report(first_id, amsterdam, checked=True))
    (folder / "020-los-verslag.zip").write_bytes(_report(uuid.uuid4(), amsterdam, checked=True))
    (folder / "030-kapot.zip").write_bytes(b"PK\x03\x04 geen bundel")
    return folder


def _helper_always(monkeypatch) -> list[int]:
    """A helper for this small import too, ready before the first group however slow the
    machine; returns the bundles whose result came from it."""
    monkeypatch.setattr(importer, "HELPER_FROM", 1)
    monkeypatch.setattr(importer, "HELPER_FROM_NEW", 1)
    real_init, real_take = check_process.CheckHelper.__init__, check_process.CheckHelper.take
    taken: list[int] = []

    def init(self, *args, **kwargs) -> None:
        real_init(self, *args, **kwargs)
        self._ready.wait(120)

    def take(self, number):
        result = real_take(self, number)
        taken.extend([number] if result is not None else [])
        return result

    monkeypatch.setattr(check_process.CheckHelper, "__init__", init)
    monkeypatch.setattr(check_process.CheckHelper, "take", take)
    return taken


def _helpers_lost(monkeypatch) -> list[bool]:
    """For each helper, at the import's end: whether it had been lost on the way (its
    answers stopped making sense, or it died), leaving the rest to the import."""
    real_close = check_process.CheckHelper.close
    lost: list[bool] = []

    def close(self) -> None:
        lost.append(self.gone)
        real_close(self)

    monkeypatch.setattr(check_process.CheckHelper, "close", close)
    return lost


def _import_alone(folder: Path, tmp_path: Path, catalog):
    """What the import makes of ``folder`` checking every bundle itself (into "alone")."""
    alone = CaseStore(tmp_path / "alone")
    return _seen(import_paths([folder], alone, catalog, CLOCK), alone)


def _seen(outcomes, store: CaseStore):
    return (
        [(o.source, o.status, o.code, o.message.nl) for o in outcomes],
        sorted((c.bundle_id, c.kind, c.title, c.blocking, c.warnings) for c in store.cases()),
    )


@pytest.mark.parametrize("group_bundles", [200, 4])
def test_with_the_helper_every_outcome_is_what_it_is_without(
    mixed, tmp_path, catalog, monkeypatch, group_bundles
) -> None:
    expected = _import_alone(mixed, tmp_path, catalog)

    # In groups of 4 the helper has the next group's bundles while the import still takes
    # this group's results: each must come back to its own group.
    monkeypatch.setattr(importer, "GROUP_BUNDLES", group_bundles)
    taken = _helper_always(monkeypatch)
    lost = _helpers_lost(monkeypatch)
    helped = CaseStore(tmp_path / "helped")
    got = _seen(import_paths([mixed], helped, catalog, CLOCK), helped)

    assert got == expected
    assert len(taken) > 3, "the helper checked (almost) nothing"
    assert lost == [False], "the helper was lost on the way"
    statuses = {status for _, status, _, _ in got[0]}
    assert statuses == {"imported", "already_imported", "rejected", "kept_apart"}
    # The refused files are in quarantine, as when checked by the import itself.
    kept = [
        sorted(p.name for p in (tmp_path / s / "quarantine").iterdir()) for s in ("alone", "helped")
    ]
    assert len(kept[0]) > 0 and len(kept[0]) == len(kept[1])


def test_a_helper_that_dies_leaves_its_bundles_to_the_import(
    mixed, tmp_path, catalog, monkeypatch
) -> None:
    expected = _import_alone(mixed, tmp_path, catalog)

    taken = _helper_always(monkeypatch)
    real_send = check_process.CheckHelper.send
    sent: list[int] = []

    def send_then_die(self, number, source, data, digest=None) -> None:
        real_send(self, number, source, data, digest)
        sent.append(number)
        if len(sent) == 1:  # killed with a bundle on its way, unanswered
            os.kill(self._child.pid, signal.SIGKILL)

    monkeypatch.setattr(check_process.CheckHelper, "send", send_then_die)
    helped = CaseStore(tmp_path / "helped")
    assert _seen(import_paths([mixed], helped, catalog, CLOCK), helped) == expected
    assert sent and not taken  # what it had was left to the import


def test_two_groups_sharing_the_helper_each_get_their_own_bundles_back(mixed, catalog) -> None:
    """The next group is fed to the helper while this one still takes its results, and
    both number their bundles from 0: each answer must still go to the bundle it is for."""
    files = sorted(mixed.glob("0[0-9][0-9]-aanvraag.zip"))[1:9]
    first = [(path.name, path.read_bytes()) for path in files[:4]]
    second = [(path.name, path.read_bytes()) for path in files[4:]]
    helper = check_process.CheckHelper(catalog, CLOCK, None)
    checked_here: list[str] = []

    def check_here(items):
        def check(number: int):
            checked_here.append(items[number][0])
            return None

        return check

    try:
        assert helper.wait_for_room(120)
        groups = [
            check_process.SharedChecks(
                helper, [0, 1, 2, 3], lambda n, items=items: (*items[n], None)
            )
            for items in (first, second)
        ]
        # Every bundle of both groups answered by the helper before either group takes one
        # (two answers under one number would leave fewer than eight).
        deadline = time.monotonic() + 60
        while len(helper._results) < 8:
            assert time.monotonic() < deadline, "the helper did not answer all eight"
            time.sleep(0.01)
        got = {
            name: [groups[g].result(n, check_here(items)).source for n in range(4)]
            for name, g, items in (("second", 1, second), ("first", 0, first))
        }
        for group in groups:
            group.close()
    finally:
        helper.close()
    assert checked_here == []
    assert got == {"first": [n for n, _ in first], "second": [n for n, _ in second]}


def test_no_helper_for_a_few_bundles_nor_for_known_ones(
    mixed, tmp_path, catalog, monkeypatch
) -> None:
    started: list[int] = []
    real_init = check_process.CheckHelper.__init__

    def counted(self, *args, **kwargs) -> None:
        started.append(1)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(check_process.CheckHelper, "__init__", counted)
    store = CaseStore(tmp_path / "store")
    import_paths([mixed], store, catalog, CLOCK)  # 45 files: far below HELPER_FROM
    assert started == []
    monkeypatch.setattr(importer, "HELPER_FROM", 1)
    import_paths([mixed], store, catalog, CLOCK)  # every one known now: nothing to check
    assert started == []


def test_sealed_bundles_are_opened_by_the_helper_with_the_municipality_s_key(
    tmp_path, amsterdam, catalog, signer, monkeypatch
) -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from desktop_app.core.regeling import EncryptionKey
    from desktop_app.documents.sealed import public_key_text, seal_bundle

    municipality = X25519PrivateKey.generate()
    recipient = EncryptionKey(key_id="ams-2026", x25519=public_key_text(municipality))
    folder = tmp_path / "inbox"
    folder.mkdir()
    inside: dict[uuid.UUID, bytes] = {}
    for number in range(30):
        application = example_application(amsterdam, CLOCK)
        bundle = write_bundle(application, b"%PDF-1.7\n%%EOF\n", {}, signer, SIGNED_ON)
        inside[application.id] = bundle
        (folder / f"{number:03}.bundel").write_bytes(seal_bundle(bundle, recipient))
    taken = _helper_always(monkeypatch)
    store = CaseStore(tmp_path / "store")
    outcomes = import_paths(
        [folder], store, catalog, CLOCK, private_keys={"ams-2026": municipality}
    )
    assert {o.status for o in outcomes} == {"imported"} and len(store.cases()) == 30
    assert len(taken) > 3
    # Each kept by the hash of the bundle inside its seal (the helper had the file's).
    for bundle_id, bundle in inside.items():
        assert store.existing_sha256(bundle_id) == hashlib.sha256(bundle).hexdigest()
        assert store.bundle_bytes(bundle_id) == bundle


def test_a_helper_that_hangs_is_let_go_and_the_import_checks_on(
    mixed, tmp_path, catalog, monkeypatch
) -> None:
    import sys

    expected = _import_alone(mixed, tmp_path, catalog)

    hangs = "import sys, time; sys.stdout.buffer.write(b'R'); sys.stdout.flush(); time.sleep(600)"
    monkeypatch.setattr(
        check_process, "own_program", lambda flag: ([sys.executable, "-c", hangs], dict(os.environ))
    )
    monkeypatch.setattr(check_process, "TAKE_SECONDS", 1.0)
    taken = _helper_always(monkeypatch)
    helped = CaseStore(tmp_path / "helped")
    assert _seen(import_paths([mixed], helped, catalog, CLOCK), helped) == expected
    assert taken == []
