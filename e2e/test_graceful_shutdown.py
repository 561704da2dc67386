"""Stopping an instance (SIGTERM, as systemd or a rolling restart does) loses nothing acknowledged and breaks no
request in flight: an upload still arriving when the signal comes is received, stored and answered; new
connections are refused meanwhile; the process exits cleanly and the document is there after a restart."""
import http.client
import os
import re
import signal
import tempfile
import time

from conftest import MEDK, free_port
from medk_client import Session, start_server, stop_server


def test_sigterm_lets_the_upload_in_flight_finish_and_refuses_new_connections():
    data = tempfile.mkdtemp(prefix="medk-sigterm-")
    port = free_port()
    server = start_server(MEDK, data, port)
    school = Session(port)
    block = os.urandom(1 << 16)
    headers, body, _ = Session.multipart("во-время-остановки.pdf", 3 * 1_048_576, block)
    headers["Cookie"] = school.cookie_header()
    headers["X-CSRF-Token"] = school.csrf
    state = {}

    def slowly():
        for index, piece in enumerate(body):
            yield piece
            if index == 10:
                server.send_signal(signal.SIGTERM)
                time.sleep(0.5)
                # The listener is closed at once: nobody new is taken in while the old requests finish.
                try:
                    http.client.HTTPConnection("127.0.0.1", port, timeout=3).request("GET", "/healthz")
                    state["new"] = "accepted"
                except OSError:
                    state["new"] = "refused"
            time.sleep(0.02)

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("POST", school.upload_path(), body=slowly(), headers=headers)
    answer = connection.getresponse()
    answer.read()
    assert answer.status == 303, "the upload in flight was cut off by the shutdown"
    assert state["new"] == "refused"
    assert server.wait(timeout=60) == 0, "the process did not exit cleanly"

    server = start_server(MEDK, data, port)
    try:
        again = Session(port)
        listing = again.request("GET", again.section)[2]
        match = re.search(r'href="(/documents/[^"]+)">во-время-остановки', listing)
        assert match, "the acknowledged upload is missing after the restart"
        status, _, _, stored = again.request("GET", match.group(1) + "/versions/1")
        assert status == 200 and len(stored) == 3 * 1_048_576
    finally:
        stop_server(server)
