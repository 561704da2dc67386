"""Backups as an operator uses them (issue 19): `medk backup --to DIR` while MEDK serves, then `medk restore --from
DIR` into a new, empty database on another data directory; the restored MEDK shows the same figures and every
document downloads with its SHA-256. On SQLite and on PostgreSQL (the local cluster of scripts/postgres-test-db)."""
import hashlib
import os
import re
import sqlite3
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

import pytest

from conftest import MEDK, ROOT, free_port
from medk_client import Session, start_server, stop_server

PASSWORD = "medk-demo"


def medk(args, environment, timeout=300):
    return subprocess.run([MEDK, *args], capture_output=True, text=True, timeout=timeout, env=dict(os.environ, **environment))


def postgres_database(name):
    """A new, empty database on the local PostgreSQL; its URL."""
    url = subprocess.run([str(ROOT / "scripts" / "postgres-test-db")], capture_output=True, text=True, check=True).stdout.strip()
    import psycopg
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def versions(kind, environment, data):
    """Every document version the database names: (document id, number, SHA-256)."""
    query = "SELECT document_id, number, file_sha256 FROM document_versions ORDER BY document_id, number"
    if kind == "sqlite":
        with sqlite3.connect(Path(data) / "medk.sqlite") as db:
            return [(str(d).lower(), n, s) for d, n, s in db.execute(query)]
    import psycopg
    with psycopg.connect(environment["DATABASE_URL"]) as db:
        return [(str(d), n, s) for d, n, s in db.execute(query)]


def figures(port):
    """What the federal coordinator reads: the indicator table as of two dates, the document feed, and a full-text
    search of the practices (SQLite's full-text tables are restored as tables of their own)."""
    federal = Session(port, login="federal")
    pages = []
    for path in ["/dashboards?date=2021-03-10", "/dashboards?date=2021-06-01", "/feed", "/public/practices?q=" + urllib.parse.quote("наставничество")]:
        status, _, html, _ = federal.request("GET", path)
        assert status == 200, path
        tables = re.findall(r"<table.*?</table>|<ol class=\"catalogue\".*?</ol>|<p class=\"empty\">.*?</p>", html, flags=re.S)
        assert tables, path
        pages.append(re.sub(r'name="_csrf" value="[^"]+"', "", "".join(tables)))
    return pages, federal


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_backup_taken_while_serving_restores_every_figure_and_every_file(kind):
    source, target, backup = (Path(tempfile.mkdtemp(prefix=f"medk-{name}-")) for name in ["source", "target", "backup"])
    backup.rmdir()  # the command makes it, and refuses one with anything in it
    if kind == "sqlite":
        source_env, target_env = {"MEDK_DATA_DIR": str(source)}, {"MEDK_DATA_DIR": str(target)}
    else:
        source_env = {"MEDK_DATA_DIR": str(source), "DATABASE_URL": postgres_database("medk_backup_source")}
        target_env = {"MEDK_DATA_DIR": str(target), "DATABASE_URL": postgres_database("medk_backup_target")}

    port = free_port()
    server = start_server(MEDK, source, port, source_env)
    try:
        school = Session(port)
        uploaded = {}
        for index in range(3):
            content = b"%PDF-1.4\n" + os.urandom(150_000 + index)
            status = school.upload(f"приказ-{index}.pdf", content)[0]
            assert status == 303
            uploaded[hashlib.sha256(content).hexdigest()] = content
        before, _ = figures(port)
        # Taken online: the server keeps serving meanwhile.
        done = medk(["backup", "--to", str(backup)], source_env)
        assert done.returncode == 0, done.stderr
        assert "Резервная копия записана" in done.stdout
        assert (backup / "manifest.txt").exists()
        again = medk(["backup", "--to", str(backup)], source_env)
        assert again.returncode != 0 and "не пуст" in again.stderr
    finally:
        stop_server(server)

    restored = medk(["restore", "--from", str(backup)], target_env)
    assert restored.returncode == 0, restored.stderr
    assert "SHA-256 каждого файла проверен" in restored.stdout
    # A second restore would overwrite data: refused, nothing written.
    twice = medk(["restore", "--from", str(backup)], target_env)
    assert twice.returncode != 0 and "не пуста" in twice.stderr

    listed = versions(kind, target_env, target)
    assert {sha for _, _, sha in listed} >= set(uploaded)
    port = free_port()
    server = start_server(MEDK, target, port, target_env)
    try:
        after, federal = figures(port)
        assert after == before
        for document, number, sha256 in listed:
            status, _, _, body = federal.request("GET", f"/documents/{document}/versions/{number}")
            assert status == 200, (document, number)
            assert hashlib.sha256(body).hexdigest() == sha256
    finally:
        stop_server(server)
