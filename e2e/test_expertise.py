"""Issue 15 in a real browser: the federal coordinator creates an expertise round, draws the sample from a seed and
assigns the demo expert to Гусинская СШ; the expert scores the school and submits; the federal coordinator accepts
and publishes; the regional coordinator opens its region's results and downloads them as XLSX."""
import openpyxl

from conftest import ARTIFACTS, demo_year, sign_in

GUSINO = "МБОУ «Гусинская СШ» Краснинского района"
ROUND = "Экспертиза браузерного теста"


def new_page(browser, server):
    return browser.new_context(base_url=server, locale="ru-RU", accept_downloads=True).new_page()


def test_a_round_from_the_draw_to_the_regions_results(page, browser, server):
    # The federal coordinator: a round, its sample from seed 12345, the demo expert on Гусинская СШ.
    sign_in(page, "federal")
    page.click("nav.menu >> text=Экспертиза")
    assert "Экспертиза 15.11.2021" not in page.inner_text("main")  # this year's list
    page.fill("#f-title", ROUND)
    page.fill("#f-dueOn", f"{demo_year()}-12-20")
    page.click("text=Создать этап")
    page.wait_for_selector(f"h1:has-text('{ROUND}')")
    page.select_option("#f-kind", "perRegion")
    page.fill("#f-value", "1")
    page.fill("#f-seed", "12345")
    page.click("form.draw-form button[type=submit]")
    page.wait_for_selector(".flash-success")
    assert "Номер выборки: 12345" in page.inner_text("main")
    assert "1 из " in page.inner_text("main table")
    # Гусинская СШ joins the sample by hand, with the reason kept in the history.
    page.fill("form.sample-change #f-school", "670001")
    page.fill("form.sample-change #f-reason", "Школа пилотного района")
    page.click("form.sample-change button[type=submit]")
    page.wait_for_selector(".flash-success, .error-summary")
    if page.locator(".error-summary").count():
        # The draw had already taken it: adding it again is refused and changes nothing.
        assert "уже в выборке" in page.inner_text(".error-summary")
    else:
        assert "Школа пилотного района" in page.inner_text("main")
    page.fill("form.assign-one #f-school", "670001")
    page.select_option("form.assign-one #f-expert", label="Смирнова Анна Павловна")
    page.click("form.assign-one button[type=submit]")
    page.wait_for_selector(".flash-success")
    page.screenshot(path=str(ARTIFACTS / "expertise-round.png"), full_page=True)

    # The expert scores the school: one gap, with its comment, and a conclusion.
    expert = new_page(browser, server)
    sign_in(expert, "expert")
    expert.click(f"section:has-text('{ROUND}') >> text={GUSINO}")
    expert.wait_for_selector("h1:has-text('Экспертный лист')")
    assert "Материалы школы" in expert.inner_text("main")
    for key in ["goals", "indicators", "measures", "monitoring", "decisions"]:
        expert.select_option(f"#f-score-{key}", "2")
    expert.select_option("#f-score-analysis", "1")
    expert.fill("#f-conclusion", "Управленческий цикл выстроен.")
    expert.click("button[value=submit]")
    # Below the top score a comment is required: nothing is sent without it.
    expert.wait_for_selector(".error-summary:has-text('напишите комментарий')")
    expert.fill("#f-comment-analysis", "Анализ результатов мониторинга формальный")
    expert.click("button[value=submit]")
    expert.wait_for_selector(".flash-success:has-text('отправлен федеральному координатору')")
    expert.context.close()

    # The federal coordinator accepts and publishes.
    page.click(f"main table >> text=Смирнова Анна Павловна")
    page.wait_for_selector("h1:has-text('Экспертный лист')")
    page.click("button:has-text('Принять')")
    page.wait_for_selector(".flash-success:has-text('принят')")
    page.click(f"nav.crumbs >> text=Экспертиза документов")
    page.click(f"text={ROUND}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Опубликовать результаты')")
    page.wait_for_selector("h1:has-text('Результаты')")
    assert "Смоленская область" in page.inner_text("main table")

    # The regional coordinator: its region's page, and the XLSX.
    regional = new_page(browser, server)
    sign_in(regional, "regional")
    regional.click("nav.menu >> text=Экспертиза")
    regional.click(f"section:has-text('{ROUND}') >> text=Результаты")
    regional.wait_for_selector("h1:has-text('Смоленская область')")
    assert GUSINO in regional.inner_text("main")
    assert "11 из 12" in regional.inner_text("main")
    with regional.expect_download() as download_info:
        regional.click("text=Скачать XLSX")
    path = ARTIFACTS / "expertise-region.xlsx"
    download_info.value.save_as(path)
    workbook = openpyxl.load_workbook(path)
    schools = workbook.worksheets[1]
    row = next(r for r in schools.iter_rows(min_row=2, values_only=True) if r[0] == GUSINO)
    assert row[-1] == 11
    regional.screenshot(path=str(ARTIFACTS / "expertise-region.png"), full_page=True)
    regional.context.close()
