"""The intake service under attack, on 127.0.0.1: uploads that are too large, too slow, too
many, a full disk, clients that hang up, and an officials' token sent where it must not go."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import select
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
import requests

from desktop_app.cli import main
from desktop_app.core.errors import UserError
from desktop_app.documents.bundle_read import read_bundle
from desktop_app.intake.app import UploadLimits
from desktop_app.officials.fetch import fetch_new
from desktop_app.officials.store import CaseStore
from tests.conftest import ROOT
from tests.submit.conftest import MovingClock
from tests.submit.servers import LiveIntake

MiB = 1024 * 1024


def _address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def _open_upload(url: str, headers: dict[str, str]) -> socket.socket:
    """A raw POST /submissions whose body the test sends itself."""
    sock = socket.create_connection(_address(url), timeout=10)
    lines = ["POST /submissions HTTP/1.1", "Host: intake.test", "Content-Type: application/zip"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    return sock


def _read_answer(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Everything the server sends until it closes the connection: status, headers, body.
    Fails when the server keeps the connection open."""
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except TimeoutError:
        pytest.fail("the service kept the connection open")
    except ConnectionResetError:
        pass  # closed with the client's bytes unread: closed all the same
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def _post(url: str, bundle: bytes) -> requests.Response:
    key = str(read_bundle(bundle).manifest.bundle_id)
    return requests.post(
        f"{url}/submissions",
        data=bundle,
        headers={"Idempotency-Key": key, "Content-Type": "application/zip"},
        timeout=30,
    )


def test_an_upload_over_the_limit_is_cut_off_while_it_is_still_being_sent(tmp_path) -> None:
    limit = 256 * 1024
    intended = 64 * MiB
    with LiveIntake(tmp_path / "intake", max_bytes=limit) as intake:
        # Chunked: no Content-Length, so the service can only find out by counting.
        sock = _open_upload(
            intake.url, {"Idempotency-Key": str(uuid.uuid4()), "Transfer-Encoding": "chunked"}
        )
        piece = b"x" * 65536
        frame = b"%x\r\n%s\r\n" % (len(piece), piece)
        consumed = 0
        with sock:
            while consumed < intended:
                if select.select([sock], [], [], 0)[0]:
                    break  # the service has answered (or hung up): stop sending
                try:
                    sock.sendall(frame)
                except OSError:
                    break
                consumed += len(piece)
            status, _, body = _read_answer(sock)
        assert status == 413 and json.loads(body)["code"] == "intake.too_large"
        assert consumed < intended  # the answer came while the client was still sending
        assert intake.store.count() == 0 and list(intake.store.incoming.iterdir()) == []


def test_a_declared_length_over_the_limit_is_refused_before_the_body(tmp_path) -> None:
    with LiveIntake(tmp_path / "intake", max_bytes=1000) as intake:
        sock = _open_upload(
            intake.url, {"Idempotency-Key": str(uuid.uuid4()), "Content-Length": "1001"}
        )
        with sock:  # not one byte of the body is sent
            status, _, body = _read_answer(sock)
        assert status == 413 and json.loads(body)["message"]["en"].startswith("The bundle is")


def test_a_flood_of_slow_uploads_is_cut_off_and_a_real_one_still_gets_in(tmp_path, bundle) -> None:
    limits = UploadLimits(read_timeout=5, grace=2, min_rate=1024, max_uploads=32)
    with LiveIntake(tmp_path / "intake", limits=limits) as intake:
        flood = [
            _open_upload(
                intake.url, {"Idempotency-Key": str(uuid.uuid4()), "Content-Length": "100000"}
            )
            for _ in range(20)
        ]
        answers: dict[int, tuple[int, bytes]] = {}
        submitted: requests.Response | None = None
        open_while_submitting = 0
        try:
            for second in range(60):  # a bound against hanging, not a timing assertion
                for number, sock in enumerate(flood):
                    if number in answers:
                        continue
                    if select.select([sock], [], [], 0)[0]:
                        status, _, body = _read_answer(sock)
                        answers[number] = (status, body)
                        continue
                    with contextlib.suppress(OSError):
                        sock.send(b"x")  # one byte a second
                if second == 0:
                    open_while_submitting = len(flood) - len(answers)
                    submitted = _post(intake.url, bundle)
                if len(answers) == len(flood):
                    break
                time.sleep(1)
        finally:
            for sock in flood:
                sock.close()
        assert open_while_submitting == 20 and submitted is not None
        assert submitted.status_code == 201  # the flood did not keep the resident out
        assert len(answers) == 20  # the service closed every slow upload itself
        for status, body in answers.values():
            assert status == 408 and json.loads(body)["code"] == "intake.too_slow"
        assert intake.store.count() == 1 and list(intake.store.incoming.iterdir()) == []


def test_headers_sent_a_byte_a_second_are_cut_off(tmp_path, bundle) -> None:
    with LiveIntake(tmp_path / "intake", header_seconds=2) as intake:
        flood = [socket.create_connection(_address(intake.url), timeout=10) for _ in range(10)]
        header = b"POST /submissions HTTP/1.1\r\nHost: intake.test\r\nX-Padding: " + b"x" * 60
        answers: dict[int, tuple[int, bytes]] = {}
        try:
            for position in range(60):  # a bound against hanging, not a timing assertion
                for number, sock in enumerate(flood):
                    if number in answers:
                        continue
                    if select.select([sock], [], [], 0)[0]:
                        status, _, body = _read_answer(sock)
                        answers[number] = (status, body)
                        continue
                    with contextlib.suppress(OSError):
                        sock.send(header[position : position + 1])
                if position == 0:
                    assert _post(intake.url, bundle).status_code == 201
                if len(answers) == len(flood):
                    break
                time.sleep(1)
        finally:
            for sock in flood:
                sock.close()
        assert len(answers) == 10
        for status, body in answers.values():
            assert status == 408 and json.loads(body)["code"] == "intake.too_slow"


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"NOT HTTP AT ALL\r\n\r\n",
        b"POST /submissions HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n",
        b"POST /submissions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
    ],
    ids=["garbage", "bad-header-name", "two-lengths"],
)
def test_a_malformed_request_gets_the_json_error_body_too(intake, request_bytes) -> None:
    with socket.create_connection(_address(intake.url), timeout=10) as sock:
        with contextlib.suppress(OSError):
            sock.sendall(request_bytes)
        status, headers, body = _read_answer(sock)
    assert status == 400 and headers["content-type"] == "application/json"
    assert json.loads(body)["code"] == "intake.bad_request"


def test_over_the_upload_cap_the_answer_is_busy_with_retry_after(tmp_path, bundle) -> None:
    limits = UploadLimits(read_timeout=60, grace=60, max_uploads=2)
    with LiveIntake(tmp_path / "intake", limits=limits) as intake:
        hogs = [
            _open_upload(
                intake.url, {"Idempotency-Key": str(uuid.uuid4()), "Content-Length": "100000"}
            )
            for _ in range(2)
        ]
        for hog in hogs:
            hog.sendall(b"x" * 100)
        for _ in range(100):  # until both hogs are inside the service
            busy = _post(intake.url, bundle)
            if busy.status_code == 503:
                break
            time.sleep(0.1)
        assert busy.status_code == 503 and busy.json()["code"] == "intake.busy"
        assert int(busy.headers["Retry-After"]) > 0 and busy.json()["message"]["nl"]
        for hog in hogs:
            hog.close()  # they hang up: their places come free
        for _ in range(100):
            later = _post(intake.url, bundle)
            if later.status_code != 503:
                break
            time.sleep(0.1)
        assert later.status_code == 201


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, small file system (tmpfs of 2 MiB) for the service's data folder."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs needs root (mount: " + mounted.stderr.decode().strip() + ")")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as handle:
        while True:
            handle.write(b"\0" * 65536)
            handle.flush()
    return filler


def test_a_full_disk_is_507_in_json_and_nothing_half_stored(tiny_disk, bundle) -> None:
    with LiveIntake(tiny_disk / "intake") as intake:
        filler = _fill(tiny_disk)
        full = _post(intake.url, bundle)
        assert full.status_code == 507 and full.json()["code"] == "intake.storage_full"
        assert full.json()["message"]["nl"] and int(full.headers["Retry-After"]) > 0
        assert list(intake.store.incoming.iterdir()) == []
        filler.unlink()  # room again: the app's retry gets in
        assert intake.store.count() == 0
        assert _post(intake.url, bundle).status_code == 201


def test_a_client_hanging_up_mid_upload_is_one_log_line_without_traceback(tmp_path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "desktop_app", "intake", "--data", str(tmp_path / "i")]
    server = subprocess.Popen(
        [*command, "--port", str(port)], stderr=subprocess.PIPE, text=True, env=env
    )
    lines: queue.Queue[str] = queue.Queue()
    assert server.stderr is not None
    reader = threading.Thread(target=lambda: [lines.put(x) for x in server.stderr], daemon=True)
    reader.start()
    seen: list[str] = []

    def wait_for(text: str) -> None:
        while not any(text in line for line in seen):
            seen.append(lines.get(timeout=60))

    try:
        wait_for("Uvicorn running")
        key = str(uuid.uuid4())
        sock = _open_upload(
            f"http://127.0.0.1:{port}", {"Idempotency-Key": key, "Content-Length": "100000"}
        )
        sock.sendall(b"x" * 1000)
        sock.close()  # gone, 99 000 bytes short
        wait_for("broken off")
        assert requests.get(f"http://127.0.0.1:{port}/key", timeout=10).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=10)
    while not lines.empty():
        seen.append(lines.get())
    output = "".join(seen)
    assert "Traceback" not in output and "Exception" not in output, output
    broken = [line for line in seen if "broken off" in line]
    assert len(broken) == 1 and key in broken[0], output


class _NoNetwork(requests.adapters.BaseAdapter):
    """A transport that records every attempt to send anything."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    def send(self, request, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        self.sent.append(request.url)
        raise requests.ConnectionError("no network in this test")

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    "url", ["http://example.invalid", "http://192.0.2.10:8080", "http://localhost.example.nl"]
)
def test_fetch_never_sends_the_token_over_plain_http_to_another_computer(
    url, tmp_path, catalog
) -> None:
    session = requests.Session()
    transport = _NoNetwork()
    session.mount("http://", transport)
    session.mount("https://", transport)
    store = CaseStore(tmp_path / "cases")
    try:
        with pytest.raises(UserError) as refused:
            fetch_new(url, store, catalog, MovingClock(), token="t0ken", session=session)
    finally:
        store.close()
    assert refused.value.code == "fetch.insecure"
    assert "https://" in refused.value.message.en and "https://" in refused.value.message.nl
    assert transport.sent == []  # refused before any connection


def test_the_fetch_command_says_plainly_why_it_will_not_send(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KLEIN_INITIATIEF_INTAKE_OFFICIALS_TOKEN", "t0ken")
    err = StringIO()
    code = main(
        ["--lang", "en", "fetch", "http://example.invalid", "--store", str(tmp_path / "cases")],
        stdout=StringIO(),
        stderr=err,
        clock=MovingClock(),
    )
    assert code == 2 and "not secure" in err.getvalue() and "Traceback" not in err.getvalue()


def test_fetch_over_http_to_this_computer_still_works(tmp_path, catalog, bundle) -> None:
    with LiveIntake(tmp_path / "intake", officials_token="t0ken") as intake:
        assert _post(intake.url, bundle).status_code == 201
        store = CaseStore(tmp_path / "cases")
        try:
            url = intake.url.replace("127.0.0.1", "localhost")
            fetched = fetch_new(url, store, catalog, MovingClock(), token="t0ken")
        finally:
            store.close()
        assert [o.status for o in fetched] == ["imported"]


def test_an_unexpected_error_is_still_the_json_error_body(tmp_path, bundle) -> None:
    with LiveIntake(tmp_path / "intake") as intake:

        def broken(bundle_id: str) -> None:
            raise RuntimeError("a bug in the service")

        intake.store.get = broken  # type: ignore[method-assign]  # the bug, injected
        answer = _post(intake.url, bundle)
    assert answer.status_code == 500 and answer.json()["code"] == "intake.internal"
    assert answer.json()["message"]["nl"] and answer.json()["message"]["en"]
