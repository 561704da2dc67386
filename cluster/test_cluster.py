"""Issue 19, «several instances behind nginx»: two `medk serve` instances (a, b) on one PostgreSQL and one file store
(S3 in moto, or a shared data directory with a binary that has no S3 yet) behind nginx, as `scripts/cluster up`
starts them (deploy/nginx/medk.conf).

- A person signed in through nginx stays signed in whichever instance answers (sessions are in the database).
- A document uploaded through one instance downloads, byte for byte, from the other: sent whole, and sent in
  resumable chunks by the page's script, whose chunks nginx keeps on one instance and whose final form the other
  instance takes.
- A review move made on instance a shows at once on instance b's dashboard (the dashboards' in-memory caches are
  checked against the database's version on every request).
- Restarting one instance leaves an upload in flight on the other whole.
- Behind the proxy: gzip, /metrics not exposed, a public page's ETag answers 304, an API token's rate limit is the
  installation's, not each instance's.
- Killed with SIGKILL under 16 clients, instance a is replaced by b: no idempotent GET fails (nginx passes it to b),
  every chat message answered as sent is in the database exactly once, with its notifications and feed entry.
  (The last test: it restarts a at its end.)

Run: `python3 -m pytest -q -s cluster` (MEDK_BIN, default .build/debug/medk; about a minute and a half on two cores
with a debug build: the cluster holds the seeds' demo, `medk demo --only-seeds`; MEDK_CLUSTER_DEMO_ARGS= for the
whole demo, which takes about three minutes more to write)."""
import gzip
import os
import re
import signal
import socket
import threading
import time
import uuid
from collections import Counter


from conftest import Client, pdf, report, sha256, sign_in_page

SECTION = re.compile(r'href="(/schools/([0-9A-Fa-f-]{36})/sections/conceptDocuments)"')
CHAT = re.compile(r'href="(/schools/[0-9A-Fa-f-]{36}/chat)"')


def need_instance_header(answers, what):
    """The instance header is how the tests see who answered; a binary without MEDK_INSTANCE fails here, saying so."""
    assert any(a.instance for a in answers), (
        f"{what}: no X-MEDK-Instance header on any answer — the binary does not implement MEDK_INSTANCE yet")


def document_id(client, section_path, title):
    page = client.get(section_path)
    assert page.status == 200, page.status
    match = re.search(r'href="/documents/([0-9A-Fa-f-]{36})"[^>]*>\s*' + re.escape(title) + r"\s*<", page.text)
    assert match, f"no document «{title}» in {section_path}"
    return match.group(1)


def multipart(fields, files=()):
    boundary = "medkcluster" + uuid.uuid4().hex[:12]
    body = b""
    for name, value in fields.items():
        body += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n".encode()
    for name, filename, content in files:
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
                 f"Content-Type: application/pdf\r\n\r\n").encode() + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def refusal(html):
    """What a refused form's page says (its error summary or alert), as text."""
    found = re.findall(r'class="(?:error-summary|flash-error)"[^>]*>(.*?)</(?:p|div)>', html, re.S)
    found += re.findall(r'role="alert"[^>]*>(.*?)</', html, re.S)
    return " | ".join(re.sub(r"<[^>]+>", " ", f).strip() for f in found) or re.sub(r"<[^>]+>", " ", html)[-500:]


def upload_whole(client, section_path, title, content):
    body, headers = multipart({"_csrf": client.csrf, "title": title}, [("file", title + ".pdf", content)])
    answer = client.request("POST", section_path + "/documents", body, headers)
    assert answer.status == 303, f"upload of «{title}»: HTTP {answer.status}\n{answer.text[:800]}"
    return answer


def downloads_from_each_instance(cluster, client, document, content):
    """Version 1 of `document` fetched straight from each instance's own port with the same cookie: both must
    hand back exactly `content`."""
    digests = {}
    for name, port in cluster.ports.items():
        answer = client.at(port).get(f"/documents/{document}/versions/1")
        assert answer.status == 200, f"instance {name}: download HTTP {answer.status}\n{answer.text[:500]}"
        digests[name] = sha256(answer.body)
        assert digests[name] == sha256(content), f"instance {name} serves other bytes ({len(answer.body)} of {len(content)})"
    return digests


# ---------------------------------------------------------------------------------------------------- sessions


def test_signed_in_through_nginx_stays_signed_in_on_either_instance(cluster, browser):
    context = browser.new_context(base_url=cluster.url, locale="ru-RU")
    page = context.new_page()
    seen = []
    page.on("response", lambda r: seen.append((r.request.method, r.url.replace(cluster.url, ""), r.status,
                                               r.headers.get("x-medk-instance"), r.request.resource_type)))
    try:
        sign_in_page(page, "school")
        assert "/login" not in page.url, page.url
        signed_in_by = [i for m, u, s, i, t in seen if m == "POST" and u.startswith("/login")]
        pages = ["/home", "/notifications", "/account/mail", "/help", "/home", "/notifications", "/account/mail", "/help"]
        home = page.content()
        section = SECTION.search(home).group(1)
        pages += [section, CHAT.search(home).group(1)] * 2
        shown = []
        for n, path in enumerate(pages * 3):
            before = len(seen)
            page.goto(path)
            # Signed in: the page is not the sign-in form, and its header has the sign-out button.
            assert "/login" not in page.url, f"{path}: sent to sign in ({page.url})"
            assert page.locator("form[action='/logout']").count() == 1, f"{path}: not signed in"
            document = [i for m, u, s, i, t in seen[before:] if t == "document"]
            shown.append((path, document[-1] if document else None))
            if n >= len(pages) - 1 and {i for _, i in shown} >= {"a", "b"}:
                break
            if n % 5 == 4:
                # Round robin per request: a page with a fixed number of requests could keep landing on one instance.
                page.request.get("/healthz")
        instances = Counter(i for m, u, s, i, t in seen)
        report(f"browser through nginx: {len(seen)} responses by instance {dict(instances)}; sign-in answered by "
               f"{signed_in_by}; pages: {shown}")
        assert any(i for m, u, s, i, t in seen), "no X-MEDK-Instance header: the binary does not implement MEDK_INSTANCE yet"
        assert {i for _, i in shown} == {"a", "b"}, f"signed-in pages were not served by both instances: {shown}"
        other = {"a": "b", "b": "a"}[signed_in_by[0]]
        assert any(i == other for _, i in shown), f"no signed-in page from the instance that did not sign in: {shown}"
    finally:
        context.close()


def test_a_session_made_on_one_instance_is_recognised_by_the_other(cluster):
    person = Client(cluster.ports["a"]).sign_in("curator")
    for name, port in cluster.ports.items():
        answer = person.at(port).get("/reviews")
        assert answer.status == 200, f"instance {name}: HTTP {answer.status}"
        assert "form action=\"/logout\"" in answer.text or "action=\"/logout\"" in answer.text, f"instance {name}: not signed in"
    # Signed out on b: the session is gone on a as well.
    out = person.at(cluster.ports["b"]).form("/logout", {"_csrf": person.csrf})
    assert out.status in (302, 303), out.status
    after = person.at(cluster.ports["a"]).get("/reviews")
    assert after.status in (302, 303) and "/login" in (after.location or ""), (after.status, after.location)


# ---------------------------------------------------------------------------------------------------- files


def test_a_file_sent_whole_through_nginx_downloads_from_both_instances(cluster):
    school = Client(cluster.nginx_port).sign_in("merlino")
    section = SECTION.search(school.home).group(1)
    title = f"Кластер — приказ {uuid.uuid4().hex[:8]}"
    content = pdf(2, title)
    answer = upload_whole(school, section, title, content)
    document = document_id(school, section, title)
    digests = downloads_from_each_instance(cluster, school, document, content)
    report(f"whole upload (2 MB) through nginx, taken by instance {answer.instance}: SHA-256 on a and b {set(digests.values())}")
    if cluster.binary_knows("MEDK_FILES") and cluster.data_mode == "separate":
        assert_in_s3(cluster, sha256(content))


def assert_in_s3(cluster, digest):
    import boto3
    s3 = boto3.client("s3", endpoint_url=cluster.values["MEDK_S3_ENDPOINT"], region_name="us-east-1",
                      aws_access_key_id=cluster.values["S3_ACCESS_KEY"], aws_secret_access_key=cluster.values["S3_SECRET_KEY"])
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=cluster.values["S3_BUCKET"])
            for o in page.get("Contents", [])]
    assert any(digest in key for key in keys), f"{digest} is not in the bucket ({len(keys)} objects)"


def test_a_file_sent_in_chunks_by_the_page_is_taken_by_the_other_instance_and_downloads_from_both(cluster, browser, tmp_path):
    """The page's script declares the file (POST /uploads) and sends it in 1 MB chunks (PUT /uploads/<id>): nginx keeps
    all of them on one instance. Then it posts the form naming the session, which nginx's round robin sends to either
    instance; here it goes to the other one (the browser's request is rerouted to that instance's port), as it does
    for every second upload in real life. The document must arrive whole, and download from both instances."""
    title = f"Кластер — отчёт {uuid.uuid4().hex[:8]}"
    path = tmp_path / f"{title}.pdf"
    content = pdf(3.5, title)
    path.write_bytes(content)
    context = browser.new_context(base_url=cluster.url, locale="ru-RU")
    page = context.new_page()
    uploads, final = [], []
    page.on("response", lambda r: uploads.append((r.request.method, r.url.replace(cluster.url, "").split("?")[0], r.status,
                                                  r.headers.get("x-medk-instance"))) if "/uploads" in r.url else None)

    def to_the_other_instance(route, request):
        holders = {i for *_, i in uploads}
        if request.method != "POST" or len(holders) != 1 or None in holders:
            route.continue_()
            return
        other = {"a": "b", "b": "a"}[holders.pop()]
        final.append(other)
        # Sent from here to that instance's port, its redirect followed as the page's XMLHttpRequest would, and
        # handed to the page as the answer to its own request (cookies are the host's, whatever the port).
        answer = route.fetch(url=request.url.replace(cluster.url, f"http://127.0.0.1:{cluster.ports[other]}"),
                             headers=request.all_headers())
        final.append(answer.headers.get("x-medk-instance"))
        route.fulfill(response=answer)

    try:
        sign_in_page(page, "merlino")
        page.goto("/home")
        page.get_by_role("link", name="Концептуальные документы").first.click()
        page.wait_for_selector("form.upload")
        page.route("**/sections/conceptDocuments/documents", to_the_other_instance)
        page.set_input_files("#upload-files", str(path))
        page.click("form.upload button[type=submit]")
        page.wait_for_selector(".flash-success, .error-summary, form.upload [role=alert]", timeout=120_000)
        report(f"resumable upload (3.5 MB) through nginx: {[(m, u[-12:], s, i) for m, u, s, i in uploads]}; "
               f"the form naming the session sent straight to instance {final[:1]}, answered by {final[1:]}")
        assert len([u for u in uploads if u[0] == "PUT"]) >= 4, uploads
        assert all(s < 400 for _, _, s, _ in uploads), uploads
        assert any(i for *_, i in uploads), "no X-MEDK-Instance header on /uploads: the binary does not implement MEDK_INSTANCE yet"
        assert len({i for *_, i in uploads}) == 1, f"one upload's requests went to several instances: {uploads}"
        assert final, "the form naming the session was not sent"
        assert page.locator(".flash-success").count() == 1, (
            f"instance {final[0]} could not take the upload session that the other instance received (data directories: "
            f"{cluster.data_mode}): {refusal(page.content())}")
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        client = Client(cluster.nginx_port, cookies)
        section = re.search(r"/schools/[0-9A-Fa-f-]{36}/sections/conceptDocuments", page.url).group(0)
        document = document_id(client, section, title)
        downloads_from_each_instance(cluster, client, document, content)
    finally:
        context.close()


def test_restarting_one_instance_leaves_an_upload_in_flight_on_the_other_whole(cluster):
    """With a shared data directory, an instance that starts must not sweep the other's temporary files."""
    school = Client(cluster.ports["b"]).sign_in("merlino")
    section = SECTION.search(school.home).group(1)
    title = f"Кластер — перезапуск {uuid.uuid4().hex[:8]}"
    content = pdf(4, title)
    body, headers = multipart({"_csrf": school.csrf, "title": title}, [("file", title + ".pdf", content)])
    cut = len(body) // 2
    sock = socket.create_connection(("127.0.0.1", cluster.ports["b"]), timeout=120)
    try:
        head = (f"POST {section}/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {school.cookie_header()}\r\n"
                f"X-CSRF-Token: {school.csrf}\r\nContent-Type: {headers['Content-Type']}\r\nContent-Length: {len(body)}\r\n"
                f"Connection: close\r\n\r\n").encode()
        sock.sendall(head + body[:cut])
        time.sleep(1)
        cluster.script("restart", "a")
        sock.sendall(body[cut:])
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    finally:
        sock.close()
    status = int(answer.split(b" ", 2)[1])
    assert status == 303, f"the upload on b failed while a restarted: HTTP {status}\n{answer[-800:].decode(errors='replace')}"
    document = document_id(Client(cluster.nginx_port, school.cookies), section, title)
    downloads_from_each_instance(cluster, school, document, content)


# ---------------------------------------------------------------------------------------------------- dashboards


def krasny_concept_documents(client):
    """(done, total) of «Концептуальные документы» in the Краснинский район row of the regional coordinator's table."""
    page = client.get("/dashboards")
    assert page.status == 200, page.status
    rows = page.text.split("<tr")
    row = next(r for r in rows if ">Краснинский район</a>" in r)
    cell = re.search(r'data-indicator="concept_documents"[^>]*>(.*?)</td>', row, re.S).group(1)
    figure = re.search(r'<span class="of">([^<]*)</span>', cell)
    assert figure, f"no figure in the cell: {cell}"
    done, total = (int(n) for n in re.findall(r"\d+", figure.group(1).replace("\u00a0", ""))[:2])
    return done, total, page


def test_a_review_move_on_a_shows_at_once_on_bs_dashboard(cluster):
    a, b = cluster.ports["a"], cluster.ports["b"]
    school = Client(cluster.nginx_port).sign_in("school")
    section = SECTION.search(school.home).group(1)
    title = f"Кластер — концепция {uuid.uuid4().hex[:8]}"
    upload_whole(school, section, title, pdf(0.05, title))
    document = document_id(school, section, title)
    sent = school.form(f"/documents/{document}/submit", {"_csrf": school.csrf})
    assert sent.status == 303, (sent.status, sent.text[:500])

    regional_b = Client(b).sign_in("regional")
    regional_a = regional_b.at(a)
    curator_a = Client(a).sign_in("curator")
    curator_b = curator_a.at(b)
    # Both instances have the table in their caches under the current version.
    before = [krasny_concept_documents(c) for c in (regional_b, regional_b, regional_a, regional_a)]
    done, total, page = before[0]
    assert {f[:2] for f in before} == {(done, total)}, before
    need_instance_header([page], "the dashboard")

    approved = curator_a.form(f"/documents/{document}/approve", {"_csrf": curator_a.csrf})
    assert approved.status == 303, (approved.status, approved.text[:500])
    assert approved.instance in (None, "a"), approved.instance
    after_b = krasny_concept_documents(regional_b)
    assert after_b[2].instance in (None, "b")
    assert after_b[:2] == (done + 1, total), f"b's dashboard after the approval on a: {after_b[:2]}, before {(done, total)}"
    assert krasny_concept_documents(regional_a)[:2] == (done + 1, total)

    # And back, the other way round: reopened on b (with the reason), a's cached table drops the school at once.
    reopened = curator_b.form(f"/documents/{document}/reopen", {"_csrf": curator_a.csrf, "comment": "Проверка кластера"})
    assert reopened.status == 303, (reopened.status, re.sub(r"<[^>]+>", " ", reopened.text)[-500:])
    after_a = krasny_concept_documents(regional_a)
    assert after_a[:2] == (done, total), f"a's dashboard after the reopen on b: {after_a[:2]}"
    report(f"dashboard across instances: Краснинский район concept documents {done}/{total} → approved on a → "
           f"{after_b[0]}/{total} on b → reopened on b → {after_a[0]}/{total} on a")


# ---------------------------------------------------------------------------------------------------- the proxy


def test_nginx_compresses_text_and_hides_metrics(cluster):
    client = Client(cluster.nginx_port)
    page = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert page.status == 200
    assert page.headers.get("content-encoding") == "gzip", page.headers
    assert b"<html" in gzip.decompress(page.body)
    style = re.search(r'href="(/[^"]+\.css[^"]*)"', gzip.decompress(page.body).decode()).group(1)
    css = client.get(style, headers={"Accept-Encoding": "gzip"})
    assert css.status == 200 and css.headers.get("content-encoding") == "gzip", css.headers
    # The instance's figures are for this machine's scraper, not for whoever comes through the proxy.
    metrics = client.get("/metrics")
    assert metrics.status == 404, f"/metrics through nginx: HTTP {metrics.status}"


def test_a_public_pages_etag_through_nginx_answers_304(cluster):
    """Public pages carry an ETag; through nginx (which weakens it when it compresses) a browser's If-None-Match
    must still get 304."""
    client = Client(cluster.nginx_port)
    first = client.get("/help", headers={"Accept-Encoding": "gzip"})
    assert first.status == 200
    etag = first.headers.get("etag")
    assert etag, first.headers
    again = client.get("/help", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    report(f"ETag through nginx: {etag} (Content-Encoding {first.headers.get('content-encoding')}) → {again.status}")
    assert again.status == 304, f"If-None-Match: {etag} through nginx answered {again.status}"


def test_an_api_tokens_rate_limit_holds_across_instances(cluster):
    """Each token may make 10 calls a second with bursts of 50 (MEDK_API_RATE, MEDK_API_BURST): the installation's
    promise, whatever the number of instances behind the proxy."""
    regional = Client(cluster.nginx_port).sign_in("regional")
    form = regional.get("/account/tokens").text
    grant = re.search(r'<select[^>]*name="grant"[^>]*>.*?<option[^>]*value="([0-9A-Fa-f-]{36})"', form, re.S).group(1)
    expires = time.strftime("%Y-%m-%d", time.localtime(time.time() + 30 * 86400))
    made = regional.form("/account/tokens", {"_csrf": regional.csrf, "name": "cluster", "grant": grant, "scope": "read",
                                             "expires": expires})
    token = re.search(r"(medk_[A-Za-z0-9_\-]{20,})", made.text)
    assert token, f"no token shown: HTTP {made.status}"
    token = token.group(1)
    statuses = Counter()
    lock = threading.Lock()
    started = time.monotonic()

    def calls(n):
        client = Client(cluster.nginx_port)
        for _ in range(n):
            status = client.get("/api/v1/schools?limit=1", headers={"Authorization": f"Bearer {token}"}).status
            with lock:
                statuses[status] += 1

    threads = [threading.Thread(target=calls, args=(25,)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - started
    allowed = 50 + 10 * seconds
    report(f"API rate limit through nginx: 200 calls in {seconds:.1f} s → {dict(statuses)}; one bucket would allow "
           f"at most {allowed:.0f}")
    assert statuses[200] <= allowed + 2, (f"{statuses[200]} calls allowed in {seconds:.1f} s: each instance keeps its own "
                                          f"bucket, so the token gets about instances × (burst + rate·t)")


# ---------------------------------------------------------------------------------------------------- failure


def test_killing_instance_a_under_16_clients_loses_no_get_and_applies_each_post_once(cluster, db):
    run = uuid.uuid4().hex[:8]
    logins = [row[0] for row in db.execute(
        "SELECT u.login FROM users u JOIN role_grants g ON g.user_id = u.id WHERE g.role = 'school' "
        "AND u.login LIKE 'oo%' ORDER BY u.login LIMIT 16").fetchall()]
    if len(logins) < 16:
        logins = (logins + ["school", "merlino"]) * 16
    logins = logins[:16]
    # Signed in before the clock starts (bcrypt is slow on purpose), four at a time.
    clients = [None] * 16
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(4) as pool:
        for i, client in enumerate(pool.map(lambda login: Client(cluster.nginx_port).sign_in(login), logins)):
            clients[i] = client

    records = []  # (thread, kind, path, outcome, instance, at)
    lock = threading.Lock()
    stop = threading.Event()
    posted = {}  # text → outcome
    t0 = time.monotonic()

    def work(index, client):
        chat = CHAT.search(client.home).group(1)
        section = SECTION.search(client.home)
        pages = ["/home", chat, "/notifications", "/help"] + ([section.group(1)] if section else [])
        n = 0
        while not stop.is_set():
            n += 1
            if n % 4 == 0:
                text = f"cluster-{run}-{index}-{n}"
                kind, path = "POST", chat
                try:
                    answer = client.form(chat, {"_csrf": client.csrf, "body": text}, timeout=30)
                    ok = answer.status == 303 and "/chat" in (answer.location or "")
                    outcome, instance = (answer.status if not ok else "ok"), answer.instance
                except Exception as error:  # noqa: BLE001 - every client error is counted
                    outcome, instance = type(error).__name__, None
                with lock:
                    posted[text] = outcome
            else:
                kind, path = "GET", pages[n % len(pages)]
                try:
                    answer = client.get(path, timeout=30)
                    outcome, instance = ("ok" if answer.status == 200 else answer.status), answer.instance
                except Exception as error:  # noqa: BLE001
                    outcome, instance = type(error).__name__, None
            with lock:
                records.append((index, kind, path, outcome, instance, time.monotonic() - t0))

    threads = [threading.Thread(target=work, args=(i, c), daemon=True) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    time.sleep(5)
    killed_at = time.monotonic() - t0
    os.kill(cluster.pid("a"), signal.SIGKILL)
    time.sleep(12)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    try:
        errors = [r for r in records if r[3] != "ok"]
        by_kind = Counter((r[1], "ok" if r[3] == "ok" else "error") for r in records)
        before = Counter(r[4] for r in records if r[5] < killed_at)
        after = Counter(r[4] for r in records if r[5] > killed_at + 0.5)
        retried = [line for line in cluster.access_log() if re.search(r'upstream="[^"]*, ', line)]
        report(f"kill -9 a at {killed_at:.1f} s of {records[-1][5]:.1f} s, 16 clients: {dict(by_kind)}; answered by "
               f"{dict(before)} before, {dict(after)} after; nginx passed {len(retried)} requests on to the other instance")
        for r in errors:
            report(f"  client error: thread {r[0]} {r[1]} {r[2]} → {r[3]} at {r[5]:.2f} s")

        texts = list(posted)
        rows = dict(db.execute("SELECT body, COUNT(*) FROM chat_messages WHERE body LIKE %s GROUP BY body",
                               (f"cluster-{run}-%",)).fetchall())
        succeeded = [t for t in texts if posted[t] == "ok"]
        failed = [t for t in texts if posted[t] != "ok"]
        missing = [t for t in succeeded if rows.get(t, 0) != 1]
        twice = [t for t, n in rows.items() if n > 1]
        unknown = [t for t in rows if t not in posted]
        landed_failed = [t for t in failed if rows.get(t, 0) == 1]
        # Half-applied: a message without the notifications or the feed entry written in its transaction.
        half = db.execute(
            "SELECT m.body FROM chat_messages m WHERE m.body LIKE %s AND (NOT EXISTS (SELECT 1 FROM notifications n "
            "WHERE n.detail = m.body) OR NOT EXISTS (SELECT 1 FROM feed_events f WHERE f.kind = 'chat' AND f.source_id = m.id))",
            (f"cluster-{run}-%",)).fetchall()
        report(f"chat POSTs: {len(succeeded)} answered as sent, {len(failed)} failed ({len(landed_failed)} of those were "
               f"written nonetheless); in the database: {sum(rows.values())} rows, {len(missing)} sent-but-missing-or-"
               f"repeated, {len(twice)} twice, {len(half)} half-applied")

        get_errors = [r for r in errors if r[1] == "GET"]
        assert not get_errors, f"{len(get_errors)} GETs failed through nginx after the kill: {get_errors[:10]}"
        assert not missing and not twice and not unknown, (missing, twice, unknown)
        assert not half, half
        assert succeeded, "no chat message was sent"
        assert by_kind[("GET", "ok")] > 50, by_kind
        if any(r[4] for r in records):
            assert set(after) <= {"b", None}, f"answers from a after it was killed: {after}"
    finally:
        cluster.script("restart", "a")
    # nginx left a aside after its failures (fail_timeout=5s): within seconds it sends a its share again.
    back, deadline = Counter(), time.monotonic() + 20
    client = Client(cluster.nginx_port)
    while time.monotonic() < deadline and not back["a"]:
        back[client.get("/healthz").instance] += 1
        time.sleep(0.2)
    report(f"a restarted; /healthz through nginx answered by {dict(back)} until a answered")
    if any(back):
        assert back["a"], f"nginx sends nothing to the restarted a: {dict(back)}"
