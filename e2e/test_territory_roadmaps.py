"""Issue 6 in a real browser: a municipal coordinator marks two items of its district's plan-schedule done
with evidence, enters a teacher's competence values, sees the level, and downloads the summary table."""
import re

import openpyxl

from conftest import ARTIFACTS, open_monitoring, sign_in

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PLAN = "Дорожная карта реализации проекта адресной методической помощи «500+» в 2022 году"
TEACHER_INSTRUMENT = "Мониторинг оценки предметных компетенций педагогических работников ШНОР"


def shares(page):
    """(done, due) from the sentence «На дд.мм.гггг выполнено N из M мероприятий …»."""
    match = re.search(r"выполнено (\d+) из (\d+)", page.inner_text("#share-result"))
    assert match, page.inner_text("#share-result")
    return int(match.group(1)), int(match.group(2))


def mark_done(page, number, *, evidence_file=None, link=None, comment=""):
    page.click(f"table.plan tr:has(td:text-is('{number}')) a")
    page.fill("#f-doneOn", "2022-03-04")
    if evidence_file:
        page.set_input_files("#evidence-file", str(evidence_file))
    if link:
        page.fill("#f-link", link)
    page.fill("#done-comment", comment)
    page.click("#mark-done button[type=submit]")
    page.wait_for_selector("text=Пункт отмечен выполненным.")
    history = page.inner_text("main")
    assert "выполнено" in history and comment in history
    page.click("text=К плану-графику")


def test_municipal_coordinator_marks_items_enters_teacher_values_and_downloads_the_summary(page, tmp_path):
    order = tmp_path / "Приказ о назначении координатора.pdf"
    order.write_bytes(PDF)

    sign_in(page, "afanasyeva")
    page.click("nav.menu >> text=Планы-графики")
    page.click(f"text={PLAN}")
    assert "№ п/п" in page.inner_text("table.plan thead")
    done_before, due = shares(page)
    assert done_before == 0 and due > 10

    mark_done(page, "1.1.1", evidence_file=order, comment="Приказ № 102-1 от 04.03.2022")
    mark_done(page, "1.1.2", link="https://sretensk.example.ru/500plus/kurator", comment="Куратор назначен")
    assert shares(page) == (2, due)
    rows = page.inner_text("table.plan")
    assert rows.count("выполнено 04.03.2022") == 2
    assert "просрочено" in rows
    page.screenshot(path=str(ARTIFACTS / "territory-roadmap-marked.png"), full_page=True)

    # The evidence file opens from the item's history.
    page.click("table.plan tr:has(td:text-is('1.1.1')) a")
    href = page.get_attribute("a:text('Приказ о назначении координатора.pdf')", "href")
    evidence = page.request.get(href)
    assert evidence.ok and evidence.body() == PDF

    open_monitoring(page, TEACHER_INSTRUMENT, "2021/2022 учебный год, I полугодие", "2021-09-01", "2021-12-31",
                    "Иванова Мария Петровна")

    # П1 = 2, test at ИРО not held, П2 = 1, П3 = 1, П4 not applicable: (2 + 1 + 1) : 3 = 1,33 — уровень С.
    for field, value in [("#f-i0", "2"), ("#f-i1", "нет"), ("#f-i2", "1"), ("#f-i3", "1"), ("#f-i4", "нет")]:
        page.select_option(field, value)
    page.click("#values button[type=submit]")
    result = page.inner_text("#result")
    assert "Итоговое значение: 1,33 — уровень С." in result
    assert "Несущественные предметные дефициты" in result
    page.screenshot(path=str(ARTIFACTS / "teacher-competence-level.png"), full_page=True)

    page.click("nav.crumbs >> text=2021/2022 учебный год, I полугодие")
    assert "уровень С" in page.inner_text("main table")
    with page.expect_download() as download:
        page.click("text=Скачать сводную форму (XLSX)")
    path = tmp_path / "summary.xlsx"
    download.value.save_as(str(path))
    sheet = openpyxl.load_workbook(path)["Сводная форма"]
    header = [cell.value for cell in sheet[1]]
    assert header[:7] == ["№ п/п", "Учитель", "Показатель № 1", "Показатель № 2", "Показатель № 3", "Показатель № 4", "Показатель № 5"]
    row = [cell.value for cell in sheet[2]]
    assert row[1] == "Иванова Мария Петровна"
    assert row[2:7] == [2, "нет", 1, 1, "нет"]
    assert abs(row[header.index("Итоговое значение")] - 4 / 3) < 1e-9
    assert row[header.index("Уровень")] == "уровень С"
