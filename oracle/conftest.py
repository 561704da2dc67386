"""Builds the oracle's data set once per run: a medk server on 127.0.0.1 with a fresh data directory (see
dataset.py), signed in as the federal coordinator."""
import os
import shutil
import socket
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dataset  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_clock():
    """(extra environment for the server, the instant its clock reads now). The facts entered through the forms
    are stamped by the server's clock. To judge them near a day boundary of another zone, run the whole suite under
    Debian's libfaketime (package `faketime`), e.g. at 18:30 UTC, when it is 21:30 in Moscow and already 03:30 of
    the next day in Chita:
        LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 FAKETIME="@2026-11-30 18:30:00" \\
            python3 -m pytest -q -s oracle
    (the server inherits the clock; preloading it into the server alone made `medk demo` ignore its arguments)."""
    return {}, datetime.now(timezone.utc)


@pytest.fixture(scope="session")
def medk():
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="medk-oracle-"))
    # A private copy of the binary: a rebuild of the tree meanwhile never swaps it under a running server.
    binary = work / "medk"
    shutil.copy2(os.environ.get("MEDK_BIN", dataset.DEFAULT_BIN), binary)
    env, clock = server_clock()
    server, actions = dataset.build(str(binary), work / "data", free_port(), env)
    server.clock = clock
    print(f"\noracle: data set built in {time.monotonic() - started:.1f} s; the server's clock started at "
          f"{clock:%Y-%m-%d %H:%M} UTC")
    for line in actions:
        print("  via forms:", line)
    try:
        yield server, actions
    finally:
        server.stop()
        if not os.environ.get("ORACLE_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"oracle: data kept in {work}")
