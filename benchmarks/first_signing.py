"""The first signed PDF + bundle after the app starts, and the ones after it (issue 20).
Goal: the first ≤ 0.5 s, later ones ≤ 0.2 s.

Each measurement is a fresh Python process that has what the window has loaded at start
(the regelingen, the models, an existing signing key on disk with its passphrase in the real
keyring), then makes the signed PDF/A and the signed bundle of the Amsterdam example, as
"Afronden" does (a new SigningKeys each time, as documents/finish.py makes it):

- cold:   the PDF stack (pyHanko, pikepdf, typst, the bundle writer) imported by the first
          signing itself;
- warmed: after documents.warm has imported it, in the same process (what the window did
          in the background before it signed apart);
- worker: what the installed window does now (documents/signing_process.py): a worker
          process started and ready, told the key on the sign page (the resident then has
          ``--typing`` seconds to type a name), then each signing sent to it. The time is what
          the resident waits for, from "Ondertekenen en opslaan" to the files and the
          document marked final.

Needs a real keyring: run it through scripts/with_keyring.sh.

    bash scripts/with_keyring.sh .venv/bin/python benchmarks/first_signing.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LATER = 5


def worker_child(regeling, application, clock, work: Path, typing: float) -> None:
    from desktop_app.documents.finish import key_id_for, make_outputs
    from desktop_app.documents.signature_block import SignatureBlock
    from desktop_app.documents.signing_process import SigningProcess
    from desktop_app.storage.crypto import PLAIN
    from desktop_app.storage.drafts import DraftStore
    from desktop_app.storage.paths import AppPaths

    paths = AppPaths(work)
    store = DraftStore(paths.drafts)
    store.save(application)
    signing = SigningProcess()
    started = time.perf_counter()
    signing.warm()
    if not signing.wait_ready(120):
        sys.exit("first_signing: the worker did not get ready")
    warm_seconds = time.perf_counter() - started
    before = set(sys.modules)
    block = SignatureBlock(name="Fatima", place="Amsterdam", date=clock.now().date())

    def sign_once() -> float:
        signing.unlock_ahead(paths.keys, PLAIN, key_id_for(application))  # the sign page
        time.sleep(typing)
        started = time.perf_counter()
        make_outputs(paths, clock, store, regeling, application, block, maker=signing.make_files)
        return time.perf_counter() - started

    first = sign_once()
    later = [sign_once() for _ in range(LATER)]
    signing.close()
    late_imports = sorted(
        {m.split(".")[0] for m in set(sys.modules) - before if not m.startswith("desktop_app")}
    )
    stack = [m for m in ("pyhanko", "pikepdf", "typst") if m in sys.modules]
    print(
        json.dumps(
            {
                "warm": warm_seconds,
                "first": first,
                "later": statistics.median(later),
                "imported_by_first": [*late_imports, f"(PDF stack here: {stack or 'none'})"],
                "aiohttp": "aiohttp" in sys.modules,
            }
        )
    )


def child(mode: str, folder: str, typing: float = 1.0) -> None:
    import keyring

    from desktop_app.core.clock import SystemClock, today
    from desktop_app.core.engine import evaluate
    from desktop_app.core.loader import Catalog, example_application

    clock = SystemClock()
    regeling = Catalog.default().current("amsterdam-bewonersinitiatief", today(clock))
    application = example_application(regeling, clock).model_copy(
        update={"id": __import__("uuid").UUID(int=20)}
    )
    verdicts = evaluate(regeling, application, today(clock)).verdicts
    backend = keyring.get_keyring()
    work = Path(folder)
    before = set(sys.modules)
    if mode == "setup":
        from desktop_app.documents.service import SigningKeys, signer_for

        signer_for(SigningKeys(work / "keys", backend, clock), regeling, application)
        print(json.dumps({"ok": True}))
        return
    if mode == "worker":
        worker_child(regeling, application, clock, work, typing)
        return
    warm_seconds = 0.0
    if mode == "warmed":
        from desktop_app.documents.warm import warm

        started = time.perf_counter()
        warm()
        warm_seconds = time.perf_counter() - started
        before = set(sys.modules)

    def sign_once(n: int) -> float:
        started = time.perf_counter()
        from desktop_app.documents.service import (
            SigningKeys,
            default_signature,
            make_bundle,
            make_pdf,
            signer_for,
        )
        from desktop_app.storage.atomic import write_atomic
        from desktop_app.storage.attachments import AttachmentStore

        # As documents/finish.py's make_outputs: the PDF made once, the bundle around it.
        signer = signer_for(SigningKeys(work / "keys", backend, clock), regeling, application)
        block = default_signature(regeling, application, clock)
        pdf = make_pdf(application, regeling, verdicts, block, signer, None, clock)
        store = AttachmentStore(work / "attachments")
        made = make_bundle(
            application, regeling, verdicts, store, signer, None, block, clock, pdf.pdf
        )
        write_atomic(work / f"a{n}.pdf", pdf.pdf)
        write_atomic(work / f"a{n}.zip", made.bundle)
        return time.perf_counter() - started

    first = sign_once(0)
    late_imports = sorted(
        {m.split(".")[0] for m in set(sys.modules) - before if not m.startswith("desktop_app")}
    )
    later = [sign_once(n) for n in range(1, LATER + 1)]
    aiohttp = "aiohttp" in sys.modules
    print(
        json.dumps(
            {
                "warm": warm_seconds,
                "first": first,
                "later": statistics.median(later),
                "imported_by_first": late_imports,
                "aiohttp": aiohttp,
            }
        )
    )


def run_child(mode: str, folder: str, root: Path = ROOT, typing: float = 1.0) -> dict:
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, folder, "--typing", str(typing)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    if done.returncode != 0:
        sys.exit(f"first_signing: the {mode} run failed:\n{done.stderr[-2000:]}")
    result: dict = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--before", type=Path, help="another checkout, timed cold in the same runs (e.g. main)"
    )
    parser.add_argument("--child", choices=["setup", "cold", "warmed", "worker"])
    parser.add_argument(
        "--typing", type=float, default=1.0, help="seconds on the sign page (worker mode)"
    )
    parser.add_argument("folder", nargs="?")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder, args.typing)
        return 0
    import keyring

    from desktop_app.documents.signing import keyring_usable

    if not keyring_usable(keyring.get_keyring()):
        sys.exit("first_signing: no usable keyring; run it through scripts/with_keyring.sh")
    with tempfile.TemporaryDirectory() as folder:
        run_child("setup", folder)  # the key exists, as after the resident's first session
        results: dict[str, list[dict]] = {"cold": [], "warmed": [], "worker": []}
        if args.before:
            results["before"] = []
        for _ in range(args.runs):  # interleaved
            for mode in results:
                if mode == "before":
                    results[mode].append(run_child("cold", folder, args.before.resolve()))
                else:
                    results[mode].append(run_child(mode, folder, typing=args.typing))
    for mode, rows in results.items():
        first = [r["first"] for r in rows]
        later = [r["later"] for r in rows]
        print(
            f"{mode:<7} first {statistics.median(first) * 1000:5.0f} ms "
            f"({min(first) * 1000:.0f}–{max(first) * 1000:.0f}), goal ≤ 500 ms: "
            f"{'met' if statistics.median(first) <= 0.5 else 'NOT met'}; "
            f"later {statistics.median(later) * 1000:5.0f} ms "
            f"({min(later) * 1000:.0f}–{max(later) * 1000:.0f}), goal ≤ 200 ms: "
            f"{'met' if statistics.median(later) <= 0.2 else 'NOT met'}"
        )
        if mode in ("warmed", "worker"):
            warm = [r["warm"] for r in rows]
            print(f"        warming in the background took {statistics.median(warm) * 1000:.0f} ms")
        print(f"        imported by the first signing: {', '.join(rows[-1]['imported_by_first'])}")
        print(f"        aiohttp imported: {'yes' if any(r['aiohttp'] for r in rows) else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
