#!/usr/bin/env python3
"""The JSON API at national scale (issue 18), against a database filled by bench/dashboard_data.py (85 regions,
10,000 schools, ~2.8 million review events, which the feed's triggers copied into feed_events):
  - the country's inclusion indicators (`GET /api/v1/indicators`), 16 clients: first request, p50/p95, requests/s;
    target p95 < 50 ms on PostgreSQL;
  - the event feed (`GET /api/v1/events?limit=500`) paged through `--events` events (default 1,000,000) by 16
    clients, each following `next` through its own stretch of the feed: events/s; target ≥ 20,000.
A federal token is written straight into api_tokens (its hash as the server computes it); the server is started
with the per-token limit lifted (MEDK_API_RATE, MEDK_API_BURST), since one token here stands for 16 clients. Figures only.

    python3 bench/api_bench.py --postgres postgres://medk:medk@127.0.0.1:5432/medk_bench
    python3 bench/api_bench.py --sqlite bench/out/sqlite/medk.sqlite
"""
import argparse
import hashlib
import hmac
import http.client
import json
import os
import secrets
import sqlite3
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dashboard_bench import free_port, serve  # noqa: E402

SECRET = "bench-" + "x" * 40


def insert_token(args):
    token = "medk_" + secrets.token_urlsafe(32)
    digest = hmac.new(SECRET.encode(), token.encode(), hashlib.sha256).hexdigest()
    query_user = "SELECT u.id, g.id FROM users u JOIN role_grants g ON g.user_id = u.id WHERE g.role = 'federal' LIMIT 1"
    insert = ("INSERT INTO api_tokens (id, user_id, grant_id, name, token_hash, scope, created_at, expires_at) "
              "VALUES (%s, %s, %s, 'bench', %s, 'read', %s, %s)")
    now = time.time()
    if args.postgres:
        import psycopg
        from datetime import datetime, timezone
        with psycopg.connect(args.postgres) as db, db.cursor() as cur:
            cur.execute(query_user)
            user, grant = cur.fetchone()
            cur.execute(insert, (uuid.uuid4(), user, grant, digest, datetime.fromtimestamp(now, timezone.utc),
                                 datetime.fromtimestamp(now + 86400, timezone.utc)))
            cur.execute("SELECT COUNT(*) FROM feed_events")
            feed = cur.fetchone()[0]
    else:
        with sqlite3.connect(args.sqlite) as db:
            user, grant = db.execute(query_user).fetchone()
            db.execute(insert.replace("%s", "?"), (uuid.uuid4().bytes, user, grant, digest, now, now + 86400))
            feed = db.execute("SELECT COUNT(*) FROM feed_events").fetchone()[0]
    return token, feed


def starts(args, offsets):
    """The cursor just before each offset of the feed's order, as the server writes cursors."""
    query = "SELECT txid, seq FROM feed_events ORDER BY txid, seq LIMIT 1 OFFSET {}"
    found = []
    if args.postgres:
        import psycopg
        with psycopg.connect(args.postgres) as db, db.cursor() as cur:
            for offset in offsets:
                cur.execute(query.format(max(0, offset - 1)))
                row = cur.fetchone()
                found.append("0-0" if offset == 0 or row is None else f"{row[0]}-{row[1]}")
    else:
        with sqlite3.connect(args.sqlite) as db:
            for offset in offsets:
                row = db.execute(query.format(max(0, offset - 1))).fetchone()
                found.append("0-0" if offset == 0 or row is None else f"{row[0]}-{row[1]}")
    return found


def timed(port, token, paths, clients):
    latencies, lock, local = [], threading.Lock(), threading.local()

    def one(path):
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        started = time.perf_counter()
        local.connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = local.connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status} {body[:300]!r}")
        with lock:
            latencies.append(elapsed)
        return body

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, paths))
    return sorted(latencies), time.perf_counter() - began


def main():
    parser = argparse.ArgumentParser()
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--sqlite")
    target.add_argument("--postgres")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    token, feed = insert_token(args)
    os.environ.update(MEDK_API_RATE="1000000", MEDK_API_BURST="1000000")
    port = free_port()
    process = serve(args, port)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        started = time.perf_counter()
        connection.request("GET", "/api/v1/indicators", headers={"Authorization": f"Bearer {token}"})
        answer = connection.getresponse()
        answer.read()
        first = (time.perf_counter() - started) * 1000
        latencies, wall = timed(port, token, ["/api/v1/indicators"] * args.requests, args.clients)
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
        print(f"indicators (country): first {first:.0f} ms, p50 {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, "
              f"{len(latencies) / wall:.0f} req/s, {args.clients} clients")

        # The feed: each client follows `next` from its own starting point, 500 events a page.
        wanted = min(args.events, feed)
        stretch = max(1, wanted // args.clients)
        counted, lock = [0], threading.Lock()
        cursors = starts(args, [index * stretch for index in range(args.clients)])

        def follow(index):
            after = cursors[index]
            read = 0
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            while read < stretch:
                conn.request("GET", f"/api/v1/events?limit=500&after={after}", headers={"Authorization": f"Bearer {token}"})
                response = conn.getresponse()
                page = json.loads(response.read())
                if response.status != 200 or not page["events"]:
                    break
                read += len(page["events"])
                after = page["next"]
            with lock:
                counted[0] += read

        began = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(follow, range(args.clients)))
        wall = time.perf_counter() - began
        print(f"feed: {counted[0]:,} events of {feed:,} in {wall:.1f} s = {counted[0] / wall:,.0f} events/s, "
              f"{args.clients} clients, 500 a page")
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
