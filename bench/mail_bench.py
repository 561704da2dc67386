#!/usr/bin/env python3
"""Reminders and e-mail at national scale (issue 14), on the PostgreSQL database of bench/dashboard_data.py
(`--cycles 2`: 2022 open, 10,000 schools):

1. the daily reminder run as of 23.04.2022 07:00 Moscow, a week before the concept-documents date: the time to
   decide and enqueue every reminder (control dates, reviews waiting, late visits, plan items), with how many
   notifications and letters it wrote — target < 30 s;
2. the regional dashboard's p50/p95 measured by 16 clients before and while that run goes on — target p95 < 150 ms;
3. outbox throughput: the letters it wrote, sent by `medk jobs --run outbox` to a local aiosmtpd (plain and
   STARTTLS) — target ≥ 50 letters/s.

It adds what the generator does not make and reminders need (an account with an address for every school, a
municipal coordinator per municipality, addresses for the curators) once, and removes what it wrote (reminders,
letters, job runs) before and after, so it can be run again. Figures only; nothing is asserted.

    python3 bench/mail_bench.py --postgres postgres://medk:medk@127.0.0.1:5432/medk_bench2
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e"))
from dashboard_bench import MEDK, free_port, measure, serve  # noqa: E402
from medk_client import ROOT, Session  # noqa: E402
from smtp import SMTPServer  # noqa: E402

AT = "2022-04-23T07:00:00+03:00"


def accounts(db):
    """School and municipal accounts with addresses, and addresses for everyone: once."""
    with db.cursor() as cur:
        cur.execute("UPDATE users SET email = login || '@bench.medk.local' WHERE email = ''")
        cur.execute("""SELECT s.id, s.region_id, s.municipality_id, s.code FROM schools s
                       WHERE NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.role = 'school' AND g.school_id = s.id)""")
        schools = cur.fetchall()
        cur.execute("""SELECT m.id, m.region_id FROM municipalities m
                       WHERE NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.role = 'municipal' AND g.municipality_id = m.id)""")
        municipalities = cur.fetchall()
        users, grants = [], []
        for school, region, municipality, code in schools:
            user = uuid.uuid4()
            users.append((user, f"oo{code.lower()}", f"Школа {code}", f"oo{code.lower()}@bench.medk.local"))
            grants.append((uuid.uuid4(), user, "school", region, municipality, school))
        for index, (municipality, region) in enumerate(municipalities):
            user = uuid.uuid4()
            users.append((user, f"mun{index:04d}", f"Координатор {index:04d}", f"mun{index:04d}@bench.medk.local"))
            grants.append((uuid.uuid4(), user, "municipal", region, municipality, None))
        with cur.copy("COPY users (id, login, full_name, email, phone, password_hash, is_active, created_at) FROM STDIN") as copy:
            for user, login, name, email in users:
                copy.write_row((user, login, name, email, "", "!", True, "2021-02-15T09:00:00+03:00"))
        with cur.copy("COPY role_grants (id, user_id, role, region_id, municipality_id, school_id, created_at) FROM STDIN") as copy:
            for row in grants:
                copy.write_row(row + ("2021-02-15T09:00:00+03:00",))
    db.commit()
    return len(users)


def clean(db):
    with db.cursor() as cur:
        cur.execute("DELETE FROM notifications WHERE dedupe_key IS NOT NULL")
        cur.execute("DELETE FROM mail_outbox")
        cur.execute("DELETE FROM job_runs")
    db.commit()


def count(db, sql):
    with db.cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()[0]


def dashboard_while(session, path, running, clients):
    """Requests the page from `clients` threads until `running()` is false; returns the sorted latencies (ms)."""
    import http.client
    latencies, lock = [], threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", session.port, timeout=600)
        while running():
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": session.cookie_header()})
            response = connection.getresponse()
            response.read()
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(latencies)


def outbox_rate(args, mode, letters):
    """Sends up to `letters` of the waiting letters to a local aiosmtpd; letters per second, from the first to the
    last one received."""
    smtp = SMTPServer(mode=mode)
    env = dict(os.environ, DATABASE_URL=args.postgres, **smtp.environment())
    if mode == "plain":
        env["MEDK_SMTP_URL"] = f"smtp://127.0.0.1:{smtp.port}?starttls=never"
    process = subprocess.Popen([MEDK, "jobs", "--run", "outbox"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.STDOUT)
    deadline = time.time() + 600
    files = []
    while time.time() < deadline and process.poll() is None:
        files = [p for p in Path(smtp.maildir).glob("*.eml")]
        if len(files) >= letters:
            break
        time.sleep(0.5)
    process.send_signal(signal.SIGTERM) if process.poll() is None else None
    process.wait(timeout=30)
    files = [p for p in Path(smtp.maildir).glob("*.eml")]
    smtp.stop()
    with psycopg.connect(args.postgres) as db, db.cursor() as cur:
        cur.execute("SELECT status, COUNT(*), MIN(last_result) FROM mail_outbox WHERE attempts > 0 GROUP BY status")
        for status, n, sample in cur.fetchall():
            print(f"  {mode}: {status} {n}" + (f" — e.g. «{sample[:160]}»" if status != "sent" else ""), flush=True)
        # The next measurement starts from letters not yet tried.
        cur.execute("UPDATE mail_outbox SET status = 'sent' WHERE attempts > 0")
    if len(files) < 2:
        return len(files), 0.0
    times = sorted(p.stat().st_mtime for p in files)
    return len(files), (len(files) - 1) / max(times[-1] - times[0], 1e-6)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--letters", type=int, default=3000, help="letters to send per outbox measurement")
    args = parser.parse_args()
    subprocess.run([MEDK, "migrate"], cwd=ROOT, env=dict(os.environ, DATABASE_URL=args.postgres), check=True,
                   stdout=subprocess.DEVNULL)
    db = psycopg.connect(args.postgres)
    added = accounts(db)
    if added:
        print(f"added {added} accounts (schools, municipal coordinators)", flush=True)
    clean(db)

    port = free_port()
    server = serve(argparse.Namespace(postgres=args.postgres, sqlite=None), port)
    try:
        regional = Session(port, "bench-regional", "bench-password")
        path = "/dashboards"
        first, p50, p95, rate = measure(regional, path, 400, args.clients)
        print(f"regional dashboard before:  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  {rate:6.1f} req/s", flush=True)

        env = dict(os.environ, DATABASE_URL=args.postgres)
        started = time.perf_counter()
        job = subprocess.Popen([MEDK, "jobs", "--run", "reminders", "--at", AT], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        during = dashboard_while(regional, path, lambda: job.poll() is None, args.clients)
        output = job.communicate()[0].strip()
        elapsed = time.perf_counter() - started
        notifications = count(db, "SELECT COUNT(*) FROM notifications WHERE dedupe_key IS NOT NULL")
        letters = count(db, "SELECT COUNT(*) FROM mail_outbox")
        print(f"reminder run as of {AT}: {elapsed:6.1f} s (process, start to exit) — {output}", flush=True)
        print(f"  wrote {notifications} notifications, {letters} letters", flush=True)
        if during:
            print(f"regional dashboard during:  p50 {during[len(during) // 2]:6.1f} ms  "
                  f"p95 {during[int(len(during) * 0.95) - 1]:6.1f} ms  ({len(during)} requests)", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)

    for mode in ["plain", "starttls"]:
        sent, per_second = outbox_rate(args, mode, args.letters)
        print(f"outbox to aiosmtpd ({mode}): {sent} letters, {per_second:6.1f} letters/s", flush=True)
    clean(db)
    db.close()


if __name__ == "__main__":
    main()
