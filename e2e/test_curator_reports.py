"""Issue 15 in a real browser: the regional coordinator opens its curators' report for the first payment (15.06),
confirms it, and downloads the confirmed version; the federal coordinator sees the region confirmed and downloads
every region's confirmed report in one file."""
import openpyxl

from conftest import ARTIFACTS, demo_year, sign_in

FIRST = "Первая оплата работы кураторов (ФИОКО)"


def test_regional_coordinator_confirms_the_curators_report_for_the_first_payment(page, browser, server):
    sign_in(page, "regional")
    page.click("nav.menu >> text=Отчёт о работе кураторов")
    page.wait_for_selector("h1:has-text('Отчёт о работе кураторов: Смоленская область')")
    page.click(f"nav.chart-choice >> text={FIRST}")
    page.wait_for_url("**payment=first**")
    assert f"01.01.{demo_year()} — 15.06.{demo_year()}" in page.inner_text("main h2")
    table = page.inner_text("main table")
    assert "Итого по региону" in table and "Посещений очно" in table
    page.screenshot(path=str(ARTIFACTS / "curator-report.png"), full_page=True)

    # The page asks before freezing the figures; the answer «yes» confirms version 1.
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=Подтвердить отчёт для выплаты «Первая оплата»")
    page.wait_for_selector(".flash:has-text('Отчёт подтверждён (версия 1).')")
    assert "Версия 1" in page.inner_text("ul.versions")

    with page.expect_download() as download_info:
        page.click("ul.versions >> text=Скачать подтверждённый отчёт (XLSX)")
    path = ARTIFACTS / "curator-report.xlsx"
    download_info.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    assert [cell.value for cell in sheet[1]][:3] == ["Куратор", "Школ закреплено", "Посещений очно"]
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert names[-1] == "Итого по региону" and len(names) >= 2
    total = list(sheet.iter_rows(min_row=sheet.max_row))[0]
    assert total[1].value >= 1  # the region's schools had curators in the period

    federal = browser.new_context(base_url=server, locale="ru-RU", accept_downloads=True).new_page()
    sign_in(federal, "federal")
    federal.goto("/curator-reports")
    assert "Подтвердили 1 из " in federal.inner_text("main")
    assert "подтверждён, версия 1" in federal.inner_text("main table tr:has-text('Смоленская область')")
    with federal.expect_download() as all_info:
        federal.click(f"li:has-text('{FIRST}') >> text=Скачать подтверждённые отчёты (XLSX, лист на регион)")
    path = ARTIFACTS / "curator-reports-first.xlsx"
    all_info.value.save_as(path)
    assert openpyxl.load_workbook(path).sheetnames == ["Смоленская область"]
    federal.context.close()
