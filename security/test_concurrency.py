"""Concurrency suite: every create/import path fired 10× at once (threads, each its own HTTP connection, the same
signed-in session) must write exactly the rows ONE request writes, and every answer must be 2xx/3xx or a clean
409/422 — never a 5xx. Runs on a SQLite file (the default) and on PostgreSQL (production); PostgreSQL is skipped,
saying why, only when pg_ctlcluster is not installed.

Not here: chat posts and visit logs (no natural key: ten posts are ten messages by design).

Run: MEDK_BIN=/tmp/authz-medk/medk python3 -m pytest -q -s security/test_concurrency.py
"""
import threading
import time

import pytest

import authz_support as support
from authz_support import Client, sql_uuid

PARALLEL = 10
NEW_PASSWORD = "medk-security-1"
OUTCOMES = {}  # database kind → list of (path, duplicates, 5xx, detail)


def uid_eq(db, column):
    return f"{sql_uuid(db, column)} = lower(?)"


def one_id(db, table, where, params=()):
    rows = db.query(f'SELECT {sql_uuid(db, "id")} FROM "{table}" WHERE {where}', params)
    assert rows, f"fixture not found in {table}: {where} {params}"
    return rows[0][0]


def fire(client, requests_):
    """Sends the prepared requests at once (a barrier lines the threads up); returns the responses."""
    barrier = threading.Barrier(len(requests_))
    results = [None] * len(requests_)

    def worker(index, method, path, fields, files):
        twin = client.twin()
        try:
            barrier.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass
        try:
            results[index] = twin.post(path, fields, files) if method == "POST" else twin.get(path)
        except Exception as error:  # noqa: BLE001 — a dropped connection is a finding, not a crash of the suite
            results[index] = error

    threads = [threading.Thread(target=worker, args=(i, *req)) for i, req in enumerate(requests_)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return results


def clean(response):
    if isinstance(response, Exception):
        return False
    return 200 <= response.status < 400 or response.status in (409, 422)


class Path_:
    """One path: how to prepare it, the request, and how many rows one request writes (a count query)."""

    def __init__(self, name, login, request, count, expected, prepare=None):
        self.name, self.login, self.request, self.count, self.expected, self.prepare = (
            name, login, request, count, expected, prepare)


def paths(db, ctx):
    """The create/import paths; `ctx` holds ids found or created by the prepare steps."""
    school_header = ["Регион", "Муниципалитет", "Полное наименование", "Краткое наименование", "Адрес", "Тип местности",
                     "Код ОО"]
    user_header = ["Логин", "ФИО", "E-mail", "Телефон", "Роль", "Регион", "Муниципалитет", "Код ОО", "Школа", "Пароль"]
    names3 = [f"МБОУ «Параллельная школа {n}»" for n in (1, 2, 3)]

    def count_schools(names):
        return lambda: db.count("schools", "full_name IN (" + ",".join("?" * len(names)) + ")", tuple(names))

    def count_participations_of(names):
        placeholders = ",".join("?" * len(names))
        return lambda: db.scalar(
            f"SELECT COUNT(*) FROM participations p JOIN schools s ON {sql_uuid(db, 'p.school_id')} = {sql_uuid(db, 's.id')} "
            f"WHERE s.full_name IN ({placeholders})", tuple(names))

    def count_users(logins):
        placeholders = ",".join("?" * len(logins))
        return lambda: (db.count("users", f"login IN ({placeholders})", tuple(logins)),
                        db.scalar(f"SELECT COUNT(*) FROM role_grants g JOIN users u ON {sql_uuid(db, 'g.user_id')} = "
                                  f"{sql_uuid(db, 'u.id')} WHERE u.login IN ({placeholders})", tuple(logins)))

    def prepare_outside_school(clients):
        # A school not yet in the cycle, to include it.
        r = clients["admin"].post("/schools", {"fullName": "МБОУ «Школа вне цикла»", "shortName": "Вне цикла",
                                               "locality": "rural", "municipality": ctx["krasninsky"]})
        assert r.status in (302, 303), f"create school outside the cycle: {r} {r.text[:300]}"
        ctx["outside"] = one_id(db, "schools", "full_name = ?", ("МБОУ «Школа вне цикла»",))

    def prepare_run(clients):
        r = clients["municipal"].post("/monitoring/runs", {"instrument": ctx["instrument"], "period": "подготовка",
                                                           "startsOn": "2021-01-01", "endsOn": "2021-12-31"})
        assert r.status in (302, 303), f"open a run for subjects: {r} {r.text[:300]}"
        ctx["run"] = one_id(db, "monitoring_runs", "period = ?", ("подготовка",))

    def prepare_grant_target(clients):
        r = clients["admin"].post("/users", {"login": "parallel_target", "fullName": "Цель выдачи", "email": "",
                                             "password": NEW_PASSWORD, "role": "school", "school": ctx["gusino"]})
        assert r.status in (302, 303), f"create user for grants: {r} {r.text[:300]}"
        ctx["target"] = one_id(db, "users", "login = 'parallel_target'")

    def participation_count(table, school_key):
        return lambda: db.scalar(
            f"SELECT COUNT(*) FROM {table} t JOIN participations p ON {sql_uuid(db, 't.participation_id')} = "
            f"{sql_uuid(db, 'p.id')} WHERE {sql_uuid(db, 'p.school_id')} = lower(?)", (ctx[school_key],))

    def verification_request(clients):
        form = clients["curator"].form(f"/schools/{ctx['gusino']}/verification", "/verification")
        values = dict(form["fields"])
        values.pop("verified", None)
        return "POST", form["action"], values, None

    return [
        Path_("POST /schools (create school)", "municipal",
              lambda c: ("POST", "/schools", {"fullName": "МБОУ «Параллельная новая школа»", "shortName": "Параллельная",
                                              "locality": "rural", "municipality": ctx["krasninsky"],
                                              "participates": "on"}, None),
              lambda: (count_schools(["МБОУ «Параллельная новая школа»"])(),
                       count_participations_of(["МБОУ «Параллельная новая школа»"])()), (1, 1)),
        Path_("POST /import/schools (3 rows)", "regional",
              lambda c: ("POST", "/import/schools", {}, support.csv_file(
                  [school_header] + [["Смоленская область", "Краснинский район", n, n[6:-1], "", "сельская", ""]
                                     for n in names3])),
              lambda: (count_schools(names3)(), count_participations_of(names3)()), (3, 3)),
        Path_("POST /users (create user)", "municipal",
              lambda c: ("POST", "/users", {"login": "parallel_user", "fullName": "Параллельный Пользователь", "email": "",
                                            "password": NEW_PASSWORD, "role": "school", "school": ctx["gusino"]}, None),
              count_users(["parallel_user"]), (1, 1)),
        Path_("POST /import/users (2 rows)", "municipal",
              lambda c: ("POST", "/import/users", {}, support.csv_file(
                  [user_header] + [[f"parallel_import_{n}", f"Импорт {n}", "", "", "Школа", "", "", "670001", "",
                                    NEW_PASSWORD] for n in (1, 2)])),
              count_users(["parallel_import_1", "parallel_import_2"]), (2, 2)),
        Path_("POST /territories/regions", "admin",
              lambda c: ("POST", "/territories/regions", {"name": "Параллельная область", "timeZone": "Europe/Moscow"}, None),
              lambda: db.count("regions", "name = ?", ("Параллельная область",)), 1),
        Path_("POST /territories/municipalities", "regional",
              lambda c: ("POST", "/territories/municipalities", {"name": "Параллельный район", "region": ctx["smolensk"]},
                         None),
              lambda: db.count("municipalities", "name = ?", ("Параллельный район",)), 1),
        Path_("POST /schools/:id/curators (assign curator)", "municipal",
              lambda c: ("POST", f"/schools/{ctx['merlino']}/curators", {"curator": ctx["curator"], "startsOn": ""}, None),
              lambda: db.scalar(
                  f"SELECT COUNT(*) FROM curator_assignments a JOIN participations p ON "
                  f"{sql_uuid(db, 'a.participation_id')} = {sql_uuid(db, 'p.id')} WHERE {sql_uuid(db, 'p.school_id')} = "
                  f"lower(?) AND {sql_uuid(db, 'a.curator_id')} = lower(?)", (ctx["merlino"], ctx["curator"])), 1),
        Path_("POST /schools/:id/participation (include in cycle)", "municipal",
              lambda c: ("POST", f"/schools/{ctx['outside']}/participation", {}, None),
              lambda: db.count("participations", uid_eq(db, "school_id"), (ctx["outside"],)), 1,
              prepare=prepare_outside_school),
        Path_("POST /users/:id/grants (same grant)", "admin",
              lambda c: ("POST", f"/users/{ctx['target']}/grants", {"role": "school", "school": ctx["merlino"]}, None),
              lambda: db.count("role_grants", uid_eq(db, "user_id"), (ctx["target"],)), 2,
              prepare=prepare_grant_target),
        Path_("POST /territories/:id/roadmaps (plan import)", "municipal",
              lambda c: ("POST", f"/territories/{ctx['krasninsky']}/roadmaps",
                         {"title": "Параллельный план", "orderNumber": "", "orderDate": "", "cycleYear": "2021"},
                         support.csv_file([["№ п/п", "Мероприятие", "Сроки"], ["1", "Первое", "01.03.2021"],
                                           ["2", "Второе", "01.04.2021"]])),
              lambda: (db.count("territory_roadmaps", "title = ?", ("Параллельный план",)),
                       db.scalar(f"SELECT COUNT(*) FROM territory_roadmap_items i JOIN territory_roadmaps r ON "
                                 f"{sql_uuid(db, 'i.roadmap_id')} = {sql_uuid(db, 'r.id')} WHERE r.title = ?",
                                 ("Параллельный план",))), (1, 2)),
        Path_("POST /monitoring/runs (open monitoring)", "municipal",
              lambda c: ("POST", "/monitoring/runs", {"instrument": ctx["instrument"], "period": "параллельно",
                                                      "startsOn": "2021-01-01", "endsOn": "2021-12-31"}, None),
              lambda: db.count("monitoring_runs", "period = ?", ("параллельно",)), 1),
        Path_("POST /monitoring/runs/:id/subjects (add subject)", "municipal",
              lambda c: ("POST", f"/monitoring/runs/{ctx['run']}/subjects", {"name": "Параллельный субъект"}, None),
              lambda: db.count("monitoring_subjects", "name = ?", ("Параллельный субъект",)), 1,
              prepare=prepare_run),
        Path_("POST /import/risk-profiles", "regional",
              lambda c: ("POST", "/import/risk-profiles", {}, support.csv_file(
                  [["Код ОО"] + [str(n) for n in range(1, ctx["factors"] + 1)],
                   ["670002"] + ["высокая"] * ctx["factors"]])),
              participation_count("risk_profiles", "merlino"), 1),
        Path_("POST /schools/:id/self-assessment (first save)", "school",
              lambda c: ("POST", f"/schools/{ctx['gusino']}/self-assessment",
                         {"actual-1": "on", "measures-1": "Курсы", "period-1": "2021 год"}, None),
              participation_count("self_assessments", "gusino"), 1),
        Path_("POST /schools/:id/verification (first save)", "curator", verification_request,
              participation_count("verifications", "gusino"), 1),
    ]


def run_paths(server):
    db = server.db
    clients = {login: Client(server.base, login) for login in ["school", "curator", "municipal", "regional", "admin"]}
    ctx = {
        "krasninsky": one_id(db, "municipalities", "name = ?", ("Краснинский район",)),
        "smolensk": one_id(db, "regions", "name = ?", ("Смоленская область",)),
        "gusino": one_id(db, "schools", "short_name = ?", ("Гусинская СШ",)),
        "merlino": one_id(db, "schools", "short_name = ?", ("Мерлинская школа",)),
        "curator": one_id(db, "users", "login = 'curator'"),
        "instrument": one_id(db, "instruments", "1=1"),
        "factors": db.count("cycle_risk_factors") // max(1, db.count("cycles")),
    }
    outcomes = []
    for path in paths(db, ctx):
        client = clients[path.login]
        try:
            if path.prepare:
                path.prepare(clients)
            request = path.request(clients)
        except AssertionError as error:
            outcomes.append((path.name, None, 0, f"could not prepare: {error}"))
            continue
        before = path.count()
        started = time.time()
        responses = fire(client, [request] * PARALLEL)
        after = path.count()
        single = path.expected
        errors = [r for r in responses if isinstance(r, Exception) or r.status >= 500]
        unclean = [r for r in responses if not clean(r)]
        written = after if not isinstance(after, tuple) else after
        duplicates = excess(written, single, before)
        statuses = sorted(str(r.status) if not isinstance(r, Exception) else type(r).__name__ for r in responses)
        detail = (f"rows {before} → {after} (one request writes {single}); answers {' '.join(statuses)}; "
                  f"{time.time() - started:.1f}s")
        if unclean and not errors:
            detail += f"; unclean answers: {unclean}"
        outcomes.append((path.name, duplicates, len(errors), detail))
    return outcomes


def excess(after, single, before):
    """Rows beyond what one request writes (0 when exactly one request's rows were written)."""
    if isinstance(after, tuple):
        return sum(max(0, a - s) for a, s in zip(after, single))
    return max(0, after - single)


def test_parallel_creates_write_one_row_set(db_server):
    outcomes = run_paths(db_server)
    kind = db_server.kind
    OUTCOMES[kind] = outcomes
    duplicates = sum(d or 0 for _, d, _, _ in outcomes)
    errors = sum(e for _, _, e, _ in outcomes)
    line = f"concurrency ({kind}): {len(outcomes)} paths × {PARALLEL}, {duplicates} duplicates, {errors} 5xx"
    report = [line] + [f"  {'FAIL' if (d or e or d is None) else 'ok  '} {name}: {detail}"
                       for name, d, e, detail in outcomes]
    support.SUMMARY.extend(report)
    print("\n" + "\n".join(report))
    if errors:
        lines = [l for l in db_server.log_tail(200000).splitlines() if "error" in l.lower() or "500" in l]
        report.append("  server log (errors): " + " | ".join(dict.fromkeys(l.strip()[:300] for l in lines[-6:])))
        support.SUMMARY.append(report[-1])
    unprepared = [name for name, d, _, _ in outcomes if d is None]
    assert duplicates == 0 and errors == 0 and not unprepared, "\n".join(report)
