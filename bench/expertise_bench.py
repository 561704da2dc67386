#!/usr/bin/env python3
"""The federal level's work at national scale (issue 15), on the PostgreSQL database of bench/dashboard_data.py
(`--cycles 2`: 2022 open, 10,000 schools, 5,000 curators):

1. the federal coordinator draws a 10 % sample of this year's schools and assigns 200 experts (at most 10 schools
   each, a second opinion on 20 %) — each request timed, target < 2 s;
2. a region's curators' report for the first payment (01.01–15.06), built from the history — median of 5, target < 2 s;
3. the federal comparison page of the round, once every sheet is accepted and the round published — p50/p95 with
   16 clients, target p95 < 100 ms.

It adds 200 experts (50 of them also curators of a region) once, and removes its round before and after, so it can
be run again. Figures only; nothing is asserted.

    MEDK_BIN=.build-release/release/medk python3 bench/expertise_bench.py --postgres postgres://medk:medk@127.0.0.1:5432/medk_bench2
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e"))
from dashboard_bench import MEDK, free_port, measure, serve  # noqa: E402
from medk_client import Session  # noqa: E402

TITLE = "Экспертиза стенда"
CRITERIA = ["goals", "indicators", "measures", "monitoring", "analysis", "decisions"]


def experts(db):
    """200 experts with the bench accounts' password; every fourth also a curator of a region."""
    with db.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM role_grants WHERE role = 'expert'")
        if cur.fetchone()[0] >= 200:
            return
        cur.execute("SELECT password_hash FROM users WHERE login = 'bench-federal'")
        password = cur.fetchone()[0]
        cur.execute("SELECT id FROM regions ORDER BY name")
        regions = [row[0] for row in cur.fetchall()]
        for index in range(200):
            user = uuid.uuid4()
            cur.execute("INSERT INTO users (id, login, full_name, email, phone, password_hash, is_active, created_at) "
                        "VALUES (%s, %s, %s, %s, '', %s, true, now())",
                        (user, f"bench-expert-{index:03d}", f"Эксперт {index:03d}", f"expert{index:03d}@bench.medk.local", password))
            cur.execute("INSERT INTO role_grants (id, user_id, role, created_at) VALUES (%s, %s, 'expert', now())", (uuid.uuid4(), user))
            if index % 4 == 0:
                cur.execute("INSERT INTO role_grants (id, user_id, role, region_id, created_at) VALUES (%s, %s, 'curator', %s, now())",
                            (uuid.uuid4(), user, regions[index % len(regions)]))
    db.commit()


def clean(db):
    with db.cursor() as cur:
        cur.execute("SELECT id FROM expertise_rounds WHERE title = %s", (TITLE,))
        for (round_id,) in cur.fetchall():
            cur.execute("DELETE FROM expertise_sheet_events WHERE sheet_id IN (SELECT id FROM expertise_sheets WHERE round_id = %s)", (round_id,))
            cur.execute("DELETE FROM expertise_sheet_versions WHERE sheet_id IN (SELECT id FROM expertise_sheets WHERE round_id = %s)", (round_id,))
            cur.execute("DELETE FROM expertise_sheets WHERE round_id = %s", (round_id,))
            cur.execute("DELETE FROM expertise_sample_events WHERE round_id = %s", (round_id,))
            cur.execute("DELETE FROM expertise_rounds WHERE id = %s", (round_id,))
    db.commit()


def accept_everything(db, round_id):
    """Every sheet scored and accepted, as if the experts and the federal coordinator had done it (the pages measured
    read the same rows)."""
    with db.cursor() as cur:
        cur.execute("SELECT id, participation_id, is_second FROM expertise_sheets WHERE round_id = %s", (round_id,))
        for sheet, participation, second in cur.fetchall():
            seed = (hash(str(participation)) + (7 if second else 0)) & 0xFFFF
            scores = [{"key": key, "score": 2 if (seed >> i) % 3 else 1, "comment": "" if (seed >> i) % 3 else "Замечание"}
                      for i, key in enumerate(CRITERIA)]
            cur.execute("INSERT INTO expertise_sheet_versions (id, sheet_id, number, scores, conclusion, saved_by, saved_at) "
                        "SELECT %s, id, 1, %s, 'Заключение', expert_id, now() FROM expertise_sheets WHERE id = %s",
                        (uuid.uuid4(), json.dumps(scores, sort_keys=True, ensure_ascii=False), sheet))
        cur.execute("UPDATE expertise_sheets SET state = 'approved', current_version = 1 WHERE round_id = %s", (round_id,))
    db.commit()


def post(session, path, fields):
    """A form POST with the session's CSRF token; returns the status (a redirect is success)."""
    body = urllib.parse.urlencode({"_csrf": session.csrf, **fields}).encode()
    status = session.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})[0]
    if status != 303:
        raise RuntimeError(f"POST {path}: HTTP {status}")
    return status


def timed(label, call):
    started = time.perf_counter()
    result = call()
    print(f"{label:60} {(time.perf_counter() - started) * 1000:9.1f} ms", flush=True)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", required=True)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    args.sqlite = None
    # This session's tables (the curators' reports, the expertise) on a database generated before them.
    subprocess.run([MEDK, "migrate"], env=dict(os.environ, DATABASE_URL=args.postgres), check=True, capture_output=True)
    db = psycopg.connect(args.postgres)
    experts(db)
    clean(db)
    port = free_port()
    process = serve(args, port)
    try:
        federal, regional = Session(port, "bench-federal", "bench-password"), Session(port, "bench-regional", "bench-password")
        with db.cursor() as cur:
            cur.execute("SELECT year FROM cycles WHERE status = 'open' ORDER BY year DESC LIMIT 1")
            year = cur.fetchone()[0]
        post(federal, "/expertise", {"title": TITLE, "dueOn": f"{year}-11-15"})
        with db.cursor() as cur:
            cur.execute("SELECT id FROM expertise_rounds WHERE title = %s", (TITLE,))
            round_id = cur.fetchone()[0]
        timed("draw a 10 % sample of every region", lambda: post(federal, f"/expertise/{round_id}/sample",
                                                                         {"kind": "percent", "value": "10", "seed": "2022"}))
        timed("assign 200 experts (K = 10, second opinion on 20 %)",
              lambda: post(federal, f"/expertise/{round_id}/assign", {"limit": "10", "secondShare": "20"}))
        with db.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM expertise_sample_events WHERE round_id = %s", (round_id,))
            sampled = cur.fetchone()[0]
            cur.execute("SELECT COUNT(*), COUNT(DISTINCT expert_id) FROM expertise_sheets WHERE round_id = %s", (round_id,))
            sheets, used = cur.fetchone()
        print(f"  sample: {sampled} schools; sheets: {sheets} for {used} experts")

        with db.cursor() as cur:
            cur.execute("SELECT region_id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.login = 'bench-regional'")
            region = cur.fetchone()[0]
        times = []
        for _ in range(5):
            started = time.perf_counter()
            status = regional.request("GET", f"/curator-reports/{region}?payment=first")[0]
            times.append((time.perf_counter() - started) * 1000)
            assert status == 200, status
        print(f"{'curators report of a region, first payment (median of 5)':60} {statistics.median(times):9.1f} ms", flush=True)

        accept_everything(db, round_id)
        timed("publish", lambda: post(federal, f"/expertise/{round_id}/publish", {}))
        print(f"{'request':48} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8}   ({args.clients} clients, {args.requests} requests)")
        for label, session, path in [("federal comparison of regions", federal, f"/expertise/{round_id}/results"),
                                     ("a region's results", regional, f"/expertise/{round_id}/regions/{region}")]:
            first, p50, p95, rate = measure(session, path, args.requests, args.clients)
            print(f"{label:48} {first:9.1f} {p50:8.1f} {p95:8.1f} {rate:8.1f}", flush=True)
    finally:
        process.terminate()
        process.wait(timeout=20)
        clean(db)
        db.close()


if __name__ == "__main__":
    main()
