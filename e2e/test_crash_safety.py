"""Nothing acknowledged is lost: kill -9 the server in the middle of uploads, start it again, and every
upload it had answered downloads byte for byte, while the interrupted one left nothing behind."""
import hashlib
import http.client
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from conftest import MEDK, ROOT, free_port


def start(data, port):
    log = open(Path(data) / "server.log", "a")
    process = subprocess.Popen([MEDK, "demo", "--port", str(port), "--data", data], cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT)
    for _ in range(400):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.25)
    raise RuntimeError("server did not start")


class Session:
    """A signed-in school, talking HTTP directly."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        html = self.request("GET", "/login")[2]
        token = re.search(r'name="_csrf" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({"_csrf": token, "login": "school", "password": "medk-demo"})
        self.request("POST", "/login", body.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
        home = self.request("GET", "/home")[2]
        self.csrf = re.search(r'name="_csrf" value="([^"]+)"', home).group(1)
        self.section = re.search(r'href="(/schools/[^/]+/sections/conceptDocuments)"', home).group(1)

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = dict(headers or {})
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response.status, response.getheader("Location"), data.decode("utf-8", "replace"), data

    def upload(self, name, content):
        boundary = "crashtest"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: application/pdf\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        path = self.section + "/documents?_csrf=" + urllib.parse.quote(self.csrf)
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def pdf(index, size):
    head = f"%PDF-1.4\n% upload {index}\n".encode()
    return head + os.urandom(size - len(head))


def test_acknowledged_uploads_survive_kill_9_and_an_interrupted_one_leaves_nothing():
    data = tempfile.mkdtemp(prefix="medk-crash-")
    port = free_port()
    server = start(data, port)
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
    path = session.section + "/documents?_csrf=" + urllib.parse.quote(session.csrf)
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    sock.sendall((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
                  f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                  f"Content-Length: {len(head) + total + 20}\r\n\r\n").encode() + head + b"%PDF-1.4\n")
    sent = 0
    chunk = os.urandom(1 << 20)
    while sent < total // 2:
        sock.sendall(chunk)
        sent += len(chunk)
    time.sleep(0.5)
    server.send_signal(signal.SIGKILL)
    server.wait()
    sock.close()
    partial = list((Path(data) / "files" / "tmp").iterdir())
    assert partial, "the interrupted upload should have been streaming to a temporary file"

    server = start(data, port)
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
