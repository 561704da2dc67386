#!/usr/bin/env python3
"""Fills a MEDK database at the national scale of PRODUCT.md for the dashboard benchmark (issue 5):
85 regions, 2,500 municipalities, 10,000 participating schools, 5,000 curators, 1,000,000 documents with
3,000,000 review events spread over the 2021 cycle, 40,000 visits, launch-seminar marks, risk profiles,
verifications and directions; with `--cycles 2` the same again for 2022 (the same schools and curators), 2021 closed. Bulk SQL only (COPY for PostgreSQL, one executemany transaction per table for
SQLite), after `medk migrate`; then `medk rebuild-indicators` computes the indicator rollup from that history
exactly as the application keeps it.

    MEDK_DATA_DIR=bench/out/sqlite python3 bench/dashboard_data.py --sqlite bench/out/sqlite/medk.sqlite
    DATABASE_URL=postgres://medk:medk@127.0.0.1:5432/medk_bench python3 bench/dashboard_data.py --postgres "$DATABASE_URL"
    add --scale 0.1 for a tenth of everything.
"""
import argparse
import csv
import io
import os
import random
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEDK = os.environ.get("MEDK_BIN", str(ROOT / ".build" / "release" / "medk"))
MSK = timezone(timedelta(hours=3))
START = datetime(2021, 2, 15, 9, tzinfo=MSK)
SECTIONS = ["diagnostics", "conceptDocuments", "monitoring1", "monitoring2", "program", "stage1", "stage2"]
# When, in days after 15.02, each section's documents are mostly worked on.
SECTION_DAY = {"diagnostics": 10, "conceptDocuments": 60, "monitoring1": 100, "monitoring2": 250,
               "program": 80, "stage1": 150, "stage2": 220}


def uid():
    return str(uuid.uuid4()).upper()


class Writer:
    """Rows per table; flushed as COPY (PostgreSQL) or executemany (SQLite)."""

    def __init__(self, args):
        self.args = args
        self.sqlite = sqlite3.connect(args.sqlite) if args.sqlite else None
        if self.sqlite:
            self.sqlite.execute("PRAGMA journal_mode=WAL")
            self.sqlite.execute("PRAGMA synchronous=OFF")

    def value(self, v):
        if isinstance(v, datetime):
            return v.timestamp() if self.sqlite else v.isoformat()
        if isinstance(v, bool):
            return (1 if v else 0) if self.sqlite else ("t" if v else "f")
        return v

    def write(self, table, columns, rows):
        started = time.time()
        if self.sqlite:
            marks = ",".join("?" * len(columns))
            with self.sqlite:
                self.sqlite.executemany(f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})",
                                        ([self.value(v) for v in row] for row in rows))
        else:
            buffer = io.StringIO()
            out = csv.writer(buffer)
            for row in rows:
                out.writerow(["\\N" if v is None else self.value(v) for v in row])
            copy = f"\\copy {table} ({','.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
            data = buffer.getvalue().encode()
            try:
                subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", self.args.postgres, "-c", copy], input=data, check=True)
            except subprocess.CalledProcessError:
                # The refused batch, for a look at the row PostgreSQL names.
                Path(f"/tmp/dashboard-data-{table}.csv").write_bytes(data)
                raise
        print(f"  {table}: {len(rows):,} rows in {time.time() - started:.1f} s", flush=True)

    def execute(self, sql):
        if self.sqlite:
            with self.sqlite:
                self.sqlite.execute(sql)
        else:
            subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", self.args.postgres, "-c", sql], check=True)

    def rows(self, sql):
        if self.sqlite:
            return [tuple("" if v is None else v for v in row) for row in self.sqlite.execute(sql).fetchall()]
        out = subprocess.run(["psql", "-qtA", "-F", "\x1f", "-R", "\x1e", self.args.postgres, "-c", sql], check=True,
                             capture_output=True, text=True).stdout
        return [tuple(row.strip("\n").split("\x1f")) for row in out.split("\x1e") if row.strip("\n")]

    def scalar(self, sql):
        if self.sqlite:
            return self.sqlite.execute(sql).fetchone()[0]
        return subprocess.run(["psql", "-qtA", self.args.postgres, "-c", sql], check=True, capture_output=True,
                              text=True).stdout.strip()


def next_cycle(w, source, year):
    """The next year as the federal coordinator makes it: the catalogue and control dates copied (moved by a year),
    opened; every earlier year closed."""
    cycle = uid()
    shift = year - int(w.scalar(f"SELECT year FROM cycles WHERE id = '{source}'"))
    w.execute("UPDATE cycles SET status = 'closed'")
    w.write("cycles", ["id", "year", "title", "status", "starts_on", "ends_on", "copied_from"],
            [(cycle, year, f"Проект адресной методической помощи «500+» — {year}", "open", f"{year}-01-01", f"{year}-12-31", source)])
    w.write("cycle_risk_factors", ["id", "cycle_id", "number", "title"],
            [(uid(), cycle, int(number), title) for number, title in w.rows(
                f"SELECT number, title FROM cycle_risk_factors WHERE cycle_id = '{source}'")])
    w.write("cycle_control_dates", ["id", "cycle_id", "date", "event", "description", "indicator", "kind"],
            [(uid(), cycle, f"{int(day[:4]) + shift}{day[4:]}", event, description, indicator or None, kind or None)
             for day, event, description, indicator, kind in w.rows(
                 f"SELECT date, event, description, indicator, kind FROM cycle_control_dates WHERE cycle_id = '{source}'")])
    return cycle


def fill_year(w, rnd, n, cycle, start_at, schools, curators):
    """Every school in `cycle` from `start_at` (15.02 of its year), with its curator, risk profile, seminar mark,
    verification, directions, visits, documents and their review histories."""
    joined = start_at.date().isoformat()
    participations = []
    for school in schools:
        left = (start_at + timedelta(days=rnd.randint(60, 250))).date().isoformat() if rnd.random() < 0.02 else None
        participations.append((uid(), school[0], cycle, joined, left))
    w.write("participations", ["id", "school_id", "cycle_id", "joined_on", "left_on"], participations)
    assignments, curator_of = [], {}
    for i, p in enumerate(participations):
        curator = curators[(i // 2) % len(curators)][0]
        curator_of[p[0]] = curator
        start = (start_at + timedelta(days=rnd.choice([0, 0, 0, 3, 10, 30]))).date().isoformat()
        assignments.append((uid(), curator, p[0], start, None, start_at))
    w.write("curator_assignments", ["id", "curator_id", "participation_id", "starts_on", "ends_on", "created_at"], assignments)
    w.write("risk_profiles", ["id", "participation_id", "significance", "completed_groups", "imported_at", "imported_by"],
            [(uid(), p[0], ",".join(["medium"] * 10), "leader,teachers", start_at + timedelta(days=rnd.randint(-5, 20)), curators[0][0])
             for p in participations if rnd.random() < 0.9])
    w.write("seminar_marks", ["id", "participation_id", "attended", "marked_by", "marked_at"],
            [(uid(), p[0], True, curators[0][0], start_at + timedelta(days=rnd.randint(0, 5))) for p in participations if rnd.random() < 0.7])
    w.write("verifications", ["id", "participation_id", "answers", "added_risks", "verified_on", "verified_by", "updated_at"],
            [(uid(), p[0], "[]", "", (start_at + timedelta(days=rnd.randint(5, 40))).date().isoformat(), curator_of[p[0]], start_at)
             for p in participations if rnd.random() < 0.85])
    w.write("directions", ["id", "participation_id", "factor", "activated_at", "activated_by"],
            [(uid(), p[0], 1 + rnd.randrange(10), start_at + timedelta(days=rnd.randint(10, 45)), curator_of[p[0]])
             for p in participations if rnd.random() < 0.8])
    visits = []
    school_of = {p[0]: s for p, s in zip(participations, schools)}
    for _ in range(n(40000)):
        p = rnd.choice(participations)
        s = school_of[p[0]]
        day = (start_at + timedelta(days=rnd.randint(3, 300))).date().isoformat()
        visits.append((uid(), p[0], s[0], s[2], s[1], curator_of[p[0]], day, rnd.choice(["in_person", "remote"]),
                       "директор", "Посещение", "", datetime.fromisoformat(day + "T18:00:00+03:00"), day))
    w.write("visits", ["id", "participation_id", "school_id", "region_id", "municipality_id", "curator_id", "visited_on",
                       "format", "participants", "purpose", "outcome", "recorded_at", "counts_from"], visits)

    # Documents and their review histories: ~3 events each (uploaded → submitted → approved/returned …).
    documents, events = [], []
    doc_count = n(1_000_000)
    per_school = doc_count // len(participations)
    for p in participations:
        school_user = curator_of[p[0]]
        for _ in range(per_school):
            section = rnd.choice(SECTIONS)
            d = uid()
            at = start_at + timedelta(days=max(0, SECTION_DAY[section] + rnd.randint(-30, 30)), minutes=rnd.randint(0, 600))
            history = [("uploaded", None, "draft", "school"), ("submitted", "draft", "submitted", "school")]
            fate = rnd.random()
            if fate < 0.55:
                history.append(("approved", "submitted", "approved", "curator"))
            elif fate < 0.8:
                history += [("returned", "submitted", "returned", "curator")]
            state = history[-1][2]
            for kind, from_state, to_state, role in history:
                events.append((uid(), p[0], "document", d, "Документ", 1, kind, from_state, to_state,
                               school_user if role == "curator" else p[1], role, at, ""))
                at += timedelta(days=rnd.randint(1, 12), minutes=rnd.randint(0, 300))
            submitted = at if state == "submitted" else None
            documents.append((d, p[0], section, None, "Документ", state, 1, 0, 1, p[1], start_at, at, submitted))
    w.write("documents", ["id", "participation_id", "section", "direction_id", "title", "state", "current_version",
                          "returned_at_version", "revision", "created_by", "created_at", "updated_at", "submitted_at"], documents)
    del documents
    for start in range(0, len(events), 500_000):
        w.write("review_events", ["id", "participation_id", "item_type", "item_id", "item_title", "version", "kind",
                                  "from_state", "to_state", "actor_id", "actor_role", "at", "comment"], events[start:start + 500_000])


def medk(args, *command):
    env = dict(os.environ)
    if args.postgres:
        env["DATABASE_URL"] = args.postgres
    else:
        env["MEDK_DATA_DIR"] = str(Path(args.sqlite).parent)
        env.pop("DATABASE_URL", None)
    subprocess.run([MEDK, *command], env=env, check=True, cwd=ROOT)


def main():
    parser = argparse.ArgumentParser()
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--sqlite", help="path of the SQLite file (its directory is the data directory)")
    target.add_argument("--postgres", help="DATABASE_URL of an empty database")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--cycles", type=int, choices=[1, 2], default=1,
                        help="2: the next year too, as full as the first, with the first closed (issue 13)")
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    n = lambda full: max(1, int(full * args.scale))  # noqa: E731
    if args.sqlite:
        Path(args.sqlite).parent.mkdir(parents=True, exist_ok=True)
    began = time.time()
    print("migrate", flush=True)
    medk(args, "migrate")
    w = Writer(args)
    cycle = w.scalar("SELECT id FROM cycles WHERE year = 2021")
    if not cycle:
        sys.exit("the 2021 cycle is missing: run `medk demo` once or install it")

    regions = [(uid(), f"Регион {i + 1:02d}") for i in range(85)]
    w.write("regions", ["id", "name", "time_zone", "created_at"], [(r, name, "Europe/Moscow", START) for r, name in regions])
    municipalities = [(uid(), regions[i % 85][0], f"Муниципалитет {i + 1:04d}") for i in range(n(2500))]
    w.write("municipalities", ["id", "region_id", "name", "created_at"], [(m, r, name, START) for m, r, name in municipalities])
    schools = []
    for i in range(n(10000)):
        m, r, _ = municipalities[i % len(municipalities)]
        name = f"МБОУ «Школа № {i + 1}»"
        schools.append((uid(), m, r, name, f"Школа № {i + 1}", "", i % 3 != 0, f"B{i:06d}", name.lower(), START))
    w.write("schools", ["id", "municipality_id", "region_id", "full_name", "short_name", "address", "is_rural", "code",
                        "search_text", "created_at"], schools)
    curators = [(uid(), f"curator{i:05d}", f"Куратор {i:05d}", "", "", "!", True, START) for i in range(n(5000))]
    w.write("users", ["id", "login", "full_name", "email", "phone", "password_hash", "is_active", "created_at"], curators)
    w.write("role_grants", ["id", "user_id", "role", "region_id", "created_at"],
            [(uid(), c[0], "curator", regions[i % 85][0], START) for i, c in enumerate(curators)])
    fill_year(w, rnd, n, cycle, START, schools, curators)
    for extra in range(1, args.cycles):
        start = START.replace(year=START.year + extra)
        print(f"the {start.year} cycle, copied from {START.year}; the earlier one closed", flush=True)
        fill_year(w, rnd, n, next_cycle(w, cycle, start.year), start, schools, curators)
    print("rebuild the indicator rollup", flush=True)
    started = time.time()
    medk(args, "rebuild-indicators")
    print(f"  rollup in {time.time() - started:.0f} s", flush=True)
    first = regions[0][0]
    first_municipality = next(m for m in municipalities if m[1] == first)[0]
    for login, role, extra in [("bench-federal", "federal", []), ("bench-regional", "regional", ["--region", regions[0][1]]),
                               ("bench-municipal", "municipal", ["--region", regions[0][1], "--municipality",
                                                                 next(m[2] for m in municipalities if m[0] == first_municipality)])]:
        medk(args, "user", "create", "--login", login, "--name", login, "--role", role, "--password", "bench-password", *extra)
    (Path(args.sqlite).parent if args.sqlite else ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    print(f"done in {time.time() - began:.0f} s")


if __name__ == "__main__":
    main()
