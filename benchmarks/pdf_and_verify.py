"""The signed PDF of a full application, and how fast bundles are verified.

Prints the time to make the signed PDF/A-2a + PDF/UA-1 of each shipped regeling's example
application, the first one after start-up and the median (goal: under 0.5 s after start-up;
the key is loaded once, as the app does),
how many signed bundles per second ``verify`` checks (goal: over 100 without attachments;
with a photo attached it also parses the photo in a separate process, core.attachment_types,
which costs a process start per bundle), and how long and how
much memory refusing each hostile bundle of the test corpus takes (goal: under a second each,
modest memory).
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from desktop_app.core.clock import SystemClock, today
from desktop_app.core.engine import evaluate
from desktop_app.core.loader import Catalog, example_application
from desktop_app.documents.bundle_write import write_bundle
from desktop_app.documents.service import default_signature, make_pdf, verify_bundle
from desktop_app.documents.signing import ephemeral_signer

PDF_RUNS = 15
VERIFY_SECONDS = 3.0


def _photo() -> bytes:
    """A real photo-sized PNG (about 1 MB of noise): the reader decodes it completely."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((600, 600), 64).convert("RGB").save(out, "PNG")
    return out.getvalue()


ATTACHMENT = _photo()


def main() -> None:
    clock = SystemClock()
    day = today(clock)
    catalog = Catalog.default()
    started = time.perf_counter()
    signer = ephemeral_signer("Benchmark")
    print(f"key made in {time.perf_counter() - started:.2f} s (first use only)")

    print(f"{'regeling':40} {'first s':>8} {'median s':>9} {'max s':>7}  goal < 0.5 s")
    pdfs = {}
    for regeling_id in catalog.ids():
        regeling = catalog.current(regeling_id, day)
        application = example_application(regeling, clock)
        verdicts = evaluate(regeling, application, day).verdicts
        block = default_signature(regeling, application, clock)
        # The first PDF after start-up also loads typst and reads the fonts' tables.
        start = time.perf_counter()
        make_pdf(application, regeling, verdicts, block, signer, None, clock)
        first = time.perf_counter() - start
        timings = []
        for _ in range(PDF_RUNS):
            start = time.perf_counter()
            made = make_pdf(application, regeling, verdicts, block, signer, None, clock)
            timings.append(time.perf_counter() - start)
        pdfs[regeling_id] = (application, made.pdf)
        print(
            f"{regeling_id:40} {first:8.3f} {statistics.median(timings):9.3f} {max(timings):7.3f}"
        )

    application, pdf = pdfs["amsterdam-bewonersinitiatief"]
    plain = write_bundle(application, pdf, {}, signer, clock.now())
    print_rate("without attachments, goal > 100", plain)
    digest = hashlib.sha256(ATTACHMENT).hexdigest()
    application.answers = {
        **application.answers,
        "attachments": [
            {
                "file_name": "foto.png",
                "kind": "photo",
                "media_type": "image/png",
                "size": len(ATTACHMENT),
                "sha256": digest,
            }
        ],
    }
    bundle = write_bundle(application, pdf, {digest: ATTACHMENT}, signer, clock.now())
    assert verify_bundle(bundle).ok
    print_rate(f"PDF + {len(ATTACHMENT) / 1e6:.1f} MB photo, checked in a separate process", bundle)
    hostile(bundle, signer)


def print_rate(what: str, bundle: bytes) -> None:
    assert verify_bundle(bundle).ok
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < VERIFY_SECONDS:
        verify_bundle(bundle)
        count += 1
    rate = count / (time.perf_counter() - start)
    print(f"verify: {rate:.1f} signed bundles per second ({len(bundle) / 1024:.0f} kB; {what})")


def hostile(valid: bytes, signer) -> None:
    """Each hostile bundle of the test corpus (tests/documents/hostile.py), refused."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.documents.hostile import corpus

    print(f"{'hostile bundle':30} {'code':32} {'ms':>7} {'peak MB':>8}  goal < 1000 ms")
    for case in corpus(valid, signer):
        tracemalloc.start()
        start = time.perf_counter()
        result = verify_bundle(case.data)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        flag = "" if result.code == case.code else f"  EXPECTED {case.code}"
        print(f"{case.name:30} {result.code:32} {elapsed * 1000:7.1f} {peak / 1e6:8.1f}{flag}")


if __name__ == "__main__":
    main()
