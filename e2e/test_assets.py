"""The server is started outside the checkout (conftest: its working directory is a fresh temporary one), as an
installed binary is: its pages still come with their stylesheet, script and icon, which a browser on a slow line
keeps for a year and fetches again only when they change."""
from conftest import ROOT

PUBLIC = ROOT / "Sources" / "MEDKServer" / "Public"


def test_pages_are_styled_wherever_the_server_was_started(page):
    page.goto("/login")
    # The stylesheet applied: the skip link sits off screen until focused.
    assert page.evaluate("getComputedStyle(document.querySelector('.skip')).position") == "absolute"
    for selector, attribute, file, kind in [("link[rel=stylesheet]", "href", "css/medk.css", "text/css"),
                                            ("script[src]", "src", "js/medk.js", "text/javascript"),
                                            ("link[rel=icon]", "href", "favicon.svg", "image/svg+xml")]:
        url = page.get_attribute(selector, attribute)
        assert url.startswith("/") and "?v=" in url, url
        answer = page.request.get(url)
        assert answer.status == 200 and answer.headers["content-type"].startswith(kind), (url, answer.status)
        assert answer.body() == (PUBLIC / file).read_bytes(), f"{url} is not the checkout's {file}"
        assert "immutable" in answer.headers["cache-control"]
        again = page.request.get(url, headers={"If-None-Match": answer.headers["etag"]})
        assert again.status == 304
