"""A quote card's "in the original" link, followed in Chromium: it opens the article
scrolled to the paragraph the card quotes.

The article's host is never contacted: the browser is handed a stand-in for it, built
from sources/the-decoder.txt, with what a published page would change about our copy
(curly quotation marks, a headline and headings above the text) and each paragraph a
screen and a half apart, so only a working text directive can bring the right one into
view."""

from __future__ import annotations

import html

import pytest
from playwright.sync_api import Page, Route, expect
from quote_catalogue import sources_from_index
from test_quote_cards import quote_blocks
from verbatim.matching import load_sources

from .browsing import DOCS, ROOT, THEME_PAGES, ColorScheme, Site

INDEX = load_sources(ROOT / "sources")
SOURCE = sources_from_index(INDEX)["sources/the-decoder.txt"]
TITLE = INDEX.texts[0].facts["title"]


def curly(text: str) -> str:
    """Straight double quotes as a typesetter sets them, opening and closing in turn."""
    marks, opening = [], True
    for char in text:
        if char == '"':
            marks.append("\u201c" if opening else "\u201d")
            opening = not opening
        else:
            marks.append(char)
    return "".join(marks).replace("'", "\u2019")


def stand_in_article() -> str:
    blocks = []
    for number, line in enumerate(SOURCE.lines, start=1):
        tag = "h2" if SOURCE.is_heading(number) else "p"
        blocks.append(f'<{tag} data-line="{number}" style="margin: 0 0 150vh">{html.escape(curly(line))}</{tag}>')
    return (
        f"<!doctype html><html lang=en><head><title>{html.escape(TITLE)}</title></head><body>"
        f"<nav>The Decoder · AI research · Newsletter</nav><h1>{html.escape(TITLE)}</h1>"
        f"{''.join(blocks)}<footer>More from The Decoder</footer></body></html>"
    )


ARTICLE = stand_in_article()


def card_lines(theme: str) -> list[int]:
    """The source line each card of a theme page quotes, in page order (the proof's match)."""
    markdown = (DOCS / f"{theme.rstrip('/')}.md").read_text(encoding="utf-8")
    return [block.match.line for block in quote_blocks(markdown)]


@pytest.mark.parametrize("theme", THEME_PAGES)
def test_in_the_original_opens_the_article_at_the_quoted_paragraph(page: Page, site: Site, theme: str) -> None:
    def serve_article(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=ARTICLE)

    page.route(f"{SOURCE.url}**", serve_article)
    page.route(lambda url: not url.startswith(("http://127.0.0.1:", SOURCE.url)), lambda route: route.abort())
    lines = card_lines(theme)
    assert lines
    for number, line in enumerate(lines, start=1):
        page.goto(site.page_url(theme))
        card = page.locator(f"figure.quote-card[id$='-{number}']")
        card.locator("a.quote-card__original").click()
        page.wait_for_url(f"{SOURCE.url}#:~:text=*")
        target = page.locator(f"[data-line='{line}']")
        expect(target).to_be_in_viewport()
        if line > 2:  # the first paragraphs share the opening screen; later ones need the scroll
            assert page.evaluate("window.scrollY") > 0
        for other in (line - 1, line + 1):
            if 1 <= other <= len(SOURCE.lines):
                expect(page.locator(f"[data-line='{other}']")).not_to_be_in_viewport()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("theme", THEME_PAGES)
def test_cards_fit_a_phone_in_both_palettes(page: Page, site: Site, theme: str, scheme: ColorScheme) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(color_scheme=scheme)
    page.goto(site.page_url(theme))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cards = page.locator("figure.quote-card")
    assert cards.count() > 0
    for card in cards.all():
        box = card.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, card.get_attribute("id")
        # The words and the caption are drawn in the text colour, not the page's background.
        colours = card.evaluate(
            "c => [getComputedStyle(c.querySelector('blockquote')).color,"
            " getComputedStyle(c).backgroundColor, getComputedStyle(document.body).backgroundColor]"
        )
        assert colours[0] != colours[2], colours
