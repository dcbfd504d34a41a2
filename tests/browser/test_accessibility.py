"""axe-core on every page, in the light and the dark palette: zero violations.

axe runs its default rule set (WCAG 2.x A and AA, plus best practices) on the
page as a reader gets it, scripts run and palette applied; then once more
with the search dialog open and showing results.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .browsing import PAGES, ColorScheme, Site, open_search, search

AXE = Axe()
# Material's palette name for each scheme a reader's system may prefer.
SCHEMES = {"light": "default", "dark": "slate"}


def assert_no_violations(page: Page, where: str) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, f"{where}:\n{results.generate_report()}"


def load_in_scheme(page: Page, url: str, scheme: ColorScheme) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(url, wait_until="networkidle")
    # Prove the palette really switched before judging its contrast.
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", [*PAGES, "no-such-page/"])
def test_page_has_no_axe_violations(page: Page, site: Site, path: str, scheme: ColorScheme) -> None:
    load_in_scheme(page, site.page_url(path), scheme)
    assert_no_violations(page, f"{path or 'home'} ({scheme})")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_search_dialog_has_no_axe_violations(page: Page, site: Site, scheme: ColorScheme) -> None:
    load_in_scheme(page, site.url, scheme)
    open_search(page)
    assert search(page, "reward hacking")
    dialog = page.get_by_role("dialog", name="Search")
    expect(dialog).to_have_count(1)
    assert_no_violations(page, f"search dialog ({scheme})")
