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
from medk_client import Session, start_server


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
        largest = max([size_of(p) for p in tmp.iterdir()], default=0)
        if largest >= 5_000_000:
            break
        time.sleep(0.02)
    assert largest >= 5_000_000, f"the server's temporary upload file reached only {largest} bytes in 30 s"
    server.send_signal(signal.SIGKILL)
    server.wait()
    sock.close()
    partial = list((Path(data) / "files" / "tmp").iterdir())
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
        assert list((Path(data) / "files" / "tmp").iterdir()) == []
        stored = [p.name for p in (Path(data) / "files").rglob("*") if p.is_file()]
        assert sorted(stored) == sorted(acknowledged.values())
    finally:
        server.terminate()
        server.wait(timeout=20)
