#!/usr/bin/env python3
"""SMTP servers for the MEDKMail integration tests.

Usage: smtp_server.py MODE MAILDIR

Real servers (aiosmtpd): plain, starttls, smtps, auth, auth-login.
  starttls/smtps/auth use a self-signed certificate generated at start with openssl;
  smtps speaks TLS from the first byte (implicit TLS).
  auth requires STARTTLS and AUTH as medk/secret (PLAIN and LOGIN offered);
  auth-login offers LOGIN only.
Misbehaving servers (raw asyncio): silent, garbage, endless-line, drop-data,
  reply-421, reject-rcpt, helo-only, starttls-injection.

Each accepted message is written to MAILDIR as N.eml plus N.json (envelope).
When listening, prints one line: READY <port> <cert-path or ->.
Exits when stdin closes (the test process went away) or after MEDK_SMTP_LIFETIME seconds (120).
MEDK_SMTP_DELAY (seconds) makes each message's DATA answer wait. MEDK_SMTP_PORT picks the port (0, any free one, by default): a test that stops the server and starts it
again on the same port plays an outage.
"""
import asyncio
import logging
import json
import os
import ssl
import subprocess
import sys
import shutil
import tempfile

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:
    sys.stderr.write("aiosmtpd is not installed: run `pip install aiosmtpd`\n")
    sys.exit(3)

HOST = "127.0.0.1"
PORT = int(os.environ.get("MEDK_SMTP_PORT", "0"))
USER, PASSWORD = b"medk", b"secret"


class Recorder:
    def __init__(self, maildir):
        self.maildir = maildir
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        # MEDK_SMTP_DELAY: a slow server, so that a test can kill its client in the middle of a delivery.
        await asyncio.sleep(float(os.environ.get("MEDK_SMTP_DELAY", "0")))
        # A client gone before the answer (killed mid-dialogue) never learnt the message was taken: a real server
        # would not deliver it either, so the test sees only what a retry brings.
        if server.transport is None or server.transport.is_closing():
            return "421 4.4.2 Client gone"
        self.count += 1
        base = os.path.join(self.maildir, str(self.count))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        meta = {
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
            "auth_mechanism": getattr(session, "medk_mechanism", None),
        }
        with open(base + ".json", "w") as f:
            json.dump(meta, f)
        # Renamed last so that a reader never sees a half-written message.
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Ok: queued as MEDK%04d" % self.count


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER and auth_data.password == PASSWORD
    if ok:
        session.medk_mechanism = mechanism
    # handled=False makes aiosmtpd answer 535 itself (its default is True).
    return AuthResult(success=ok, handled=False)


def make_certificate():
    directory = tempfile.mkdtemp(prefix="medk-smtp-cert-")
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context, cert


async def scripted(reader, writer, mode):
    """A minimal SMTP speaker that misbehaves in the way `mode` says."""
    async def say(line):
        writer.write(line.encode() + b"\r\n")
        await writer.drain()

    try:
        if mode == "silent":
            await reader.read()  # never greet; wait for the client to give up
            return
        if mode == "garbage":
            await say("HTTP/1.1 400 Bad Request")
            await reader.read()
            return
        if mode == "endless-line":
            writer.write(b"220 " + b"x" * 100000)
            await writer.drain()
            await reader.read()
            return
        await say("220 scripted.test ESMTP")
        while True:
            line = await reader.readline()
            if not line:
                return
            verb = line.decode(errors="replace").strip().upper()
            if verb.startswith("EHLO"):
                if mode == "helo-only":
                    await say("502 5.5.1 EHLO not implemented")
                elif mode == "starttls-injection":
                    await say("250-scripted.test\r\n250 STARTTLS")
                else:
                    await say("250-scripted.test\r\n250 8BITMIME")
            elif verb.startswith("HELO"):
                await say("250 scripted.test")
            elif verb.startswith("MAIL"):
                if mode == "reply-421":
                    await say("421 4.3.2 Service shutting down")
                    return
                await say("250 2.1.0 Ok")
            elif verb.startswith("RCPT"):
                if mode == "reject-rcpt":
                    await say("550 5.1.1 No such user here")
                else:
                    await say("250 2.1.5 Ok")
            elif verb == "DATA":
                await say("354 End data with <CR><LF>.<CR><LF>")
                if mode == "drop-data":
                    await reader.read(10)
                    writer.transport.abort()
                    return
                while (await reader.readline()) not in (b".\r\n", b""):
                    pass
                await say("250 2.0.0 Ok: queued as SCRIPTED")
            elif verb == "STARTTLS" and mode == "starttls-injection":
                # A man in the middle appends a plain-text reply to the 220 so that
                # a careless client would read it as an answer inside TLS.
                await say("220 2.0.0 Ready to start TLS\r\n250 injected")
                await reader.read()
                return
            elif verb == "QUIT":
                await say("221 2.0.0 Bye")
                return
            else:
                await say("502 5.5.2 Command not recognized")
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def main():
    logging.basicConfig(level=os.environ.get("MEDK_SMTP_LOG", "WARNING"))
    mode, maildir = sys.argv[1], sys.argv[2]
    loop = asyncio.get_running_loop()
    cert = "-"
    if mode in ("plain", "starttls", "smtps", "auth", "auth-login"):
        recorder = Recorder(maildir)
        options = {"hostname": "medk.test", "enable_SMTPUTF8": True}
        if mode != "plain":
            context, cert = make_certificate()
            options.update(tls_context=context)
        if mode in ("auth", "auth-login"):
            options.update(require_starttls=True, auth_required=True, authenticator=authenticator)
        if mode == "auth-login":
            options.update(auth_exclude_mechanism=["PLAIN"])
        if mode == "smtps":
            implicit = options.pop("tls_context")
            server = await loop.create_server(lambda: SMTP(recorder, loop=loop, **options), HOST, PORT, ssl=implicit)
        else:
            server = await loop.create_server(lambda: SMTP(recorder, loop=loop, **options), HOST, PORT)
    elif mode in ("silent", "garbage", "endless-line", "drop-data", "reply-421", "reject-rcpt",
                  "helo-only", "starttls-injection"):
        server = await asyncio.start_server(lambda r, w: scripted(r, w, mode), HOST, PORT)
    else:
        sys.stderr.write("unknown mode %s\n" % mode)
        sys.exit(2)
    port = server.sockets[0].getsockname()[1]
    print("READY %d %s" % (port, cert), flush=True)

    stdin_closed = loop.create_future()
    loop.add_reader(sys.stdin.fileno(), lambda: stdin_closed.done() or (os.read(sys.stdin.fileno(), 1024) or stdin_closed.set_result(None)))
    try:
        await asyncio.wait([stdin_closed], timeout=float(os.environ.get("MEDK_SMTP_LIFETIME", "120")))
    finally:
        server.close()
        if cert != "-":
            shutil.rmtree(os.path.dirname(cert), ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
