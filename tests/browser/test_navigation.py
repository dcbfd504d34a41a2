"""Navigation as a reader uses it: clicks from home, footer next/previous, the
table of contents, the light/dark toggle, the 404 page and the keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Locator, Page, Response, expect

from .browsing import THEME_PAGES, Site, front_matter, nav_order

PALETTE_TOGGLE = "form[data-md-component='palette'] label:visible"


def body_scheme(page: Page) -> str | None:
    return page.locator("body").get_attribute("data-md-color-scheme")


@pytest.mark.parametrize("theme", THEME_PAGES)
def test_home_reaches_every_theme_with_one_click(page: Page, site: Site, theme: str) -> None:
    page.goto(site.url)
    page.locator(f"article a[href$='{theme}']").first.click()
    expect(page).to_have_url(site.page_url(theme))
    expect(page.locator("article h1")).to_contain_text(front_matter(theme)["title"])


def test_footer_next_walks_the_whole_nav_and_previous_walks_back(page: Page, site: Site) -> None:
    order = nav_order()
    page.goto(site.url)
    for expected in order[1:]:
        page.locator("a.md-footer__link--next").click()
        expect(page).to_have_url(site.page_url(expected))
    expect(page.locator("a.md-footer__link--next")).to_have_count(0)
    for expected in reversed(order[:-1]):
        page.locator("a.md-footer__link--prev").click()
        expect(page).to_have_url(site.page_url(expected))
    expect(page.locator("a.md-footer__link--prev")).to_have_count(0)


@pytest.mark.parametrize("theme", THEME_PAGES)
def test_table_of_contents_links_scroll_to_their_sections(page: Page, site: Site, theme: str) -> None:
    page.goto(site.page_url(theme))
    toc_links = page.locator(".md-sidebar--secondary a.md-nav__link")
    anchors = toc_links.evaluate_all("links => links.map(a => a.hash)")
    assert len(anchors) >= 4, f"{theme}: table of contents has only {anchors}"
    # Bottom to top, so every click has to move the page.
    for anchor in reversed(anchors):
        page.locator(f".md-sidebar--secondary a.md-nav__link[href$='{anchor}']").click()
        expect(page).to_have_url(site.page_url(theme) + anchor)
        expect(page.locator(f"article [id='{anchor[1:]}']")).to_be_in_viewport()


def test_palette_toggle_cycles_and_the_choice_persists_across_pages(page: Page, site: Site) -> None:
    page.goto(site.url)
    assert body_scheme(page) == "default"  # the context prefers light; the site follows
    page.locator(PALETTE_TOGGLE).click()  # system preference -> light
    page.locator(PALETTE_TOGGLE).click()  # light -> dark
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")

    page.locator(f"article a[href$='{THEME_PAGES[0]}']").first.click()
    expect(page).to_have_url(site.page_url(THEME_PAGES[0]))
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")

    page.locator(PALETTE_TOGGLE).click()  # dark -> system preference (light here)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")


def test_missing_page_answers_404_with_the_styled_site_page(page: Page, site: Site) -> None:
    failed: list[str] = []

    def record_failure(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            failed.append(f"{response.status} {response.url}")

    page.on("response", record_failure)
    response = page.goto(site.page_url("themes/no-such-theme/"))
    assert response is not None and response.status == 404
    expect(page.locator("article h1")).to_contain_text("404")
    assert failed == [], f"the 404 page's assets failed: {failed}"
    # The stylesheet applied: the header has Material's colour, not the default transparent.
    header_colour = page.locator("header.md-header").evaluate("h => getComputedStyle(h).backgroundColor")
    assert header_colour not in ("rgba(0, 0, 0, 0)", "transparent")
    page.locator("header a.md-header__button.md-logo").click()
    expect(page).to_have_url(site.url)


def focus_ring(locator: Locator) -> dict[str, Any]:
    # The palette switch is a hidden radio button; what a reader sees is its label.
    ring: dict[str, Any] = locator.evaluate("""el => {
        const shown = el.matches("input.md-option") ? el.nextElementSibling : el;
        const s = getComputedStyle(shown);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                shadow: s.boxShadow};
    }""")
    return ring


def tab_until(page: Page, target: Locator, limit: int = 60) -> list[dict[str, Any]]:
    """Press Tab until ``target`` has focus; return the focus ring of every stop."""
    rings = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        rings.append({"element": focused.evaluate("el => el.outerHTML.slice(0, 120)"), **focus_ring(focused)})
        if target.evaluate("el => el === document.activeElement"):
            return rings
    raise AssertionError(f"Tab never reached {target} in {limit} presses")


def has_visible_ring(ring: dict[str, Any]) -> bool:
    return ring["style"] not in ("none", "") and ring["width"] >= 2


def test_keyboard_alone_reaches_search_and_the_theme_links_with_a_visible_focus_ring(page: Page, site: Site) -> None:
    page.goto(site.url)
    stops = tab_until(page, page.locator("input.md-search__input"))
    stops += tab_until(page, page.locator(f"article a[href$='{THEME_PAGES[-1]}']").first)
    invisible = [stop for stop in stops if not has_visible_ring(stop)]
    assert invisible == [], f"focus without a visible ring: {invisible}"
    page.keyboard.press("Enter")
    expect(page).to_have_url(site.page_url(THEME_PAGES[-1]))
