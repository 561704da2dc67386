"""Nothing acknowledged is lost: kill -9 the server in the middle of uploads, start it again, and every
upload it had answered downloads byte for byte, while the interrupted one left nothing behind."""
import hashlib
import os
import re
import signal
import socket
import tempfile
import time
import urllib.parse
from pathlib import Path

from conftest import MEDK, free_port
from medk_client import Session, Visitor, start_server, stop_server


def pdf(index, size):
    head = f"%PDF-1.4\n% upload {index}\n".encode()
    return head + os.urandom(size - len(head))


def size_of(path):
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def test_acknowledged_uploads_survive_kill_9_and_an_interrupted_one_leaves_nothing():
    data = tempfile.mkdtemp(prefix="medk-crash-")
    port = free_port()
    server = start_server(MEDK, data, port)
    session = Session(port)
    acknowledged = {}
    for index in range(5):
        content = pdf(index, 300_000 + index * 1000)
        status, location, _, _ = session.upload(f"документ {index}.pdf", content)
        assert status == 303, status
        acknowledged[f"документ {index}"] = hashlib.sha256(content).hexdigest()

    # Start a large upload, send half of it, and kill the server while it is receiving.
    boundary = "crashtest"
    total = 20_000_000
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"прерванный.pdf\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n").encode()
    sock = socket.create_connection(("127.0.0.1", port))
    path = session.upload_path()
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    sock.sendall((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nX-CSRF-Token: {session.csrf}\r\n"
                  f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                  f"Content-Length: {len(head) + total + 20}\r\n\r\n").encode() + head + b"%PDF-1.4\n")
    sent = 0
    chunk = os.urandom(1 << 20)
    while sent < total // 2:
        sock.sendall(chunk)
        sent += len(chunk)
    # Kill only once the server is demonstrably mid-upload: its temporary file under files/tmp (FileStore) holds
    # at least 5 MB of the 10 MB sent.
    tmp = Path(data) / "files" / "tmp"
    deadline = time.monotonic() + 30
    largest = 0
    while time.monotonic() < deadline:
        largest = max([size_of(p) for p in tmp.rglob("*") if p.is_file()], default=0)
        if largest >= 5_000_000:
            break
        time.sleep(0.02)
    assert largest >= 5_000_000, f"the server's temporary upload file reached only {largest} bytes in 30 s"
    server.send_signal(signal.SIGKILL)
    server.wait()
    sock.close()
    partial = [p for p in (Path(data) / "files" / "tmp").rglob("*") if p.is_file()]
    assert partial, "the interrupted upload should have been streaming to a temporary file"

    server = start_server(MEDK, data, port)
    try:
        session = Session(port)
        listing = session.request("GET", session.section)[2]
        assert "прерванный" not in listing
        for title, digest in acknowledged.items():
            match = re.search(r'href="(/documents/[^"]+)">' + re.escape(title) + "<", listing)
            assert match, title
            status, _, _, body = session.request("GET", match.group(1) + "/versions/1")
            assert status == 200
            assert hashlib.sha256(body).hexdigest() == digest
        # A restart sweeps what the interrupted upload left; no partial file is visible anywhere.
        assert [p for p in (Path(data) / "files" / "tmp").rglob("*") if p.is_file()] == []
        stored = [p.name for p in (Path(data) / "files").rglob("*") if p.is_file()]
        assert sorted(stored) == sorted(acknowledged.values())
    finally:
        server.terminate()
        server.wait(timeout=20)


LETTER_LOGINS = ["school", "merlino", "curator", "novikova", "municipal", "regional", "federal", "admin", "zhoykin",
                 "lobanova", "malygina", "yakunicheva"]


def test_letters_in_flight_at_kill_9_are_all_delivered_after_a_restart():
    """The outbox worker is killed in the middle of SMTP dialogues (a slow server holds each DATA for 3 s): after a
    restart every letter arrives, and only a letter that was in flight may arrive twice (README, «Почта»)."""
    import sqlite3
    from smtp import SMTPServer

    smtp = SMTPServer(delay=3)
    data = tempfile.mkdtemp(prefix="medk-mail-crash-")
    port = free_port()
    environment = dict(smtp.environment(), MEDK_MAIL_LEASE_SECONDS="5")
    server = start_server(MEDK, data, port, environment)
    try:
        # One password-recovery letter for each of twelve accounts, written to the outbox with the request.
        for login in LETTER_LOGINS:
            status = Visitor(port).submit("/password/forgot", {"login": login})[0]
            assert status == 200, status
        addresses = {f"{login}@demo.medk.local" for login in LETTER_LOGINS}
        # Kill once the worker holds letters mid-dialogue: leased, not yet sent.
        database = sqlite3.connect(f"file:{Path(data) / 'medk.sqlite'}?mode=ro", uri=True, timeout=10)
        deadline = time.monotonic() + 60
        in_flight = []
        while time.monotonic() < deadline and not in_flight:
            in_flight = [row[0] for row in database.execute(
                "SELECT to_address FROM mail_outbox WHERE status = 'pending' AND lease_until IS NOT NULL")]
            time.sleep(0.05)
        database.close()
        assert in_flight, "the worker never started sending"
        server.send_signal(signal.SIGKILL)
        server.wait()

        server = start_server(MEDK, data, port, environment)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            received = [rcpt[0] for rcpt, _ in smtp.messages()]
            if addresses <= set(received):
                break
            time.sleep(0.5)
        received = [rcpt[0] for rcpt, _ in smtp.messages()]
        assert addresses <= set(received), f"not delivered: {sorted(addresses - set(received))}"
        twice = sorted({address for address in received if received.count(address) > 1})
        print(f"in flight at the kill: {len(in_flight)}; received {len(received)} letters, twice: {twice}")
        assert all(received.count(address) <= 2 for address in addresses), received
        assert set(twice) <= set(in_flight), f"sent twice but not in flight at the crash: {twice} (in flight: {in_flight})"
    finally:
        stop_server(server)
        smtp.stop()
