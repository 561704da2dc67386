"""Issue 12, screen 7, in a real browser: a municipal coordinator defines its own monitoring instrument in the
form with tables (no JSON), asks for more rows, is refused with the row to correct, fixes it, saves, and runs a
monitoring with it that computes the level. At a laptop's and a phone's width, with screenshots."""
from playwright.sync_api import expect

from conftest import ARTIFACTS, open_monitoring, sign_in

TITLE = "Мониторинг школьного благополучия (проверка браузером)"


def row(page, n, **cells):
    """Fills row n (from 1) of the indicator table: code, title, unit, values, and the three ticks."""
    i = n - 1
    for part in ("code", "title", "values", "weight"):
        if part in cells:
            page.fill(f"[name='i{i}-{part}']", cells[part])
    if "unit" in cells:
        page.select_option(f"[name='i{i}-unit']", label=cells["unit"])
    for part, name in (("na", "na"), ("required", "required"), ("formula", "formula")):
        if part in cells:
            page.set_checked(f"[name='i{i}-{name}']", cells[part])


def test_a_coordinator_defines_an_instrument_in_tables_and_runs_a_monitoring_with_it(page):
    sign_in(page, "municipal")
    page.click("nav.menu >> text=Мониторинги")
    page.click("text=Описать новый инструмент")
    expect(page.locator("h1")).to_have_text("Новый инструмент мониторинга")
    # The JSON stays, folded away for whoever keeps instruments as files.
    assert not page.locator("#definition").is_visible()

    page.fill("#f-title", TITLE)
    page.fill("#f-code", "e2e-climate")
    page.select_option("#f-subject", label="Школа")
    row(page, 1, code="1", title="Оценка школьного климата обучающимися", unit="Баллы из списка", values="0; 1; 2", na=True)
    row(page, 2, code="2", title="Оценка школьного климата педагогами", unit="Баллы из списка", values="0; 1; 2", na=True)
    row(page, 3, code="3", title="Оценка школьного климата родителями", unit="Баллы из списка", values="0; 1; 2", na=True)
    # Three rows were not enough: three more come, with what was typed kept and nothing saved.
    page.click("button:has-text('Добавить строки показателей')")
    expect(page.locator("[name='i5-title']")).to_be_visible()
    expect(page.locator("[name='i2-title']")).to_have_value("Оценка школьного климата родителями")
    row(page, 4, code="4", title="Число обращений в службу медиации", unit="Ед. (целое число)", formula=False, required=False)
    page.select_option("#f-formula", label="Среднее по применимым (Σ : N, «нет» не учитывается)")
    for n, (interval, label, advice) in enumerate([("[0; 1)", "низкий уровень", "требуется адресная помощь школе"),
                                                   ("[1; 1,5)", "", "рекомендуется работа по отдельным направлениям"),
                                                   ("[1,5; 2]", "высокий уровень", "рекомендуется распространение опыта")]):
        page.fill(f"[name='b{n}-interval']", interval)
        page.fill(f"[name='b{n}-label']", label)
        page.fill(f"[name='b{n}-recommendation']", advice)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(ARTIFACTS / "instrument-builder-1366.png"), full_page=True)
    page.click("#build-instrument button.primary")

    # Refused: the row to correct is named, and the form comes back as typed.
    expect(page.locator(".error-summary")).to_contain_text("Уровень в строке 2: укажите название уровня.")
    expect(page.locator("[name='i3-title']")).to_have_value("Число обращений в службу медиации")
    expect(page.locator("[name='b2-interval']")).to_have_value("[1,5; 2]")
    page.fill("[name='b1-label']", "средний уровень")
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(path=str(ARTIFACTS / "instrument-builder-375.png"), full_page=True)
    # On a phone the page itself never scrolls sideways: the tables scroll inside their boxes.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.click("#build-instrument button.primary")

    expect(page.locator("main .flash-success")).to_contain_text("Инструмент сохранён")
    main = page.inner_text("main")
    assert TITLE in main and "Оценка школьного климата педагогами" in main and "средний уровень" in main
    page.set_viewport_size({"width": 1366, "height": 768})

    # It runs like a built-in: (2 + 1 + нет) : 2 = 1,5 — высокий уровень.
    open_monitoring(page, TITLE, "2021/2022 учебный год", "2021-09-01", "2022-05-31", "МБОУ СОШ № 1 (проверка)")
    for field, value in [("#f-i0", "2"), ("#f-i1", "1"), ("#f-i2", "нет")]:
        page.select_option(field, value)
    page.click("#values button[type=submit]")
    expect(page.locator("#result")).to_contain_text("Итоговое значение: 1,5 — высокий уровень.")
