"""Fuzz suite: no request may kill the MEDK server or make it answer 5xx, and a request it refuses (4xx)
must leave the database as it was.

Run: python3 -m pytest -q -s security/test_fuzz.py
Env: MEDK_BIN (default .build/debug/medk, copied before use), MEDK_FUZZ_SECONDS (default 180),
     MEDK_FUZZ_SEED (default none: another value explores other examples, still reproducibly),
     MEDK_FUZZ_REPORT (optional path: a JSON report of every failure and note),
     MEDK_FUZZ_BACKTRACE=1 (Swift's own crash backtraces: 10-20 s per crash; by default addr2line).

Every route of `medk routes` is fuzzed, anonymously and as the demo roles school, curator, municipal, regional,
federal and admin: query parameters (GET), path parameters, form fields (urlencoded and multipart, with the
session's CSRF token so the request reaches the handler), malformed bodies, and malformed HTTP. Values come
from hypothesis (fixed seeds, no example database) over classes of hostile input: integer overflow, huge
strings, control characters, invalid UTF-8, malformed dates and numbers.
"""
import json
import os
import random
import re
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from fuzz_support import (ALL_CLASSES, ANON, CSRF_RE, DATE_VALUES, FILE_NAMES, INT_VALUES, LONG_VALUES,
                          QUERY_LONG_VALUES, RAW_PROTOCOL_CASES, RAW_VALUES, ROLES, SPARE_LOGIN, TEXT_VALUES, Budget,
                          Client, Fuzzer, RequestFailed, Server, build_path, clip, encode_component, file_contents,
                          malformed_bodies, multipart, param_kind, raw_exchange, realize, route_params, short,
                          source_form_names, source_query_names, urlencoded)

BUDGET = float(os.environ.get("MEDK_FUZZ_SECONDS", "180"))
SEED = os.environ.get("MEDK_FUZZ_SEED", "")  # another fixed seed explores other examples
BATCH = 4  # hypothesis examples per job and round (forms get twice as many)
NIL_UUID = "00000000-0000-0000-0000-000000000000"

# Values of a path segment (already URL-encoded): not a UUID, huge and negative ints, unicode, traversal.
PATH_VALUES = [
    ("not-a-uuid", "not-a-uuid"), ("nil-uuid", NIL_UUID), ("random-uuid", "5D1E3B6A-0F1C-4C6B-9D27-3A0E1F2B4C5D"),
    ("uuid-no-dashes", "5D1E3B6A0F1C4C6B9D273A0E1F2B4C5D"), ("uuid-too-long", NIL_UUID + "0"),
    ("int-max", "9223372036854775807"), ("int-max+1", "9223372036854775808"), ("20-digits", "99999999999999999999"),
    ("int-min", "-9223372036854775808"), ("minus-one", "-1"), ("zero", "0"), ("1e400", "1e400"), ("nan", "NaN"),
    ("unicode", "%D1%88%D0%BA%D0%BE%D0%BB%D0%B0"), ("emoji", "%F0%9F%98%80"), ("invalid-utf8", "%FF%FE"),
    ("nul", "%00"), ("crlf", "%0D%0A"), ("dotdot", ".."), ("encoded-dotdot", "%2E%2E"), ("encoded-slash", "a%2Fb"),
    ("long-5000", "a" * 5000), ("long-digits", "9" * 400), ("space", "%20"), ("quote", "%27"), ("percent", "%25"),
    ("bad-escape", "%G1"), ("lone-percent", "%"), ("semicolon", ";x=1"), ("json", "%7B%7D"),
]
CSRF_MODES = ["field", "header"]  # the server takes the token from the header or the (first) form field only
OWN_QUERY = sorted(set(source_query_names()) | {"level", "back", "cycle", "_csrf", "sort", "id"})
OWN_FIELDS = source_form_names()


def rotated(items, k):
    items = list(items)
    if not items:
        return items
    k %= len(items)
    return items[k:] + items[:k]


def value_strategy(kind, k, long=True):
    """A (label, encoding, value) triple: encoding 'raw' values are sent exactly as written."""
    own = [(label, "text", v) for label, v in ((LONG_VALUES if long else []) + TEXT_VALUES if kind == "text"
                                                else ALL_CLASSES[kind])]
    everything = ([(l, "text", v) for l, v in INT_VALUES + DATE_VALUES + TEXT_VALUES] +
                  [(l, "raw", v) for l, v in RAW_VALUES] + [(l, "text", v) for l, v in (LONG_VALUES if long else [])])
    return st.one_of(
        st.sampled_from(rotated(own, k)),
        st.sampled_from(rotated(everything, k)),
        st.text(max_size=30).map(lambda s: ("random-text", "text", s)),
        st.integers(min_value=-2 ** 70, max_value=2 ** 70).map(lambda i: ("random-int", "text", str(i))),
    )


def describe(pairs):
    return clip(", ".join(f"{n}={label}" for n, label in pairs), 600)


# ------------------------------------------------------------------------------------------- the suite

@pytest.fixture(scope="module")
def fuzz():
    budget_started = time.monotonic()
    server = Server()
    server.start()
    routes = server.routes()
    assert routes, "medk routes printed no routes"
    budget = Budget(BUDGET)
    fz = Fuzzer(server, budget)
    fz.route_list = routes
    fz.job_times = []
    fz.started = budget_started
    try:
        yield fz
    finally:
        server.cleanup()


def paths_for(fz, role, method, template, k):
    """Concrete paths for a role: ones its pages linked to first, then ones from other roles and the DB."""
    params = route_params(template)
    if not params:
        return [template]
    own, other = [], []
    for who, values in fz.instances.get((method, template), []) + fz.instances.get(
            ("GET" if method == "POST" else "POST", template), []):
        if method == "POST" and any(v.upper() in fz.protected for v in values.values()):
            continue
        path = build_path(template, values)
        (own if who == role else other).append(path)
    composed = []
    for i in range(3):
        values = {}
        for p in params:
            pool = [v for v in fz.pools.get(p, []) if not (method == "POST" and v.upper() in fz.protected)]
            values[p] = pool[(k + i) % len(pool)] if pool else (NIL_UUID if p.endswith("ID") else "1")
        composed.append(build_path(template, values))
    result = []
    for path in own + other + composed:
        if path not in result:
            result.append(path)
    return result[:12]


def roles_for(method, template):
    if method == "POST" and template == "/logout":
        return [ANON, SPARE_LOGIN]
    if method == "POST" and template == "/login":
        return [ANON]
    return [ANON] + ROLES


def csrf_target(path, token, mode):
    if mode == "query":
        return path + ("&" if "?" in path else "?") + "_csrf=" + encode_component("text", token)
    return path


def touches_own_account(fz, path):
    return any(segment.upper() in fz.protected for segment in path.split("?")[0].split("/"))


def forms_for(fz, role, template):
    """The forms the crawl found for a POST route, the role's own first; none that act on the fuzz's accounts."""
    specs = [s for s in fz.forms.get(template, []) if not touches_own_account(fz, s[1])]
    own = [s for s in specs if s[0] == role]
    return own + [s for s in specs if s[0] != role][:3]


def guard_fields(template, fields):
    """Keeps the fuzz from ending its own sessions: no known password, no real grant to switch to."""
    out = []
    for name, label, kind, value in fields:
        if template == "/account/password" and name == "current" and value == "medk-demo":
            value, label = "not-the-password", "wrong-password"
        if template == "/login" and name == "login" and value in ROLES + [SPARE_LOGIN]:
            value, label = "no-such-login", "unknown-login"
        out.append((name, label, kind, value))
    return out


def must_mutate(template, name):
    return (template == "/account/role" and name == "grant") or \
           (template == "/account/password" and name == "current") or (template == "/login" and name == "login")


def run_batch(fz, name, method, template, k, examples, end, example):
    """One hypothesis run of `examples` examples of `example(data, role, k, end)`, seeded by (job, k)."""
    roles = roles_for(method, template)

    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), print_blob=False)
    @seed(zlib.crc32(f"{name} {method} {template} {k}{SEED}".encode()))
    @given(st.data())
    def run(data):
        role = data.draw(st.sampled_from(rotated(roles, k)))
        example(data, role, k, end)

    run()


def run_rounds(fz, jobs, end):
    """Breadth first: every job gets one hypothesis run per round, until `end`; each round reseeds every job
    and rotates the lists it samples from, so the first (simplest) examples differ from round to round."""
    k = 0
    while time.monotonic() < end and k < 1000:
        shift = (k * len(jobs)) // 3 % max(1, len(jobs))
        for examples, name, method, template, example in jobs[shift:] + jobs[:shift]:
            if time.monotonic() >= end:
                break
            started, sent = time.monotonic(), sum(c.requests for c in fz.categories.values())
            run_batch(fz, name, method, template, k, examples, end, example)
            fz.job_times.append((k, name, method, template, round(time.monotonic() - started, 2),
                                 sum(c.requests for c in fz.categories.values()) - sent))
        k += 1
    return k


def query_example(fz, template):
    names_here = sorted(fz.query_names.get(template, set()))
    every_name = names_here + [n for n in OWN_QUERY if n not in names_here]

    def example(data, role, k, end):
        paths = paths_for(fz, role, "GET", template, k)
        path = data.draw(st.sampled_from(paths))
        pairs, summary = [], []
        if data.draw(st.booleans()):
            # Every name the server reads at once, each with a hostile value (short ones: one URL), and maybe
            # one huge value.
            for name in every_name:
                label, enc, value = data.draw(value_strategy(param_kind(name), k, long=False))
                pairs.append((name, enc, value))
                summary.append((name, label))
            if data.draw(st.booleans()):
                name = data.draw(st.sampled_from(rotated(every_name, k)))
                label, value = data.draw(st.sampled_from(rotated(QUERY_LONG_VALUES, k)))
                pairs.append((name, "text", value))
                summary.append((name, label))
        else:
            for _ in range(data.draw(st.integers(1, 4))):
                name = data.draw(st.one_of(st.sampled_from(rotated(names_here or OWN_QUERY, k)),
                                           st.sampled_from(rotated(OWN_QUERY, k)),
                                           st.text(min_size=1, max_size=12)))
                label, enc, value = data.draw(value_strategy(param_kind(name), k))
                pairs.append((name, enc, value))
                summary.append((name, label))
        if time.monotonic() > end:
            return
        query = "&".join(f"{encode_component('text', n)}={encode_component(enc, realize(v))}" for n, enc, v in pairs)
        fz.send("query", role, "GET", template, path + "?" + query, summary=describe(summary))
    return example


def path_example(fz, method, template):
    params = route_params(template)

    def example(data, role, k, end):
        paths = paths_for(fz, role, method, template, k)
        base = data.draw(st.sampled_from(paths))
        segments = base.split("/")
        positions = [i for i, seg in enumerate(template.split("/")) if seg.startswith(":")]
        chosen = data.draw(st.lists(st.sampled_from(range(len(params))), min_size=1, max_size=len(params), unique=True))
        summary = []
        for index in chosen:
            other_pool = [v for pool in fz.pools.values() for v in pool[:3]
                          if not (method == "POST" and v.upper() in fz.protected)] or [NIL_UUID]
            label, value = data.draw(st.one_of(st.sampled_from(rotated(PATH_VALUES, k)),
                                               st.sampled_from(other_pool).map(lambda v: ("other-id", v))))
            segments[positions[index]] = value
            summary.append((params[index], label))
        if time.monotonic() > end:
            return
        path = "/".join(segments)
        client = fz.ensure_signed_in(role)
        if method == "GET":
            fz.send("path", role, method, template, path, summary=describe(summary))
        else:
            body = urlencoded([("_csrf", "text", client.csrf)])
            fz.send("path", role, method, template, path, {"Content-Type": "application/x-www-form-urlencoded",
                                                              "X-CSRF-Token": client.csrf}, body,
                    summary=describe(summary))
    return example


def form_example(fz, template):
    def example(data, role, k, end):
        client = fz.ensure_signed_in(role)
        specs = forms_for(fz, role, template)
        if specs:
            _, action, enctype, fields = data.draw(st.sampled_from(specs))
            path = action.split("?")[0]
            base = [(n, t, v, opts) for n, t, v, opts in fields if v is not None and n != "_csrf"]
        else:
            paths = paths_for(fz, role, "POST", template, k)
            path = data.draw(st.sampled_from(paths))
            enctype = "application/x-www-form-urlencoded"
            picked = data.draw(st.lists(st.sampled_from(OWN_FIELDS), min_size=1, max_size=6, unique=True))
            base = [(n, "text", "", []) for n in picked]
        values, files, summary = [], [], []
        mutated = 0
        mutate_all = data.draw(st.integers(0, 2)) == 0
        for name, kind, value, options in base:
            if kind == "file":
                filename = data.draw(st.sampled_from(rotated(FILE_NAMES, k)))
                salt = data.draw(st.integers(0, 2 ** 31))
                files.append((name, filename, data.draw(st.sampled_from(
                    ["application/pdf", "text/csv", "application/octet-stream", "", "a/b/c; x=\"\r\n"])), salt))
                summary.append((name, f"file {short(filename, 30)}"))
                continue
            action = "mutate" if must_mutate(template, name) or mutate_all else \
                data.draw(st.sampled_from(["keep", "keep", "mutate", "mutate", "drop", "option"]))
            if action == "keep":
                values.append((name, "default", "text", value))
            elif action == "option" and options:
                values.append((name, "option", "text", data.draw(st.sampled_from(options))))
            elif action == "drop":
                summary.append((name, "dropped"))
            else:
                label, enc, v = data.draw(value_strategy(param_kind(name, kind), k))
                values.append((name, label, enc, v))
                summary.append((name, label))
                mutated += 1
        for _ in range(data.draw(st.integers(0, 2) if mutated else st.integers(1, 2))):
            name = data.draw(st.one_of(st.sampled_from(rotated(OWN_FIELDS, k)), st.text(min_size=1, max_size=10)))
            label, enc, v = data.draw(value_strategy(param_kind(name), k))
            values.append((name, label, enc, v))
            summary.append(("+" + name, label))
        as_multipart = data.draw(st.booleans()) if "multipart" not in enctype else data.draw(
            st.sampled_from([True, True, True, False]))
        csrf_mode = data.draw(st.sampled_from(CSRF_MODES))
        if time.monotonic() > end:
            return
        values = guard_fields(template, values)
        pairs = [(n, enc, realize(v)) for n, _, enc, v in values]
        headers = {}
        if csrf_mode == "field":
            pairs.insert(0, ("_csrf", "text", client.csrf))  # first: a streamed upload reads it before the file
        elif csrf_mode == "header":
            headers["X-CSRF-Token"] = client.csrf
        if as_multipart or files:
            body, ctype = multipart(pairs, [(n, fname, ct, file_contents(random.Random(salt), fz.seeds))
                                            for n, fname, ct, salt in files])
        else:
            body, ctype = urlencoded(pairs), "application/x-www-form-urlencoded"
        headers["Content-Type"] = ctype
        target = csrf_target(path, client.csrf, csrf_mode)
        kind = "multipart" if (as_multipart or files) else "form"
        fz.send(kind, role, "POST", template, target, headers, body, summary=describe(summary))
    return example


def body_example(fz, template):
    def example(data, role, k, end):
        client = fz.ensure_signed_in(role)
        specs = forms_for(fz, role, template)
        if specs:
            _, action, _, fields = data.draw(st.sampled_from(specs))
            path = action.split("?")[0]
            defaults = [(n, v) for n, t, v, _ in fields if v is not None and n != "_csrf" and t != "file"]
        else:
            path = data.draw(st.sampled_from(paths_for(fz, role, "POST", template, k)))
            defaults = []
        salt = data.draw(st.integers(0, 2 ** 31))
        csrf_mode = data.draw(st.sampled_from(CSRF_MODES))
        if time.monotonic() > end:
            return
        defaults = [(n, "x" if template == "/account/password" else v) for n, v in defaults]
        label, ctype, body = malformed_bodies(random.Random(salt), defaults, client.csrf)
        headers = {} if ctype is None else {"Content-Type": ctype}
        if csrf_mode == "header":
            headers["X-CSRF-Token"] = client.csrf
        fz.send("body", role, "POST", template, csrf_target(path, client.csrf, csrf_mode), headers, body,
                summary=f"{label} ({len(body)} bytes, csrf in {csrf_mode})")
    return example


def login_next_example(fz):
    nexts = [(l, "text", v) for l, v in TEXT_VALUES] + [(l, "raw", v) for l, v in RAW_VALUES] + [
        ("path-crlf", "text", "/home\r\nLocation: //evil.example"), ("path-nul", "text", "/home\x00"),
        ("path-long", "text", "/" + "a" * 50_000), ("path-unicode", "text", "/школы"),
        ("path-invalid-utf8", "raw", "/%FF%FE"), ("path-tab", "text", "/\thome")]

    def example(data, role, k, end):
        label, enc, value = data.draw(st.sampled_from(rotated(nexts, k)))
        if time.monotonic() > end:
            return
        client = Client(fz.server.port)  # anonymous: signs in as the spare account with a hostile `next`
        try:
            response = client.request("GET", "/login")
        except RequestFailed:
            return
        found = CSRF_RE.search(response.text)
        token = found.group(1) if found else ""
        body = ("_csrf=" + encode_component("text", token) + "&login=" + SPARE_LOGIN + "&password=medk-demo&next=" +
                encode_component(enc, value)).encode()
        response = fz.send("login-next", SPARE_LOGIN, "POST", "/login", "/login",
                {"Content-Type": "application/x-www-form-urlencoded"}, body, summary=f"next={label}",
                check_db=False, client=client)
        if response is not None and ([k.lower() for k, _ in response.headers].count("location") > 1
                                     or any("pwn" in v or "evil.example" in v for k, v in response.headers)):
            fz.notes.append(f"SECURITY: sign-in with next={label} answered headers {response.headers}")
        if response is not None and response.status != 303:
            fz.notes.append(f"sign-in with next={label} answered {response.status}, not 303")
    return example


def protocol_cases(fz, end):
    """Malformed HTTP on raw sockets (not hypothesis: a fixed list), as the school and anonymously."""
    targets = ["/", "/schools", "/login"]
    cat = fz.category("protocol")
    for role in [ANON, "school"]:
        client = fz.ensure_signed_in(role)
        cookie = client.cookie_header()
        for path in targets:
            for label, build in RAW_PROTOCOL_CASES:
                if time.monotonic() > end:
                    return
                cat.requests += 1
                cat.routes.add(f"GET {path}")
                log_offset = fz.server.log_size()
                try:
                    status = raw_exchange(fz.server.port, build(path, cookie))
                except OSError:
                    status = None
                if status is not None and status >= 500:
                    cat.errors += 1
                    fz.failures.append({"kind": "5xx", "category": "protocol", "role": role, "method": "RAW",
                                        "template": path, "target": path, "summary": label, "status": status})
                if not fz.server.alive() or (status is None and not fz.server.healthy(timeout=5)):
                    if fz.wait_dead_or_alive():
                        cat.crashes += 1
                        fz.failures.append({"kind": "crash", "category": "protocol", "role": role, "method": "RAW",
                                            "template": path, "target": path, "summary": label, "status": status,
                                            "detail": fz.crash_detail(log_offset, fz.server.process.returncode)})
                        fz.restart_after_crash()


def test_no_request_kills_the_server_or_answers_5xx(fuzz):
    fz = fuzz
    routes = fz.route_list
    tables = fz.counts.snapshot()
    assert tables and len(tables) >= 10, f"cannot count the rows of {fz.server.db_path}: {tables}"
    for role in ROLES:
        fz.ensure_signed_in(role)
        assert fz.clients[role].signed_in, f"could not sign in as {role}: {fz.notes[-3:]}"
    fz.discover(routes, seconds=min(30.0, 0.12 * BUDGET))
    fz.add_db_values()

    jobs = []  # (examples per round, category, method, template, example)
    for method, template in routes:
        if method == "GET":
            jobs.append((BATCH, "query", method, template, query_example(fz, template)))
        if method == "POST":
            jobs.append((2 * BATCH, "form", method, template, form_example(fz, template)))
    for method, template in routes:
        if route_params(template):
            jobs.append((BATCH, "path", method, template, path_example(fz, method, template)))
        if method == "POST":
            jobs.append((BATCH, "body", method, template, body_example(fz, template)))
    reserve = min(20.0, 0.1 * BUDGET)  # for malformed HTTP and signing in with hostile `next` values
    rounds = run_rounds(fz, jobs, fz.budget.end - reserve)

    half = time.monotonic() + max(0.0, fz.budget.left()) / 2
    k = 0
    while time.monotonic() < half and k < 20:
        run_batch(fz, "login-next", "POST", "/login", k, 4, half, login_next_example(fz))
        k += 1
    protocol_cases(fz, max(fz.budget.end, time.monotonic() + 5))

    alive = fz.server.alive() and fz.server.healthy()
    print(f"fuzz-info: {rounds} rounds over {len(jobs)} jobs; {fz.db_checked} refused requests checked against the "
          f"row counts of {len(tables)} tables; {fz.restarts} restarts after crashes; "
          f"{sum(c.dropped for c in fz.categories.values())} requests answered nothing (server alive); "
          f"{fz.session_drops} session drops", flush=True)
    for line in [n for n in fz.notes if n.startswith(("HARNESS", "SECURITY"))]:
        print(line, flush=True)
    report = os.environ.get("MEDK_FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps({"summary": fz.summary_lines(), "failures": fz.failures,
                                            "notes": fz.notes, "jobs": fz.job_times,
                                            "slowest": fz.slowest}, ensure_ascii=False, indent=1, default=str))
    for line in fz.summary_lines():
        print(line, flush=True)
    n, r, crashes, errors, changed = fz.totals()
    order = {"crash": 0, "5xx": 1, "refused-but-changed": 2}
    failures = sorted(fz.failures, key=lambda f: order.get(f["kind"], 3))
    causes = {}
    for f in failures:
        cause = re.sub(r"\[request-id: [^\]]*\]|'/[^']*'", "…", str(f.get("detail") or f.get("tables") or ""))
        key = f"{f['kind']}: {clip(cause, 200)}"
        causes.setdefault(key, set()).add(f"{f['method']} {f['template']}")
    offending = [clip(f"{f['kind']}: {f['method']} {f['template']} as {f['role']} [{f['summary']}] -> {f['status']}"
                      + (f" {f['tables']}" if "tables" in f else "")
                      + (f" :: {f['detail']}" if f.get("detail") else ""), 700)
                 for f in failures]
    distinct = list(dict.fromkeys(offending))
    assert alive, "the server is not alive at the end of the fuzz run:\n" + fz.server.log_tail()
    assert (crashes, errors, changed) == (0, 0, 0), (
        f"{crashes} crashes, {errors} 5xx, {changed} refused-but-changed\nby cause:\n"
        + "\n".join(f"  {key} — {len(routes)} routes, e.g. {', '.join(sorted(routes)[:3])}" for key, routes in causes.items())
        + f"\nfirst {min(30, len(distinct))} distinct requests:\n" + "\n".join(distinct[:30]))
