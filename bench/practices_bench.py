#!/usr/bin/env python3
"""The open bank of best practices at scale (issue 17): 20,000 published practices on PostgreSQL, the public
catalogue searched signed out by 16 clients at once — p50/p95 per query, target p95 < 50 ms.

The database is migrated by `medk migrate` and given the demo's regions and schools by `medk demo --only-seeds` once;
the practices are written straight into the tables (texts made from the seeds' own sentences, so the stems are real
Russian ones), one to three risk factors each. A second run reuses them. Figures only; nothing is asserted.

    MEDK_BIN=.build/release/medk python3 bench/practices_bench.py --postgres postgres://medk:medk@127.0.0.1:5432/medk_practices
"""
import argparse
import http.client
import random
import re
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e"))
from dashboard_bench import MEDK, ROOT, free_port, measure  # noqa: E402
from medk_client import wait_until_up  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
QUERIES = ["программы", "наставничество", "родителей", "мониторинга результатов", "учителя математики", "библиотека"]


def sentences():
    """Sentences of the seeds (a few thousand), to make practices of."""
    text = " ".join(path.read_text(encoding="utf-8", errors="ignore") for path in sorted(SEEDS.glob("0*.txt")))
    found = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 40 <= len(s.strip()) <= 400 and re.search("[а-я]", s)]
    return found or ["Программа наставничества молодых учителей и работа с родителями."]


def ensure_schema(url, port):
    """Migrates the database and seeds the demo's territories (a short-lived `medk demo` on the same database)."""
    env = {"DATABASE_URL": url, "MEDK_SESSION_SECRET": "bench-" + "x" * 40, "PATH": "/usr/bin:/bin"}
    subprocess.run([MEDK, "migrate"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    with psycopg.connect(url) as db, db.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM schools")
        if cur.fetchone()[0] > 0:
            return
    log = open("/tmp/medk-practices-bench-seed.log", "w")
    process = subprocess.Popen([MEDK, "demo", "--only-seeds", "--port", str(port)], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    try:
        wait_until_up(process, port, "/tmp/medk-practices-bench-seed.log", tries=400)
    finally:
        process.terminate()
        process.wait(timeout=30)


def fill(url, count):
    with psycopg.connect(url) as db, db.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM practices WHERE state = 'approved'")
        have = cur.fetchone()[0]
        if have >= count:
            return have
        cur.execute("SELECT id, municipality_id, region_id FROM schools")
        schools = cur.fetchall()
        cur.execute("SELECT id FROM cycles ORDER BY year DESC LIMIT 1")
        cycle = cur.fetchone()[0]
        cur.execute("SELECT id FROM users ORDER BY login LIMIT 1")
        author = cur.fetchone()[0]
        pool, rng = sentences(), random.Random(17)
        practices, factors = [], []
        for index in range(have, count):
            school, municipality, region = rng.choice(schools)
            title = " ".join(rng.choice(pool).split()[:8])[:200]
            body = [" ".join(rng.sample(pool, 3)) for _ in range(3)]
            practice = uuid.uuid4()
            practices.append((practice, cycle, school, municipality, region, title, body[0][:900], body[0], body[1], body[2],
                              "", "approved", 1, 0, "", "\n".join([title] + body), author, index))
            for number in rng.sample(range(1, 11), rng.randint(1, 3)):
                factors.append((uuid.uuid4(), practice, number))
        cur.executemany(
            "INSERT INTO practices (id, cycle_id, school_id, municipality_id, region_id, title, summary, description, actions, "
            "results, authors, state, version, returned_at_version, return_comment, search_text, created_by, created_at, "
            "updated_at, published_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now(), now(), "
            "now() - make_interval(mins => %s))",
            practices)
        cur.executemany("INSERT INTO practice_factors (id, practice_id, factor_number) VALUES (%s, %s, %s)", factors)
        # The tallies the publishing moves keep, as they would stand after publishing all of them.
        cur.execute("DELETE FROM practice_tallies")
        cur.execute("INSERT INTO practice_tallies (id, region_id, cycle_id, factor_number, published) "
                    "SELECT gen_random_uuid(), p.region_id, p.cycle_id, f.factor_number, COUNT(*) FROM practice_factors f "
                    "JOIN practices p ON p.id = f.practice_id WHERE p.state = 'approved' "
                    "GROUP BY p.region_id, p.cycle_id, f.factor_number")
        db.commit()
        cur.execute("ANALYZE practices")
        cur.execute("ANALYZE practice_factors")
        return count


class Visitor:
    """Someone who never signed in: what `measure` needs of a session, without cookies."""

    def __init__(self, port):
        self.port = port

    def cookie_header(self):
        return ""

    def request(self, method, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        connection.request(method, path)
        response = connection.getresponse()
        data = response.read()
        return response.status, data.decode("utf-8", "replace")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", required=True)
    parser.add_argument("--practices", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    port = free_port()
    ensure_schema(args.postgres, port)
    started = time.perf_counter()
    total = fill(args.postgres, args.practices)
    print(f"{total} published practices ready ({time.perf_counter() - started:.1f} s)")
    env = {"DATABASE_URL": args.postgres, "MEDK_SESSION_SECRET": "bench-" + "x" * 40, "PATH": "/usr/bin:/bin"}
    log = open("/tmp/medk-practices-bench.log", "w")
    process = subprocess.Popen([MEDK, "serve", "--port", str(port), "--hostname", "127.0.0.1"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(process, port, "/tmp/medk-practices-bench.log", tries=400)
        visitor = Visitor(port)
        print(f"{'query':<32} {'found':>6} {'first':>8} {'p50':>8} {'p95':>8} {'req/s':>7}   "
              f"({args.clients} clients, {args.requests} requests, signed out)")
        for query in QUERIES + ["", "программы&factor=2"]:
            words, _, extra = query.partition("&")
            path = "/public/practices?q=" + urllib.parse.quote(words) + ("&" + extra if extra else "")
            found = re.search(r"Найдено:? (\d+|более \d+)", visitor.request("GET", path)[1])
            first, p50, p95, rate = measure(visitor, path, args.requests, args.clients)
            print(f"{(query or '(front page)'):<32} {found.group(1) if found else '?':>6} {first:>7.1f}  {p50:>7.1f}  "
                  f"{p95:>7.1f}  {rate:>6.0f}  ms")
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
