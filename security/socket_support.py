"""Helpers of the real-socket suites (test_csrf.py, test_real_socket.py): a `medk demo` server with its own
environment, hand-built request bodies whose parts come in the order the test says (the CSRF field first, after
the file, or not at all), raw-socket requests written in small pieces, the files under DIR/files, and a sampler of
the server's resident memory.

Only 127.0.0.1 is contacted; every loop is bounded in iterations or time."""
import http.client
import re
import socket
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import authz_support as support

PDF_HEAD = b"%PDF-1.4\n"


# ----------------------------------------------------------------------------------------------- server

def start_server(medk, extra_env=None):
    """A started `medk demo` on a fresh SQLite file (authz_support.Server) with `extra_env` added."""
    return support.started_server(medk, "sqlite", extra_env)


def files_under(data):
    """Every regular file under DIR/files (stored files and temporaries), as paths relative to DIR/files."""
    root = Path(data) / "files"
    if not root.exists():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def temporaries(data):
    tmp = Path(data) / "files" / "tmp"
    return [p for p in tmp.rglob("*") if p.is_file()] if tmp.exists() else []


# ----------------------------------------------------------------------------------------------- bodies

class Field:
    def __init__(self, name, value):
        self.name, self.value = name, value


class File:
    def __init__(self, name, filename, content, ctype="application/pdf"):
        self.name, self.filename, self.content, self.ctype = name, filename, content, ctype


def multipart_body(parts, boundary=None):
    """(body bytes, content type) of a multipart/form-data body with `parts` (Field/File) in exactly this order."""
    boundary = boundary or "medksock" + uuid.uuid4().hex
    chunks = []
    for part in parts:
        if isinstance(part, File):
            chunks.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{part.name}\"; "
                          f"filename=\"{part.filename}\"\r\nContent-Type: {part.ctype}\r\n\r\n".encode()
                          + part.content + b"\r\n")
        else:
            chunks.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{part.name}\"\r\n\r\n".encode()
                          + str(part.value).encode() + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def urlencoded_body(pairs):
    return urllib.parse.urlencode(pairs).encode(), "application/x-www-form-urlencoded"


def file_part_head(boundary, name, filename, ctype="application/pdf"):
    return (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: {ctype}\r\n\r\n").encode()


def field_part(boundary, name, value):
    return f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n".encode()


# ----------------------------------------------------------------------------------------------- raw socket

def cookie_header(client):
    return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def request_head(method, path, port, headers):
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def open_socket(port, timeout=60):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_response(sock, method="POST", timeout=60):
    """(status, headers, body) of the response waiting on `sock`."""
    sock.settimeout(timeout)
    response = http.client.HTTPResponse(sock, method=method)
    response.begin()
    body = response.read()
    return response.status, response.getheaders(), body


def stream_request(port, method, path, headers, pieces, on_piece=None, deadline_s=120):
    """Writes the head, then every piece of `pieces` (bytes, or a float meaning «sleep this long») with its own
    sendall; `on_piece(bytes_sent)` is called after each. Returns (status, headers, body, seconds). A server that
    answers early and closes may break the write: the answer is still read."""
    started = time.monotonic()
    sock = open_socket(port)
    sent = 0
    try:
        sock.sendall(request_head(method, path, port, headers))
        try:
            for piece in pieces:
                if time.monotonic() - started > deadline_s:
                    raise TimeoutError(f"{method} {path}: still sending after {deadline_s} s")
                if isinstance(piece, float):
                    time.sleep(piece)
                    continue
                sock.sendall(piece)
                sent += len(piece)
                if on_piece:
                    on_piece(sent)
        except (BrokenPipeError, ConnectionResetError):
            pass
        status, response_headers, body = read_response(sock, method)
        return status, response_headers, body, time.monotonic() - started
    finally:
        sock.close()


def header_value(headers, name):
    return next((v for k, v in headers if k.lower() == name.lower()), None)


def flash_of(headers):
    for k, v in headers:
        if k.lower() == "set-cookie" and v.startswith("medk_flash="):
            raw = urllib.parse.unquote(v.split(";")[0].split("=", 1)[1])
            if ":" in raw:
                return tuple(raw.split(":", 1))
    return None


def main_text(html):
    """The visible text of <main>, tags removed and whitespace collapsed (for Russian messages)."""
    match = re.search(r"<main[^>]*>(.*?)</main>", html, re.S)
    text = re.sub(r"<[^>]+>", " ", match.group(1) if match else html)
    return re.sub(r"\s+", " ", text).strip()


def has_cyrillic(text):
    return re.search(r"[А-Яа-яЁё]{4,}", text) is not None


# ----------------------------------------------------------------------------------------------- memory

def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class RssSampler:
    """Polls /proc/<pid>/status VmRSS every `interval` seconds in a thread; `peak_kb` is the largest value seen."""

    def __init__(self, pid, interval=0.05, max_seconds=300):
        self.pid, self.interval, self.max_seconds = pid, interval, max_seconds
        self.peak_kb = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        started = time.monotonic()
        while not self._stop.is_set() and time.monotonic() - started < self.max_seconds:
            value = rss_kb(self.pid)
            if value is not None:
                self.peak_kb = max(self.peak_kb, value)
                self.samples += 1
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)
