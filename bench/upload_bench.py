#!/usr/bin/env python3
"""Uploads one large file (200 MB by default) into a school's roadmap through a real MEDK server and
prints the throughput and how much the server's resident memory grew while receiving it.
The target (issues 3 and 19): growth under 20 MB, because uploads stream to disk and are never held in memory —
also when the files live in S3 (a real S3 server, moto, started here; the upload is sent on in 5 MB parts).

    python3 bench/upload_bench.py [--mb 200] [--runs 3] [--medk .build/release/medk] [--store local|s3|both]
"""
import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e"))
from medk_client import ROOT, Session, start_server  # noqa: E402

import http.client  # noqa: E402
import socket  # noqa: E402


def rss_kb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_upload(session, pid, megabytes):
    chunk = os.urandom(1 << 20)
    headers, body, length = Session.multipart("урок.pdf", megabytes * 1_048_576, chunk)
    headers["Cookie"] = session.cookie_header()
    headers["X-CSRF-Token"] = session.csrf
    baseline = rss_kb(pid)
    peak = [baseline]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kb(pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", session.port, timeout=600)
    connection.request("POST", session.upload_path(), body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    assert response.status == 303, f"upload failed: HTTP {response.status}"
    return length / 1_048_576 / elapsed, (peak[0] - baseline) / 1024, elapsed


def s3_environment():
    """A moto S3 server with a bucket: the process and MEDK's variables for it."""
    import subprocess
    import urllib.request
    script = ROOT / "Tests" / "Support" / "S3" / "s3_server.py"
    process = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    port = int(process.stdout.readline().split()[1])
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/medk-bench", method="PUT"))
    return process, {"MEDK_FILES": "s3://medk-bench/files", "MEDK_S3_ENDPOINT": f"http://127.0.0.1:{port}",
                     "MEDK_S3_ACCESS_KEY": "bench", "MEDK_S3_SECRET_KEY": "bench", "MEDK_S3_REGION": "us-east-1"}


def bench(args, store):
    data = Path(tempfile.mkdtemp(prefix="medk-bench-"))
    port = free_port()
    s3, environment = s3_environment() if store == "s3" else (None, {})
    server = start_server(args.medk, data, port, environment)
    try:
        session = Session(port)
        session.upload("разогрев.pdf", b"%PDF-1.4\n" + os.urandom(100_000))
        results = [one_upload(session, server.pid, args.mb) for _ in range(args.runs)]
        throughput = [r[0] for r in results]
        growth = [r[1] for r in results]
        print(f"store: {store}{' (moto, on this machine)' if s3 else ''}  binary: {args.medk}")
        print(f"file: {args.mb} MB, runs: {args.runs}")
        for index, (mbps, grew, seconds) in enumerate(results, 1):
            print(f"  run {index}: {seconds:6.2f} s  {mbps:7.1f} MB/s  RSS growth {grew:6.1f} MB")
        print(f"median throughput: {statistics.median(throughput):.1f} MB/s")
        print(f"median peak RSS growth while receiving: {statistics.median(growth):.1f} MB (target < 20 MB)")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if s3:
            s3.stdin.close()
            s3.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--medk", default=str(ROOT / ".build" / "debug" / "medk"))
    parser.add_argument("--store", choices=["local", "s3", "both"], default="local")
    args = parser.parse_args()
    for store in (["local", "s3"] if args.store == "both" else [args.store]):
        bench(args, store)


if __name__ == "__main__":
    main()
