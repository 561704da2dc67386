"""One school walks the methodology path of seed 000 with its curator, in a real browser: the risk profile
is imported → the curator verifies it → the self-assessment is returned once and approved → directions are
activated → the program is approved → Этап 1 evidence is approved → Мониторинг 1 is approved — and the
school's overview shows every step done."""
from conftest import ARTIFACTS, demo_year, sign_in

# The demo's current programme year: the program's dates must fall inside it.
YEAR = demo_year()

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
HEADER = ["Код ОО"] + [str(n) for n in range(1, 11)] + ["Руководитель", "Педагоги", "Обучающиеся", "Родители"]
GUSINO = ["670001", "высокая", "средняя", "низкая", "низкая", "низкая", "высокая", "низкая", "низкая", "низкая",
          "низкая", "да", "да", "да", "да"]


def new_page(browser, server):
    return browser.new_context(base_url=server, locale="ru-RU", accept_downloads=True).new_page()


def flash(page):
    return page.inner_text(".flash")


def move(page, button, comment=None):
    if comment:
        page.fill("#comment-return", comment)
    page.click(f"button:has-text('{button}')")


def status_of(page, step):
    row = page.locator("table tr", has=page.locator(f"a:text-is('{step}')"))
    return row.locator(".status").inner_text()


def test_a_school_walks_from_profile_to_monitoring_with_its_curator(browser, server, tmp_path):
    school, curator, regional = (new_page(browser, server) for _ in range(3))
    sign_in(school, "school")
    sign_in(curator, "curator")
    sign_in(regional, "regional")

    # The regional coordinator imports the risk profile.
    profiles = tmp_path / "РПШ.csv"
    profiles.write_text("\n".join(";".join(row) for row in [HEADER, GUSINO]), encoding="utf-8")
    regional.goto("/import")
    regional.set_input_files("#file-riskProfiles", str(profiles))
    regional.locator("form", has=regional.locator("#file-riskProfiles")).locator("button[type=submit]").click()
    assert "Загружено: добавлено 1" in regional.inner_text("main")

    school.goto("/home")
    school.click("text=Стартовая диагностика")
    assert "требует верификации куратором" in school.inner_text("main")
    gusino = school.url.split("/schools/")[1].split("/")[0]
    base = f"/schools/{gusino}"

    # The curator visits and verifies the profile.
    curator.goto(base + "/verification")
    for observed in curator.locator("input[type=radio][value=yes]").all():
        observed.check()
    curator.check("input[name=verified]")
    curator.click("main form button:has-text('Сохранить')")
    assert "верифицированным" in flash(curator)

    # The self-assessment: returned once, then approved.
    school.goto(base + "/self-assessment")
    school.check("input[name=actual-1]")
    school.fill("textarea[name=measures-1]", "Курсы повышения квалификации")
    school.fill("input[name=period-1]", f"{YEAR} год")
    school.click("form button:has-text('Сохранить')")
    move(school, "Отправить куратору")
    curator.goto(base + "/self-assessment")
    move(curator, "Вернуть на доработку", "Уточните сроки курсов")
    school.goto(base + "/self-assessment")
    assert "Уточните сроки курсов" in school.inner_text("main")
    school.fill("input[name=period-1]", f"апрель–июнь {YEAR}")
    school.click("form button:has-text('Сохранить')")
    move(school, "Отправить куратору")
    curator.goto("/reviews")
    curator.click("main table a:text-is('Самообследование')")
    move(curator, "Согласовать")
    assert "согласовано" in flash(curator)

    # Directions equal to the actual risks.
    school.goto(base + "/directions")
    school.check("input[name=factor-1]")
    school.click("main form button[type=submit]")
    assert "активированы" in flash(school)

    # The program of direction 1, written in the structured editor, submitted and approved.
    school.click("text=1. Недостаточная предметная и методическая компетентность")
    assert "/directions/1" in school.url, school.url
    school.click("text=Открыть")
    school.fill("#goal", "Повысить предметную компетентность учителей математики")
    school.fill("#tasks", "Выявить дефициты\nОрганизовать курсы")
    school.fill("#success", "Не менее 80 % учителей прошли курсы")
    for name, value in [("indicator-title-0", "Доля учителей, прошедших курсы"), ("indicator-unit-0", "%"),
                        ("indicator-baseline-0", "12,5"), ("indicator-target-0", "80"), ("indicator-date-0", f"20.12.{YEAR}"),
                        ("measure-title-0", "Курсы повышения квалификации"), ("measure-starts-0", f"01.04.{YEAR}"),
                        ("measure-ends-0", f"30.06.{YEAR}"), ("measure-responsible-0", "Петрова И. И."),
                        ("measure-result-0", "10 удостоверений")]:
        school.fill(f"input[name={name}]", value)
    school.click("form button:has-text('Сохранить')")
    assert "Программа сохранена" in flash(school)
    school.screenshot(path=str(ARTIFACTS / "program-editor.png"), full_page=True)
    move(school, "Отправить куратору")
    curator.goto("/reviews")
    curator.click("text=Программа направления 1")
    assert "Курсы повышения квалификации" in curator.inner_text("main")
    move(curator, "Согласовать")
    assert "Программа согласована" in flash(curator)
    with curator.expect_download() as download:
        curator.click("text=Скачать XLSX")
    assert download.value.suggested_filename.endswith(".xlsx")

    # Этап 1: evidence of the measure, approved.
    evidence = tmp_path / "Удостоверения.pdf"
    evidence.write_bytes(PDF)
    school.goto(base + "/directions/1")
    school.set_input_files("#files-stage1", str(evidence))
    stage1 = school.locator("form", has=school.locator("#files-stage1"))
    stage1.locator("input[type=checkbox]").first.check()
    stage1.locator("button[type=submit]").click()
    school.wait_for_selector("text=Удостоверения")
    assert "Каждое мероприятие подтверждено" in school.inner_text("main")
    school.screenshot(path=str(ARTIFACTS / "direction-stage1.png"), full_page=True)
    school.click("main table >> text=Удостоверения")
    move(school, "Отправить куратору")
    curator.goto("/reviews")
    curator.click("text=Удостоверения")
    move(curator, "Согласовать")

    # Мониторинг 1: the value the indicator reached, approved.
    school.goto("/home")
    school.click("text=Мониторинг 1")
    school.fill("input[name^=reached-]", "45,5")
    school.click("form button:has-text('Сохранить')")
    move(school, "Отправить куратору")
    curator.goto("/reviews")
    curator.click("text=Значения показателей — мониторинг 1")
    move(curator, "Согласовать")
    assert "Мониторинг согласован" in flash(curator)

    # The overview: every step of the path is done, and the indicator shows baseline → target → reached.
    school.goto("/home")
    for step in ["Стартовая диагностика", "Верификация РПШ", "Самообследование", "Направления", "Программы направлений",
                 "Этап 1", "Мониторинг 1"]:
        assert status_of(school, step) == "выполнено", step
    main = school.inner_text("main")
    assert "Показатели программ: база → цель → достигнуто" in main
    assert "45,5" in main
    school.screenshot(path=str(ARTIFACTS / "methodology-path-overview.png"), full_page=True)
