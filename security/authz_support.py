"""Shared helpers of the security suites: start a `medk demo` server (SQLite file or PostgreSQL), an HTTP
client that signs in and always sends the CSRF token, a form reader, and read-only database access
(row counts and a digest of every table, to prove a refused POST wrote nothing).

Only 127.0.0.1 is ever contacted; every loop is bounded."""
import hashlib
import http.client
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path as _Path
import sys as _sys

_sys.path.insert(0, str(_Path(__file__).resolve().parent.parent / "e2e"))
import medk_client  # noqa: E402  (the project's small HTTP client: starting and stopping a server)
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEDK_BIN = os.environ.get("MEDK_BIN", str(ROOT / ".build" / "debug" / "medk"))
PASSWORD = "medk-demo"
# Tables that change on every request or sign-in whatever the authorization says.
# job_runs: the server's own scheduler notes its runs whenever it ticks, whatever the requests do.
VOLATILE_TABLE = re.compile(r"session|throttle|fluent|job_runs|_migrations?$|sqlite_", re.I)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def private_binary():
    """A copy of MEDK_BIN, so that a rebuild by someone else does not swap the binary under a running suite."""
    source = Path(MEDK_BIN)
    if not source.exists():
        raise FileNotFoundError(f"medk binary not found at {source} (set MEDK_BIN)")
    target_dir = Path(tempfile.gettempdir()) / "authz-medk"
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"medk-{os.getpid()}"
    shutil.copy2(source, target)
    return str(target)


# ----------------------------------------------------------------------------------------------- database

class Database:
    """Read-only access to the server's database: a SQLite file (opened `mode=ro`) or PostgreSQL."""

    def __init__(self, sqlite_path=None, postgres_url=None):
        self.sqlite_path = sqlite_path
        self.postgres_url = postgres_url
        self.kind = "sqlite" if sqlite_path else "postgres"
        self._tables = None

    def _connect(self):
        if self.sqlite_path:
            connection = sqlite3.connect(f"file:{self.sqlite_path}?mode=ro", uri=True, timeout=30)
            return connection
        import psycopg
        return psycopg.connect(self.postgres_url, autocommit=True)

    def query(self, sql, params=()):
        if self.kind == "postgres":
            sql = sql.replace("?", "%s")
        for attempt in range(20):
            try:
                connection = self._connect()
                try:
                    cursor = connection.cursor()
                    cursor.execute(sql, params)
                    return cursor.fetchall()
                finally:
                    connection.close()
            except sqlite3.OperationalError as error:  # busy/locked while the server writes
                if attempt == 19 or "locked" not in str(error) and "busy" not in str(error):
                    raise
                time.sleep(0.1)

    def scalar(self, sql, params=()):
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def tables(self):
        if self._tables is None:
            if self.kind == "sqlite":
                rows = self.query("SELECT name FROM sqlite_master WHERE type='table'")
            else:
                rows = self.query("SELECT table_name FROM information_schema.tables "
                                  "WHERE table_schema = current_schema() AND table_type='BASE TABLE'")
            self._tables = sorted(r[0] for r in rows)
        return self._tables

    def columns(self, table):
        if self.kind == "sqlite":
            return [r[1] for r in self.query(f'PRAGMA table_info("{table}")')]
        return [r[0] for r in self.query("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                         "AND table_schema = current_schema() ORDER BY ordinal_position", (table,))]

    def count(self, table, where="", params=()):
        return self.scalar(f'SELECT COUNT(*) FROM "{table}"' + (f" WHERE {where}" if where else ""), params)

    def counts(self):
        return {t: self.count(t) for t in self.tables() if not VOLATILE_TABLE.search(t)}

    def snapshot(self):
        """A digest of every non-volatile table's rows: equal snapshots mean nothing was written."""
        digests = {}
        for table in self.tables():
            if VOLATILE_TABLE.search(table):
                continue
            rows = self.query(f'SELECT * FROM "{table}"')
            text = sorted(repr(tuple(str(v) for v in row)) for row in rows)
            digests[table] = (len(rows), hashlib.sha256("\n".join(text).encode()).hexdigest())
        return digests

    @staticmethod
    def diff(before, after):
        changed = []
        for table in sorted(set(before) | set(after)):
            if before.get(table) != after.get(table):
                b, a = before.get(table, (0, "")), after.get(table, (0, ""))
                changed.append(f"{table} ({b[0]}→{a[0]} rows)" if b[0] != a[0] else f"{table} (rows changed)")
        return changed

    def uid(self, value):
        """UUIDs as the database stores them (SQLite: text or 16-byte blob; PostgreSQL: uuid)."""
        return value


def sql_uuid(db, column):
    """An SQL expression that yields `column` as a lowercase UUID text in either database."""
    if db.kind == "postgres":
        return f"lower({column}::text)"
    return (f"(CASE WHEN typeof({column})='blob' THEN lower(substr(hex({column}),1,8)||'-'||substr(hex({column}),9,4)||'-'||"
            f"substr(hex({column}),13,4)||'-'||substr(hex({column}),17,4)||'-'||substr(hex({column}),21)) "
            f"ELSE lower({column}) END)")


# ----------------------------------------------------------------------------------------------- server

def started_server(medk, kind="sqlite", extra_env=None):
    """A started `medk demo` (see Server) with `extra_env` added; stopped again if it does not come up."""
    server = Server(medk, kind)
    server.env.update(extra_env or {})
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    return server


class Server:
    def __init__(self, medk, kind="sqlite"):
        self.medk = medk
        self.kind = kind
        self.data = tempfile.mkdtemp(prefix=f"medk-sec-{kind}-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.pg_db = None
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
        if kind == "postgres":
            url = subprocess.run([str(ROOT / "scripts" / "postgres-test-db")], capture_output=True, text=True,
                                 timeout=120, check=True).stdout.strip()
            self.pg_db = f"medk_sec_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            as_postgres(f"createdb -O medk {self.pg_db}")
            url = url.rsplit("/", 1)[0] + "/" + self.pg_db
            env["DATABASE_URL"] = url
            self.db = Database(postgres_url=url)
        else:
            self.db = Database(sqlite_path=str(Path(self.data) / "medk.sqlite"))
        env["MEDK_BCRYPT_COST"] = env.get("MEDK_BCRYPT_COST", "4")
        # The suites compare the database before and after each request: no reminder or digest may write meanwhile
        # (one at the turn of an hour once made a refused request look as if it had written).
        env["MEDK_JOBS"] = "off"
        self.env = env

    def start(self, timeout=300):
        log = open(Path(self.data) / "server.log", "w")
        self.process = subprocess.Popen([self.medk, "demo", "--port", str(self.port), "--data", self.data, "--only-seeds",
                                         "--hostname", "127.0.0.1"], cwd=self.data, stdout=log,
                                        stderr=subprocess.STDOUT, env=self.env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(self.base + "/healthz", timeout=2).status == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        raise RuntimeError("medk demo did not start:\n" + self.log_tail())

    def log_tail(self, chars=3000):
        try:
            return (Path(self.data) / "server.log").read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self):
        medk_client.stop_server(self.process)
        if self.pg_db:
            try:
                as_postgres(f"dropdb --if-exists {self.pg_db}")
            except Exception:  # noqa: BLE001 — cleanup must not hide the result
                pass
        shutil.rmtree(self.data, ignore_errors=True)


def as_postgres(command):
    if os.geteuid() == 0:
        subprocess.run(["su", "postgres", "-c", command], check=True, timeout=120, capture_output=True)
    else:
        subprocess.run(["sudo", "-u", "postgres", "sh", "-c", command], check=True, timeout=120, capture_output=True)


def route_table(medk):
    """[(METHOD, '/path/:param')] as printed by `medk routes` (Vapor's route table)."""
    data = tempfile.mkdtemp(prefix="medk-routes-")
    env = dict(os.environ, MEDK_DATA_DIR=data)
    env.pop("DATABASE_URL", None)
    try:
        out = subprocess.run([medk, "routes"], capture_output=True, text=True, timeout=120, env=env, cwd=data)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    routes = []
    for line in out.stdout.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.fullmatch(r"[A-Z]+", cells[0]) and cells[1].startswith("/"):
            routes.append((cells[0], cells[1]))
    if not routes:
        raise RuntimeError("could not read `medk routes`:\n" + out.stdout[-2000:] + out.stderr[-2000:])
    return routes


# ----------------------------------------------------------------------------------------------- HTTP

class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", "replace")
        self.location = next((v for k, v in headers if k.lower() == "location"), None)
        self.flash = None
        for k, v in headers:
            if k.lower() == "set-cookie" and v.startswith("medk_flash="):
                raw = urllib.parse.unquote(v.split(";")[0].split("=", 1)[1])
                if ":" in raw:
                    self.flash = tuple(raw.split(":", 1))

    @property
    def redirect_to_login(self):
        return self.status in (301, 302, 303, 307) and (self.location or "").startswith("/login")

    def __repr__(self):
        extra = f" → {self.location}" if self.location else ""
        extra += f" flash={self.flash}" if self.flash else ""
        return f"<{self.status}{extra}>"


class Client:
    """One browser: cookies, the CSRF token, no automatic redirects. Each request opens its own connection."""

    def __init__(self, base, login=None, password=PASSWORD):
        parsed = urllib.parse.urlparse(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.cookies = {}
        self.csrf = ""
        self.login_name = login
        page = self.get("/login")
        self.csrf = find_csrf(page.text) or self.cookies.get("medk_csrf", "")
        if login:
            r = self.post("/login", {"login": login, "password": password})
            assert r.status in (302, 303) and not r.redirect_to_login, f"sign-in as {login} failed: {r} {r.text[:300]}"
            home = self.get("/home")
            assert home.status == 200, f"/home as {login}: {home}"
            self.csrf = find_csrf(home.text)
            assert self.csrf, f"no CSRF token on /home as {login}"

    def twin(self):
        """The same signed-in browser for another thread: its own cookie jar copy, same session and token."""
        other = object.__new__(Client)
        other.host, other.port, other.login_name = self.host, self.port, self.login_name
        other.cookies, other.csrf = dict(self.cookies), self.csrf
        return other

    def request(self, method, path, body=None, headers=None, timeout=120):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            headers = dict(headers or {})
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            pairs = response.getheaders()
        finally:
            connection.close()
        for name, value in pairs:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                val = rest.split(";")[0]
                if "max-age=0" in value.lower() or "01 jan 1970" in value.lower():
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = val
        return Response(response.status, pairs, data)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields=None, files=None, csrf=True):
        """A form POST; `files` = {field: (filename, bytes, content type)} makes it multipart."""
        fields = dict(fields or {})
        headers = {}
        if csrf and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
            fields.setdefault("_csrf", self.csrf)
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(list(_pairs(fields))).encode()
            content_type = "application/x-www-form-urlencoded"
        headers["Content-Type"] = content_type
        return self.request("POST", path, body, headers)

    def form(self, path, action=None, index=0):
        """The fields of a form on the page at `path` (the one whose action contains `action`)."""
        page = self.get(path)
        assert page.status == 200, f"GET {path} as {self.login_name}: {page}"
        forms = parse_forms(page.text)
        if action is not None:
            action = action.lower()
            exact = [f for f in forms if (f["action"] or "").split("?")[0].lower() == action]
            forms = exact or [f for f in forms if action in (f["action"] or "").lower()]
        assert len(forms) > index, f"no form with action {action!r} on {path}: {[f['action'] for f in parse_forms(page.text)]}"
        return forms[index]


def _pairs(fields):
    for key, value in fields.items():
        if isinstance(value, (list, tuple)):
            for v in value:
                yield key, v
        else:
            yield key, value


def multipart(fields, files):
    boundary = "medksec" + uuid.uuid4().hex
    parts = []
    for key, value in _pairs(fields):
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n".encode() + str(value).encode()
                     + b"\r\n")
    for key, (name, content, ctype) in files.items():
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{key}\"; filename=\"{name}\"\r\n"
                     f"Content-Type: {ctype}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def csv_file(rows, name="import.csv"):
    text = "\n".join(";".join(r) for r in rows) + "\n"
    return {"file": (name, text.encode("utf-8"), "text/csv")}


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="evidence.pdf"):
    return {"file": (name, PDF, "application/pdf")}


def find_csrf(html):
    match = re.search(r'name="_csrf"[^>]*value="([^"]+)"', html) or re.search(r'value="([^"]+)"[^>]*name="_csrf"', html)
    return match.group(1) if match else ""


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.current = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = {"action": a.get("action"), "method": (a.get("method") or "get").lower(),
                            "fields": {}, "names": [], "options": {}}
            self.forms.append(self.current)
        if self.current is None:
            return
        if tag == "input" and a.get("name"):
            name, kind = a["name"], (a.get("type") or "text").lower()
            self.current["names"].append(name)
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.current["fields"][name] = a.get("value", "on")
                self.current["options"].setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "file", "button"):
                self.current["fields"][name] = a.get("value", "")
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
            self.current["names"].append(self.select)
            self.current["options"][self.select] = []
        elif tag == "option" and self.select:
            value = a.get("value", "")
            self.current["options"][self.select].append(value)
            if "selected" in a or self.select not in self.current["fields"]:
                self.current["fields"][self.select] = value
        elif tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            self.current["names"].append(self.textarea)
            self.current["fields"][self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.current is not None and self.textarea:
            self.current["fields"][self.textarea] += data


def parse_forms(html):
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def succeeded(response):
    """Whether a response means the action happened: 2xx, or a redirect that is not to the sign-in page and
    carries no error message."""
    if 200 <= response.status < 300:
        return True
    if response.status in (301, 302, 303, 307, 308):
        if response.redirect_to_login:
            return False
        return not (response.flash and response.flash[0] == "error")
    return False


# Lines printed at the end of the run (conftest's pytest_terminal_summary).
SUMMARY = []
