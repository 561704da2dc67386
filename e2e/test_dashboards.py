"""Issue 5 in a real browser: the regional coordinator opens the inclusion indicators, looks at them as of
another date, drills into a cell to the schools behind it, and downloads the table as XLSX."""
import openpyxl

from conftest import ARTIFACTS, sign_in

SEMINAR = "Очное участие в установочном семинаре"


def column_of(sheet, title):
    for cell in sheet[1]:
        if cell.value == title:
            return cell.column
    raise AssertionError(f"no column {title!r}: {[c.value for c in sheet[1]]}")


def test_regional_coordinator_changes_the_date_drills_into_a_cell_and_downloads_the_xlsx(page):
    sign_in(page, "regional")
    page.click("nav.menu >> text=Показатели")
    page.wait_for_selector("table#indicators")
    assert "Показатели включенности: Смоленская область" in page.inner_text("h1")
    assert "Краснинский район" in page.inner_text("table#indicators")

    # Before the programme: nothing to count; on 10.03.2021: the launch seminar marks of the demo.
    page.fill("#f-date", "2021-01-20")
    page.click("form.as-of button[type=submit]")
    page.wait_for_url("**date=2021-01-20**")
    seminar_cell = "table#indicators tr:has-text('Краснинский район') td[data-indicator=launch_seminar]"
    assert "нет данных" in page.inner_text(seminar_cell)

    page.fill("#f-date", "2021-03-10")
    page.click("form.as-of button[type=submit]")
    page.wait_for_url("**date=2021-03-10**")
    assert page.inner_text(seminar_cell).split() == ["50", "%", "1", "из", "2"]
    assert "cell-overdue" in page.get_attribute(seminar_cell, "class")
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

    page.click(f"{seminar_cell} a")
    page.wait_for_selector("h1:has-text('Краснинский район')")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2
    assert "Мерлинская" in rows.nth(0).inner_text() and "Не выполнено" in rows.nth(0).inner_text()
    assert "Гусинская" in rows.nth(1).inner_text() and "Выполнено" in rows.nth(1).inner_text()
    page.click("nav.crumbs >> text=Смоленская область")
    page.wait_for_selector("table#indicators")

    with page.expect_download() as download_info:
        page.click("text=Скачать XLSX")
    download = download_info.value
    assert "Смоленская область" in download.suggested_filename and "10.03.2021" in download.suggested_filename
    path = ARTIFACTS / "dashboard.xlsx"
    download.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == "Муниципалитет"
    done = column_of(sheet, f"{SEMINAR}: выполнено")
    krasny = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "Краснинский район")
    assert krasny[done - 1].value == 1 and krasny[done].value == 2
    assert krasny[done + 1].value == 0.5 and "%" in krasny[done + 1].number_format
    assert sheet.column_dimensions["A"].width >= 40
