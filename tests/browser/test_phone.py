"""On a phone (390×844, touch): the drawer opens, search works, no page
scrolls sideways, and axe-core finds nothing at that size either."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from .browsing import PAGES, THEME_PAGES, Site, open_search, search

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Page]:
    context = browser.new_context(**{**browser_context_args, **PHONE})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def sideways_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the phone's screen (0: none).

    Material hides overflow on <html>, and a phone zooms out to fit wide
    content rather than scroll (innerWidth grows): measure the body and the
    layout viewport against the screen instead.
    """
    overflow: int = page.evaluate("""() => Math.max(document.documentElement.scrollWidth,
                                           document.body.scrollWidth,
                                           window.innerWidth) - screen.width""")
    return overflow


def test_the_drawer_opens_and_leads_to_a_theme(phone: Page, site: Site) -> None:
    phone.goto(site.url)
    drawer = phone.locator("nav.md-nav--primary")
    expect(drawer).not_to_be_in_viewport()
    phone.locator("label.md-header__button[for='__drawer']").tap()
    expect(drawer).to_be_in_viewport()
    phone.locator(f"nav.md-nav--primary a.md-nav__link[href$='{THEME_PAGES[0]}']").first.tap()
    expect(phone).to_have_url(site.page_url(THEME_PAGES[0]))
    expect(drawer).not_to_be_in_viewport()


def test_search_works_from_the_magnifier(phone: Page, site: Site) -> None:
    phone.goto(site.page_url(THEME_PAGES[0]))
    open_search(phone)
    results = search(phone, "15-year-old")
    assert results and site.path_of(results[0]) == "themes/learning-on-the-job/"
    phone.locator("li.md-search-result__item > a.md-search-result__link").first.tap()
    expect(phone).to_have_url(re.compile(re.escape(site.page_url("themes/learning-on-the-job/"))))


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_and_axe_finds_nothing(phone: Page, site: Site, path: str) -> None:
    phone.goto(site.page_url(path), wait_until="networkidle")
    assert sideways_overflow(phone) <= 0, f"{path or 'home'} scrolls sideways"
    results = Axe().run(phone)
    assert results.violations_count == 0, results.generate_report()
