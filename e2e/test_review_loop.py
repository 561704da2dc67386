"""The whole loop of seed 000 in a real browser: upload, submit, return with a comment, rework,
approve, the coordinator's feed, and the chat between school and curator."""
import re

from playwright.sync_api import expect

from conftest import ARTIFACTS, sign_in
from smtp import text_of
from test_accessibility import check, report

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + b"\x00" * 64


def open_concept_documents(page):
    page.goto("/home")
    page.click("text=Концептуальные документы")


def document_state(page):
    """The state badge of an open document page: «Состояние: <badge> · Кто действует: …»."""
    lead = page.locator("main p.lead")
    return lead.locator(".status").inner_text().strip(), lead.inner_text()


def section_row(page, title):
    """The cells of a document's row in its section's table: title, state, version, updated, curator's comment."""
    row = page.locator("main table tbody tr").filter(has=page.get_by_role("link", name=title, exact=True))
    assert row.count() == 1, f"{title}: {row.count()} rows in the section"
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def home_section_state(page, section):
    page.goto("/home")
    row = page.locator("main table tbody tr").filter(has=page.get_by_role("link", name=section, exact=True))
    return row.locator(".status").inner_text().strip()


def submit(page, title):
    open_concept_documents(page)
    page.click(f"text={title}")
    page.click("button:has-text('Отправить куратору')")
    assert "отправлен куратору" in page.inner_text("main")


def test_school_curator_and_coordinator_go_through_the_review_loop(browser, server, smtp, tmp_path):
    concept = tmp_path / "Концепция развития.pdf"
    concept.write_bytes(PDF)
    plan = tmp_path / "Дорожная карта школы.png"
    plan.write_bytes(PNG)

    school = browser.new_context(base_url=server, locale="ru-RU").new_page()
    sign_in(school, "school")
    open_concept_documents(school)
    school.set_input_files("#upload-files", [str(concept), str(plan)])
    school.click("form.upload button[type=submit]")
    school.wait_for_selector("text=Концепция развития")
    assert "Дорожная карта школы" in school.inner_text("main")
    school.screenshot(path=str(ARTIFACTS / "section-uploaded.png"), full_page=True)
    submit(school, "Концепция развития")
    submit(school, "Дорожная карта школы")

    curator = browser.new_context(base_url=server, locale="ru-RU").new_page()
    sign_in(curator, "curator")
    curator.click("nav.menu >> text=На проверку")
    assert "Концепция развития" in curator.inner_text("main")
    curator.click("text=Концепция развития")
    curator.fill("#review-comment", "Добавьте целевые показатели и сроки")
    curator.click("button:has-text('Вернуть на доработку')")
    assert "возвращён школе" in curator.inner_text("main")
    curator.goto("/reviews")
    curator.click("text=Дорожная карта школы")
    curator.click("button:has-text('Согласовать')")
    assert "согласован" in curator.inner_text("main")

    # The bell tells the school; its notification, read at both sizes by axe-core, opens the document with the comment.
    school.goto("/home")
    expect(school.locator("header a.bell .nav-count")).to_have_text(re.compile(r"\d+$"))
    school.click("header a.bell")
    found = []
    check(school, "school", "/notifications", found)
    assert not found, report(found)
    school.set_viewport_size({"width": 1280, "height": 720})
    notice = school.locator("main li.notification.is-unread").filter(has_text="Концепция развития").first
    assert "Возвращено на доработку" in notice.inner_text() and "Добавьте целевые показатели и сроки" in notice.inner_text()
    notice.locator("button:has-text('Открыть')").click()
    school.wait_for_url("**/documents/**")
    assert "Добавьте целевые показатели и сроки" in school.inner_text("main")
    # …and by e-mail: the school's letter, through a real SMTP server, with the comment and the link.
    document = school.url
    # (Other tests of the session return the school's other items: this letter is the one about this document.)
    letters = smtp.wait_for(lambda rcpt, m: rcpt == ["school@demo.medk.local"] and "Возвращено на доработку" in str(m["Subject"])
                            and document in text_of(m), what="the school's letter of the return")
    assert len(letters) == 1, [text_of(m) for m in letters]
    body = text_of(letters[0])
    assert "Добавьте целевые показатели и сроки" in body and document in body, body
    assert letters[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    open_concept_documents(school)
    assert "Добавьте целевые показатели и сроки" in school.inner_text("main")
    school.click("text=Концепция развития")
    second = tmp_path / "Концепция развития v2.pdf"
    second.write_bytes(PDF + b"% version 2\n")
    school.set_input_files("#upload-files", str(second))
    school.click("form.upload button[type=submit]")
    school.wait_for_selector("text=Новая версия загружена")
    school.click("button:has-text('Отправить куратору')")
    # What the school sees after resubmitting: the message, the state, who acts, version 2 on top, two submissions.
    expect(school.locator("main .flash-success")).to_have_text("Документ отправлен куратору на проверку.")
    state, lead = document_state(school)
    assert state == "на проверке у куратора", state
    assert "Кто действует: куратор" in lead, lead
    assert school.locator("button:has-text('Отправить куратору')").count() == 0
    assert school.locator("main .comment").count() == 0, "the curator's old comment is still shown as pending"
    versions = school.locator("main section").filter(has=school.get_by_role("heading", name="Версии")).locator("tbody tr")
    assert versions.count() == 2
    assert versions.first.locator("td").first.inner_text().strip() == "2"
    assert "Концепция развития v2.pdf" in versions.first.inner_text()
    history = school.locator("main section").filter(has=school.get_by_role("heading", name="История")).locator("tbody tr")
    assert sum("отправлен на проверку" in row for row in history.all_inner_texts()) == 2
    school.screenshot(path=str(ARTIFACTS / "document-resubmitted.png"), full_page=True)
    open_concept_documents(school)
    title, state, version, _, comment = section_row(school, "Концепция развития")
    assert (state, version, comment) == ("на проверке у куратора", "2", ""), (state, version, comment)
    assert home_section_state(school, "Концептуальные документы") == "ждёт куратора"

    curator.goto("/reviews")
    curator.click("text=Концепция развития")
    assert "Концепция развития v2.pdf" in curator.inner_text("main")
    curator.click("button:has-text('Согласовать')")
    # What the curator sees after approving, then what the school sees.
    expect(curator.locator("main .flash-success")).to_have_text("Документ согласован.")
    state, lead = document_state(curator)
    assert state == "согласован", state
    assert "Кто действует: —" in lead, lead
    assert curator.locator("button:has-text('Согласовать'), button:has-text('Вернуть на доработку')").count() == 0
    curator.screenshot(path=str(ARTIFACTS / "document-approved.png"), full_page=True)
    curator.goto("/reviews")
    assert "Концепция развития" not in curator.inner_text("main")
    assert "Нет документов, ожидающих проверки." in curator.inner_text("main")
    open_concept_documents(school)
    for title in ("Концепция развития", "Дорожная карта школы"):
        _, state, _, _, comment = section_row(school, title)
        assert (state, comment) == ("согласован", ""), (title, state, comment)
    assert home_section_state(school, "Концептуальные документы") == "выполнено"

    municipal = browser.new_context(base_url=server, locale="ru-RU").new_page()
    sign_in(municipal, "municipal")
    municipal.click("nav.menu >> text=Лента событий")
    feed = municipal.inner_text("main")
    for text in ["загружен", "отправлен на проверку", "возвращён на доработку", "согласован",
                 "Добавьте целевые показатели и сроки", "Концепция развития", "Дорожная карта школы"]:
        assert text in feed, text
    municipal.screenshot(path=str(ARTIFACTS / "feed-municipal.png"), full_page=True)

    school.goto("/home")
    school.click("main a[href$='/chat']")
    school.fill("#chat-body", "Спасибо! Исправили показатели.")
    school.click("form.chat-form button[type=submit]")
    assert "Спасибо! Исправили показатели." in school.inner_text("#chat")

    curator.goto("/home")
    assert "1 новое сообщение" in curator.inner_text("header")
    curator.click("text=МБОУ «Гусинская СШ» Краснинского района")
    curator.click("main a[href$='/chat']")
    assert "Спасибо! Исправили показатели." in curator.inner_text("#chat")
    curator.fill("#chat-body", "Отлично, до встречи в четверг.")
    curator.click("form.chat-form button[type=submit]")
    # The school's open page receives the reply without reloading (polled every 10 s).
    # The chat page polls every 10 s: wait for the message itself, with room for a loaded machine.
    school.wait_for_selector("text=Отлично, до встречи в четверг.", timeout=60000)
    school.screenshot(path=str(ARTIFACTS / "chat-school.png"), full_page=True)
    for page in (school, curator, municipal):
        page.context.close()
