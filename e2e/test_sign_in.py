"""Each demo role signs in and lands on its own home page."""
import pytest

from conftest import ARTIFACTS, sign_in

HOMES = [
    ("school", "Гусинская СШ", "Стартовая диагностика"),
    ("curator", "Мои школы", "МБОУ «Гусинская СШ» Краснинского района"),
    ("municipal", "Школы", "МБОУ «Мерлинская школа» Краснинского района"),
    ("regional", "Школы", "МБОУ «СОШ № 3» г. Сафонова"),
    ("federal", "Регионы", "Забайкальский край"),
    ("admin", "Администрирование", "Пользователи"),
]


@pytest.mark.parametrize("login,heading,content", HOMES)
def test_each_role_lands_on_its_home_page(page, login, heading, content):
    sign_in(page, login)
    assert page.url.endswith("/home")
    assert page.locator("h1").inner_text() == heading
    assert content in page.locator("main").inner_text()
    assert page.locator(".who-name").is_visible()
    page.screenshot(path=str(ARTIFACTS / f"home-{login}.png"), full_page=True)


def test_a_wrong_password_is_refused_in_russian(page):
    sign_in(page, "curator", "wrong-password")
    assert "/login" in page.url
    assert "Неверный логин или пароль" in page.locator("[role=alert]").inner_text()
    assert page.locator("#f-login").input_value() == "curator"


def test_signing_out_returns_to_the_sign_in_page(page):
    sign_in(page, "regional")
    page.click("text=Выйти")
    assert "/login" in page.url
    assert "Вы вышли из системы" in page.inner_text("main")
    page.goto("/home")
    assert "/login" in page.url


def test_the_home_page_reads_well_on_a_phone(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 360, "height": 740}, locale="ru-RU")
    page = context.new_page()
    sign_in(page, "school")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    page.screenshot(path=str(ARTIFACTS / "home-school-phone.png"), full_page=True)
    context.close()


def test_pages_work_without_javascript(browser, server):
    context = browser.new_context(base_url=server, java_script_enabled=False, locale="ru-RU")
    page = context.new_page()
    sign_in(page, "municipal")
    assert page.locator("h1").inner_text() == "Школы"
    page.fill("#f-q", "мерлин")
    page.click("form.filters button[type=submit]")
    assert "Мерлинская" in page.inner_text("main")
    assert "Гусинская" not in page.inner_text("table")
    context.close()
