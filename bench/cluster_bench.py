#!/usr/bin/env python3
"""The coordinators' dashboard through nginx with two instances (issue 19) beside one instance straight: 16 clients
ask for the same dashboard page, each on its own keep-alive connection, as bench/dashboard_bench.py does; prints the
first request's latency, p50/p95 latency and requests per second of each, and the ratios. Figures only; nothing is
asserted.

It runs on the cluster of `scripts/cluster up` (started here if it is not up, and stopped again at the end unless
--keep), that is on the demo's data (about 230 schools), not on the national data of bench/dashboard_data.py: it
measures what the proxy and a second instance add or take, not the dashboard's queries at scale. On a machine with
two cores, two instances share the same two cores, so expect no doubling: the ratio shows the proxy's cost and what
a second process gains from the same cores. Latency is measured by the client on the same machine.

    python3 bench/cluster_bench.py [--login federal] [--path /dashboards] [--requests 400] [--clients 16] [--keep]
"""
import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "e2e"))
sys.path.insert(0, str(HERE))
from medk_client import Session  # noqa: E402
from dashboard_bench import measure  # noqa: E402

STATE = Path(os.environ.get("MEDK_CLUSTER_DIR", ROOT / ".cluster"))


def cluster_values():
    values = {}
    for line in (STATE / "cluster.env").read_text().splitlines():
        key, _, value = line.partition("=")
        if key:
            values[key] = value
    return values


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--login", default="federal", help="a demo coordinator (federal, regional, municipal)")
    parser.add_argument("--path", default="/dashboards")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2, help="each case is measured this many times, alternating")
    parser.add_argument("--keep", action="store_true", help="leave the cluster up at the end")
    args = parser.parse_args()

    script = ROOT / "scripts" / "cluster"
    was_up = subprocess.run([str(script), "status"], cwd=ROOT, capture_output=True).returncode == 0
    if not was_up:
        print("starting the cluster (scripts/cluster up)…", flush=True)
        subprocess.run([str(script), "up"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    try:
        values = cluster_values()
        cases = [("one instance (a), straight", int(values["A_PORT"])),
                 ("nginx → two instances (a, b)", int(values["NGINX_PORT"]))]
        sessions = {port: Session(port, args.login, "medk-demo") for _, port in cases}
        print(f"{args.path} as {args.login}; {args.clients} clients, {args.requests} requests a round, {args.rounds} rounds; "
              f"data directories {values.get('DATA_MODE')}; medk demo {values.get('DEMO_ARGS') or '(the whole demo)'}; "
              f"binary {values.get('MEDK_BIN')}")
        print(f"{'':36} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8}")
        results = {}
        for round_ in range(args.rounds):
            for label, port in cases:
                first, p50, p95, rate = measure(sessions[port], args.path, args.requests, args.clients)
                results.setdefault(label, []).append((first, p50, p95, rate))
                print(f"{label:36} {first:9.1f} {p50:8.1f} {p95:8.1f} {rate:8.1f}   (round {round_ + 1})", flush=True)
        # The best round of each: the figure least disturbed by whatever else ran on the machine.
        best = {label: max(rows, key=lambda r: r[3]) for label, rows in results.items()}
        (one_label, _), (two_label, _) = cases
        one, two = best[one_label], best[two_label]
        print(f"\nbest round of each: one instance p50 {one[1]:.1f} ms, p95 {one[2]:.1f} ms, {one[3]:.1f} req/s; "
              f"nginx → two p50 {two[1]:.1f} ms, p95 {two[2]:.1f} ms, {two[3]:.1f} req/s")
        print(f"ratio nginx→two / one: req/s × {two[3] / one[3]:.2f}, p50 × {two[1] / one[1]:.2f}, p95 × {two[2] / one[2]:.2f} "
              f"({os.cpu_count()} cores)")
    finally:
        if not was_up and not args.keep:
            subprocess.run([str(script), "down"], cwd=ROOT, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
