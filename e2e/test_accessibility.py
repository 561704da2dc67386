"""Issue 12, defect 9 in a real browser: every role signs in and walks the pages its menu offers, plus the first
link of each kind on each of them; a visitor opens the sign-in page, a territory's public page, the help, the bank of
practices and one practice. On every page,
at a laptop's 1366×768 and a phone's 375×812, axe-core finds nothing serious or critical (contrast of every text
among them), and a full-page screenshot of each size lands in e2e/artifacts/screens/<role>-<slug>-<width>.png."""
import re
import shutil
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ARTIFACTS, sign_in

SCREENS = ARTIFACTS / "screens"
SIZES = [(1366, 768), (375, 812)]
BLOCKING = {"serious", "critical"}
PAGES_PER_ROLE = 40
# The narrowest roles first: a kind of page (its path with ids as {id}) reached one link deep is checked in the view
# of the first role that reaches it, and a later role does not check that kind again (so the file stays under 3
# minutes); each role's own home, menu items and password page are always checked in its own view.
ROLES = ["school", "merlino", "curator", "expert", "municipal", "vasinova", "regional", "federal", "admin"]
CHECKED_ONE_LINK_DEEP = set()

UUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
# Links that download a file or end the session: never followed (GET only, nothing that changes or leaves).
NOT_A_PAGE = re.compile(r"^/logout\b|/export\b|/templates?\b|/download|/files?\b|\.(xlsx|csv|pdf|docx?|zip|json)$")

axe = Axe()


@pytest.fixture(scope="module", autouse=True)
def fresh_screens():
    """Screenshots of this run only: none left from an earlier run can pass for a page of this one."""
    shutil.rmtree(SCREENS, ignore_errors=True)
    SCREENS.mkdir(parents=True)


def shape(href):
    """A page's kind: its path with every id as {id} (the query, a date or a territory, picks data, not a page)."""
    return "/".join("{id}" if UUID.match(p) or p.isdigit() else p for p in urlsplit(href).path.split("/"))


def slug(href):
    return re.sub(r"[^A-Za-z0-9]+", "-", shape(href).replace("{id}", "id")).strip("-") or "root"


def is_page(href):
    return href.startswith("/") and not href.startswith("//") and not NOT_A_PAGE.search(urlsplit(href).path)


def links_in_main(page):
    return page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")


def check(page, who, href, found):
    """Opens href, saves a full-page screenshot and runs axe-core at each size; adds what blocks to found."""
    response = page.goto(href)
    assert response is not None and response.ok, f"{who}: GET {href} answered {response and response.status}"
    assert "text/html" in response.headers.get("content-type", ""), f"{who}: {href} is not a page"
    page.evaluate(axe.axe_script)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENS / f"{who}-{slug(href)}-{width}.png"), full_page=True)
        violations = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
        for violation in violations:
            if violation["impact"] not in BLOCKING:
                continue
            for node in violation["nodes"]:
                found.append({
                    "page": f"{who} {href} @{width}", "rule": violation["id"], "impact": violation["impact"],
                    "target": ", ".join(map(str, node["target"])), "html": node["html"][:200],
                    "why": node.get("failureSummary", "").replace("\n", " ")[:300],
                })


def report(found):
    lines = [f"{len(found)} serious or critical axe-core violations:"]
    for v in found:
        lines.append(f"- {v['page']}: {v['rule']} ({v['impact']}) at {v['target']}\n    {v['html']}\n    {v['why']}")
    return "\n".join(lines)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_has_no_serious_accessibility_violation(page, role):
    sign_in(page, role)
    page.wait_for_selector("nav.menu")
    # What the role is offered: its home, each item of its menu (the admin's «Почта» among them), the account pages.
    listed = [urlsplit(page.url).path]
    listed += page.eval_on_selector_all("nav.menu a[href]", "els => els.map(e => e.getAttribute('href'))")
    listed += ["/account/password", "/account/mail", "/account/tokens", "/notifications"]
    listed = list(dict.fromkeys(listed))
    seen, deeper, found = {shape(href) for href in listed}, [], []
    for href in listed:
        check(page, role, href, found)
        # One link deep: the first link of each kind on this page that no page so far was of.
        for link in links_in_main(page):
            kind = shape(link)
            if (is_page(link) and kind not in seen and kind not in CHECKED_ONE_LINK_DEEP
                    and len(listed) + len(deeper) < PAGES_PER_ROLE):
                seen.add(kind)
                CHECKED_ONE_LINK_DEEP.add(kind)
                deeper.append(link)
    for href in deeper:
        check(page, role, href, found)
    assert not found, report(found)


def test_a_visitor_sees_the_sign_in_page_and_a_territorys_public_page_without_serious_violations(browser, server):
    coordinator = browser.new_context(base_url=server, locale="ru-RU")
    finder = coordinator.new_page()
    sign_in(finder, "municipal")
    finder.goto("/plans")
    public = next(link for link in links_in_main(finder) if link.startswith("/public/territories/"))
    coordinator.close()

    visitor = browser.new_context(base_url=server, locale="ru-RU")
    page = visitor.new_page()
    found = []
    for href in ["/login", public, "/password/forgot", "/help", "/public/practices", "/api"]:
        check(page, "visitor", href, found)
    page.goto("/public/practices")
    first_practice = next(link for link in links_in_main(page) if link.startswith("/public/practices/"))
    check(page, "visitor", first_practice, found)
    visitor.close()
    assert not found, report(found)
