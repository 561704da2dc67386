"""Issue 18 in a real browser and over real HTTP: a regional coordinator makes a token on its account page, a program
calls the API with it as `curl` would (two reads and an import), and schemathesis fuzzes every operation of the
published contract against the running demo: no server error, no answer that breaks the schema."""
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

from playwright.sync_api import expect

from conftest import ARTIFACTS, demo_server, sign_in


def make_token(browser, base, login, scope):
    context = browser.new_context(base_url=base, locale="ru-RU")
    page = context.new_page()
    sign_in(page, login)
    page.click("text=Токены API")
    expect(page.locator("h1")).to_have_text("Токены доступа к API")
    page.fill("#f-name", "Региональная ИС")
    page.select_option("#f-scope", scope)
    page.click("button:has-text('Создать токен')")
    token = page.locator("#new-token").inner_text()
    assert token.startswith("medk_")
    # Shown once: a reload lists the token by name only.
    page.goto("/account/tokens")
    expect(page.locator("table")).to_contain_text("Региональная ИС")
    assert token not in page.content()
    context.close()
    return token


def call(base, token, method, path, body=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers, json.loads(refused.read() or b"{}")


def test_a_region_reads_and_imports_through_the_api_with_a_token_made_in_the_browser(browser, server):
    token = make_token(browser, server, "regional", "import")
    status, _, schools = call(server, token, "GET", "/api/v1/schools?limit=5")
    assert status == 200 and len(schools["items"]) == 5 and "next" in schools
    status, headers, cycles = call(server, token, "GET", "/api/v1/cycles")
    assert status == 200 and cycles["items"][0]["controlDates"]
    request = urllib.request.Request(server + "/api/v1/cycles", headers={"Authorization": f"Bearer {token}",
                                                                          "If-None-Match": headers["ETag"]})
    try:
        urllib.request.urlopen(request, timeout=30)
        raise AssertionError("expected 304")
    except urllib.error.HTTPError as unchanged:
        assert unchanged.code == 304
    status, _, done = call(server, token, "POST", "/api/v1/imports/schools", {"schools": [
        {"municipality": "Краснинский район", "fullName": "МБОУ «Школа из региональной ИС»", "locality": "сельская", "code": "679950"}]})
    assert status == 200 and done["created"] + done["unchanged"] == 1, done
    status, headers, problem = call(server, token, "POST", "/api/v1/imports/schools", {"schools": [
        {"municipality": "Краснинский район", "fullName": "Школа", "locality": "на острове"}]})
    assert status == 422 and headers["Content-Type"].startswith("application/problem+json")
    assert problem["errors"][0]["item"] == 0 and problem["errors"][0]["field"] == "locality"
    # The reference page a person reads is the same contract.
    page = browser.new_context(base_url=server, locale="ru-RU").new_page()
    page.goto("/api")
    expect(page.locator("h1")).to_have_text("Описание API")
    expect(page.locator("#listEvents")).to_contain_text("/api/v1/events")


def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_contract(browser):
    """Every check but «schema-valid data is accepted»: an import names schools and territories that must exist, which
    no schema can say, so well-formed but unknown data is rightly refused with 422."""
    # A demo of its own, with a limit high enough for a fuzzer, so that every operation is really exercised.
    with demo_server(environment={"MEDK_API_RATE": "100000", "MEDK_API_BURST": "100000"}) as base:
        token = make_token(browser, base, "admin", "import")
        report = ARTIFACTS / "schemathesis.txt"
        command = [sys.executable, "-m", "schemathesis.cli", "run", base + "/api/v1/openapi.json", 
                   "-H", f"Authorization: Bearer {token}", "--checks", "all", "--exclude-checks", "positive_data_acceptance", "--max-examples", os.environ.get("MEDK_FUZZ_EXAMPLES", "40"),
                   "--no-color", "--seed", "18"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=900)
        report.write_text(result.stdout + result.stderr)
        summary = [line for line in result.stdout.splitlines() if re.search(r"passed|failed|error|warning|Operations|Test cases|Checks", line, re.I)]
        print("\n".join(summary[-25:]))
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
