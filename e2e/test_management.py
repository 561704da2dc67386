"""A coordinator assigns a curator, who then sees the school."""
from conftest import ARTIFACTS, sign_in


def test_a_municipal_coordinator_assigns_a_curator_who_then_sees_the_school(browser, server, page):
    sign_in(page, "municipal")
    page.click("text=МБОУ «Мерлинская школа» Краснинского района")
    page.select_option("#f-curator", label="Ермоловский Сергей Александрович")
    page.click("form.inline-form button[type=submit]")
    assert "Куратор назначен." in page.inner_text("main")
    page.screenshot(path=str(ARTIFACTS / "school-card-coordinator.png"), full_page=True)

    curator = browser.new_context(base_url=server, locale="ru-RU").new_page()
    sign_in(curator, "curator")
    assert "МБОУ «Мерлинская школа» Краснинского района" in curator.inner_text("main")
    curator.context.close()


def test_the_admin_creates_a_user_who_can_sign_in(browser, server, page):
    sign_in(page, "admin")
    page.goto("/users/new")
    page.fill("#f-login", "e2e-federal")
    page.fill("#f-fullName", "Проверочный Координатор")
    page.fill("#f-password", "e2e-password")
    page.select_option("#f-role", value="federal")
    page.click("button.primary")
    assert "Пользователь создан." in page.inner_text("main")
    other = browser.new_context(base_url=server, locale="ru-RU").new_page()
    sign_in(other, "e2e-federal", "e2e-password")
    assert other.locator("h1").inner_text() == "Регионы"
    other.context.close()
