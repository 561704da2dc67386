"""Builds a MEDK data directory that holds every kind of fact the inclusion indicators count.

1. `medk demo` starts on a fresh directory (the 2021 cycle, seed 001's control dates, three regions); the admin
   creates the Kaliningrad region and its municipalities through the real forms.
2. With the server stopped, backdated history is written straight into SQLite — schools in Europe/Moscow,
   Asia/Chita and Europe/Kaliningrad with participations (some joining late, some leaving), curator
   assignments (some ended), risk profiles, launch-seminar marks (taken back and given again), visits,
   verifications, directions, concept / monitoring documents and monitoring reports with review moves
   (submitted, returned, approved, reopened), territories' plans with items and done / not-done marks — most of
   them at instants a few minutes either side of local midnight around the control dates — then
   `medk rebuild-indicators` recomputes the rollup.
3. The server starts again and users drive the ordinary forms (the server's clock: see conftest.server_clock): the regional coordinator
   imports risk profiles, the municipal coordinator assigns and ends curators and marks the seminar, the curator
   logs visits and verifies profiles, the school fills its self-assessment (returned once, then approved),
   activates directions, uploads concept and monitoring documents that the curator approves or returns, and a
   coordinator marks plan items done. The rollup then follows those writes live.
"""
from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import urllib.parse
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "e2e"))
import medk_client  # noqa: E402  (the project's small HTTP client; not edited here)

DEFAULT_BIN = str(ROOT / ".build" / "debug" / "medk")
KALININGRAD = "Калининградская область"
SMOLENSK = "Смоленская область"
CHITA = "Забайкальский край"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
GROUPS = ["leader", "teachers", "students", "parents"]

# Seed 001's control dates that carry an inclusion indicator.
CONTROL = {"curators": "2021-02-15", "visit": "2021-03-10", "plans": "2021-03-22", "concept": "2021-04-30",
           "mon1": "2021-05-30", "regional1": "2021-06-21", "regional2": "2021-09-20", "mon2": "2021-11-01"}


def new_id() -> str:
    return str(uuid.uuid4()).upper()


def day_plus(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def at_local(day: str, zone: str, minutes: float) -> float:
    """The instant `minutes` after local midnight that starts `day` in `zone` (negative: the evening before)."""
    midnight = datetime.combine(date.fromisoformat(day), datetime.min.time(), ZoneInfo(zone))
    return (midnight + timedelta(minutes=minutes)).timestamp()


# MARK: the server

class Server:
    def __init__(self, binary: str, data: Path, port: int, env=None):
        self.binary, self.data, self.port, self.process = binary, data, port, None
        self.env = dict(os.environ, **(env or {}))

    def start(self):
        log = open(self.data / "server.log", "a")
        self.process = subprocess.Popen([self.binary, "demo", "--port", str(self.port), "--data", str(self.data), "--only-seeds",
                                         "--hostname", "127.0.0.1"], cwd=self.data, env=self.env, stdout=log,
                                        stderr=subprocess.STDOUT)
        medk_client.wait_until_up(self.process, self.port, self.data / "server.log", tries=240)

    def stop(self):
        medk_client.stop_server(self.process)
        self.process = None

    def rebuild(self):
        env = dict(self.env, MEDK_DATA_DIR=str(self.data))
        subprocess.run([self.binary, "rebuild-indicators"], cwd=self.data, env=env, check=True, timeout=120,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    @property
    def db(self) -> str:
        return str(self.data / "medk.sqlite")


class Client(medk_client.Session):
    """A signed-in account posting forms the way the browser does."""

    def post(self, path, fields=None, expect_redirect=True):
        fields = dict(fields or {})
        fields["_csrf"] = self.csrf
        status, location, text, _ = self.request("POST", path, urllib.parse.urlencode(fields).encode(),
                                                 {"Content-Type": "application/x-www-form-urlencoded"})
        if expect_redirect:
            assert status in (302, 303), f"POST {path} {fields}: {status} {text[-600:]}"
        return status, location, text

    def post_multipart(self, path, fields, file_field, file_name, content, content_type="application/octet-stream"):
        boundary = "medkoracle" + uuid.uuid4().hex
        parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{self.csrf}\r\n".encode()]
        for key, value in fields.items():
            parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n{value}\r\n".encode())
        if file_field:
            parts.append((f"--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{file_name}\"\r\n"
                          f"Content-Type: {content_type}\r\n\r\n").encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        status, location, text, _ = self.request("POST", path, b"".join(parts),
                                                 {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert status in (200, 302, 303), f"POST {path}: {status} {text[-600:]}"
        return status, location, text if status == 200 else self.get_flash(location)

    def get_flash(self, location):
        if not location:
            return ""
        text = self.request("GET", location)[2]
        match = re.search(r'class="flash[^"]*"[^>]*>(.*?)</', text, re.S)
        return match.group(1) if match else ""

    def get(self, path):
        status, _, text, raw = self.request("GET", path)
        assert status == 200, f"GET {path}: {status} {text[-400:]}"
        return text, raw


def read(db: str, sql: str, *args):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


# MARK: step 1 — territories through the admin's forms

def create_territories(port: int):
    admin = Client(port, "admin")
    admin.post("/territories/regions", {"name": KALININGRAD, "timeZone": "Europe/Kaliningrad"})
    return admin


def create_municipalities(admin: Client, db: str):
    region = read(db, "SELECT id FROM regions WHERE name = ?", KALININGRAD)[0][0]
    for name in ["Гусевский городской округ", "Черняховский муниципальный округ", "Неманский муниципальный округ"]:
        admin.post("/territories/municipalities", {"name": name, "region": region})


# MARK: step 2 — backdated history written directly

class History:
    """Writes rows in the product's own tables, the way its models store them (UUID text, instants as
    seconds since 1970, days as ISO text)."""

    def __init__(self, db: str, seed: int = 500):
        self.con = sqlite3.connect(db)
        self.rnd = random.Random(seed)
        one = lambda sql, *a: self.con.execute(sql, a).fetchone()
        self.cycle = one("SELECT id FROM cycles WHERE year = 2021")[0]
        self.user = {login: one("SELECT id FROM users WHERE login = ?", login)[0]
                     for login in ["admin", "federal", "regional", "municipal", "curator", "novikova", "bogdanova",
                                   "ermakov", "school", "afanasyeva"]}
        self.regions = {name: (rid, zone) for rid, name, zone in self.con.execute("SELECT id, name, time_zone FROM regions")}
        self.munis = {name: (mid, rid) for mid, name, rid in self.con.execute("SELECT id, name, region_id FROM municipalities")}

    def insert(self, table, **values):
        columns = ", ".join(f'"{c}"' for c in values)
        self.con.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" for _ in values)})',
                         list(values.values()))

    def school(self, municipality: str, name: str, joined="2021-02-01", left=None):
        mid, rid = self.munis[municipality]
        sid, pid = new_id(), new_id()
        self.insert("schools", id=sid, municipality_id=mid, region_id=rid, full_name=name, short_name=name[:40],
                    address="", is_rural=1, code=None, search_text=name.lower(), created_at=at_local("2021-01-10", "UTC", 0))
        self.insert("participations", id=pid, school_id=sid, cycle_id=self.cycle, joined_on=joined, left_on=left)
        zone = self.regions[[n for n, (r, _) in self.regions.items() if r == rid][0]][1]
        return {"school": sid, "participation": pid, "region": rid, "municipality": mid, "zone": zone, "name": name}

    def near_midnight(self, s, day):
        """An instant a few minutes either side of local midnight at the start of `day`."""
        return at_local(day, s["zone"], self.rnd.choice([-7, -1, -0.25, 0.25, 1, 7]))

    def review(self, s, item_type, item, title, moves):
        """Review moves of an item: [(instant, kind, to_state)]."""
        previous = None
        for version, (at, kind, to) in enumerate(moves, start=1):
            self.insert("review_events", id=new_id(), participation_id=s["participation"], item_type=item_type,
                        item_id=item, item_title=title, version=1, kind=kind, from_state=previous, to_state=to,
                        actor_id=self.user["curator" if kind in ("approved", "returned", "reopened") else "school"],
                        actor_role="curator" if kind in ("approved", "returned", "reopened") else "school",
                        at=at, comment="Уточните" if kind in ("returned", "reopened") else "")
            previous = to

    def review_script(self, s, control_day, shape=None):
        """A random, plausible sequence of review moves ending near the control date's midnight."""
        rnd = self.rnd
        start = at_local(day_plus(control_day, -rnd.randint(6, 12)), s["zone"], rnd.randint(600, 900))
        moves = [(start, "uploaded", "draft"), (start + 3600, "submitted", "submitted")]
        shape = shape or rnd.choice(["approve", "return-approve", "approve-reopen", "draft", "submitted", "return", "approve"])
        decision_day = day_plus(control_day, rnd.choice([-1, 0, 0, 1]))
        if shape == "approve":
            moves.append((self.near_midnight(s, decision_day), "approved", "approved"))
        elif shape == "return-approve":
            moves += [(start + 86400, "returned", "returned"), (start + 2 * 86400, "uploaded", "returned"),
                      (start + 2 * 86400 + 60, "submitted", "submitted"),
                      (self.near_midnight(s, decision_day), "approved", "approved")]
        elif shape == "approve-reopen":
            moves += [(start + 86400, "approved", "approved"), (self.near_midnight(s, decision_day), "reopened", "returned")]
        elif shape == "draft":
            moves = moves[:1]
        elif shape == "return":
            moves.append((self.near_midnight(s, decision_day), "returned", "returned"))
        elif shape == "withdraw":
            moves.append((self.near_midnight(s, decision_day), "withdrawn", "withdrawn"))
        return moves, moves[-1][2]

    def document(self, s, section, title, control_day, shape=None):
        did = new_id()
        moves, state = self.review_script(s, control_day, shape)
        created = moves[0][0]
        self.insert("documents", id=did, participation_id=s["participation"], section=section, direction_id=None,
                    title=title, state=state, current_version=1, returned_at_version=0, revision=len(moves),
                    created_by=self.user["school"], created_at=created, updated_at=moves[-1][0],
                    submitted_at=moves[1][0] if len(moves) > 1 else None)
        self.review(s, "document", did, title, moves)

    def report(self, s, stage, control_day):
        rid = new_id()
        moves, state = self.review_script(s, control_day)
        moves = [m for m in moves if m[1] != "uploaded"] or [(moves[0][0], "submitted", "submitted")]
        state = moves[-1][2]
        self.insert("monitoring_reports", stage=stage, id=rid, participation_id=s["participation"], content="{}",
                    state=state, revision=len(moves), current_version=1, returned_at_version=0,
                    submitted_at=moves[0][0], updated_at=moves[-1][0])
        self.review(s, "monitoring_report", rid, f"Значения показателей — мониторинг {stage}", moves)

    def facts(self, s, curator: str):
        """Every kind of fact for one school, each with a chance of being absent."""
        rnd = self.rnd
        p = s["participation"]
        # Curators: from around 15.02; some ended on the control date of the concept documents and replaced later.
        if rnd.random() < 0.85:
            first = day_plus(CONTROL["curators"], rnd.choice([-3, -1, 0, 1, 2]))
            ended = rnd.choice([None, None, CONTROL["concept"], day_plus(CONTROL["curators"], 1)])
            self.insert("curator_assignments", id=new_id(), curator_id=self.user[curator], participation_id=p,
                        starts_on=first, ends_on=ended, created_at=at_local(first, s["zone"], 600))
            if ended and rnd.random() < 0.6:
                again = day_plus(ended, rnd.choice([1, 3, 30]))
                self.insert("curator_assignments", id=new_id(), curator_id=self.user["novikova"], participation_id=p,
                            starts_on=again, ends_on=None, created_at=at_local(again, s["zone"], 600))
        # The risk profile with the groups that completed the questionnaire (sometimes none).
        if rnd.random() < 0.85:
            groups = rnd.choice([GROUPS, GROUPS, GROUPS[:2], GROUPS[:1], []])
            self.insert("risk_profiles", id=new_id(), participation_id=p, significance=",".join(["high"] * 3 + ["low"] * 7),
                        completed_groups=",".join(groups), file_sha256=None, file_name=None,
                        imported_at=self.near_midnight(s, day_plus(CONTROL["curators"], rnd.choice([-1, 0, 1]))),
                        imported_by=self.user["regional"])
        # Launch-seminar marks: given, sometimes taken back, sometimes given again, around midnight.
        if rnd.random() < 0.8:
            day = day_plus(CONTROL["curators"], rnd.choice([-1, 0, 1]))
            marks = rnd.choice([[True], [True, False], [True, False, True], [False, True], [False]])
            at = self.near_midnight(s, day)
            for attended in marks:
                self.insert("seminar_marks", id=new_id(), participation_id=p, attended=int(attended),
                            marked_by=self.user["regional"], marked_at=at)
                at += rnd.choice([30, 600, 86400])
        # Visits: the visit's day and when it was recorded (sometimes days later, sometimes near midnight).
        for _ in range(rnd.choice([0, 1, 1, 2])):
            visited = day_plus(CONTROL["visit"], rnd.randint(-6, 2))
            recorded = rnd.choice([at_local(visited, s["zone"], 900), self.near_midnight(s, day_plus(visited, rnd.randint(0, 4)))])
            local = datetime.fromtimestamp(recorded, ZoneInfo(s["zone"])).date().isoformat()
            self.insert("visits", id=new_id(), participation_id=p, school_id=s["school"], region_id=s["region"],
                        municipality_id=s["municipality"], curator_id=self.user[curator], visited_on=visited,
                        format=rnd.choice(["in_person", "remote"]), participants="", purpose="Первичное посещение",
                        outcome="", recorded_at=recorded, counts_from=max(visited, local))
        if rnd.random() < 0.8:
            verified = rnd.choice([None, day_plus(CONTROL["visit"], rnd.randint(-4, 2))])
            self.insert("verifications", id=new_id(), participation_id=p, answers="[]", added_risks="",
                        verified_on=verified, verified_by=self.user[curator] if verified else None,
                        updated_at=at_local(CONTROL["visit"], s["zone"], 0))
        # Directions activated near midnight of the first-visit date.
        if rnd.random() < 0.75:
            for factor in rnd.sample(range(1, 11), rnd.choice([1, 2])):
                self.insert("directions", id=new_id(), participation_id=p, factor=factor,
                            activated_at=self.near_midnight(s, day_plus(CONTROL["visit"], rnd.choice([-1, 0, 1]))),
                            activated_by=self.user["school"])
        # Concept documents, Мониторинг 1 and 2: documents and reports with their review moves.
        for _ in range(rnd.choice([0, 1, 1, 2])):
            self.document(s, "conceptDocuments", rnd.choice(["Концепция развития", "Программа развития"]), CONTROL["concept"])
        # A misfiled document the school withdrew: the section is judged without it.
        if rnd.random() < 0.3:
            self.document(s, "conceptDocuments", "Загружен не в тот раздел", CONTROL["concept"], shape="withdraw")
        for stage, section, control in [(1, "monitoring1", CONTROL["mon1"]), (2, "monitoring2", CONTROL["mon2"])]:
            for _ in range(rnd.choice([0, 1, 1])):
                self.document(s, section, f"Данные мониторинга {stage}", control)
            if rnd.random() < 0.6:
                self.report(s, stage, control)
        # Documents elsewhere in the roadmap must not count.
        if rnd.random() < 0.3:
            self.document(s, "diagnostics", "Анализ результатов", CONTROL["concept"])

    def plan(self, region: str, municipality: str | None, title: str, created_day: str):
        rid, zone = self.regions[region]
        mid = self.munis[municipality][0] if municipality else None
        plan = new_id()
        self.insert("territory_roadmaps", id=plan, region_id=rid, municipality_id=mid, cycle_year=2021, title=title,
                    order_number=None, order_date=None, created_by=self.user["regional"],
                    created_at=at_local(created_day, zone, 600))
        rnd = self.rnd
        dues = [CONTROL["regional1"], day_plus(CONTROL["regional1"], -1), day_plus(CONTROL["regional1"], 1),
                CONTROL["regional2"], day_plus(CONTROL["regional2"], 1), "2021-03-01", "2021-12-20", None, None]
        position = 0
        for section in range(1, 3):
            position += 1
            self.insert("territory_roadmap_items", id=new_id(), roadmap_id=plan, position=position, number=f"{section}",
                        sort_key=f"{section:04d}", is_heading=1, action=f"Раздел {section}", form=None, due_text=None,
                        due_date=None, responsible=None, indicator=None, target=None, column_title=None, table_row=None)
            for n, due in enumerate(rnd.sample(dues, 6), start=1):
                position += 1
                item = new_id()
                self.insert("territory_roadmap_items", id=item, roadmap_id=plan, position=position,
                            number=f"{section}.{n}", sort_key=f"{section:04d}.{n:04d}", is_heading=0,
                            action=f"Мероприятие {section}.{n}", form="приказ", due_text=due or "в течение года",
                            due_date=due, responsible="МОУО", indicator=None, target=None, column_title=None, table_row=None)
                anchor = due or CONTROL["regional1"]
                at = at_local(day_plus(anchor, rnd.choice([-2, -1, 0, 1])), zone, rnd.choice([-5, -0.5, 0.5, 5, 700]))
                for is_done in rnd.choice([[], [True], [True], [False], [False, True], [True, False], [True, True]]):
                    marked_on = datetime.fromtimestamp(at, ZoneInfo(zone)).date().isoformat()
                    done_on = rnd.choice([marked_on, day_plus(marked_on, -rnd.randint(0, 3)), None]) if is_done else None
                    self.insert("territory_roadmap_marks", id=new_id(), item_id=item, roadmap_id=plan, is_done=int(is_done),
                                done_on=done_on, evidence_sha256=None, evidence_name=None,
                                evidence_link="https://example.org/act" if is_done else None, comment="",
                                marked_by=self.user["regional"], marked_at=at, marked_on=marked_on)
                    at += rnd.choice([60, 86400, 40 * 86400])

    def build(self):
        # A municipality of a region in each zone; a school that joins on a control date and one that leaves on one.
        rnd = self.rnd
        layout = [(SMOLENSK, "Краснинский район", "curator"), (SMOLENSK, "Сафоновский район", "curator"),
                  (CHITA, "Сретенский район", "bogdanova"), (CHITA, "Сретенский район", "ermakov"),
                  (KALININGRAD, "Гусевский городской округ", "curator"),
                  (KALININGRAD, "Черняховский муниципальный округ", "novikova")]
        count = 0
        for region, municipality, curator in layout:
            for n in range(5):
                count += 1
                joined = rnd.choice(["2021-02-01", "2021-02-01", "2021-02-15", CONTROL["visit"], "2021-05-31"])
                left = rnd.choice([None, None, None, None, CONTROL["mon1"], "2021-03-11"])
                if left and left <= joined:
                    left = None
                s = self.school(municipality, f"МБОУ «Школа № {count}» ({municipality})", joined=joined, left=left)
                self.facts(s, curator)
        # A visit written up days later, just after local midnight: known only from the recording day.
        late = self.school("Сретенский район", "МБОУ «Школа № 0» (поздняя запись посещения)")
        self.insert("curator_assignments", id=new_id(), curator_id=self.user["ermakov"], participation_id=late["participation"],
                    starts_on="2021-02-15", ends_on=None, created_at=at_local("2021-02-15", late["zone"], 600))
        self.insert("verifications", id=new_id(), participation_id=late["participation"], answers="[]", added_risks="",
                    verified_on="2021-03-08", verified_by=self.user["ermakov"], updated_at=at_local("2021-03-08", late["zone"], 900))
        recorded = at_local("2021-03-11", late["zone"], 5)
        self.insert("visits", id=new_id(), participation_id=late["participation"], school_id=late["school"],
                    region_id=late["region"], municipality_id=late["municipality"], curator_id=self.user["ermakov"],
                    visited_on="2021-03-08", format="in_person", participants="", purpose="Первичное посещение", outcome="",
                    recorded_at=recorded, counts_from="2021-03-11")
        # Every fact for the demo's own schools too (they already have curators and seminar marks).
        for sid, pid, mid, rid in self.con.execute(
                "SELECT s.id, p.id, s.municipality_id, s.region_id FROM schools s JOIN participations p ON p.school_id = s.id "
                "WHERE s.code IS NULL AND s.short_name NOT LIKE 'МБОУ «Школа%' ").fetchall():
            zone = [z for r, z in self.regions.values() if r == rid][0]
            s = {"school": sid, "participation": pid, "region": rid, "municipality": mid, "zone": zone, "name": ""}
            if rnd.random() < 0.5:
                self.facts(s, "curator")
        self.plan(SMOLENSK, None, "План-график Смоленской области", "2021-03-22")
        self.plan(KALININGRAD, None, "План-график Калининградской области", "2021-03-21")
        self.plan(KALININGRAD, None, "План-график Калининградской области (дополнение)", "2021-03-23")
        self.plan(KALININGRAD, "Гусевский городской округ", "Дорожная карта Гусевского округа", "2021-03-15")
        self.plan(CHITA, None, "План-график Забайкальского края", "2021-03-22")
        self.plan(CHITA, "Сретенский район", "План-график Сретенского района на 2021 год", "2021-03-22")
        self.con.commit()
        self.con.close()


# MARK: step 3 — today's facts through the forms

PROFILE_HEADER = ["Код ОО"] + [str(n) for n in range(1, 11)] + ["Руководитель", "Педагоги", "Обучающиеся", "Родители"]


def drive_forms(port: int, db: str):
    """Returns the list of what was done, for the report."""
    done = []
    one = lambda sql, *a: read(db, sql, *a)[0][0]
    gusino = one("SELECT id FROM schools WHERE code = '670001'")
    merlino = one("SELECT id FROM schools WHERE code = '670002'")

    regional = Client(port, "regional")
    rows = [PROFILE_HEADER,
            ["670001", "высокая", "средняя"] + ["низкая"] * 8 + ["да", "да", "да", "да"],
            ["670002", "средняя", "высокая"] + ["низкая"] * 8 + ["да", "нет", "нет", "нет"]]
    csv = "\n".join(";".join(r) for r in rows).encode("utf-8")
    _, _, flash = regional.post_multipart("/import/risk-profiles", {}, "file", "РПШ.csv", csv, "text/csv")
    assert "Загружено" in flash, flash[-2000:]
    done.append("risk profiles of 670001 (all groups) and 670002 (one group) imported by the regional coordinator")

    # The municipal coordinator: the seminar (marked, taken back, marked again), a curator ended and assigned.
    municipal = Client(port, "municipal")
    municipal.post(f"/dashboards/seminar/{merlino}", {"attended": "yes", "back": "/dashboards"})
    municipal.post(f"/dashboards/seminar/{gusino}", {"attended": "no", "back": "/dashboards"})
    municipal.post(f"/dashboards/seminar/{gusino}", {"attended": "yes", "back": "/dashboards"})
    assignment = one("""SELECT a.id FROM curator_assignments a JOIN participations p ON p.id = a.participation_id
                        WHERE p.school_id = ? AND a.ends_on IS NULL""", merlino)
    municipal.post(f"/schools/{merlino}/curators/{assignment}/end", {"endsOn": "2021-02-14"})
    novikova = one("SELECT id FROM users WHERE login = 'novikova'")
    municipal.post(f"/schools/{merlino}/curators", {"curator": novikova, "startsOn": "2021-02-16"})
    done.append("seminar marks and curator assignment changes by the municipal coordinator")

    # The curator: visits (one backdated, one today) and the verification with a chosen day.
    curator = Client(port, "curator")
    curator.post("/visits", {"school": gusino, "visitedOn": "2021-03-09", "format": "in_person", "purpose": "Первичное посещение"})
    curator.post("/visits", {"school": gusino, "visitedOn": "", "format": "remote", "purpose": "Консультация"})
    fields = {f"confirmed-{n}": "yes" for n in range(1, 11)}
    fields.update({"verified": "on", "verifiedOn": "2021-03-10"})
    curator.post(f"/schools/{gusino}/verification", fields)
    done.append("visit logged and profile verified by the curator")

    # The school: self-assessment returned once then approved, directions, documents.
    school = Client(port, "school")
    school.post(f"/schools/{gusino}/self-assessment", {"actual-1": "on", "measures-1": "Курсы", "period-1": "2021"})
    school.post(f"/schools/{gusino}/self-assessment/submit", {})
    curator.post(f"/schools/{gusino}/self-assessment/return", {"comment": "Уточните сроки"})
    school.post(f"/schools/{gusino}/self-assessment", {"actual-1": "on", "measures-1": "Курсы", "period-1": "апрель 2021"})
    school.post(f"/schools/{gusino}/self-assessment/submit", {})
    curator.post(f"/schools/{gusino}/self-assessment/approve", {})
    school.post(f"/schools/{gusino}/directions", {"factor-1": "on"})
    assert read(db, "SELECT count(*) FROM directions d JOIN participations p ON p.id = d.participation_id WHERE p.school_id = ?",
                gusino)[0][0] == 1, "direction not activated"
    done.append("self-assessment returned, approved; direction activated")

    def upload(section, name):
        school.post_multipart(f"/schools/{gusino}/sections/{section}/documents", {}, "file", name, PDF, "application/pdf")
        return one("SELECT id FROM documents WHERE title = ? ORDER BY created_at DESC LIMIT 1", name.rsplit(".", 1)[0])

    concept = upload("conceptDocuments", "Концепция развития.pdf")
    school.post(f"/documents/{concept}/submit", {})
    curator.post(f"/documents/{concept}/approve", {})
    roadmap = upload("conceptDocuments", "Дорожная карта школы.pdf")
    school.post(f"/documents/{roadmap}/submit", {})
    curator.post(f"/documents/{roadmap}/return", {"comment": "Добавьте сроки"})
    data = upload("monitoring1", "Данные мониторинга.pdf")
    school.post(f"/documents/{data}/submit", {})
    curator.post(f"/documents/{data}/approve", {})
    school.post(f"/documents/{roadmap}/withdraw", {"comment": "Загружен не в тот раздел"})
    assert one("SELECT state FROM documents WHERE id = ?", roadmap) == "withdrawn", "document not withdrawn"
    draft = upload("conceptDocuments", "Лишний черновик.pdf")
    school.post(f"/documents/{draft}/delete", {})
    assert read(db, "SELECT count(*) FROM documents WHERE id = ?", draft)[0][0] == 0, "draft not deleted"
    done.append("documents uploaded, submitted, approved, returned, withdrawn; a draft deleted")

    # Plan items marked through the forms: the Korenovsk district's own plan by its coordinator, the Transbaikal
    # Sretensk district's (Asia/Chita) by its coordinator — done, and one taken back as not done.
    def mark_items(client, plan_sql, name, count):
        items = read(db, plan_sql + " AND i.is_heading = 0 AND i.due_date IS NOT NULL AND i.due_date <= '2021-12-31' "
                     "ORDER BY i.due_date, i.position LIMIT ?", name, count)
        for item, due in items:
            status, location, text = client.post_multipart(
                f"/territory-roadmap-items/{item}/done", {"doneOn": due, "link": "https://example.org/act", "comment": "Исполнено"},
                None, None, None)
            assert status in (302, 303), text[-1500:]
        return items

    korenovsk = Client(port, "korenovsk")
    marked = mark_items(korenovsk, """SELECT i.id, i.due_date FROM territory_roadmap_items i JOIN territory_roadmaps r
                        ON r.id = i.roadmap_id JOIN municipalities m ON m.id = r.municipality_id WHERE m.name = ?""",
                        "Кореновский район", 3)
    korenovsk.post(f"/territory-roadmap-items/{marked[-1][0]}/not-done", {"reason": "Перенесено"})
    afanasyeva = Client(port, "afanasyeva")
    marked += mark_items(afanasyeva, """SELECT i.id, i.due_date FROM territory_roadmap_items i JOIN territory_roadmaps r
                         ON r.id = i.roadmap_id WHERE r.title = ?""", "План-график Сретенского района на 2021 год", 2)
    done.append(f"{len(marked)} plan items marked done, one of them then not done")

    # A school in Asia/Chita: its curator logs today's visit and verifies the profile today; the district
    # coordinator marks it present at the seminar.
    kokuy = one("SELECT id FROM schools WHERE full_name LIKE '%Кокуйская%'")
    bogdanova = Client(port, "bogdanova")
    bogdanova.post("/visits", {"school": kokuy, "visitedOn": "", "format": "in_person", "purpose": "Посещение"})
    fields = {f"confirmed-{n}": "no" for n in range(1, 11)}
    fields.update({"verified": "on", "verifiedOn": ""})
    bogdanova.post(f"/schools/{kokuy}/verification", fields)
    afanasyeva.post(f"/dashboards/seminar/{kokuy}", {"attended": "yes", "back": "/dashboards"})
    done.append("a Transbaikal school visited, verified and marked at the seminar today")
    return done


def build(binary: str, data: Path, port: int, env=None) -> tuple[Server, list[str]]:
    """Builds the data directory and leaves the server running on it (`env`: e.g. a pinned clock)."""
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    server = Server(binary, data, port, env)
    server.start()
    try:
        admin = create_territories(port)
        create_municipalities(admin, server.db)
    finally:
        server.stop()
    History(server.db).build()
    server.rebuild()
    server.start()
    try:
        return server, drive_forms(port, server.db)
    except BaseException:
        server.stop()
        raise
