"""Privacy and hygiene on every page: no request leaves 127.0.0.1, and the
console shows no error. Requests elsewhere are recorded and aborted, so a
page that would call a CDN, a font host or a repository API fails here."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .browsing import PAGES, PageProblems, Site, nav_order, open_search, search

NOT_FOUND = "no-such-page/"


@pytest.fixture(params=["site", "pages_site"])
def any_site(request: pytest.FixtureRequest) -> Site:
    """Both builds: the public one (full page loads) and the one where instant navigation is on."""
    site: Site = request.getfixturevalue(request.param)
    return site


def assert_clean(problems: PageProblems, where: str, *, expected_errors: tuple[str, ...] = ()) -> None:
    assert problems.foreign_requests == [], f"{where}: requests off 127.0.0.1"
    unexpected = [error for error in problems.console_errors if error not in expected_errors]
    assert unexpected == [], f"{where}: console errors"
    assert problems.page_errors == [], f"{where}: uncaught exceptions"


@pytest.mark.parametrize("path", [*PAGES, NOT_FOUND])
def test_page_calls_no_other_host_and_logs_no_error(
    page: Page, problems: PageProblems, any_site: Site, path: str
) -> None:
    url = any_site.page_url(path)
    response = page.goto(url, wait_until="networkidle")
    assert response is not None
    assert response.status == (404 if path == NOT_FOUND else 200)
    # Scroll to the footer, as a reader does: anything loaded late is caught too.
    page.mouse.wheel(0, 20_000)
    page.wait_for_load_state("networkidle")
    # Chromium itself reports the 404 of the page it was asked for; that is the
    # point of the 404 page, not an error in it.
    own_404 = (
        (f"Failed to load resource: the server responded with a status of 404 (Not Found) ({url})",)
        if path == NOT_FOUND
        else ()
    )
    assert_clean(problems, path or "home", expected_errors=own_404)


def test_searching_and_clicking_through_every_page_stays_on_127_0_0_1(
    page: Page, problems: PageProblems, pages_site: Site
) -> None:
    page.goto(pages_site.url, wait_until="networkidle")
    open_search(page)
    assert search(page, "value function"), "search found nothing"
    page.keyboard.press("Escape")
    for expected in nav_order()[1:]:
        next_link = page.locator("a.md-footer__link--next")
        # The footer of the page just swapped in, not the one leaving: its link leads on.
        expect(next_link).to_have_attribute("href", re.compile(re.escape(expected.rstrip("/").rsplit("/", 1)[-1])))
        next_link.click()
        # Any fragment: Material's anchor tracking can carry the left page's
        # anchor over (see test_pages_path.py); the page is what matters here.
        # Instant navigation swaps the page in place: poll the address rather than
        # wait for a load event, which a same-document navigation may never fire.
        # A loaded machine (two test workers on two cores) can take over 5 s to swap.
        expect(page).to_have_url(re.compile(re.escape(pages_site.page_url(expected)) + "(#.*)?$"), timeout=20_000)
        page.wait_for_load_state("networkidle")
    page.wait_for_load_state("networkidle")
    assert_clean(problems, "search and a walk through the nav")
