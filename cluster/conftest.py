"""Fixtures of the cluster tests (issue 19): `scripts/cluster up` once for the session (PostgreSQL, an S3 server,
instances a and b behind nginx), `scripts/cluster down` at the end; an HTTP client that says which instance
answered (X-MEDK-Instance); Debian's chromium through Playwright; psycopg on the cluster's database.

MEDK_BIN is the binary (default .build/debug/medk). The cluster holds the seeds' demo (`medk demo --only-seeds`:
seconds to write, where the generated year takes minutes); MEDK_CLUSTER_DEMO_ARGS= (empty) runs the tests on the
whole demo. MEDK_CLUSTER_KEEP=1 leaves the cluster up after the run (a second run with the same binary then reuses
it: `up` is idempotent)."""
import hashlib
import http.client
import os
import re
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STATE = Path(os.environ.get("MEDK_CLUSTER_DIR", ROOT / ".cluster"))
SCRIPT = ROOT / "scripts" / "cluster"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "medk-demo"
SUMMARY = []


def report(line):
    """A figure for the end of the run (and printed now, with -s)."""
    print("\n" + line, flush=True)
    SUMMARY.append(line)


def pytest_terminal_summary(terminalreporter):
    if SUMMARY:
        terminalreporter.section("cluster summary")
        for line in SUMMARY:
            terminalreporter.write_line(line)


class Cluster:
    def __init__(self, values):
        self.values = values
        self.url = values["MEDK_CLUSTER_URL"]
        self.nginx_port = int(values["NGINX_PORT"])
        self.ports = {"a": int(values["A_PORT"]), "b": int(values["B_PORT"])}
        self.database_url = values["DATABASE_URL"]
        self.data_mode = values["DATA_MODE"]

    @staticmethod
    def read():
        values = {}
        for line in (STATE / "cluster.env").read_text().splitlines():
            key, _, value = line.partition("=")
            if key:
                values[key] = value
        return Cluster(values)

    def script(self, *args, timeout=300):
        return run_script(*args, timeout=timeout)

    def pid(self, name):
        return int((STATE / f"{name}.pid").read_text())

    def log(self, name):
        return (STATE / f"{name}.log").read_text(errors="replace")

    def access_log(self):
        path = STATE / "nginx" / "access.log"
        return path.read_text(errors="replace").splitlines() if path.exists() else []

    def binary_knows(self, text):
        """Whether the cluster's binary mentions `text` (a variable, a route): features landing one by one."""
        with open(STATE / "bin" / "medk", "rb") as f:
            return text.encode() in f.read()

    def connect(self):
        import psycopg
        return psycopg.connect(self.database_url, autocommit=True)


def run_script(*args, timeout=1200):
    environment = dict(os.environ)
    environment.setdefault("MEDK_CLUSTER_DEMO_ARGS", "--only-seeds")
    result = subprocess.run([str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=environment)
    if result.returncode != 0:
        raise RuntimeError(f"scripts/cluster {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-6000:]}\n{result.stdout}")
    return result


@pytest.fixture(scope="session")
def cluster():
    started = time.monotonic()
    result = run_script("up")
    url = result.stdout.strip().splitlines()[-1]
    cluster = Cluster.read()
    assert url == cluster.url, (url, cluster.url)
    report(f"cluster up in {time.monotonic() - started:.0f} s: nginx {cluster.url}, a :{cluster.ports['a']}, "
           f"b :{cluster.ports['b']}, data directories {cluster.data_mode}, medk demo {cluster.values.get('DEMO_ARGS', '')}")
    yield cluster
    if os.environ.get("MEDK_CLUSTER_KEEP") != "1":
        run_script("down", timeout=120)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def db(cluster):
    connection = cluster.connect()
    yield connection
    connection.close()


def sign_in_page(page, login, password=PASSWORD):
    page.goto("/login")
    page.fill("#f-login", login)
    page.fill("#f-password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def instance(self):
        return self.headers.get("x-medk-instance")

    @property
    def location(self):
        return self.headers.get("location")


class Client:
    """A signed-in (or not) person over HTTP/1.1 keep-alive to one port: nginx's or an instance's. `at(port)` is the
    same person (the same cookies, shared) talking to another port. Never retries a request that reached the
    server: what fails is counted by the caller."""

    def __init__(self, port, cookies=None):
        self.port = port
        self.cookies = cookies if cookies is not None else {}
        self.csrf = None
        self.connection = None

    def at(self, port):
        other = Client(port, self.cookies)
        other.csrf = self.csrf
        return other

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def close(self):
        if self.connection:
            self.connection.close()
            self.connection = None

    def request(self, method, path, body=None, headers=None, timeout=120):
        headers = dict(headers or {})
        headers["Cookie"] = self.cookie_header()
        if method != "GET" and self.csrf:
            headers.setdefault("X-CSRF-Token", self.csrf)
        reused = self.connection is not None
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as error:
            self.close()
            # A kept-alive connection the server had closed while idle: as a browser, open a new one and send a
            # GET again. (Not a POST: it may have arrived.)
            if reused and method == "GET" and isinstance(error, (http.client.RemoteDisconnected, BrokenPipeError)):
                return self.request(method, path, body, headers, timeout)
            raise
        except Exception:
            self.close()
            raise
        collected = {}
        for name, value in response.getheaders():
            name = name.lower()
            if name == "set-cookie":
                cookie, _, rest = value.partition("=")
                self.cookies[cookie] = rest.split(";")[0]
            collected[name] = value
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return Answer(response.status, collected, data)

    def get(self, path, **options):
        return self.request("GET", path, **options)

    def form(self, path, fields, **options):
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}, **options)

    def sign_in(self, login, password=PASSWORD):
        page = self.get("/login")
        token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
        answer = self.form("/login", {"_csrf": token, "login": login, "password": password})
        assert answer.status in (302, 303), f"sign-in of {login}: HTTP {answer.status}\n{answer.text[:500]}"
        home = self.get("/home")
        assert home.status == 200, f"{login}: /home HTTP {home.status}"
        self.csrf = re.search(r'name="_csrf" value="([^"]+)"', home.text).group(1)
        self.home = home.text
        return self

    def upload(self, path, name, content, content_type="application/pdf"):
        """One whole file in one multipart request (the form without the page's script)."""
        boundary = "medkcluster" + hashlib.sha1(content[:64] + name.encode()).hexdigest()[:12]
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{self.csrf}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: {content_type}\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def pdf(megabytes, marker=""):
    """A PDF as the upload inspector takes it: the header, random bytes, the end marker."""
    return b"%PDF-1.4\n% " + marker.encode() + b"\n" + os.urandom(int(megabytes * 1024 * 1024)) + b"\n%%EOF\n"


def sha256(data):
    return hashlib.sha256(data).hexdigest()
