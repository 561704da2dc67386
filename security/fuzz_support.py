"""Support for the HTTP fuzz suite (test_fuzz.py): starts a private MEDK demo server, signs in the demo
roles, discovers routes (``medk routes``), path-parameter values and forms (by crawling the demo's pages
and reading its SQLite file), and sends requests while counting crashes, 5xx answers and refused
requests that changed the database anyway.

Only 127.0.0.1 is ever contacted. Every loop is bounded in count and in time.
"""
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
import sys
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e"))
import medk_client  # noqa: E402  (the project's small HTTP client: starting and stopping a server)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BIN = str(ROOT / ".build" / "debug" / "medk")
PASSWORD = "medk-demo"
ROLES = ["school", "curator", "municipal", "regional", "federal", "admin"]
# A demo account used only to sign in successfully with fuzzed `next` values (never with a wrong password,
# so it is never throttled) and as a throwaway session for POST /logout.
SPARE_LOGIN = "novikova"
ANON = "anonymous"
REQUEST_TIMEOUT = 30.0


# ---------------------------------------------------------------------------------------------- server

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A private `medk demo` process on 127.0.0.1, on a copy of the binary (a rebuild can't swap it)."""

    def __init__(self, source_bin=None, workdir=None):
        self.source_bin = source_bin or os.environ.get("MEDK_BIN", DEFAULT_BIN)
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="medk-fuzz-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.bin = self.workdir / "medk"
        if Path(self.source_bin).resolve() != self.bin.resolve():
            shutil.copy2(self.source_bin, self.bin)
        self.data = self.workdir / "data"
        self.data.mkdir(exist_ok=True)
        self.db_path = self.data / "medk.sqlite"
        self.port = free_port()
        self.process = None
        self.log_path = self.workdir / "server.log"
        self.starts = 0

    def start(self, timeout=240):
        log = open(self.log_path, "a")
        log.write(f"\n===== start {self.starts + 1} =====\n")
        log.flush()
        # Swift's backtracer needs 10-20 s per crash on this binary: crashes are symbolized here instead
        # (addr2line on the printed offsets) unless MEDK_FUZZ_BACKTRACE=1 asks for the runtime's own.
        backtrace = "enable=yes,interactive=no" if os.environ.get("MEDK_FUZZ_BACKTRACE") == "1" else "enable=no"
        env = dict(os.environ, SWIFT_BACKTRACE=backtrace)
        self.process = subprocess.Popen([str(self.bin), "demo", "--port", str(self.port), "--data", str(self.data), "--only-seeds",
                                         "--hostname", "127.0.0.1"], cwd=ROOT, stdout=log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        self.starts += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("medk exited while starting: " + self.log_tail())
            if self.healthy(timeout=1):
                return
            time.sleep(0.25)
        raise RuntimeError("medk did not answer /healthz in time: " + self.log_tail())

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def healthy(self, timeout=3):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=timeout) as r:
                return r.status == 200
        except OSError:
            return False

    def restart(self):
        self.stop()
        self.start()

    def stop(self):
        if self.process is None:
            return
        medk_client.stop_server(self.process, timeout=10)
        self.process = None

    def log_size(self):
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def log_since(self, offset, limit=400_000):
        try:
            with open(self.log_path, "rb") as f:
                f.seek(offset)
                return f.read(limit).decode("utf-8", "replace")
        except OSError:
            return ""

    def cleanup(self):
        """Removes the binary's copy and the data; keeps server.log."""
        self.stop()
        for path in (self.bin, self.workdir / "routes-data"):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        shutil.rmtree(self.data, ignore_errors=True)

    def log_tail(self, chars=3000):
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def routes(self):
        """[(method, template)] from Vapor's `routes` command, on a scratch data directory."""
        scratch = self.workdir / "routes-data"
        scratch.mkdir(exist_ok=True)
        env = dict(os.environ, MEDK_DATA_DIR=str(scratch))
        out = subprocess.run([str(self.bin), "routes"], env=env, cwd=self.workdir, capture_output=True, text=True,
                             timeout=120).stdout
        return parse_routes(out)


def parse_routes(text):
    routes = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.fullmatch(r"[A-Z]+", cells[0]) and cells[1].startswith("/"):
            if (cells[0], cells[1]) not in routes:
                routes.append((cells[0], cells[1]))
    return routes


# ---------------------------------------------------------------------------------------------- routes

def route_params(template):
    return [seg[1:] for seg in template.split("/") if seg.startswith(":")]


def route_regex(template):
    parts = []
    for seg in template.strip("/").split("/"):
        if seg.startswith(":"):
            parts.append(f"(?P<{re.sub(r'[^A-Za-z0-9_]', '_', seg[1:])}>[^/]+)")
        elif seg == "**":
            parts.append(".*")
        elif seg == "*":
            parts.append("[^/]+")
        else:
            parts.append(re.escape(seg))
    return re.compile("^/" + "/".join(parts) + "$") if parts != [""] else re.compile("^/$")


def build_path(template, values):
    """The template with each `:param` replaced by values[param], a string already fit for a URL path."""
    out = []
    for seg in template.split("/"):
        out.append(values[seg[1:]] if seg.startswith(":") else seg)
    return "/".join(out) or "/"


class RouteTable:
    def __init__(self, routes):
        self.routes = routes
        self.regexes = [(m, t, route_regex(t)) for m, t in routes]

    def match(self, method, path):
        """The most specific template matching a concrete path (constant segments win over parameters)."""
        best = None
        for m, t, rx in self.regexes:
            if m != method:
                continue
            found = rx.match(path)
            if found:
                score = sum(1 for seg in t.split("/") if seg and not seg.startswith(":"))
                if best is None or score > best[0]:
                    best = (score, t, found.groupdict())
        return (best[1], best[2]) if best else (None, None)


# ---------------------------------------------------------------------------------------------- HTML

class PageParser(HTMLParser):
    """Links and forms of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").upper(),
                          "enctype": a.get("enctype") or "application/x-www-form-urlencoded", "fields": []}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "button") and a.get("name"):
            kind = (a.get("type") or ("submit" if tag == "button" else "text")).lower()
            self._form["fields"].append({"name": a["name"], "type": kind, "value": a.get("value") or "",
                                         "checked": "checked" in a, "options": []})
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "type": "select", "value": "", "checked": False, "options": []}
            self._form["fields"].append(self._select)
        elif self._select is not None and tag == "option":
            value = a.get("value") or ""
            self._select["options"].append(value)
            if "selected" in a or not self._select["value"]:
                self._select["value"] = value
        elif self._form is not None and tag == "textarea" and a.get("name"):
            self._textarea = {"name": a["name"], "type": "textarea", "value": "", "checked": False, "options": []}
            self._form["fields"].append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data


def parse_page(html):
    parser = PageParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # a broken page still gives what was read
        pass
    return parser


CSRF_RE = re.compile(r'name="_csrf" value="([^"]+)"')


# ---------------------------------------------------------------------------------------------- HTTP

class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class RequestFailed(Exception):
    """No HTTP answer: the connection was refused, reset or closed, or the answer did not come in time."""


def http_request(port, method, target, headers=None, body=None, timeout=REQUEST_TIMEOUT):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.putrequest(method, target, skip_host=False, skip_accept_encoding=True)
        headers = dict(headers or {})
        if body is not None and not any(k.lower() in ("content-length", "transfer-encoding") for k in headers):
            headers["Content-Length"] = str(len(body))
        for k, v in headers.items():
            connection.putheader(k, v)
        connection.endheaders()
        if body:
            connection.send(body)
        response = connection.getresponse()
        data = response.read()
        return Response(response.status, response.getheaders(), data)
    except (OSError, http.client.HTTPException) as error:
        raise RequestFailed(f"{type(error).__name__}: {error}") from error
    finally:
        connection.close()


def raw_exchange(port, data, shutdown_write=True, timeout=5.0):
    """Sends raw bytes; returns the status of the first answer, or None when there was none."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
            if shutdown_write:
                s.shutdown(socket.SHUT_WR)
            chunks = []
            while sum(map(len, chunks)) < 65536:
                piece = s.recv(65536)
                if not piece:
                    break
                chunks.append(piece)
                if b"\r\n\r\n" in b"".join(chunks):
                    break
        except OSError:
            pass
    head = b"".join(chunks) if "chunks" in locals() else b""
    found = re.match(rb"HTTP/\d\.\d (\d{3})", head)
    return int(found.group(1)) if found else None


class Client:
    """A cookie jar and CSRF token: anonymous, or a signed-in demo account."""

    def __init__(self, port, login=None):
        self.port = port
        self.login = login
        self.role = login or ANON
        self.cookies = {}
        self.csrf = ""
        self.sign_ins = 0
        self.disabled = False

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items() if v)

    def absorb(self, response):
        for k, v in response.headers:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name.strip()] = rest.split(";")[0]

    def request(self, method, target, headers=None, body=None, timeout=REQUEST_TIMEOUT):
        headers = dict(headers or {})
        cookie = self.cookie_header()
        if cookie:
            headers["Cookie"] = cookie
        response = http_request(self.port, method, target, headers, body, timeout)
        self.absorb(response)
        return response

    def sign_in(self, password=PASSWORD, next_value=None):
        """Signs in (or, anonymous, just takes the CSRF cookie and token); returns the POST's response."""
        self.cookies = {}
        page = self.request("GET", "/login")
        found = CSRF_RE.search(page.text)
        self.csrf = found.group(1) if found else self.cookies.get("medk_csrf", "")
        if self.login is None:
            return page
        fields = {"_csrf": self.csrf, "login": self.login, "password": password}
        if next_value is not None:
            fields["next"] = next_value
        response = self.request("POST", "/login", {"Content-Type": "application/x-www-form-urlencoded"},
                                urllib.parse.urlencode(fields).encode())
        self.sign_ins += 1
        if response.status == 303 and self.cookies.get("medk_session"):
            home = self.request("GET", "/home")
            found = CSRF_RE.search(home.text)
            if found:
                self.csrf = found.group(1)
        return response

    @property
    def signed_in(self):
        return bool(self.cookies.get("medk_session"))


# ---------------------------------------------------------------------------------------------- database

class Counts:
    """Row counts of every table in the server's SQLite file, through one read-only connection."""

    IGNORED = re.compile(r"^sqlite_|session|throttle", re.I)

    def __init__(self, db_path):
        self.db_path = Path(db_path)
        self.connection = None
        self.tables = []

    def _connect(self):
        if self.connection is None:
            self.connection = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10,
                                              isolation_level=None, check_same_thread=False)
            self.tables = [r[0] for r in self.connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name") if not self.IGNORED.search(r[0])]
        return self.connection

    def reset(self):
        if self.connection is not None:
            self.connection.close()
        self.connection = None

    def snapshot(self):
        for attempt in range(3):
            try:
                c = self._connect()
                sql = " UNION ALL ".join(f'SELECT {i}, count(*) FROM "{t}"' for i, t in enumerate(self.tables))
                rows = dict(c.execute(sql).fetchall())
                return {t: rows[i] for i, t in enumerate(self.tables)}
            except sqlite3.Error:
                self.reset()
                time.sleep(0.2)
        return None

    def query(self, sql, args=()):
        try:
            return self._connect().execute(sql, args).fetchall()
        except sqlite3.Error:
            self.reset()
            return []

    def table_names(self):
        self._connect()
        return [r[0] for r in self.query("SELECT name FROM sqlite_master WHERE type='table'")]


def uuid_text(value):
    if isinstance(value, bytes) and len(value) == 16:
        h = value.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}".upper()
    if isinstance(value, str) and re.fullmatch(r"[0-9a-fA-F-]{36}", value):
        return value.upper()
    return None


# Where a path parameter's real values live, when the crawl did not meet one.
PARAM_TABLES = {
    "schoolID": ["schools"], "userID": ["users"], "documentID": ["documents"],
    "territoryID": ["regions", "municipalities"], "roadmapID": ["territory_roadmaps"],
    "itemID": ["territory_roadmap_items"], "markID": ["territory_roadmap_marks"], "runID": ["monitoring_runs"],
    "subjectID": ["monitoring_subjects"], "instrumentID": ["monitoring_instruments", "instruments"],
    "assignmentID": ["curator_assignments"], "grantID": ["role_grants"],
}


def db_param_values(counts, limit=5):
    names = set(counts.table_names())
    values = {}
    for param, tables in PARAM_TABLES.items():
        for table in tables:
            if table in names:
                for (raw,) in counts.query(f'SELECT id FROM "{table}" LIMIT {int(limit)}'):
                    text = uuid_text(raw)
                    if text:
                        values.setdefault(param, []).append(text)
    return values


def protected_ids(counts, logins):
    """User ids and grant ids of the fuzz's own accounts: never deactivated, granted or revoked by the fuzz."""
    users = set()
    marks = ",".join("?" for _ in logins)
    for (raw,) in counts.query(f"SELECT id FROM users WHERE login IN ({marks})", tuple(logins)):
        text = uuid_text(raw)
        if text:
            users.add(text)
    grants = set()
    columns = [r[1] for r in counts.query("PRAGMA table_info(role_grants)")]
    if "id" in columns and "user_id" in columns:
        for raw_id, raw_user in counts.query("SELECT id, user_id FROM role_grants"):
            if uuid_text(raw_user) in users and uuid_text(raw_id):
                grants.add(uuid_text(raw_id))
    return users | grants


_SYMBOLS = {}


def symbolize(binary, offsets):
    """'function (file:line)' of each offset into the binary, with addr2line and swift-demangle when there."""
    missing = [o for o in offsets if o not in _SYMBOLS]
    if missing and shutil.which("addr2line"):
        try:
            out = subprocess.run(["addr2line", "-e", binary, "-f"], input="\n".join(hex(o) for o in missing),
                                 capture_output=True, text=True, timeout=60).stdout.splitlines()
            names = out[0::2]
            demangler = shutil.which("swift-demangle")
            if demangler and names:
                demangled = subprocess.run([demangler, "--simplified", "--compact"], input="\n".join(names),
                                           capture_output=True, text=True, timeout=60).stdout.splitlines()
                if len(demangled) == len(names):
                    names = demangled
            for offset, name, place in zip(missing, names, out[1::2]):
                place = re.sub(r"^.*/(Sources/|checkouts/)", r"\1", place)
                _SYMBOLS[offset] = f"{name[:160]} ({place})"
        except (OSError, subprocess.SubprocessError):
            pass
    return [_SYMBOLS.get(o, hex(o)) for o in offsets]


# ---------------------------------------------------------------------------------------------- source

def source_query_names(root=ROOT / "Sources"):
    """Query parameter names the server reads: `query.get(…, at: "name")` and `query["name"]`."""
    names = set()
    pattern = re.compile(r'query\.get\([^)]*?at:\s*"([^"]+)"\)|query\[\s*"([^"]+)"\s*\]')
    for path in Path(root).rglob("*.swift"):
        for a, b in pattern.findall(path.read_text(errors="replace")):
            names.add(a or b)
    return sorted(names)


def source_form_names(root=ROOT / "Sources"):
    """Form field names the server reads: Content structs' properties, `form["name"]`, `content.get(at:)`."""
    names = set()
    text_all = []
    for path in Path(root).rglob("*.swift"):
        text_all.append(path.read_text(errors="replace"))
    text = "\n".join(text_all)
    for block in re.findall(r"struct \w+: Content \{(.*?)\n\s*\}", text, re.S):
        names.update(re.findall(r"va[rl] (\w+): \w+\?", block))
    names.update(re.findall(r'form\["([A-Za-z_][\w-]*)"\]', text))
    names.update(re.findall(r'content\.get\([^)]*?at:\s*"([^"]+)"\)', text))
    return sorted(names)


# ---------------------------------------------------------------------------------------------- values

BIG = 1024 * 1024

# (label, value, raw): raw values are put in a query/body exactly as written (percent escapes included).
INT_VALUES = [
    ("int-max", "9223372036854775807"), ("int-max+1", "9223372036854775808"),
    ("int-min", "-9223372036854775808"), ("int-min-1", "-9223372036854775809"),
    ("int-max-1", "9223372036854775806"), ("int32-max", "2147483647"), ("int32-max+1", "2147483648"),
    ("int32-min-1", "-2147483649"), ("uint64-max", "18446744073709551615"), ("20-digits", "99999999999999999999"),
    ("1e400", "1e400"), ("-1e400", "-1e400"), ("1e308", "1e308"), ("zero", "0"), ("neg-zero", "-0"), ("minus-one", "-1"),
    ("int-max/10", "922337203685477580"), ("int-max/2", "4611686018427387904"), ("int-max/2+1", "4611686018427387905"),
    ("int-max-div-page", "92233720368547758"), ("huge-neg", "-99999999999999999999"),
    ("leading-zeros", "0000000000000000000001"), ("hex", "0x10"), ("plus", "+1"), ("double-minus", "--1"),
    ("list", "1,2,3"), ("fraction", "1.5"), ("nan", "NaN"), ("infinity", "Infinity"), ("-infinity", "-Infinity"),
    ("space-int", " 1 "), ("fullwidth-digits", "１２３"), ("arabic-digits", "١٢٣"), ("1000-digits", "9" * 1000),
]
DATE_VALUES = [
    ("date-31.02", "31.02.2021"), ("date-2021-13-45", "2021-13-45"), ("date-zero", "0000-00-00"),
    ("date-9999-99-99", "9999-99-99"), ("date-02-31", "2021-02-31"), ("date-29.02.2021", "29.02.2021"),
    ("date-29.02.2020", "29.02.2020"), ("date-neg-year", "-0001-01-01"), ("date-5-digit-year", "99999-01-01"),
    ("date-short", "2021-1-1"), ("date-00.00.0000", "00.00.0000"), ("date-max", "9999-12-31"),
    ("date-min", "0001-01-01"), ("date-year-int-max", "9223372036854775807-01-01"),
    ("date-day-int-max", "2021-01-9223372036854775807"), ("date-dotted-int-max", "99.99.9223372036854775807"),
    ("date-time", "2021-06-15T25:61:61Z"), ("date-slash", "2021/01/01"), ("date-week", "2021-W01"),
    ("date-word", "today"), ("date-1970", "1970-01-01"), ("date-2038", "2038-01-19"), ("date-2200", "2200-01-01"),
    ("date-32.13", "32.13.2021"), ("date-dash-neg-day", "2021-01--1"), ("date-spaces", " 2021-01-01 "),
]
TEXT_VALUES = [
    ("empty", ""), ("space", " "), ("crlf", "\r\n"), ("crlf-header", "/home\r\nSet-Cookie: pwn=1"),
    ("lf", "\n"), ("nul", "\x00"), ("nul-inside", "a\x00b"), ("quote", "'"), ("dquote", '"'),
    ("sql", "'; DROP TABLE schools; --"), ("like-percent", "%"), ("like-underscore", "_"), ("like-escape", "\\%_"),
    ("backslash", "\\"), ("html", "<script>alert(1)</script>"), ("dotdot", "../../../../etc/passwd"),
    ("double-slash", "//evil.example/"), ("backslash-url", "/\\evil.example"), ("template", "{{7*7}}${7*7}"),
    ("emoji", "😀👩‍👩‍👧‍👦"), ("combining", "е\u0301" * 50), ("rtl", "\u202eabc"), ("bom", "\ufeffx"),
    ("zero-width", "\u200b\u200d"), ("cyrillic", "Гусинская СШ"), ("control", "".join(chr(i) for i in range(1, 32))),
    ("del", "\x7f"), ("c1", "\x85\x9b"), ("uuid-lower", "00000000-0000-0000-0000-000000000000"),
    ("uuid-max", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"), ("not-uuid", "not-a-uuid"), ("uuid-braces", "{00000000-0000-0000-0000-000000000000}"),
    ("array-like", "[]"), ("json", '{"a":1}'), ("tab", "\t"), ("bool", "true"), ("on", "on"),
]
RAW_VALUES = [  # percent escapes sent as they are: invalid UTF-8 and broken escapes
    ("utf8-ff-fe", "%FF%FE"), ("overlong", "%C0%AF"), ("surrogate", "%ED%A0%80"), ("above-unicode", "%F4%90%80%80"),
    ("truncated-utf8", "%E2%82"), ("lone-percent", "%"), ("bad-escape", "%G1"), ("short-escape", "%0"),
    ("nul-escape", "%00"), ("crlf-escape", "%0D%0A"), ("plus-space", "+++"), ("many-ff", "%FF" * 200),
    ("ampersands", "&&&==&"), ("brackets", "a%5B%5D%5B%5D"),
]
LONG_VALUES = [
    ("50k-ascii", lambda: "a" * 50_000), ("20k-cyrillic", lambda: "я" * 20_000), ("5k-digits", lambda: "1" * 5_000),
    ("50k-percent", lambda: "%" * 50_000), ("1mb", lambda: "x" * BIG), ("10k-emoji", lambda: "😀" * 10_000),
    ("100k-crlf", lambda: "\r\n" * 50_000),
]
# Long values that still fit in the server's limit on a request's head (about 80 KB), for queries.
QUERY_LONG_VALUES = [
    ("50k-ascii", lambda: "a" * 50_000), ("10k-cyrillic", lambda: "я" * 10_000), ("5k-digits", lambda: "1" * 5_000),
    ("20k-percent", lambda: "%" * 20_000), ("5k-emoji", lambda: "😀" * 5_000), ("10k-crlf", lambda: "\r\n" * 5_000),
    ("70k-ascii", lambda: "b" * 70_000),
]
ALL_CLASSES = {"int": INT_VALUES, "date": DATE_VALUES, "text": TEXT_VALUES, "raw": RAW_VALUES, "long": LONG_VALUES}

INT_NAMES = {"page", "after", "number", "factor", "stage", "revision", "cycleyear", "formingweeks",
             "carryingweeks", "participants", "limit", "offset", "year", "cycle", "level"}
DATE_NAMES = {"date", "from", "to", "startson", "endson", "visitedon", "orderdate", "verifiedon", "day"}


def param_kind(name, field_type=""):
    low = name.lower()
    if field_type in ("number", "range") or low in INT_NAMES or low.startswith(("actual-", "factor-")):
        return "int"
    if field_type == "date" or low in DATE_NAMES or low.endswith(("on", "date")):
        return "date"
    return "text"


def realize(value):
    return value() if callable(value) else value


def encode_component(label_kind, value):
    """A value as it goes into a URL query, a form body or a path segment."""
    if label_kind == "raw":
        return value
    return urllib.parse.quote(value, safe="")


# ---------------------------------------------------------------------------------------------- bodies

def urlencoded(pairs):
    """pairs: [(name, kind, value)]; raw kinds are not re-escaped."""
    return "&".join(f"{urllib.parse.quote(n, safe='[]')}={encode_component(k, v)}" for n, k, v in pairs).encode()


def raw_bytes(kind, value):
    if kind == "raw":
        try:
            return urllib.parse.unquote_to_bytes(value)
        except Exception:
            return value.encode()
    return value.encode("utf-8", "surrogatepass")


def multipart(pairs, files=(), boundary="medkfuzzBOUNDARY"):
    """pairs: [(name, kind, value)]; files: [(name, filename, content_type, bytes)]."""
    out = bytearray()
    for name, kind, value in pairs:
        out += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n".encode()
        out += raw_bytes(kind, value) + b"\r\n"
    for name, filename, ctype, content in files:
        fname = filename.replace('"', "%22").encode("utf-8", "surrogatepass")
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"").encode() + fname
        out += f"\"\r\nContent-Type: {ctype}\r\n\r\n".encode() + content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


FILE_NAMES = ["a.pdf", "../../../../tmp/x.pdf", "a\x00.pdf", "x" * 5000 + ".pdf", "con", ".", "", "файл.xlsx",
              "a.csv", "a.xlsx", "a.json", "😀.docx", "a\r\nb.pdf", "/etc/passwd", "a.PDF.exe", "%00.pdf"]


def file_contents(rng, seeds):
    """Some file bodies: mutated downloads (templates, exports) of the demo, CSV with nasty cells, junk."""
    choice = rng.randrange(9)
    if choice == 0:
        return b""
    if choice == 1:
        return b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2000)))
    if choice == 2:
        cells = [rng.choice([v for _, v in INT_VALUES + DATE_VALUES + TEXT_VALUES]) for _ in range(12)]
        sep = rng.choice([";", ",", "\t"])
        rows = [sep.join(cells[:6]), sep.join(cells[6:]), sep.join(c.replace(sep, "") for c in cells)]
        text = "\r\n".join(rows)
        return text.encode(rng.choice(["utf-8", "cp1251"]), "replace")
    if choice == 3:
        return b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(rng.randrange(10, 3000)))
    if choice == 4:
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(rng.randrange(10, 3000)))
    if choice == 5:
        return b"{" * 5000 + b"}" * 5000
    if seeds:
        seed = bytearray(rng.choice(seeds))
        if not seed:
            return b""
        mode = rng.randrange(3)
        if mode == 0:
            return bytes(seed[:rng.randrange(len(seed))])
        if mode == 1:
            for _ in range(rng.randrange(1, 20)):
                seed[rng.randrange(len(seed))] = rng.randrange(256)
            return bytes(seed)
        if b";" in seed[:4000] or b"," in seed[:4000]:
            text = seed.decode("utf-8", "replace")
            nasty = rng.choice([v for _, v in INT_VALUES + DATE_VALUES + TEXT_VALUES])
            return text.replace(";", ";" + nasty, rng.randrange(1, 5)).encode("utf-8", "replace")
        return bytes(seed) + bytes(seed)
    return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000)))


def malformed_bodies(rng, fields, csrf):
    """(label, content_type or None, body) of bodies a parser may choke on."""
    base_pairs = [("_csrf", "text", csrf)] + [(n, "text", v) for n, v in fields]
    body, ctype = multipart(base_pairs, [("file", "a.pdf", "application/pdf", b"%PDF-1.4\nxx")])
    cut = rng.randrange(1, max(2, len(body) - 1))
    boundary = "medkfuzzBOUNDARY"
    choices = [
        ("empty-form-body", "application/x-www-form-urlencoded", b""),
        ("empty-multipart-body", ctype, b""),
        ("no-content-type", None, urlencoded(base_pairs)),
        ("truncated-multipart", ctype, body[:cut]),
        ("multipart-no-boundary", "multipart/form-data", body),
        ("multipart-wrong-boundary", "multipart/form-data; boundary=other", body),
        ("multipart-empty-boundary", "multipart/form-data; boundary=", body),
        ("multipart-long-boundary", "multipart/form-data; boundary=" + "b" * 5000, body),
        ("multipart-quoted-boundary", f'multipart/form-data; boundary="{boundary}"', body),
        ("multipart-no-closing", ctype, body.replace(f"--{boundary}--".encode(), b"")),
        ("multipart-garbage", ctype, bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))),
        ("multipart-headers-only", ctype, f"--{boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n".encode()),
        ("multipart-no-disposition", ctype, f"--{boundary}\r\nX: y\r\n\r\nzzz\r\n--{boundary}--\r\n".encode()),
        ("multipart-nameless", ctype, f"--{boundary}\r\nContent-Disposition: form-data\r\n\r\nzzz\r\n--{boundary}--\r\n".encode()),
        ("multipart-huge-header", ctype,
         f"--{boundary}\r\nContent-Disposition: form-data; name=\"{'n' * 100_000}\"\r\n\r\nz\r\n--{boundary}--\r\n".encode()),
        ("multipart-1000-parts", ctype, multipart([(f"f{i}", "text", "v") for i in range(1000)] + base_pairs)[0]),
        ("json-body", "application/json", b'{"_csrf": "' + csrf.encode() + b'", "a": [1, {"b": null}]}'),
        ("json-deep", "application/json", b"[" * 100_000 + b"]" * 100_000),
        ("json-garbage", "application/json", b'{"a":'),
        ("text-plain", "text/plain", b"hello"),
        ("xml", "application/xml", b"<?xml version='1.0'?><!DOCTYPE a [<!ENTITY b 'c'>]><a>&b;</a>"),
        ("image", "image/png", b"\x89PNG\r\n\x1a\n"),
        ("charset-bogus", "application/x-www-form-urlencoded; charset=bogus", urlencoded(base_pairs)),
        ("form-bad-escapes", "application/x-www-form-urlencoded", b"a=%ZZ&&&===&%&b=%FF%FE&c"),
        ("form-deep-keys", "application/x-www-form-urlencoded", ("a" + "[b]" * 2000 + "=1").encode()),
        ("form-array-keys", "application/x-www-form-urlencoded", b"a[]=1&a[]=2&a[0]=3&a[x]=4&[]=5&[=6&]=7"),
        ("form-dup-fields", "application/x-www-form-urlencoded",
         urlencoded(base_pairs + [(n, "text", "x") for n, _ in fields] * 3)),
        ("form-10k-fields", "application/x-www-form-urlencoded",
         b"&".join(b"k%d=v" % i for i in range(10_000))),
        ("form-1mb-value", "application/x-www-form-urlencoded", urlencoded(base_pairs + [("x", "text", "y" * BIG)])),
        ("form-11mb", "application/x-www-form-urlencoded", urlencoded(base_pairs + [("x", "text", "y" * (11 * BIG))])),
        ("multipart-11mb", ctype, multipart(base_pairs, [("file", "big.pdf", "application/pdf", b"%PDF" + b"0" * (11 * BIG))])[0]),
    ]
    return choices[rng.randrange(len(choices))]


RAW_PROTOCOL_CASES = [
    ("content-length-larger-than-body", lambda p, c: (
        f"POST {p} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {c}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: 100000\r\n\r\na=1").encode()),
    ("bad-chunk-size", lambda p, c: (
        f"POST {p} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {c}\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n").encode()),
    ("negative-content-length", lambda p, c: (
        f"POST {p} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {c}\r\nContent-Length: -1\r\n\r\n").encode()),
    ("two-content-lengths", lambda p, c: (
        f"POST {p} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {c}\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde").encode()),
    ("chunked-and-length", lambda p, c: (
        f"POST {p} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {c}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").encode()),
    ("huge-header", lambda p, c: (
        f"GET {p} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {c}\r\nX-Big: {'a' * 200_000}\r\n\r\n").encode()),
    ("huge-cookie", lambda p, c: (
        f"GET {p} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: medk_session={'a' * 100_000}\r\n\r\n").encode()),
    ("bad-cookie", lambda p, c: (
        f"GET {p} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: medk_session=%FF%FE\x01; ;;=; medk_csrf=\r\n\r\n").encode()),
    ("raw-8bit-path", lambda p, c: b"GET " + p.encode() + b"/\xff\xfe\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
    ("unknown-method", lambda p, c: f"BREW {p} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()),
    ("http-0.9", lambda p, c: f"GET {p}\r\n\r\n".encode()),
    ("http-2-preface", lambda p, c: b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
    ("no-host", lambda p, c: f"GET {p} HTTP/1.1\r\nCookie: {c}\r\n\r\n".encode()),
    ("absolute-uri", lambda p, c: f"GET http://evil.example{p} HTTP/1.1\r\nHost: evil.example\r\nCookie: {c}\r\n\r\n".encode()),
    ("long-uri", lambda p, c: f"GET {p}?q={'a' * 300_000} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {c}\r\n\r\n".encode()),
    ("garbage", lambda p, c: bytes(range(256)) * 10),
    ("expect-100", lambda p, c: (
        f"POST {p} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {c}\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n").encode()),
    ("pipelined", lambda p, c: (f"GET {p} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {c}\r\n\r\n" * 50).encode()),
]


# ---------------------------------------------------------------------------------------------- fuzzer

class Budget:
    def __init__(self, seconds):
        self.start = time.monotonic()
        self.end = self.start + seconds

    def left(self):
        return self.end - time.monotonic()


class Category:
    def __init__(self, name):
        self.name = name
        self.requests = 0
        self.routes = set()
        self.crashes = 0
        self.errors = 0
        self.changed = 0
        self.dropped = 0

    def line(self):
        return (f"fuzz[{self.name}]: {self.requests} requests, {len(self.routes)} routes, {self.crashes} crashes, "
                f"{self.errors} 5xx, {self.changed} refused-but-changed, {self.dropped} answered-nothing")


def clip(text, limit=400):
    """Long runs of one character shortened (a 5000-character path stays readable), then cut at `limit`."""
    text = re.sub(r"(.)\1{15,}", lambda m: m.group(1) * 3 + f"…(×{len(m.group(0))})", str(text))
    return text if len(text) <= limit else text[:limit] + "…"


def request_excerpt(headers, body, limit=1500):
    """The request's headers and the start of its body, for the JSON report (to reproduce a failure)."""
    head = {k: clip(v, 200) for k, v in (headers or {}).items()}
    return {"headers": head, "body": clip(repr((body or b"")[:limit]), limit + 200),
            "body_bytes": len(body or b"")}


def short(value, limit=70):
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 12] + f"…[{len(value)} chars]"


class Fuzzer:
    """Sends the requests and keeps the score: crashes, 5xx, refused requests that changed the database."""

    def __init__(self, server, budget):
        self.server = server
        self.budget = budget
        self.counts = Counts(server.db_path)
        self.clients = {ANON: Client(server.port)}
        for login in ROLES + [SPARE_LOGIN]:
            self.clients[login] = Client(server.port, login)
        self.roles = [ANON] + ROLES
        self.categories = {}
        self.failures = []
        self.notes = []
        self.history = []          # the last few requests, for a crash's attribution
        self.table = None
        self.instances = {}        # (method, template) -> [(role, params)]
        self.pools = {}            # param name -> [values]
        self.forms = {}            # POST template -> [(role, path, enctype, fields)]
        self.query_names = {}      # GET template -> {names seen in links and GET forms}
        self.seeds = []            # bytes of downloads (templates, exports): file mutation seeds
        self.protected = set()
        self.session_drops = 0
        self.restarts = 0
        self.slowest = []
        self.db_checked = 0

    # ---- scoring

    def category(self, name):
        if name not in self.categories:
            self.categories[name] = Category(name)
        return self.categories[name]

    def totals(self):
        cats = self.categories.values()
        routes = set().union(*[c.routes for c in cats]) if cats else set()
        return (sum(c.requests for c in cats), len(routes), sum(c.crashes for c in cats), sum(c.errors for c in cats),
                sum(c.changed for c in cats))

    def summary_lines(self):
        lines = [c.line() for c in self.categories.values()]
        n, r, crashes, errors, changed = self.totals()
        lines.append(f"fuzz: {n} requests, {r} routes, {crashes} crashes, {errors} 5xx, {changed} refused-but-changed")
        return lines

    def crash_detail(self, log_offset, returncode):
        """The runtime's message and the top frames (symbolized with addr2line), from the log since the request."""
        text = self.server.log_since(log_offset)
        messages = [line.strip() for line in text.splitlines()
                    if re.search(r"Fatal error|fatal error|Precondition failed|Assertion failed|precondition|"
                                 r"Program crashed|overflow|Illegal instruction|Segmentation", line)][:3]
        offsets = [int(o) for o in re.findall(r"^\d+\s+medk\s+0x[0-9a-f]+ <unavailable> \+ (\d+)", text, re.M)][:40]
        frames = symbolize(str(self.server.bin), offsets) if offsets else []
        app = [f for f in frames if "Sources/MEDK" in f]
        chosen = list(dict.fromkeys(app[:3] + frames[:1]))
        signal = f"signal {-returncode}" if isinstance(returncode, int) and returncode < 0 else f"exit {returncode}"
        return " | ".join([signal] + messages + chosen)[:900]

    # ---- sending

    def ensure_signed_in(self, role):
        client = self.clients[role]
        if role == ANON:
            if not client.csrf:
                client.sign_in()
            return client
        if not client.signed_in and not client.disabled:
            for _ in range(3):
                response = client.sign_in()
                if client.signed_in:
                    break
                self.notes.append(f"sign-in of {role} answered {response.status}")
                time.sleep(0.5)
            else:
                client.disabled = True
                self.notes.append(f"HARNESS: {role} can no longer sign in; its requests are skipped from now on")
        return client

    def send(self, category, role, method, template, target, headers=None, body=None, summary="", check_db=None,
             client=None):
        """One request; returns the Response or None. Records crashes, 5xx and refused-but-changed.
        `client`: a client used as it is (no sign-in first)."""
        cat = self.category(category)
        own_client = client is not None
        client = client or self.ensure_signed_in(role)
        if client.disabled:
            return None
        if check_db is None:
            check_db = method not in ("GET", "HEAD")
        before = self.counts.snapshot() if check_db else None
        cat.requests += 1
        cat.routes.add(f"{method} {template}")
        entry = (category, role, method, template, summary)
        self.history = (self.history + [entry])[-3:]
        response, problem = None, ""
        log_offset = self.server.log_size()
        started = time.monotonic()
        try:
            response = client.request(method, target, headers, body)
        except RequestFailed as error:
            problem = str(error)
        took = time.monotonic() - started
        if len(self.slowest) < 15 or took > self.slowest[-1][0]:
            self.slowest = sorted(self.slowest + [(round(took, 3), category, role, method, template, summary,
                                                   response.status if response else problem)], reverse=True)[:15]
        if response is None or not self.server.alive():
            dead = self.wait_dead_or_alive()
            if dead:
                cat.crashes += 1
                self.failures.append({"kind": "crash", "category": category, "role": role, "method": method,
                                      "template": template, "target": target[:300], "summary": summary,
                                      "status": "no answer: " + problem if response is None else response.status,
                                      "previous": self.history[:-1], "request": request_excerpt(headers, body),
                                      "detail": self.crash_detail(log_offset, self.server.process.returncode)})
                self.restart_after_crash()
                return None
            if response is None:
                cat.dropped += 1
                self.notes.append(f"no answer (server alive): {method} {template} as {role}: {summary} ({problem})")
                return None
        if response.status >= 500:
            cat.errors += 1
            errors = [clip(line.strip(), 300) for line in self.server.log_since(log_offset).splitlines()
                      if "[ ERROR ]" in line or "[ CRITICAL ]" in line]
            self.failures.append({"kind": "5xx", "category": category, "role": role, "method": method,
                                  "template": template, "target": target[:300], "summary": summary,
                                  "status": response.status, "detail": " | ".join(errors[:2]),
                                  "request": request_excerpt(headers, body)})
        elif check_db and 400 <= response.status < 500 and before is not None:
            self.db_checked += 1
            after = self.counts.snapshot()
            if after is not None:
                changed = {t: (before.get(t), after.get(t)) for t in set(before) | set(after)
                           if before.get(t) != after.get(t)}
                if template == "/login":  # a failed sign-in is audited by design
                    changed = {t: v for t, v in changed.items() if "audit" not in t}
                if changed:
                    cat.changed += 1
                    self.failures.append({"kind": "refused-but-changed", "category": category, "role": role,
                                          "method": method, "template": template, "target": target[:300],
                                          "summary": summary, "status": response.status, "tables": changed})
        if role != ANON and not own_client and client.signed_in and response.status in (302, 303) and \
                (response.header("Location") or "").startswith("/login"):
            self.session_drops += 1
            self.notes.append(f"session of {role} dropped after {method} {template} ({summary})")
            client.cookies.pop("medk_session", None)
        return response

    def wait_dead_or_alive(self, seconds=30):
        """After a request got no answer: True when the process died (waits out a crash's backtrace)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.server.alive():
                return True
            if self.server.healthy(timeout=1):
                return False
            time.sleep(0.3)
        # Hung: neither answering nor gone. Count it as a crash and start afresh.
        self.notes.append(f"server hung (no /healthz for {seconds} s); killed")
        self.server.process.kill()
        self.server.process.wait(timeout=10)
        return True

    def restart_after_crash(self):
        self.counts.reset()
        self.server.restart()
        self.restarts += 1

    # ---- discovery

    def discover(self, routes, seconds):
        """Crawls the demo as every role for `seconds`: path parameter values, forms, links' query names."""
        self.table = RouteTable(routes)
        deadline = time.monotonic() + seconds
        starts = [t for m, t in routes if m == "GET" and not route_params(t) and t != "/healthz"]
        roles = list(self.roles)
        per_role = max(1.0, seconds / len(roles))
        for role in roles:
            role_deadline = min(deadline, time.monotonic() + per_role)
            queue = list(starts)
            seen = set()
            visits = {}
            while queue and time.monotonic() < role_deadline and len(seen) < 150:
                path = queue.pop(0)
                if path in seen:
                    continue
                seen.add(path)
                template, _ = self.table.match("GET", path)
                response = self.send("crawl", role, "GET", template or path, path, summary="crawl")
                if response is None:
                    continue
                ctype = response.header("Content-Type") or ""
                if "html" not in ctype:
                    if response.status == 200 and response.body and len(self.seeds) < 12 and len(response.body) < 4 * BIG:
                        self.seeds.append(response.body)
                    continue
                page = parse_page(response.text)
                for href in page.links:
                    target = self.note_link(role, "GET", href)
                    if target:
                        t, _ = self.table.match("GET", target)
                        if t and visits.get(t, 0) < 3:
                            visits[t] = visits.get(t, 0) + 1
                            queue.append(target)
                for form in page.forms:
                    self.note_form(role, path, form)
        for key in self.instances:
            self.instances[key] = self.instances[key][:40]

    def note_link(self, role, method, href):
        parts = urllib.parse.urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return None
        template, params = self.table.match(method, parts.path)
        if template is None:
            return None
        if parts.query and method == "GET":
            names = self.query_names.setdefault(template, set())
            names.update(n for n, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        if params:
            real = {p: params[re.sub(r"[^A-Za-z0-9_]", "_", p)] for p in route_params(template)}
            instances = self.instances.setdefault((method, template), [])
            if (role, real) not in instances:
                instances.append((role, real))
            for name, value in real.items():
                pool = self.pools.setdefault(name, [])
                if value not in pool and len(pool) < 40:
                    pool.append(value)
        return parts.path

    def note_form(self, role, page_path, form):
        action = form["action"] or page_path
        path = urllib.parse.urlsplit(action).path
        if form["method"] == "GET":
            template, _ = self.table.match("GET", path)
            if template:
                self.query_names.setdefault(template, set()).update(f["name"] for f in form["fields"])
            return
        if self.note_link(role, "POST", action) is None:
            return
        template, _ = self.table.match("POST", path)
        fields = [(f["name"], f["type"], f["value"] if (f["type"] not in ("checkbox", "radio") or f["checked"])
                   else None, f["options"]) for f in form["fields"]]
        known = self.forms.setdefault(template, [])
        if len(known) < 30 and not any(k[0] == role and k[1] == action for k in known):
            known.append((role, action, form["enctype"], fields))

    def add_db_values(self):
        for name, values in db_param_values(self.counts).items():
            pool = self.pools.setdefault(name, [])
            for v in values:
                if v not in pool and v.lower() not in [p.lower() for p in pool]:
                    pool.append(v)
        self.protected = {p.upper() for p in protected_ids(self.counts, ROLES + [SPARE_LOGIN])}
