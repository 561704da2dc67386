"""Builds the oracle's data set once per run: a medk server on 127.0.0.1 with a fresh data directory (see
dataset.py), signed in as the federal coordinator."""
import os
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dataset  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def medk():
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="medk-oracle-"))
    # A private copy of the binary: a rebuild of the tree meanwhile never swaps it under a running server.
    binary = work / "medk"
    shutil.copy2(os.environ.get("MEDK_BIN", dataset.DEFAULT_BIN), binary)
    server, actions = dataset.build(str(binary), work / "data", free_port())
    print(f"\noracle: data set built in {time.monotonic() - started:.1f} s")
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
