"""Route-table-driven authorization suite.

`medk routes` lists every route; ROUTES below says, for each one, how to fill its parameters with an object IN
the scope of the demo accounts (Гусинская СШ, Краснинский район, Смоленская область) and OUT of it (Кореновский
район, Краснодарский край), and which roles may use it. A route the table does not know fails the suite
("new route X: add it to the authorization matrix").

For every route × role (+anonymous) × in/out of scope:
- out of scope never succeeds: a GET answers no 2xx and no redirect but to /login; a POST changes no row of
  any table (digest of the database read-only before and after) and does not redirect with a success message;
- in scope, a role that may read answers 200 (a few pages redirect to the role's own page: allowed 3xx);
- in scope, a role that may not write is refused and nothing is written.
POSTs carry the session's CSRF token, so the authorization check, not CSRF, is what refuses.
Allowed POSTs are not replayed by the matrix (they would change the fixtures); the «change another user» rules
are pinned by the tests after it.

Run: MEDK_BIN=/tmp/authz-medk/medk python3 -m pytest -q security/test_authorization.py
"""
import datetime
import json
import re
import urllib.parse

import pytest

import authz_support as support
from authz_support import Client, Database, sql_uuid, succeeded

ROLES = ["anonymous", "school", "curator", "municipal", "regional", "federal", "admin", "expert"]
SIGNED = ROLES[1:]
# Roles whose scope leaves the Korenovsk objects out; the expert reaches only the schools of its sheets (a school of
# Забайкальский край in the fixtures), so every school route is out of its reach.
SCOPED = ["school", "curator", "municipal", "regional", "expert"]
MANAGERS = {"municipal", "regional", "federal", "admin"}
COORDINATORS = {"municipal", "regional", "federal"}
VIEW_SCHOOL = {"school", "curator", "municipal", "regional", "federal", "admin"}
TODAY = datetime.date.today().isoformat()
NEW_PASSWORD = "medk-security-1"

RESULTS = {"cases": 0, "leaks": [], "denied": [], "errors": [], "notes": [], "routes": 0}


class R:
    """One route of the matrix.

    kind: public (anyone, anonymous included), self (the signed-in person's own account; POSTs not replayed),
          any (no rule to check beyond «no 5xx»), menu (no object: forms and lists), object (path parameters
          name an object; OUT fills them with a Korenovsk object).
    allow: roles that may use it in scope (GET → 200; POST not replayed for them).
    body(fx, variant) → (fields, files) for POSTs; query(fx, variant) → query string for GETs.
    out: whether an out-of-scope variant exists (objects: always; menus: when the body/query names a place).
    redirects: the allowed roles may be answered with a redirect to their own page instead of 200.
    """

    def __init__(self, method, path, kind, allow=(), body=None, query=None, out=None, params=None, redirects=False,
                 note="", ok=(200,)):
        self.method, self.path, self.kind, self.allow, self.ok = method, path, kind, set(allow), set(ok)
        self.body, self.query, self.params, self.redirects, self.note = body, query, params or {}, redirects, note
        self.out = (kind == "object") if out is None else out


def fields(**kw):
    return lambda fx, v: (kw, None)


def csv_rows(rows):
    return support.csv_file(rows)


SCHOOL_HEADER = ["Регион", "Муниципалитет", "Полное наименование", "Краткое наименование", "Адрес", "Тип местности", "Код ОО"]
USER_HEADER = ["Логин", "ФИО", "E-mail", "Телефон", "Роль", "Регион", "Муниципалитет", "Код ОО", "Школа", "Пароль"]


def school_import(fx, v):
    region, municipality = (("Смоленская область", "Краснинский район") if v == "in"
                            else ("Краснодарский край", "Кореновский район"))
    return {}, csv_rows([SCHOOL_HEADER, [region, municipality, f"МБОУ «Проверочная школа {v}»", f"Проверочная {v}", "",
                                         "сельская", ""]])


def user_import(fx, v):
    if v == "in":
        row = ["authz_new_in", "Проверка Вход", "", "", "Школа", "", "", "670001", "", NEW_PASSWORD]
    else:
        row = ["authz_new_out", "Проверка Выход", "", "", "Школа", "Краснодарский край", "Кореновский район", "",
               "МОБУ СОШ № 9 ст. Журавской", NEW_PASSWORD]
    return {}, csv_rows([USER_HEADER, row])


def risk_import(fx, v):
    code = "670001" if v == "in" else fx["out"].get("code", "000000")
    return {}, csv_rows([["Код ОО"] + [str(n) for n in range(1, fx["factors"] + 1)],
                         [code] + ["средняя"] * fx["factors"]])


def school_create(fx, v):
    return {"fullName": f"МБОУ «Новая школа {v}»", "shortName": f"Новая {v}", "locality": "rural",
            "municipality": fx[v]["territory"], "participates": "on"}, None


def user_create(fx, v):
    return {"login": f"authz_form_{v}", "fullName": "Проверка Форма", "email": "", "password": NEW_PASSWORD,
            "role": "school", "school": fx[v]["school"]}, None


def grant_body(fx, v):
    return {"role": "school", "school": fx[v]["school"]}, None


def municipality_body(fx, v):
    return {"name": f"Проверочный район {v}", "region": fx[v]["region"]}, None


def curator_body(fx, v):
    return {"curator": fx[v]["curator_pool"], "startsOn": ""}, None


def move_body(fx, v):
    return {"comment": "проверка", "revision": "1"}, None


def pdf_body(extra=None):
    return lambda fx, v: (dict(extra or {}), support.pdf_file())


def visit_body(fx, v):
    return {"school": fx[v]["school"], "visitedOn": TODAY, "format": "inPerson", "purpose": "проверка",
            "participants": "", "outcome": ""}, None


def roadmap_import_body(fx, v):
    return {"title": f"План проверки {v}", "orderNumber": "", "orderDate": "", "cycleYear": "2021"}, csv_rows(
        [["№ п/п", "Мероприятие", "Сроки"], ["1", "Проверочное мероприятие", "01.03.2021"]])


def practice_body(fx, v):
    return ({"school": fx[v]["school"], "title": f"Практика проверки {v}", "summary": "Кратко", "description": "Описание",
             "factor-1": "on", "intent": "submit", "version": "1"}, support.pdf_file("практика.pdf"))


def act_body(fx, v):
    return ({"kind": "order", "number": "1", "signedOn": "2021-01-15", "title": f"Приказ проверки {v}"},
            support.pdf_file("приказ.pdf"))


def territory_query(fx, v):
    return "?territory=" + fx[v]["territory"]


def cell_query(fx, v):
    return "?indicator=curator_assigned&territory=" + fx[v]["territory"]


# The authorization matrix: every route of `medk routes`.
ROUTES = [
    R("GET", "/healthz", "public"),
    R("GET", "/readyz", "public"),
    # Prometheus figures: only to a direct loopback scraper (as every test client here is) or with MEDK_METRICS_TOKEN.
    R("GET", "/metrics", "public"),
    R("GET", "/", "any"),
    R("GET", "/home", "self"),
    R("GET", "/login", "public", redirects=True),
    R("POST", "/login", "public"),
    R("POST", "/logout", "self"),
    R("POST", "/account/role", "self"),
    R("GET", "/account/password", "self"),
    R("POST", "/account/password", "self"),
    R("GET", "/account/mail", "self"),
    R("POST", "/account/mail", "self"),
    # Password recovery answers anyone alike; a reset link without a real token is refused (410) to anyone.
    R("GET", "/password/forgot", "public"),
    R("POST", "/password/forgot", "public"),
    R("GET", "/password/reset/:token", "any"),
    R("POST", "/password/reset/:token", "any"),
    # Unsubscribing needs the link's signature, not a session: without it, 400 for everyone.
    R("GET", "/mail/unsubscribe", "any"),
    R("POST", "/mail/unsubscribe", "any"),
    R("GET", "/mail", "menu", {"admin"}),
    R("POST", "/mail/resend", "menu", {"admin"}, body=fields()),
    R("POST", "/mail/:mailID/resend", "menu", {"admin"}, body=fields()),

    R("GET", "/schools", "menu", MANAGERS),
    R("POST", "/schools", "menu", MANAGERS, body=school_create, out=True),
    R("GET", "/schools/new", "menu", MANAGERS),
    R("GET", "/schools/:schoolID", "object", VIEW_SCHOOL),
    R("POST", "/schools/:schoolID/participation", "object", MANAGERS, body=fields()),
    R("POST", "/schools/:schoolID/curators", "object", MANAGERS, body=curator_body),
    R("POST", "/schools/:schoolID/curators/:assignmentID/end", "object", MANAGERS, body=fields(endsOn="")),

    R("GET", "/territories", "menu", {"regional", "federal", "admin"}),
    R("POST", "/territories/regions", "menu", {"federal", "admin"}, body=fields(name="Проверочная область", timeZone="Europe/Moscow")),
    R("POST", "/territories/municipalities", "menu", {"regional", "federal", "admin"}, body=municipality_body, out=True),

    R("GET", "/users", "menu", MANAGERS),
    R("POST", "/users", "menu", MANAGERS, body=user_create, out=True),
    R("GET", "/users/new", "menu", MANAGERS),
    R("GET", "/users/:userID", "object", MANAGERS),
    R("POST", "/users/:userID/grants", "object", MANAGERS, body=grant_body),
    R("POST", "/users/:userID/grants/:grantID/revoke", "object", MANAGERS, body=fields()),
    R("POST", "/users/:userID/active", "object", MANAGERS, body=fields()),

    R("GET", "/import", "menu", MANAGERS),
    R("POST", "/import/schools", "menu", MANAGERS, body=school_import, out=True),
    R("POST", "/import/users", "menu", MANAGERS, body=user_import, out=True),
    R("POST", "/import/risk-profiles", "menu", MANAGERS, body=risk_import, out=True),
    R("GET", "/import/template/:kind", "menu", MANAGERS, params={"kind": "users"}),

    R("GET", "/audit", "menu", {"federal", "admin"}),

    R("GET", "/schools/:schoolID/sections/:section", "object", VIEW_SCHOOL),
    R("POST", "/schools/:schoolID/sections/:section/documents", "object", {"school"}, body=pdf_body()),
    R("GET", "/documents/:documentID", "object", VIEW_SCHOOL),
    R("POST", "/documents/:documentID/versions", "object", {"school"}, body=pdf_body()),
    R("GET", "/documents/:documentID/versions/:number", "object", VIEW_SCHOOL),
    R("POST", "/documents/:documentID/:move", "object", {"curator"}, body=move_body, params={"move": "approve"}),
    R("POST", "/documents/:documentID/delete", "object", {"school"}, body=move_body),
    R("POST", "/uploads", "menu", SIGNED, body=fields(fileName="видео.mp4", size="1000")),
    R("GET", "/uploads/:uploadID", "object", {"school"}),
    R("PUT", "/uploads/:uploadID", "object", {"school"}, body=lambda fx, v: (b"chunk of another person's file", None)),
    R("GET", "/reviews", "menu", {"curator"}),
    R("GET", "/schools/:schoolID/risk-profile/file", "object", VIEW_SCHOOL),
    R("POST", "/schools/:schoolID/risk-profile/file", "object", MANAGERS, body=pdf_body()),
    R("GET", "/feed", "menu", COORDINATORS),
    R("GET", "/chats", "menu", SIGNED, redirects=True),
    R("GET", "/notifications", "menu", SIGNED),
    R("POST", "/notifications/read", "menu", SIGNED, body=fields()),
    R("POST", "/notifications/:notificationID", "object", {"curator"}, body=fields()),
    R("GET", "/schools/:schoolID/chat", "object", VIEW_SCHOOL),
    R("POST", "/schools/:schoolID/chat", "object", VIEW_SCHOOL - {"admin"}, body=fields(body="проверка доступа", document="")),
    R("GET", "/schools/:schoolID/chat/messages", "object", VIEW_SCHOOL, ok={200, 204}),

    R("GET", "/schools/:schoolID/verification", "object", VIEW_SCHOOL),
    R("POST", "/schools/:schoolID/verification", "object", {"curator"}, body=fields(verified="on")),
    R("GET", "/schools/:schoolID/self-assessment", "object", VIEW_SCHOOL),
    R("POST", "/schools/:schoolID/self-assessment", "object", {"school"},
      body=fields(**{"actual-2": "on", "measures-2": "проверка", "period-2": "2021 год"})),
    R("POST", "/schools/:schoolID/self-assessment/:move", "object", {"curator"}, body=move_body,
      params={"move": "return"}),
    R("GET", "/schools/:schoolID/directions", "object", VIEW_SCHOOL),
    R("POST", "/schools/:schoolID/directions", "object", {"school"}, body=fields(**{"factor-1": "on"})),
    R("GET", "/schools/:schoolID/directions/:factor", "object", VIEW_SCHOOL),
    R("POST", "/schools/:schoolID/directions/:factor/stages/:stage", "object", {"school"}, body=pdf_body(),
      params={"stage": "program"}),
    R("GET", "/schools/:schoolID/directions/:factor/program", "object", VIEW_SCHOOL),
    R("POST", "/schools/:schoolID/directions/:factor/program", "object", {"school"},
      body=fields(goal="проверка", tasks="проверка", success="проверка")),
    R("GET", "/schools/:schoolID/directions/:factor/program/print", "object", VIEW_SCHOOL),
    R("GET", "/schools/:schoolID/directions/:factor/program/xlsx", "object", VIEW_SCHOOL),
    R("POST", "/schools/:schoolID/directions/:factor/program/:move", "object", {"school"}, body=move_body,
      params={"move": "submit"}),
    R("GET", "/schools/:schoolID/monitoring/:stage", "object", VIEW_SCHOOL, params={"stage": "1"}),
    R("POST", "/schools/:schoolID/monitoring/:stage", "object", {"school"}, body=fields(), params={"stage": "1"}),
    R("POST", "/schools/:schoolID/monitoring/:stage/:move", "object", {"school"}, body=move_body,
      params={"stage": "1", "move": "submit"}),

    R("GET", "/plans", "menu", MANAGERS, redirects=True),
    R("GET", "/territories/:territoryID/roadmaps", "object", MANAGERS),
    R("POST", "/territories/:territoryID/roadmaps", "object", {"municipal"}, body=roadmap_import_body),
    R("GET", "/territories/:territoryID/roadmaps/template", "object", MANAGERS),
    R("GET", "/territory-roadmaps/:roadmapID", "object", MANAGERS),
    R("POST", "/territory-roadmaps/:roadmapID/import", "object", {"municipal"},
      body=lambda fx, v: ({}, {"file": ("plan.xlsx", fx[v]["roadmap_xlsx"], "application/octet-stream")})),
    R("GET", "/territory-roadmaps/:roadmapID/xlsx", "object", MANAGERS),
    R("GET", "/territory-roadmap-items/:itemID", "object", MANAGERS),
    R("POST", "/territory-roadmap-items/:itemID/done", "object", {"municipal"}, body=pdf_body({"doneOn": TODAY})),
    R("POST", "/territory-roadmap-items/:itemID/not-done", "object", {"municipal"}, body=fields(reason="проверка")),
    R("GET", "/territory-roadmap-marks/:markID/file", "object", MANAGERS),
    R("GET", "/public/territories/:territoryID", "public"),
    R("GET", "/public/acts/:actID", "public"),
    R("GET", "/territories/:territoryID/acts", "object", MANAGERS),
    R("POST", "/territories/:territoryID/acts", "object", {"municipal"}, body=act_body),
    R("GET", "/help", "public"),
    # The JSON API (issue 18): a person's tokens on the account page; the API itself answers only a bearer token
    # (every session here gets 401), and ApiTests repeat this matrix through tokens of each role.
    R("GET", "/account/tokens", "self"),
    R("POST", "/account/tokens", "self"),
    R("POST", "/account/tokens/:tokenID/revoke", "any"),
    R("GET", "/api", "public"),
    R("GET", "/api/v1/openapi.json", "public"),
    R("GET", "/api/v1/me", "any"),
    R("GET", "/api/v1/territories", "any"),
    R("GET", "/api/v1/cycles", "any"),
    R("GET", "/api/v1/schools", "any"),
    R("GET", "/api/v1/schools/:schoolId/documents", "any"),
    R("GET", "/api/v1/events", "any"),
    R("GET", "/api/v1/indicators", "any"),
    R("GET", "/api/v1/curators", "any"),
    R("GET", "/api/v1/plans", "any"),
    R("GET", "/api/v1/monitoring/runs", "any"),
    R("GET", "/api/v1/practices", "any"),
    R("POST", "/api/v1/imports/schools", "any"),
    R("POST", "/api/v1/imports/users", "any"),
    R("POST", "/api/v1/imports/risk-profiles", "any"),
    R("POST", "/api/v1/visits", "any"),
    # The bank of best practices: «in» is a published practice of Гусинская СШ, «out» one of Korenovsk waiting.
    R("GET", "/public/practices", "public"),
    R("GET", "/public/practices/:practiceID", "public"),
    R("GET", "/practices/:practiceID/files/:fileID", "public"),
    R("GET", "/practices", "menu", SIGNED),
    R("GET", "/practices/new", "menu", {"school", "curator"}),
    R("POST", "/practices/new", "menu", {"school", "curator"}, body=practice_body, out=True),
    R("GET", "/practices/:practiceID", "object", SIGNED),
    R("POST", "/practices/:practiceID", "object", {"school", "curator"}, body=practice_body),
    R("POST", "/practices/:practiceID/:move", "object", {"regional"}, params={"move": "reopen"}, body=fields(comment="проверка")),

    R("GET", "/monitoring", "menu", MANAGERS),
    R("POST", "/monitoring/runs", "menu", {"municipal", "regional"},
      body=lambda fx, v: ({"instrument": fx["builtin_instrument"], "period": "проверка", "startsOn": "2021-01-01",
                           "endsOn": "2021-12-31"}, None)),
    R("GET", "/monitoring/runs/:runID", "object", MANAGERS),
    R("POST", "/monitoring/runs/:runID/subjects", "object", {"municipal"}, body=fields(name="Проверочная школа")),
    R("GET", "/monitoring/runs/:runID/xlsx", "object", MANAGERS),
    R("GET", "/monitoring/subjects/:subjectID", "object", MANAGERS),
    R("POST", "/monitoring/subjects/:subjectID", "object", {"municipal"}, body=fields()),
    R("POST", "/monitoring/subjects/:subjectID/conclusions", "object", {"municipal"}, body=fields(subjectLevel="optimal")),
    R("GET", "/monitoring/instruments/new", "menu", {"municipal", "regional"}),
    R("POST", "/monitoring/instruments", "menu", {"municipal", "regional"},
      body=lambda fx, v: ({"definition": fx["instrument_json"]("Проверочный инструмент меню")}, None)),
    R("POST", "/monitoring/instruments/new", "menu", {"municipal", "regional"},
      body=lambda fx, v: (fx["instrument_form"]("Проверочный инструмент формы"), None)),
    R("GET", "/monitoring/instruments/:instrumentID", "object", MANAGERS),
    R("GET", "/monitoring/instruments/:instrumentID/json", "object", MANAGERS),

    R("GET", "/dashboards", "menu", MANAGERS, query=territory_query, out=True),
    R("GET", "/dashboards/cell", "menu", MANAGERS, query=cell_query, out=True),
    R("GET", "/dashboards/chart", "menu", MANAGERS, query=territory_query, out=True),
    R("GET", "/dashboards/curators", "menu", MANAGERS, query=territory_query, out=True),
    R("GET", "/dashboards/export/:file", "menu", MANAGERS, query=territory_query, out=True,
      params={"file": "indicators.csv"}),
    R("POST", "/dashboards/seminar/:schoolID", "object", COORDINATORS, body=fields(attended="on", back="")),
    R("GET", "/cycles", "menu", {"federal", "admin"}),
    R("POST", "/cycles", "menu", {"federal", "admin"},
      body=lambda fx, v: ({"year": "2030", "title": "Проверочный цикл", "source": fx["in"]["cycle"], "startsOn": "2030-01-01",
                           "endsOn": "2030-12-31"}, None)),
    R("GET", "/cycles/:cycleID", "menu", {"federal", "admin"}),
    R("POST", "/cycles/:cycleID/dates", "menu", {"federal", "admin"}, body=fields()),
    R("POST", "/cycles/:cycleID/open", "menu", {"federal", "admin"}),
    R("POST", "/cycles/:cycleID/close", "menu", {"federal", "admin"}),
    R("POST", "/cycles/:cycleID/schools", "menu", {"federal", "admin"}, body=fields(curators="on")),
    R("POST", "/cycles/:cycleID/import", "menu", {"federal", "admin"},
      body=lambda fx, v: ({}, csv_rows([["Код ОО"], ["670001"]]))),
    R("GET", "/monitoring/risk-factors", "menu", MANAGERS, query=territory_query, out=True),
    R("GET", "/monitoring/risk-factors.xlsx", "menu", MANAGERS, query=territory_query, out=True),
    R("GET", "/monitoring/risk-factors/:factor", "menu", MANAGERS, query=territory_query, out=True, params={"factor": "1"}),
    R("GET", "/dashboards/visit-rule", "menu", {"federal", "admin"}),
    R("POST", "/dashboards/visit-rule", "menu", {"federal", "admin"}, body=fields(formingWeeks="2", carryingWeeks="4")),
    R("GET", "/visits", "menu", {"curator"}),
    R("POST", "/visits", "menu", {"curator"}, body=visit_body, out=True),
    R("GET", "/curator-reports", "menu", {"regional", "federal", "admin"}, redirects=True),
    R("GET", "/curator-reports/confirmed.xlsx", "menu", {"federal", "admin"}, query=lambda fx, v: "?payment=first"),
    R("GET", "/curator-reports/:regionID", "object", {"regional", "federal", "admin"}),
    R("GET", "/curator-reports/:regionID/report.xlsx", "object", {"regional", "federal", "admin"}),
    R("POST", "/curator-reports/:regionID/confirm", "object", {"regional"}, body=fields(payment="first")),
    R("GET", "/curator-reports/versions/:reportID/report.xlsx", "object", {"regional", "federal", "admin"}),

    # The expertise: one published round; the expert's sheet is «in», another expert's «out».
    R("GET", "/expertise", "menu", SIGNED),
    R("POST", "/expertise", "menu", {"federal"}, body=lambda fx, v: ({"title": "Этап проверки прав", "dueOn": fx["due"]}, None)),
    R("GET", "/expertise/:roundID", "object", {"federal"}, out=False),
    R("POST", "/expertise/:roundID/sample", "object", {"federal"}, body=fields(kind="percent", value="10", seed="5"), out=False),
    R("POST", "/expertise/:roundID/sample/change", "object", {"federal"}, out=False,
      body=fields(school="670001", action="add", reason="проверка прав")),
    R("POST", "/expertise/:roundID/assign", "object", {"federal"}, body=fields(limit="10", secondShare="0"), out=False),
    R("POST", "/expertise/:roundID/assign-one", "object", {"federal"}, out=False,
      body=lambda fx, v: ({"school": "670001", "expert": fx["expert"]}, None)),
    R("POST", "/expertise/:roundID/publish", "object", {"federal"}, body=fields(), out=False),
    R("GET", "/expertise/:roundID/results", "object", {"federal", "admin"}, out=False),
    R("GET", "/expertise/:roundID/results.xlsx", "object", {"federal", "admin"}, out=False),
    R("GET", "/expertise/:roundID/regions/:regionID", "object", {"regional", "federal", "admin"}),
    R("GET", "/expertise/:roundID/regions/:regionID/results.xlsx", "object", {"regional", "federal", "admin"}),
    R("GET", "/expertise/sheets/:sheetID", "object", {"expert", "federal", "admin"}),
    R("POST", "/expertise/sheets/:sheetID", "object", {"expert"}, body=lambda fx, v: (fx["full_marks"], None)),
    R("POST", "/expertise/sheets/:sheetID/:decision", "object", {"federal"}, params={"decision": "accept"}, body=fields()),
]

PARAM_KEYS = {"uploadID": "upload", "schoolID": "school", "schoolId": "school", "assignmentID": "assignment", "userID": "user", "grantID": "grant",
              "documentID": "document", "territoryID": "territory", "roadmapID": "roadmap", "itemID": "item",
              "markID": "mark", "runID": "run", "subjectID": "subject", "instrumentID": "instrument",
              "cycleID": "cycle", "notificationID": "notification", "mailID": "mail", "regionID": "region",
              "reportID": "curator_report", "roundID": "round", "sheetID": "sheet", "practiceID": "practice",
              "fileID": "practice_file", "actID": "act"}
PARAM_CONSTANTS = {"token": "not-a-real-token", "number": "1", "section": "conceptDocuments", "factor": "1",
                   "tokenID": "00000000-0000-0000-0000-000000000018"}


def normalize(path):
    return re.sub(r":[A-Za-z]+", ":", path)


# ------------------------------------------------------------------------------------------- fixtures

def one(db, sql, params=(), what=""):
    rows = db.query(sql, params)
    assert rows, f"fixture not found: {what or sql} {params}"
    return rows[0][0]


def ids(db, table, where, params=(), order=""):
    return [r[0] for r in db.query(f'SELECT {sql_uuid(db, "id")} FROM "{table}" WHERE {where} {order}', params)]


def uid_eq(db, column):
    return f"{sql_uuid(db, column)} = lower(?)"


def id_of(db, table, where, params=(), what=""):
    found = ids(db, table, where, params)
    assert found, f"fixture not found: {what or table} {params}"
    return found[0]


def post_ok(client, path, fields_=None, files=None, what=""):
    r = client.post(path, fields_, files)
    assert succeeded(r) and r.status < 500, f"fixture step failed — {what or path} as {client.login_name}: {r} {r.text[:500]}"
    return r


def submit_form(client, page, action_part, overrides=None, what=""):
    form = client.form(page, action_part)
    values = dict(form["fields"])
    values.update(overrides or {})
    return post_ok(client, form["action"], values, what=what or f"form {action_part} on {page}")


class Fixtures(dict):
    pass


def build_fixtures(server):
    db = server.db
    base = server.base
    fx = Fixtures(**{"in": {}, "out": {}})
    clients = {role: Client(base, role) for role in SIGNED}
    clients["korenovsk"] = Client(base, "korenovsk")
    clients["kuznetsova"] = Client(base, "kuznetsova")
    fx["clients"] = clients
    admin = clients["admin"]

    fx["factors"] = db.count("cycle_risk_factors") // max(1, db.count("cycles"))
    for v, short, territory, region in [("in", "Гусинская СШ", "Краснинский район", "Смоленская область"),
                                         ("out", "СОШ № 9 ст. Журавской", "Кореновский район", "Краснодарский край")]:
        f = fx[v]
        f["school"] = id_of(db, "schools", "short_name = ?", (short,))
        f["territory"] = id_of(db, "municipalities", "name = ?", (territory,))
        f["region"] = id_of(db, "regions", "name = ?", (region,))
        participation = id_of(db, "participations", uid_eq(db, "school_id"), (f["school"],))
        f["participation"] = participation
        f["assignment"] = id_of(db, "curator_assignments", uid_eq(db, "participation_id"), (participation,))
        f["roadmap"] = id_of(db, "territory_roadmaps", uid_eq(db, "municipality_id"), (f["territory"],))
        f["item"] = ids(db, "territory_roadmap_items", uid_eq(db, "roadmap_id") + " AND NOT is_heading",
                        (f["roadmap"],), "ORDER BY position")[0]
    fx["in"]["user"] = id_of(db, "users", "login = 'school'")
    fx["out"]["user"] = id_of(db, "users", "login = 'korenovsk'")
    for v in ("in", "out"):
        fx[v]["grant"] = id_of(db, "role_grants", uid_eq(db, "user_id"), (fx[v]["user"],))
        # a curator of the school's region that is not assigned to it (for the assignment form)
        region_curators = ids(db, "users", "login IN ('novikova','zhoykin')" if v == "in" else "login IN ('sokolov')")
        fx[v]["curator_pool"] = region_curators[0]

    # The Korenovsk school gets an account so that its roadmap has documents too.
    post_ok(admin, "/users", {"login": "korschool", "fullName": "Директор СОШ № 9", "email": "", "password": NEW_PASSWORD,
                              "role": "school", "school": fx["out"]["school"]}, what="create korschool")
    clients["korschool"] = Client(base, "korschool", NEW_PASSWORD)
    # Users for the «change another user» cases: a second municipal coordinator of Краснинский район, and a user
    # who is a school there and also the regional coordinator of Смоленская область.
    post_ok(admin, "/users", {"login": "peer_municipal", "fullName": "Второй координатор", "email": "peer@demo.medk.local",
                              "password": NEW_PASSWORD, "role": "municipal", "municipality": fx["in"]["territory"]},
            what="create peer_municipal")
    post_ok(admin, "/users", {"login": "dual_regional", "fullName": "Школа и регион", "email": "dual@demo.medk.local",
                              "password": NEW_PASSWORD, "role": "school", "school": fx["in"]["school"]},
            what="create dual_regional")
    fx["peer"] = id_of(db, "users", "login = 'peer_municipal'")
    fx["dual"] = id_of(db, "users", "login = 'dual_regional'")
    post_ok(admin, f"/users/{fx['dual']}/grants", {"role": "regional", "region": fx["in"]["region"]},
            what="grant dual_regional regional")

    # Roadmaps of both schools: a submitted document, an approved self-assessment, direction 1 with a program.
    for v, school_login, curator_login in [("in", "school", "curator"), ("out", "korschool", "kuznetsova")]:
        school, curator = clients[school_login], clients[curator_login]
        sid = fx[v]["school"]
        section = f"/schools/{sid}/sections/conceptDocuments"
        post_ok(school, section + "/documents", {}, support.pdf_file("concept.pdf"), what=f"upload ({v})")
        fx[v]["document"] = ids(db, "documents", uid_eq(db, "participation_id"), (fx[v]["participation"],),
                                "ORDER BY created_at DESC")[0]
        doc = f"/documents/{fx[v]['document']}"
        submit_form(school, doc, "/submit", what=f"submit document ({v})")
        sa = f"/schools/{sid}/self-assessment"
        post_ok(school, sa, {"actual-1": "on", "measures-1": "Курсы", "period-1": "2021 год"}, what=f"self-assessment ({v})")
        submit_form(school, sa, "/submit", what=f"submit self-assessment ({v})")
        submit_form(curator, sa, "/approve", what=f"approve self-assessment ({v})")
        post_ok(school, f"/schools/{sid}/directions", {"factor-1": "on"}, what=f"activate direction ({v})")
        program = f"/schools/{sid}/directions/1/program"
        values = {"goal": "Повысить компетентность", "tasks": "Курсы", "success": "80 %",
                  "indicator-title-0": "Доля учителей", "indicator-unit-0": "%", "indicator-baseline-0": "12,5",
                  "indicator-target-0": "80", "indicator-date-0": "20.12.2021", "measure-title-0": "Курсы",
                  "measure-starts-0": "01.04.2021", "measure-ends-0": "30.06.2021", "measure-responsible-0": "Петрова",
                  "measure-result-0": "Удостоверения"}
        submit_form(school, program, program, values, what=f"program ({v})")

    # The submits told each side's curator: their notifications, which only they may open.
    for v, login in [("in", "curator"), ("out", "kuznetsova")]:
        user = one(db, f'SELECT {sql_uuid(db, "id")} FROM users WHERE login = ?', (login,), what=login)
        fx[v]["notification"] = ids(db, "notifications", uid_eq(db, "user_id"), (user,), "ORDER BY created_at DESC")[0]
        # …and a letter each, waiting in the outbox (no SMTP server here): the admin's to resend.
        fx[v]["mail"] = ids(db, "mail_outbox", uid_eq(db, "user_id"), (user,), "ORDER BY created_at DESC")[0]

    # A confirmed curators' report of each side's region (Краснодарский край gets a regional coordinator for it).
    post_ok(admin, "/users", {"login": "kuban_regional", "fullName": "Координатор Кубани", "email": "", "password": NEW_PASSWORD,
                              "role": "regional", "region": fx["out"]["region"]}, what="create kuban_regional")
    for v, c in [("in", clients["regional"]), ("out", Client(base, "kuban_regional", NEW_PASSWORD))]:
        post_ok(c, f"/curator-reports/{fx[v]['region']}/confirm", {"payment": "first"}, what=f"confirm curator report ({v})")
        fx[v]["curator_report"] = id_of(db, "curator_reports", uid_eq(db, "region_id"), (fx[v]["region"],))

    # A published expertise round: the demo expert scored a school of Забайкальский край, the demo's second expert one of
    # Краснодарский край; the federal coordinator accepted both and published.
    federal = clients["federal"]
    # The current programme year: the seeds' 2021 under `--only-seeds`, this year in the living demo.
    fx["due"] = f"{one(db, 'SELECT MAX(year) FROM cycles WHERE status = ?', ('open',), what='the open year')}-11-15"
    post_ok(federal, "/expertise", {"title": "Экспертиза фикстуры", "dueOn": fx["due"]}, what="create a round")
    rnd = id_of(db, "expertise_rounds", "title = ?", ("Экспертиза фикстуры",))
    post_ok(federal, f"/expertise/{rnd}/sample", {"kind": "perRegion", "value": "1", "seed": "42"}, what="draw")
    clients_expertise = {"expert": clients["expert"], "expert2": Client(base, "expert2")}
    marks = {"conclusion": "Цикл выстроен", "action": "submit"}
    for key in ["goals", "indicators", "measures", "monitoring", "analysis", "decisions"]:
        marks[f"score-{key}"] = "2"
    fx["full_marks"] = marks
    for v, login, region in [("in", "expert", "Забайкальский край"), ("out", "expert2", "Краснодарский край")]:
        school = one(db, "SELECT s.full_name FROM expertise_sample_events e JOIN participations p ON p.id = e.participation_id "
                         "JOIN schools s ON s.id = p.school_id JOIN regions r ON r.id = s.region_id WHERE r.name = ?",
                     (region,), what=f"the drawn school of {region}")
        user = id_of(db, "users", "login = ?", (login,))
        fx[v]["expert"] = user
        post_ok(federal, f"/expertise/{rnd}/assign-one", {"school": school, "expert": user}, what=f"assign {login}")
        sheet = id_of(db, "expertise_sheets", uid_eq(db, "expert_id"), (user,))
        c = clients_expertise[login]
        c.get("/expertise")
        post_ok(c, f"/expertise/sheets/{sheet}", marks, what=f"{login} submits")
        post_ok(federal, f"/expertise/sheets/{sheet}/accept", {}, what=f"accept {login}'s sheet")
        fx[v]["sheet"] = sheet
        fx[v]["round"] = rnd
    fx["expert"] = fx["in"]["expert"]
    post_ok(federal, f"/expertise/{rnd}/publish", {}, what="publish")

    # An upload session of each side's school, with its first bytes.
    for v, login in [("in", "school"), ("out", "korschool")]:
        c = clients[login]
        r = c.post("/uploads", {"fileName": "видео.mp4", "size": "1000"})
        assert r.status == 201, f"upload session ({v}): {r} {r.text[:300]}"
        fx[v]["upload"] = json.loads(r.text)["id"]
        r = c.request("PUT", f"/uploads/{fx[v]['upload']}?offset=0", b"x" * 10,
                      {"X-CSRF-Token": c.csrf, "Content-Type": "application/octet-stream"})
        assert r.status == 200, f"upload chunk ({v}): {r} {r.text[:300]}"

    # Risk profile of Гусинская СШ with its original file (the out-of-scope school has no code: 404 either way).
    regional = clients["regional"]
    r = regional.post("/import/risk-profiles", {}, risk_import(fx, "in")[1])
    assert r.status == 200 and db.count("risk_profiles") >= 1, f"risk profile import: {r} {r.text[:300]}"
    post_ok(regional, f"/schools/{fx['in']['school']}/risk-profile/file", {}, support.pdf_file("profile.pdf"),
            what="attach risk profile file")

    # Territory plans: an item marked done with a file, a monitoring run with a subject, an own instrument.
    # A monitoring of the district itself: its subjects are named, not chosen among schools or teachers.
    builtin = ids(db, "instruments", "is_builtin AND code = ?", ("methodological-work",))
    fx["builtin_instrument"] = builtin[0]
    definition = clients["municipal"].get(f"/monitoring/instruments/{builtin[0]}/json")
    assert definition.status == 200, f"instrument json: {definition}"

    counter = iter(range(1, 1000))

    def instrument_json(title):
        text = re.sub(r'("title"\s*:\s*")[^"]*"', lambda m: m.group(1) + title + '"', definition.text, count=1)
        code = f"authz-own-{next(counter)}"
        return re.sub(r'("id"\s*:\s*")[^"]*"', lambda m: m.group(1) + code + '"', text, count=1)

    fx["instrument_json"] = instrument_json

    def instrument_form(title):
        """The form with tables, filled in: one percent indicator summed, one band."""
        return {"title": title, "code": f"authz-form-{next(counter)}", "subject": "school", "formula": "sum",
                "indicatorRows": "1", "bandRows": "1", "i0-title": "Доля", "i0-unit": "percent", "i0-required": "on",
                "i0-formula": "on", "b0-interval": "[0; 100]", "b0-label": "уровень"}

    fx["instrument_form"] = instrument_form
    # The programme's years are the country's: the same cycle in and out of anyone's scope.
    fx["in"]["cycle"] = fx["out"]["cycle"] = ids(db, "cycles", "1=1")[0]
    for v, login in [("in", "municipal"), ("out", "korenovsk")]:
        c = clients[login]
        post_ok(c, f"/territory-roadmap-items/{fx[v]['item']}/done", {"doneOn": TODAY, "comment": "сделано"},
                support.pdf_file("act.pdf"), what=f"mark done ({v})")
        fx[v]["mark"] = id_of(db, "territory_roadmap_marks", uid_eq(db, "item_id"), (fx[v]["item"],))
        post_ok(c, "/monitoring/runs", {"instrument": builtin[0], "period": f"2021 {v}", "startsOn": "2021-01-01",
                                        "endsOn": "2021-12-31"}, what=f"open monitoring ({v})")
        fx[v]["run"] = id_of(db, "monitoring_runs", uid_eq(db, "municipality_id"), (fx[v]["territory"],))
        post_ok(c, f"/monitoring/runs/{fx[v]['run']}/subjects", {"name": f"Школа {v}"}, what=f"subject ({v})")
        fx[v]["subject"] = id_of(db, "monitoring_subjects", uid_eq(db, "run_id"), (fx[v]["run"],))
        before = set(ids(db, "instruments", "1=1"))
        r = c.post("/monitoring/instruments", {"definition": instrument_json(f"Инструмент {v}")})
        new = set(ids(db, "instruments", "1=1")) - before
        assert new, f"could not define an own instrument as {login}: {r} {r.text[:500]}"
        fx[v]["instrument"] = new.pop()
        xlsx = c.get(f"/territory-roadmaps/{fx[v]['roadmap']}/xlsx")
        assert xlsx.status == 200, f"roadmap export ({v}): {xlsx}"
        fx[v]["roadmap_xlsx"] = xlsx.body
    fx["out"]["code"] = "000000"

    # Practices: Гусинская СШ's published by its region, Korenovsk's waiting (no one here moderates it); an act of each
    # district on its public page.
    for v, login in [("in", "school"), ("out", "korschool")]:
        c = clients[login]
        c.get("/practices/new")
        post_ok(c, "/practices/new", {"school": fx[v]["school"], "title": f"Практика фикстуры {v}", "summary": "Кратко",
                                      "description": "Описание", "factor-1": "on", "intent": "submit"},
                support.pdf_file(f"практика-{v}.pdf"), what=f"practice ({v})")
        fx[v]["practice"] = id_of(db, "practices", "title = ?", (f"Практика фикстуры {v}",))
        fx[v]["practice_file"] = id_of(db, "practice_files", uid_eq(db, "practice_id"), (fx[v]["practice"],))
    post_ok(clients["regional"], f"/practices/{fx['in']['practice']}/approve", {}, what="publish the practice")
    for v, login in [("in", "municipal"), ("out", "korenovsk")]:
        post_ok(clients[login], f"/territories/{fx[v]['territory']}/acts",
                {"kind": "order", "number": "7", "signedOn": "2021-01-10", "title": f"Приказ фикстуры {v}"},
                support.pdf_file(f"приказ-{v}.pdf"), what=f"act ({v})")
        fx[v]["act"] = id_of(db, "territory_acts", "title = ?", (f"Приказ фикстуры {v}",))
    return fx


# ------------------------------------------------------------------------------------------- the matrix

def fill(route, fx, variant):
    def value(match):
        name = match.group(1)
        if name in route.params:
            return route.params[name]
        if name in PARAM_CONSTANTS:
            return PARAM_CONSTANTS[name]
        key = PARAM_KEYS.get(name)
        assert key, f"route {route.method} {route.path}: no fixture for :{name} — add it to PARAM_KEYS"
        return str(fx[variant][key])
    return re.sub(r":([A-Za-z]+)", value, route.path)


def record(kind, text):
    RESULTS[kind].append(text)


def run_case(server, fx, clients, route, role, variant):
    """One request; records a leak, a denial of an allowed read, or a 5xx."""
    RESULTS["cases"] += 1
    db = server.db
    path = fill(route, fx, variant)
    if route.method == "GET" and route.query:
        path += route.query(fx, variant)
    client = clients[role]
    label = f"{route.method} {route.path} as {role} ({variant} of scope: {path})"
    allowed = role in route.allow and variant == "in"
    if route.method == "GET":
        r = client.get(path)
        if r.status >= 500:
            record("errors", f"{label}: {r.status}")
        elif allowed:
            ok = r.status in route.ok or (route.redirects and r.status in (302, 303) and not r.redirect_to_login)
            if not ok:
                record("denied", f"{label}: expected {'/'.join(map(str, sorted(route.ok)))}, got {r}")
        elif role == "anonymous":
            if not r.redirect_to_login:
                (record("leaks", f"{label}: {r}") if succeeded(r) else
                 record("notes", f"{label}: anonymous got {r}, not a redirect to /login"))
        elif succeeded(r):
            record("leaks", f"{label}: answered {r} — {title_of(r)}")
        else:
            expect = 404 if route.kind == "object" or variant == "out" else 403
            if r.status != expect:
                record("notes", f"{label}: refused with {r.status}, expected {expect}")
        return
    # POST: not replayed for allowed roles in scope.
    if allowed:
        return
    fields_, files = route.body(fx, variant) if route.body else ({}, None)
    before = db.snapshot()
    if route.method == "PUT":  # a chunk of a resumable upload: raw bytes, the token in the header as the script sends it
        r = client.request("PUT", path + "?offset=0", fields_, {"X-CSRF-Token": client.csrf,
                                                               "Content-Type": "application/octet-stream"})
    else:
        r = client.post(path, fields_, files)
    after = db.snapshot()
    changed = Database.diff(before, after)
    if r.status >= 500:
        record("errors", f"{label}: {r.status}")
    if changed:
        record("leaks", f"{label}: {r} and the database changed: {', '.join(changed)}")
    elif r.status in (301, 302, 303, 307) and succeeded(r):
        record("leaks", f"{label}: redirected with success {r} (nothing written)")
    elif role == "anonymous" and not r.redirect_to_login and r.status != 403:
        record("notes", f"{label}: anonymous POST got {r}")


def title_of(r):
    match = re.search(r"<title>(.*?)</title>", r.text, re.S)
    return match.group(1).strip() if match else r.text[:80]


@pytest.fixture(scope="module")
def matrix(sqlite_server):
    server = sqlite_server
    table = support.route_table(server.medk)
    fx = build_fixtures(server)
    anonymous = Client(server.base)
    clients = dict(fx["clients"], anonymous=anonymous)
    known = {(r.method, normalize(r.path)): r for r in ROUTES}
    live = [(m, p) for m, p in table if (m, normalize(p)) in known]
    RESULTS["routes"] = len(table)
    for method, path in live:
        route = known[(method, normalize(path))]
        if route.kind in ("self", "any", "public"):
            # Only the anonymous visitor and the «no 5xx» rule: these touch the caller's own session.
            if route.method == "GET":
                for role in ROLES:
                    RESULTS["cases"] += 1
                    r = clients[role].get(fill(route, fx, "in"))
                    if r.status >= 500:
                        record("errors", f"GET {path} as {role}: {r.status}")
                    elif route.kind == "self" and role == "anonymous" and not r.redirect_to_login:
                        record("leaks" if succeeded(r) else "notes", f"GET {path} as anonymous: {r}")
                    elif route.kind == "self" and role != "anonymous" and r.status != 200:
                        record("denied", f"GET {path} as {role}: expected 200, got {r}")
                    elif route.kind == "public" and role == "anonymous" and r.status != 200:
                        record("denied", f"GET {path} as anonymous: expected 200, got {r}")
            elif route.kind == "self":
                RESULTS["cases"] += 1
                before = server.db.snapshot()
                r = anonymous.post(path, {"current": "x", "new": "y" * 10, "repeated": "y" * 10})
                changed = Database.diff(before, server.db.snapshot())
                if changed or r.status >= 500:
                    record("leaks" if changed else "errors", f"POST {path} as anonymous: {r} {changed}")
            continue
        for role in ROLES:
            run_case(server, fx, clients, route, role, "in")
            if route.out and role in SCOPED + ["anonymous"]:
                run_case(server, fx, clients, route, role, "out")
    return {"table": table, "fx": fx, "clients": clients, "server": server}


def test_route_table_is_covered(matrix):
    """Every route of `medk routes` is in the matrix (a new route fails here until it is added)."""
    known = {(r.method, normalize(r.path)) for r in ROUTES}
    missing = [f"new route {m} {p}: add it to the authorization matrix" for m, p in matrix["table"]
               if (m, normalize(p)) not in known]
    stale = [f"{r.method} {r.path} is in the matrix but not in `medk routes`" for r in ROUTES
             if (r.method, normalize(r.path)) not in {(m, normalize(p)) for m, p in matrix["table"]}]
    assert not missing, "\n".join(missing)
    if stale:
        RESULTS["notes"].extend(stale)


# ------------------------------------------------------------------------------------------- «change another user»

def pinned(name, ok, detail=""):
    RESULTS["cases"] += 1
    if not ok:
        record("leaks", f"{name}: {detail}")
    return ok


def user_row(db, login):
    rows = db.query(f"SELECT {sql_uuid(db, 'id')}, email, is_active FROM users WHERE login = ?", (login,))
    return rows[0] if rows else None


def grants_of(db, user_id):
    return sorted(r[0] for r in db.query("SELECT role FROM role_grants WHERE " + uid_eq(db, "user_id"), (user_id,)))


def import_users(client, rows):
    return client.post("/import/users", {}, support.csv_file([USER_HEADER] + rows))


def test_municipal_import_cannot_take_over_admin(matrix):
    db, clients = matrix["server"].db, matrix["clients"]
    admin_before = user_row(db, "admin")
    grants_before = grants_of(db, admin_before[0])
    r = import_users(clients["municipal"], [["admin", "Администратор", "attacker@evil.example", "", "Школа", "", "", "670001",
                                             "", ""]])
    admin_after = user_row(db, "admin")
    grants_after = grants_of(db, admin_after[0])
    ok = pinned("POST /import/users as municipal, row for login admin",
                admin_after[1] == admin_before[1] and grants_after == grants_before,
                f"{r}; admin e-mail {admin_before[1]!r} → {admin_after[1]!r}, grants {grants_before} → {grants_after}")
    assert ok, RESULTS["leaks"][-1]


def test_municipal_import_cannot_touch_users_outside_scope(matrix):
    """Rows naming existing users the municipal coordinator could not grant every role of: nothing changes."""
    db, clients = matrix["server"].db, matrix["clients"]
    failures = []
    for login, role in [("regional", "Школа"), ("vasinova", "Школа"), ("peer_municipal", "Школа"), ("dual_regional", "Школа"),
                        ("korenovsk", "Школа"), ("federal", "Школа")]:
        before = user_row(db, login)
        grants_before = grants_of(db, before[0])
        r = import_users(clients["municipal"], [[login, "Кто-то", f"{login}@evil.example", "+7 999 000-00-00", role, "", "",
                                                 "670001", "", ""]])
        after = user_row(db, login)
        grants_after = grants_of(db, after[0])
        if not pinned(f"POST /import/users as municipal, row for existing {login}",
                      after[1] == before[1] and grants_after == grants_before,
                      f"{r}; e-mail {before[1]!r} → {after[1]!r}, grants {grants_before} → {grants_after}"):
            failures.append(RESULTS["leaks"][-1])
    assert not failures, "\n".join(failures)


def test_federal_cannot_block_admin(matrix):
    db, clients = matrix["server"].db, matrix["clients"]
    admin = user_row(db, "admin")
    r = clients["federal"].post(f"/users/{admin[0]}/active")
    after = user_row(db, "admin")
    if after[2] != admin[2]:  # put it back for the rest of the suite
        clients["federal"].post(f"/users/{admin[0]}/active")
    ok = pinned("POST /users/:admin/active as federal", after[2] == admin[2], f"{r}; admin is_active {admin[2]} → {after[2]}")
    assert ok, RESULTS["leaks"][-1]


def test_federal_cannot_change_admin_grants(matrix):
    db, clients = matrix["server"].db, matrix["clients"]
    admin = user_row(db, "admin")
    grant = ids(db, "role_grants", uid_eq(db, "user_id"), (admin[0],))[0]
    before = grants_of(db, admin[0])
    clients["federal"].post(f"/users/{admin[0]}/grants", {"role": "school", "school": matrix["fx"]["in"]["school"]})
    clients["federal"].post(f"/users/{admin[0]}/grants/{grant}/revoke")
    after = grants_of(db, admin[0])
    ok = pinned("POST /users/:admin/grants and /revoke as federal", after == before, f"admin grants {before} → {after}")
    assert ok, RESULTS["leaks"][-1]


@pytest.mark.parametrize("target", ["peer_municipal", "vasinova", "dual_regional"])
def test_municipal_cannot_block_peer_or_higher(matrix, target):
    """peer_municipal: the same district's second coordinator; vasinova: another district's; dual_regional: a
    school of the district who is also the regional coordinator."""
    db, clients = matrix["server"].db, matrix["clients"]
    user = user_row(db, target)
    r = clients["municipal"].post(f"/users/{user[0]}/active")
    after = user_row(db, target)
    if after[2] != user[2]:
        clients["admin"].post(f"/users/{user[0]}/active")
    ok = pinned(f"POST /users/:{target}/active as municipal", after[2] == user[2] and not succeeded(r),
                f"{r}; is_active {user[2]} → {after[2]}")
    assert ok, RESULTS["leaks"][-1]


def test_municipal_cannot_grant_to_or_revoke_from_a_higher_user(matrix):
    db, clients, fx = matrix["server"].db, matrix["clients"], matrix["fx"]
    failures = []
    for target in ["dual_regional", "peer_municipal"]:
        user = user_row(db, target)
        before = grants_of(db, user[0])
        r1 = clients["municipal"].post(f"/users/{user[0]}/grants", {"role": "school", "schoolCode": "670002",
                                                                    "school": ""})
        grant_ids = ids(db, "role_grants", uid_eq(db, "user_id"), (user[0],))
        r2 = [clients["municipal"].post(f"/users/{user[0]}/grants/{g}/revoke") for g in grant_ids]
        after = grants_of(db, user[0])
        if not pinned(f"POST /users/:{target}/grants and /revoke as municipal", after == before,
                      f"{r1} {r2}; grants {before} → {after}"):
            failures.append(RESULTS["leaks"][-1])
    assert not failures, "\n".join(failures)


def test_regional_may_block_and_unblock_a_municipal_of_its_region(matrix):
    server, clients = matrix["server"], matrix["clients"]
    db = server.db
    user = user_row(db, "gafarova")
    r1 = clients["regional"].post(f"/users/{user[0]}/active")
    blocked = user_row(db, "gafarova")
    r2 = clients["regional"].post(f"/users/{user[0]}/active")
    unblocked = user_row(db, "gafarova")
    RESULTS["cases"] += 2
    assert str(blocked[2]) in ("0", "False", "false") and succeeded(r1), f"regional could not block gafarova: {r1}"
    assert str(unblocked[2]) in ("1", "True", "true") and succeeded(r2), f"regional could not unblock gafarova: {r2}"


# ------------------------------------------------------------------------------------------- verdicts

def test_no_leaks(matrix):
    leaks = RESULTS["leaks"]
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks[:30])


def test_allowed_reads_answer_200(matrix):
    denied = RESULTS["denied"]
    assert not denied, f"{len(denied)} allowed requests refused:\n" + "\n".join(denied[:30])


def test_no_server_errors(matrix):
    errors = RESULTS["errors"]
    assert not errors, f"{len(errors)} 5xx:\n" + "\n".join(errors[:30])


def test_summary(matrix):
    line = f"authorization: {RESULTS['cases']} cases, {RESULTS['routes']} routes, {len(RESULTS['leaks'])} leaks"
    support.SUMMARY.append(line)
    for leak in RESULTS["leaks"][:30]:
        support.SUMMARY.append("  leak: " + leak)
    for note in RESULTS["notes"][:40]:
        support.SUMMARY.append("  note: " + note)
    print("\n" + line)
    assert len(RESULTS["leaks"]) == 0, line
