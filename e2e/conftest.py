"""Browser tests: a real `medk demo` server on a fresh SQLite file, driven by Debian's chromium."""
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "e2e" / "artifacts"
MEDK = os.environ.get("MEDK_BIN", str(ROOT / ".build" / "debug" / "medk"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "medk-demo"


def demo_year() -> int:
    """The programme year `medk demo` makes current (as `LivingYearDemo.year`): this calendar year in Moscow from
    15 February, the last one before it."""
    import datetime
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=3)).date()
    return today.year if today >= datetime.date(today.year, 2, 15) else today.year - 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def demo_server(*options, environment=None):
    """A `medk demo` of its own, in a fresh data directory: yields its base URL. The first start generates the
    current year's history, which takes a while in a debug build."""
    data = tempfile.mkdtemp(prefix="medk-e2e-")
    port = free_port()
    log = open(Path(data) / "server.log", "w")
    # Started outside the checkout, as an installed binary is: it must find nothing there.
    process = subprocess.Popen([MEDK, "demo", "--port", str(port), "--data", data, *options], cwd=data,
                               stdout=log, stderr=subprocess.STDOUT,
                               env=dict(os.environ, MEDK_PUBLIC_URL=f"http://127.0.0.1:{port}", **(environment or {})))
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 240
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                log.flush()
                raise RuntimeError("medk demo did not start:\n" + (Path(data) / "server.log").read_text())
            time.sleep(0.3)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def smtp():
    """The SMTP server the shared demo sends its e-mail to (aiosmtpd, STARTTLS)."""
    from smtp import SMTPServer
    server = SMTPServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def server(smtp):
    with demo_server(environment=smtp.environment()) as base:
        yield base


class GuardedBrowser:
    """The browser every test uses: each context it opens records any request that leaves the server (pages must
    load nothing from outside: rural lines, privacy); `outside` is checked after every test."""

    def __init__(self, browser):
        self._browser = browser
        self.outside = []

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        base = options.get("base_url", "")

        # The browser's own PDF viewer (the review page's preview) loads its parts from chrome:// and
        # chrome-extension://: inside the browser, not over the line.
        inside = ("data:", "blob:", "chrome://", "chrome-extension://")

        def record(request):
            if not (base and request.url.startswith(base)) and not request.url.startswith(inside):
                self.outside.append(request.url)

        context.on("request", record)
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield GuardedBrowser(browser)
        browser.close()


@pytest.fixture(autouse=True)
def nothing_loads_from_outside(request):
    """After each browser test: no context of it requested anything outside the server."""
    if "browser" not in request.fixturenames:
        yield
        return
    guarded = request.getfixturevalue("browser")
    guarded.outside.clear()
    yield
    assert guarded.outside == [], f"requests outside the server: {guarded.outside}"


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, locale="ru-RU", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, login, password=PASSWORD):
    page.goto("/login")
    page.fill("#f-login", login)
    page.fill("#f-password", password)
    page.click("button[type=submit]")


def open_monitoring(page, instrument, period, starts_on, ends_on, subject):
    """As a territory's coordinator: opens a monitoring with `instrument` and adds `subject`, ready for its values."""
    page.click("nav.menu >> text=Мониторинги")
    page.select_option("#f-instrument", label=instrument)
    page.fill("#f-period", period)
    page.fill("#f-startsOn", starts_on)
    page.fill("#f-endsOn", ends_on)
    page.click("#open-monitoring button[type=submit]")
    page.wait_for_selector("text=Мониторинг открыт.")
    add_subject(page, subject)


def add_subject(page, subject, school_index=1, part_one=("математика", "высшее педагогическое", "12", "18")):
    """Adds a subject as the run's form asks: a name, a school of the territory (a school's monitoring names only that),
    and a teacher's Part I."""
    if page.locator("#f-name").count():
        page.fill("#f-name", subject)
    if page.locator("#f-school").count():
        page.select_option("#f-school", index=school_index)
    if page.locator("#f-education").count():
        taught, education, years, hours = part_one
        page.select_option("#f-subject", taught)
        page.fill("#f-education", education)
        page.fill("#f-experience", years)
        page.fill("#f-hours", hours)
    page.click("#add-subject button[type=submit]")
    page.wait_for_selector("text=Введите значения показателей.")
