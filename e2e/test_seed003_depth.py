"""Issue 16 in a real browser: the Korenovsk coordinator opens seed 003's risk-factor monitoring, drills into a factor
and downloads the XLSX; then enters two teachers with their Part I and sees the levels counted per school."""
import openpyxl
from playwright.sync_api import expect

from conftest import ARTIFACTS, add_subject, open_monitoring, sign_in

TEACHER_INSTRUMENT = "Мониторинг оценки предметных компетенций педагогических работников ШНОР"


def test_korenovsk_reads_its_risk_factors_and_groups_its_teachers(page, tmp_path):
    sign_in(page, "korenovsk")
    page.click("nav.menu >> text=Мониторинги")
    page.click("text=Открыть мониторинг")
    expect(page.locator("h1")).to_contain_text("Мониторинг проявления рисков факторов ШНОР: Кореновский район")
    # The archive year is there to compare with: changes show beside the figures on first open.
    expect(page.locator("main")).to_contain_text("по сравнению с 2021 годом")
    assert page.locator("span.change").count() > 0
    page.screenshot(path=str(ARTIFACTS / "risk-factors.png"), full_page=True)

    # A figure opens on the schools behind it; the factor's title on all three of the district's schools.
    page.locator("td.num a").first.click()
    expect(page.locator("main")).to_contain_text("Показаны школы:")
    page.click("text=Показать все школы территории")
    expect(page.locator("h1")).to_contain_text("Фактор")
    assert page.locator("main table tbody tr").count() == 3
    page.go_back()
    page.go_back()

    with page.expect_download() as download:
        page.click("text=Скачать XLSX")
    path = tmp_path / "risks.xlsx"
    download.value.save_as(str(path))
    book = openpyxl.load_workbook(path)
    factors = [row[0].value for row in book["Факторы риска"].iter_rows(min_row=2)]
    assert len(factors) == 10 and factors[0].startswith("Фактор 1.")
    assert book["Школы"].max_row > 1

    # Teachers with seed 003's Part I: level Б at one school, D at another.
    open_monitoring(page, TEACHER_INSTRUMENT, "Апрель", "2026-04-01", "2026-05-31", "Орлова Нина Сергеевна")
    for field, value in [("#f-i0", "1"), ("#f-i1", "нет"), ("#f-i2", "0"), ("#f-i3", "0"), ("#f-i4", "нет")]:
        page.select_option(field, value)
    page.click("#values button[type=submit]")
    expect(page.locator("#result")).to_contain_text("уровень Б")
    page.click("nav.crumbs >> text=Апрель")
    add_subject(page, "Кротов Иван Ильич", school_index=2, part_one=("физика", "высшее, учитель физики", "25", "24"))
    page.wait_for_selector("text=Введите значения показателей.")
    for field, value in [("#f-i0", "2"), ("#f-i2", "1"), ("#f-i3", "2"), ("#f-i4", "2")]:
        page.select_option(field, value)
    page.click("#values button[type=submit]")
    expect(page.locator("#result")).to_contain_text("уровень D")
    page.click("nav.crumbs >> text=Апрель")

    levels = page.locator("#teacher-levels")
    expect(levels).to_contain_text("Уровни предметных компетенций по образовательным организациям")
    expect(levels).to_contain_text("математика")
    expect(levels).to_contain_text("физика")
    # One row per school: each has one teacher.
    by_school = levels.locator("table").nth(1).locator("tbody tr")
    assert by_school.count() == 2
    page.screenshot(path=str(ARTIFACTS / "teacher-levels.png"), full_page=True)
