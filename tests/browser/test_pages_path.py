"""The site as GitHub Pages serves a project site: under /age-of-research/,
built for that address (site_url), with the site's 404.html for any missing
path. Every internal link answers, search works, the 404 page is whole, and
Material's instant navigation is on, as it is for readers on Pages."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Page, expect

from .browsing import PAGES, THEME_PAGES, Site, open_search, search

# Every way a page refers to something it needs or offers.
LINKS_SCRIPT = """() => [
  ...[...document.querySelectorAll('a[href], link[href]')].map(e => e.getAttribute('href')),
  ...[...document.querySelectorAll('script[src], img[src], source[src]')].map(e => e.getAttribute('src')),
].map(address => new URL(address, document.baseURI).href)"""


def internal(url: str, site: Site) -> bool:
    return url.startswith(urlsplit(site.url)._replace(path="").geturl())


@pytest.fixture(scope="module")
def site_links(browser, browser_context_args, pages_site: Site) -> dict[str, dict[str, Any]]:
    """For every page: the internal URLs it refers to, and the ids it holds."""
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    found = {}
    for path in PAGES:
        page.goto(pages_site.page_url(path), wait_until="networkidle")
        found[path] = {
            "links": {url for url in page.evaluate(LINKS_SCRIPT) if internal(url, pages_site)},
            "ids": set(page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")),
        }
    context.close()
    return found


def test_every_internal_link_on_every_page_answers_200(
    page: Page, pages_site: Site, site_links: dict[str, dict[str, Any]]
) -> None:
    targets = {urldefrag(url).url for page_links in site_links.values() for url in page_links["links"]}
    assert len(targets) > len(PAGES), "too few links found to be a real page set"
    failures = {}
    for url in sorted(targets):
        response = page.request.get(url, max_redirects=0)
        if response.status != 200:
            failures[url] = response.status
    assert failures == {}, "internal links that do not answer 200"


def test_every_internal_anchor_exists_on_its_page(pages_site: Site, site_links: dict[str, dict[str, Any]]) -> None:
    missing = []
    for source, page_links in site_links.items():
        for url in page_links["links"]:
            address, fragment = urldefrag(url)
            target = pages_site.path_of(address)
            if fragment and target in site_links and fragment not in site_links[target]["ids"]:
                missing.append(f"{source or 'home'} -> {target}#{fragment}")
    assert missing == []


def test_the_project_path_without_its_slash_redirects_to_the_home_page(page: Page, pages_site: Site) -> None:
    page.goto(pages_site.url.rstrip("/"))
    expect(page).to_have_url(pages_site.url)


def test_pages_name_their_canonical_address_under_the_project_path(page: Page, pages_site: Site) -> None:
    page.goto(pages_site.page_url(THEME_PAGES[0]))
    canonical = page.locator("link[rel='canonical']").get_attribute("href")
    assert canonical == pages_site.page_url(THEME_PAGES[0])


def test_instant_navigation_swaps_the_page_without_reloading(page: Page, pages_site: Site) -> None:
    page.goto(pages_site.url, wait_until="networkidle")
    page.evaluate("() => { window.stillTheSameDocument = true }")
    page.locator(f"article a[href$='{THEME_PAGES[1]}']").first.click()
    # Material's anchor tracking may still write the left page's active anchor
    # onto the new address if the click came right after a scroll (a race in
    # Material 9.8.2: navigation.tracking with navigation.instant), so the
    # fragment is not compared here.
    expect(page).to_have_url(re.compile(re.escape(pages_site.page_url(THEME_PAGES[1])) + "(#.*)?$"))
    expect(page.locator("article h1")).to_be_visible()
    assert page.evaluate("() => window.stillTheSameDocument === true"), (
        "a full page load: navigation.instant is not engaged"
    )


def test_search_finds_pages_under_the_project_path(page: Page, pages_site: Site) -> None:
    page.goto(pages_site.page_url(THEME_PAGES[0]))
    open_search(page)
    results = search(page, "rat race")
    assert results, "search found nothing under the project path"
    assert pages_site.path_of(results[0]) == "themes/straight-shot/"
    page.locator("li.md-search-result__item > a.md-search-result__link").first.click()
    expect(page).to_have_url(re.compile(re.escape(pages_site.page_url("themes/straight-shot/")) + r"(\?|$)"))


@pytest.mark.parametrize("missing", ["no-such-page/", "themes/no-such-theme/deeper/page.html"])
def test_404_page_loads_all_its_assets_at_any_depth(page: Page, pages_site: Site, missing: str) -> None:
    answers = []
    page.on("response", lambda response: answers.append((response.status, response.url)))
    response = page.goto(pages_site.page_url(missing), wait_until="networkidle")
    assert response is not None and response.status == 404
    expect(page.locator("article h1")).to_contain_text("404")
    assets = [(status, url) for status, url in answers if url != pages_site.page_url(missing)]
    assert {url.rsplit(".", 1)[-1] for _, url in assets} >= {"css", "js"}, assets
    assert [asset for asset in assets if asset[0] != 200] == []
    # The search on the 404 page works too: a lost reader's way back.
    open_search(page)
    assert search(page, "sentient life")
