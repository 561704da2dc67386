"""A coordinator imports a small XLSX of schools and sees them in the list."""
from pathlib import Path

import openpyxl

from conftest import ARTIFACTS, sign_in


def make_schools_xlsx(path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Школы"
    sheet.append(["Муниципалитет", "Полное наименование", "Краткое наименование", "Местность", "Код ОО"])
    sheet.append(["Краснинский район", "МБОУ «Волковская СШ» Краснинского района", "Волковская СШ", "сельская", 670777])
    sheet.append(["Краснинский район", "МБОУ «Краснинская СШ им. М. И. Глинки»", "Краснинская СШ", "городская", 670778])
    book.save(path)


def test_a_municipal_coordinator_imports_schools_from_xlsx(page, tmp_path):
    file = tmp_path / "школы.xlsx"
    make_schools_xlsx(file)
    sign_in(page, "municipal")
    page.click("nav.menu >> text=Импорт")
    page.set_input_files("#file-schools", str(file))
    page.click("section.import:has(#file-schools) button[type=submit]")
    assert "добавлено 2" in page.locator("#import-result").inner_text()
    page.screenshot(path=str(ARTIFACTS / "import-schools.png"), full_page=True)

    page.click("nav.menu >> text=Школы")
    listing = page.inner_text("table")
    assert "МБОУ «Волковская СШ» Краснинского района" in listing
    assert "МБОУ «Краснинская СШ им. М. И. Глинки»" in listing

    # The same file again changes nothing.
    page.click("nav.menu >> text=Импорт")
    page.set_input_files("#file-schools", str(file))
    page.click("section.import:has(#file-schools) button[type=submit]")
    assert "добавлено 0, обновлено 0, без изменений 2" in page.locator("#import-result").inner_text()


def test_a_file_with_an_unknown_municipality_is_refused_row_by_row(page, tmp_path):
    file = tmp_path / "bad.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Муниципалитет", "Полное наименование", "Местность"])
    book.active.append(["Нет такого района", "Школа", "сельская"])
    book.save(file)
    sign_in(page, "regional")
    page.goto("/import")
    page.set_input_files("#file-schools", str(file))
    page.click("section.import:has(#file-schools) button[type=submit]")
    result = page.locator("#import-result").inner_text()
    assert "Ничего не изменено" in result
    assert "Муниципалитет «Нет такого района» не найден" in result
