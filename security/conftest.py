"""Fixtures of the security suites: a `medk demo` server on a fresh SQLite file, and optionally on a fresh
PostgreSQL database (Debian's cluster, scripts/postgres-test-db). The binary is MEDK_BIN (default
.build/debug/medk), copied first so that a rebuild cannot swap it under a running suite."""
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import authz_support as support  # noqa: E402


@pytest.fixture(scope="session")
def medk_bin():
    try:
        path = support.private_binary()
    except FileNotFoundError as error:
        pytest.skip(str(error))
    yield path
    Path(path).unlink(missing_ok=True)


def postgres_unavailable():
    """Why PostgreSQL cannot be used here, or None."""
    if not shutil.which("pg_ctlcluster"):
        return "pg_ctlcluster is not installed (Debian's postgresql package)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (python3 -m pip install 'psycopg[binary]')"
    return None


def start(medk_bin, kind):
    if kind == "postgres":
        reason = postgres_unavailable()
        if reason:
            print(f"\nskipping PostgreSQL: {reason}")
            pytest.skip(f"PostgreSQL: {reason}")
    return support.started_server(medk_bin, kind)


@pytest.fixture(scope="module")
def sqlite_server(medk_bin):
    server = start(medk_bin, "sqlite")
    yield server
    server.stop()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def db_server(request, medk_bin):
    """The demo server on each database: a SQLite file (the default) and PostgreSQL (production)."""
    server = start(medk_bin, request.param)
    yield server
    server.stop()


def pytest_terminal_summary(terminalreporter):
    if support.SUMMARY:
        terminalreporter.section("security summary")
        for line in support.SUMMARY:
            terminalreporter.write_line(line)
