"""Issue 17 in a real browser: a school describes its practice and submits it with a file; the regional coordinator
returns it with a comment; the school corrects it and resubmits; the coordinator publishes it; a visitor who never
signed in finds it in the open bank by another form of a word and by its risk factor, and reads it with its file."""
import time

from playwright.sync_api import expect

from conftest import ARTIFACTS, sign_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_practice_goes_from_the_school_through_its_region_to_the_open_bank(browser, server):
    title = f"Клуб наставников «Вместе» {int(time.time())}"
    school_context = browser.new_context(base_url=server, locale="ru-RU")
    school = school_context.new_page()
    sign_in(school, "school")
    school.click("nav.menu >> text=Лучшие практики")
    school.click("text=Описать практику")
    expect(school.locator("h1")).to_have_text("Новая практика")
    school.fill("#f-title", title)
    school.fill("#f-summary", "Пары опытного и молодого учителя, взаимопосещения уроков.")
    school.check("input[name=factor-1]")
    school.fill("#f-description", "Программа наставнического сопровождения молодых учителей школы.")
    school.fill("#f-actions", "Провели 10 взаимопосещений и 4 встречи клуба.")
    school.fill("#f-results", "Доля уроков без замечаний выросла.")
    school.set_input_files("#f-files", files=[{"name": "Программа клуба.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    school.click("button:has-text('Отправить на публикацию')")
    expect(school.locator(".flash")).to_contain_text("Практика отправлена региональному координатору")
    school.click("nav.menu >> text=Лучшие практики")
    practice_url = school.get_attribute(f"main a:has-text('{title}')", "href")

    # Not public yet.
    visitor_context = browser.new_context(base_url=server, locale="ru-RU")
    visitor = visitor_context.new_page()
    assert visitor.goto(practice_url.replace("/practices/", "/public/practices/")).status == 404

    regional_context = browser.new_context(base_url=server, locale="ru-RU")
    regional = regional_context.new_page()
    sign_in(regional, "regional")
    regional.click("nav.menu >> text=Лучшие практики")
    expect(regional.locator("main")).to_contain_text("Ждут решения")
    regional.click(f"text={title}")
    regional.fill("#f-comment", "Добавьте цифры: на сколько выросла доля уроков без замечаний.")
    regional.click("button:has-text('Вернуть на доработку')")
    expect(regional.locator(".flash")).to_contain_text("Практика возвращена на доработку")

    # The school sees what to change, corrects it and sends it again.
    school.goto(practice_url)
    expect(school.locator("main")).to_contain_text("Добавьте цифры")
    school.fill("#f-results", "Доля уроков без замечаний выросла с 40 % до 75 %.")
    school.click("button:has-text('Отправить на публикацию')")
    expect(school.locator(".flash")).to_contain_text("Практика отправлена региональному координатору")

    regional.goto(practice_url)
    regional.click("button:has-text('Опубликовать')")
    expect(regional.locator(".flash")).to_contain_text("Практика опубликована")

    # A visitor finds it by another form of the word and by its factor, and reads it with its file.
    visitor.goto("/public/practices")
    visitor.fill("#f-q", "наставничество")
    visitor.select_option("#f-factor", "1")
    visitor.click("form.filters button[type=submit]")
    expect(visitor.locator("#results")).to_contain_text(title)
    visitor.screenshot(path=str(ARTIFACTS / "practices-catalogue.png"), full_page=True)
    visitor.select_option("#f-factor", "10")
    visitor.click("form.filters button[type=submit]")
    expect(visitor.locator("#results")).not_to_contain_text(title)
    visitor.select_option("#f-factor", "1")
    visitor.click("form.filters button[type=submit]")
    visitor.click(f"#results >> text={title}")
    expect(visitor.locator("main")).to_contain_text("с 40 % до 75 %")
    file_link = visitor.get_attribute("text=Программа клуба.pdf", "href")
    answer = visitor.request.get(file_link)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf" and answer.body() == PDF
    for context in (school_context, regional_context, visitor_context):
        context.close()


def test_a_visitor_reads_a_districts_acts_and_results_and_finds_help(page):
    page.goto("/help")
    expect(page.locator("h1")).to_have_text("Справка")
    expect(page.locator("#glossary")).to_contain_text("ШНОР")
    page.goto("/public/practices")
    page.click("footer >> text=Справка")
    expect(page.locator("h1")).to_have_text("Справка")
    # From the open bank to a region's page, then to the Korenovsk district's: seed 003's order, its plans, its
    # monitoring results as counts per level, its schools' indicators as of today.
    page.goto("/public/practices")
    page.click("#territories >> text=Краснодарский край")
    expect(page.locator("h1")).to_contain_text("Краснодарский край")
    page.click("main >> text=Кореновский район")
    expect(page.locator("#acts")).to_contain_text("Приказ от 17.12.2020 № 579")
    expect(page.locator("#plans")).to_contain_text("Дорожная карта по методическому сопровождению")
    expect(page.locator("#monitoring")).to_contain_text("Мониторинг")
    expect(page.locator("#indicators")).to_contain_text("Доля")
    page.screenshot(path=str(ARTIFACTS / "public-territory.png"), full_page=True)
    act = page.get_attribute("#acts a", "href")
    assert page.request.get(act).status == 200

    # On the demo's real data every public page stays light, is cacheable and answers 304 when unchanged.
    region = page.eval_on_selector("nav.crumbs a", "a => a.getAttribute('href')")
    for path in ["/public/practices", "/help", region, page.url, "/public/practices?q=" + "программа"]:
        answer = page.request.get(path, headers={"Cookie": ""})
        assert answer.status == 200, path
        assert len(answer.body()) < 60 * 1024, f"{path}: {len(answer.body())} bytes"
        assert answer.headers["cache-control"] == "public, max-age=300", path
        again = page.request.get(path, headers={"If-None-Match": answer.headers["etag"]})
        assert again.status == 304, path
