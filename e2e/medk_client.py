"""A tiny HTTP client for MEDK used by the crash test and the benchmarks: start a server, sign in as
the demo school, stream a multipart upload into a roadmap section."""
import http.client
import os
import re
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_server(medk, data, port, environment=None):
    """The seeds' demo only (no generated year): the crash test and the upload benchmark need the school's roadmap,
    not a year of history, and start many servers."""
    log = open(Path(data) / "server.log", "a")
    process = subprocess.Popen([medk, "demo", "--port", str(port), "--data", str(data), "--only-seeds"], cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT, env=dict(os.environ, **(environment or {})))
    return wait_until_up(process, port, Path(data) / "server.log")


def stop_server(process, timeout=20):
    """Asks the server to stop (SIGTERM), and kills it if it has not stopped within `timeout` seconds."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def wait_until_up(process, port, log_path, tries=800):
    """Returns the process once /healthz answers; raises with the end of its log if it exits first."""
    for _ in range(tries):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.25)
    raise RuntimeError("medk did not start: " + Path(log_path).read_text()[-2000:])


class Session:
    """A signed-in demo account talking HTTP directly."""

    def __init__(self, port, login="school", password="medk-demo"):
        self.port = port
        self.cookies = {}
        html = self.request("GET", "/login")[2]
        token = re.search(r'name="_csrf" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({"_csrf": token, "login": login, "password": password})
        self.request("POST", "/login", body.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
        home = self.request("GET", "/home")[2]
        self.csrf = re.search(r'name="_csrf" value="([^"]+)"', home).group(1)
        match = re.search(r'href="(/schools/[^/]+/sections/conceptDocuments)"', home)
        self.section = match.group(1) if match else None

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        headers = dict(headers or {})
        headers["Cookie"] = self.cookie_header()
        # Scripts send the CSRF token as a header (it never travels in a URL).
        if method == "POST" and getattr(self, "csrf", None):
            headers.setdefault("X-CSRF-Token", self.csrf)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response.status, response.getheader("Location"), data.decode("utf-8", "replace"), data

    def upload_path(self):
        return self.section + "/documents"

    @staticmethod
    def multipart(name, size, chunk):
        """(headers, body iterator, length) of a one-file multipart body of `size` bytes of PDF."""
        boundary = "medkbench"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: application/pdf\r\n\r\n").encode() + b"%PDF-1.4\n"
        tail = f"\r\n--{boundary}--\r\n".encode()
        remaining = size - 9

        def body():
            yield head
            left = remaining
            while left > 0:
                piece = chunk[:min(len(chunk), left)]
                left -= len(piece)
                yield piece
            yield tail

        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}",
                   "Content-Length": str(len(head) + remaining + len(tail))}
        return headers, body(), len(head) + remaining + len(tail)

    def upload(self, name, content):
        boundary = "medkupload"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: application/pdf\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", self.upload_path(), body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


class Visitor(Session):
    """Someone not signed in, with the CSRF cookie of the double submit from the page they open."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def submit(self, page, fields):
        html = self.request("GET", page)[2]
        token = re.search(r'name="_csrf" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({"_csrf": token, **fields}).encode()
        return self.request("POST", page, body, {"Content-Type": "application/x-www-form-urlencoded"})
