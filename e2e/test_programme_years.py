"""Issue 13 in a real browser: the federal coordinator prepares the next programme year from the last one,
corrects a control date, includes two schools by a list of codes and carries a region's other schools with their
curators over, opens the year, assigns a curator to an imported school, and closes the old
one; the school then works in the new year, with 2021 as its history. On a server of its own: opening
a year changes what every other test would see."""
import datetime
import re

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, demo_server, sign_in


@pytest.fixture(scope="module")
def own_server():
    # The seeds' year only, still open: the coordinator makes this year from it as at the programme's start.
    with demo_server("--only-seeds") as base:
        yield base


def test_the_federal_coordinator_opens_the_next_year_and_closes_the_old(browser, own_server, tmp_path):
    year = datetime.date.today().year
    context = browser.new_context(base_url=own_server, locale="ru-RU")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "federal")
    page.click("nav.menu >> text=Циклы программы")
    expect(page.locator("h1")).to_have_text("Циклы программы")

    # The form suggests 2022 copied from 2021; this year is chosen instead, so that it is current today.
    page.fill("#f-year", str(year))
    page.fill("#f-title", f"Проект адресной методической помощи «500+», {year} год")
    page.fill("#f-startsOn", f"{year}-01-01")
    page.fill("#f-endsOn", f"{year}-12-31")
    page.click("#new-cycle button[type=submit]")
    expect(page.locator("main .flash-success")).to_contain_text(f"Черновик цикла {year} года создан")
    assert "черновик" in page.inner_text("dl.facts")

    # A control date corrected in the draft.
    first = page.locator("#cycle-dates input[type=date]").first
    assert first.input_value().startswith(f"{year}-")
    name = first.get_attribute("name")
    first.fill(f"{year}-02-20")
    page.click("#cycle-dates button[type=submit]")
    expect(page.locator("main .flash-success")).to_have_text("Контрольные даты сохранены.")
    expect(page.locator(f"#cycle-dates input[name='{name}']")).to_have_value(f"{year}-02-20")

    # Two schools by a list of their codes (a wrong list first: nothing is included, the row is named).
    expect(page.locator("#cycle-schools")).to_have_text("В цикле пока нет школ.")
    codes = tmp_path / "коды.csv"
    codes.write_text("Код ОО\n670001\n999999\n", encoding="utf-8")
    page.set_input_files("#import-file", str(codes))
    page.click("#import-schools button[type=submit]")
    expect(page.locator("#import-problems")).to_contain_text("999999")
    expect(page.locator("#cycle-schools")).to_have_text("В цикле пока нет школ.")
    codes.write_text("Код ОО\n670001\n670002\n", encoding="utf-8")
    page.set_input_files("#import-file", str(codes))
    page.click("#import-schools button[type=submit]")
    expect(page.locator("main .flash-success")).to_have_text("Включено в цикл школ: 2.")
    expect(page.locator("#cycle-schools")).to_have_text("Школ в цикле: 2.")

    # The other schools of one region, with their curators.
    for box in page.locator("#carry-schools input[type=checkbox][name^=region-]").all():
        box.set_checked("Смоленская область" in box.evaluate("b => b.parentElement.textContent"))
    page.click("#carry-schools button[type=submit]")
    expect(page.locator("main .flash-success")).to_contain_text("Перенесено школ: ")
    carried = int(re.search(r"Школ в цикле: (\d+)", page.inner_text("#cycle-schools")).group(1))
    assert carried > 0
    page.screenshot(path=str(ARTIFACTS / "cycle-draft.png"), full_page=True)

    page.click("button:has-text('Открыть цикл')")
    expect(page.locator("main .flash-success")).to_contain_text("Цикл открыт")
    # The imported school gets its curator for the new year on its page.
    page.goto("/schools")
    page.click("text=Гусинская СШ")
    page.select_option("select[name=curator]", label="Ермоловский Сергей Александрович")
    page.click("form:has(select[name=curator]) button[type=submit]")
    expect(page.locator("main .flash-success")).to_contain_text("Куратор назначен")
    page.click("nav.menu >> text=Циклы программы")
    rows = page.locator("main table tbody tr")
    assert "открыт, текущий" in rows.filter(has_text=str(year)).inner_text()
    page.get_by_role("link", name="Проект адресной методической помощи «500+» — 2021").first.click()
    page.click("button:has-text('Закрыть цикл')")
    expect(page.locator("main .flash-success")).to_have_text("Цикл закрыт и остаётся архивом.")

    # The school works in the new year: its roadmap starts empty and takes an upload.
    school = browser.new_context(base_url=own_server, locale="ru-RU").new_page()
    sign_in(school, "school")
    history = school.locator("#other-years")
    expect(history).to_contain_text("Другие годы программы")
    expect(history).to_contain_text("2021")
    school.get_by_role("link", name="Концептуальные документы").first.click()
    assert school.locator("form.upload").count() == 1
    school.screenshot(path=str(ARTIFACTS / "cycle-new-year-school.png"), full_page=True)
