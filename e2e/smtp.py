"""A real SMTP server for the browser tests: the same aiosmtpd script the Swift tests use
(Tests/Support/SMTP/smtp_server.py), with STARTTLS on a self-signed certificate that MEDK is told to trust."""
import email
import email.policy
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "Tests" / "Support" / "SMTP" / "smtp_server.py"


class SMTPServer:
    def __init__(self, mode="starttls", delay=0.0, lifetime=3600):
        self.maildir = tempfile.mkdtemp(prefix="medk-e2e-mail-")
        env = dict(os.environ, MEDK_SMTP_LIFETIME=str(lifetime), MEDK_SMTP_DELAY=str(delay))
        self.process = subprocess.Popen([sys.executable, str(SCRIPT), mode, self.maildir], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        line = self.process.stdout.readline().split()
        if len(line) != 3 or line[0] != "READY":
            raise RuntimeError(f"smtp_server.py did not start: {line} (is aiosmtpd installed? pip install aiosmtpd)")
        self.port, self.certificate = int(line[1]), line[2]

    def environment(self):
        """What `medk` needs to send here: STARTTLS required, the self-signed certificate trusted."""
        return {"MEDK_SMTP_URL": f"smtp://127.0.0.1:{self.port}?starttls=required", "MEDK_SMTP_CA": self.certificate,
                "MEDK_MAIL_FROM": "noreply@medk.test"}

    def messages(self):
        """The messages received so far, in order: (envelope recipients, parsed message)."""
        found = []
        names = sorted((n for n in os.listdir(self.maildir) if n.endswith(".eml")), key=lambda n: int(n[:-4]))
        for name in names:
            path = Path(self.maildir) / name
            envelope = json.loads(path.with_suffix(".json").read_text())
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            found.append((envelope["rcpt_tos"], message))
        return found

    def wait_for(self, predicate, timeout=60, what="a message"):
        deadline = time.time() + timeout
        while time.time() < deadline:
            hits = [m for rcpt, m in self.messages() if predicate(rcpt, m)]
            if hits:
                return hits
            time.sleep(0.3)
        raise AssertionError(f"no {what} arrived in {timeout} s; received: "
                             f"{[(r, str(m['Subject'])) for r, m in self.messages()]}")

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.terminate()
            self.process.wait(timeout=10)


def text_of(message):
    """The plain-text body of a message."""
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""
