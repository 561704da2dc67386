#!/usr/bin/env python3
"""Latency of the coordinators' dashboard (issue 5) against a database filled by bench/dashboard_data.py:
the federal, a regional and a municipal indicator table (as of today and as of 10.03.2021; with `--cycles 2` also
as of 10.03.2022, the current year beside the closed one) and a drill-down,
each requested by 16 concurrent clients; prints the first (uncached) request's latency, then p50/p95 latency
and requests per second. Latency is measured by the client, on the same machine as the server.
Target: p95 < 100 ms on PostgreSQL, < 300 ms on SQLite. Figures only; nothing is asserted.

    python3 bench/dashboard_bench.py --sqlite bench/out/sqlite/medk.sqlite [--requests 400]
    python3 bench/dashboard_bench.py --postgres postgres://medk:medk@127.0.0.1:5432/medk_bench
"""
import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e"))
from medk_client import ROOT, Session, wait_until_up  # noqa: E402

MEDK = os.environ.get("MEDK_BIN", str(ROOT / ".build" / "release" / "medk"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(args, port):
    env = dict(os.environ, MEDK_SESSION_SECRET="bench-" + "x" * 40)
    if args.postgres:
        env["DATABASE_URL"] = args.postgres
    else:
        env["MEDK_DATA_DIR"] = str(Path(args.sqlite).parent)
        env.pop("DATABASE_URL", None)
    log = open("/tmp/medk-dashboard-bench.log", "w")
    process = subprocess.Popen([MEDK, "serve", "--port", str(port), "--hostname", "127.0.0.1"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    return wait_until_up(process, port, "/tmp/medk-dashboard-bench.log", tries=400)


def measure(session, path, requests, clients):
    # The first request is timed apart: it is the one that counts from the rollup before the in-memory
    # counts of this table (valid until the next write) exist; it also opens the first connection.
    started = time.perf_counter()
    status = session.request("GET", path)[0]
    first = (time.perf_counter() - started) * 1000
    if status != 200:
        raise RuntimeError(f"{path}: HTTP {status}")
    latencies = []
    lock = threading.Lock()
    # Each client keeps its connection open between requests, as a browser does (HTTP/1.1 keep-alive).
    local = threading.local()

    def one(_):
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection("127.0.0.1", session.port, timeout=600)
        started = time.perf_counter()
        local.connection.request("GET", path, headers={"Cookie": session.cookie_header()})
        response = local.connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        with lock:
            latencies.append(elapsed)

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, range(requests)))
    wall = time.perf_counter() - began
    latencies.sort()
    return first, latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.95) - 1], requests / wall


def main():
    parser = argparse.ArgumentParser()
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--sqlite")
    target.add_argument("--postgres")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--cycles", type=int, choices=[1, 2], default=1,
                        help="2: the data has 2022 open after a closed 2021 (dashboard_data.py --cycles 2)")
    args = parser.parse_args()
    port = free_port()
    process = serve(args, port)
    try:
        sessions = {login: Session(port, login, "bench-password") for login in ["bench-federal", "bench-regional", "bench-municipal"]}
        page = sessions["bench-regional"].request("GET", "/dashboards")[2]
        municipality = re.search(r'href="/dashboards\?territory=([0-9A-Fa-f-]{36})', page).group(1)
        cases = []
        days = [("сегодня", ""), ("10.03.2021", "2021-03-10")]
        if args.cycles == 2:
            # The current year mid-way, beside the closed year's same day.
            days.insert(1, ("10.03.2022", "2022-03-10"))
        for label, day in days:
            q = f"date={day}" if day else ""
            cases += [(f"federal table, {label}", "bench-federal", f"/dashboards?{q}"),
                      (f"regional table, {label}", "bench-regional", f"/dashboards?{q}"),
                      (f"municipal table, {label}", "bench-municipal", f"/dashboards?{q}")]
        cases.append(("drill-down (municipality, concept documents)", "bench-regional",
                      f"/dashboards/cell?indicator=concept_documents&territory={municipality}&date=2021-05-01"))
        print(f"{'request':48} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8}   ({args.clients} clients, {args.requests} requests)")
        for label, login, path in cases:
            first, p50, p95, rate = measure(sessions[login], path, args.requests, args.clients)
            print(f"{label:48} {first:9.1f} {p50:8.1f} {p95:8.1f} {rate:8.1f}", flush=True)
    finally:
        process.terminate()
        process.wait(timeout=20)


if __name__ == "__main__":
    main()
