"""A real S3-compatible server for the file-store tests: moto's server on a free loopback port.

Prints `READY <port>` once it answers, then serves until its stdin closes (the test process went away) or the
lifetime runs out. Exits with 3 when moto is not installed (`pip install "moto[server]"`).
"""
import logging
import os
import socket
import sys
import threading
import time
import urllib.request

try:
    from moto.server import ThreadedMotoServer
except ImportError:
    sys.stderr.write('moto is missing: pip install "moto[server]"\n')
    sys.exit(3)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# One line per request would bury the tests' own output.
logging.getLogger("werkzeug").setLevel(logging.ERROR)
port = free_port()
server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
server.start()
for _ in range(100):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1)
        break
    except Exception:
        time.sleep(0.1)
print(f"READY {port}", flush=True)

done = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
done.wait(timeout=float(os.environ.get("MEDK_S3_LIFETIME", "1800")))
server.stop()
