"""Searching a title that carries markup shows the markup as text, and runs none of it.

Material's search results print an entry's title and tags with ``innerHTML``. The
fixture site (tests/search_fixture.py) plants ``<img src=x onerror=alert(...)>`` and
``<script>`` in a front matter title, a ``nav:`` title and a tag; a reader types each
one's first word, key by key, and the result must show the writer's text: no element
of theirs, no alert. The page whose title is its h1 (HTML) reads the same, not escaped twice.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import build_site
from pages_server import DEFAULT_PREFIX, PagesServer
from playwright.sync_api import Page, expect
from search_fixture import FRONT, HEADING, NAV, TAG, write_project

from .browsing import PageProblems, Site, open_search, search

RESULTS = "ol.md-search-result__list"
# What only an injected title or tag writes into the results.
INJECTED = "[onerror], script, b"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The fixture site, built with the project's search hooks and served on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("search-escaping")
    mkdocs_yml = write_project(tmp / "project")
    result = build_site(tmp / "site", config=mkdocs_yml, cwd=tmp / "project")
    assert result.returncode == 0, result.stderr
    with PagesServer(tmp / "site", prefix=DEFAULT_PREFIX) as server:
        yield Site(server.url, tmp / "site")


@pytest.mark.parametrize(
    ("typed", "path", "shown", "where"),
    [
        ("zanzibar", "front/", FRONT, "h1"),
        ("quokka", "nav/", NAV, "h1"),
        ("kiwitag", "tagged/", TAG, ".md-tag"),
        ("wombat", "heading/", HEADING, "h2"),  # a section titled by the page's h1, HTML
    ],
    ids=["front matter title", "nav title", "tag", "h1 title"],
)
def test_a_searched_title_shows_its_markup_as_text(
    page: Page, problems: PageProblems, hostile_site: Site, typed: str, path: str, shown: str, where: str
) -> None:
    # Record alerts rather than open them: a dialog would swallow the keys typed after it.
    page.add_init_script("window.alerts = []; window.alert = message => window.alerts.push(String(message))")
    page.goto(hostile_site.page_url(""), wait_until="networkidle")
    open_search(page)
    found = search(page, typed)
    # An injected image's error handler runs once its request fails: give it the time.
    page.wait_for_load_state("networkidle")
    assert page.locator(RESULTS).locator(INJECTED).evaluate_all("nodes => nodes.map(n => n.outerHTML)") == []
    assert page.evaluate("window.alerts") == []
    assert [hostile_site.path_of(url) for url in found[:1]] == [path]
    item = page.locator(f"{RESULTS} > li.md-search-result__item").first
    expect(item.locator(f".md-search-result__article {where}").first).to_have_text(shown)
    assert problems.page_errors == []
    assert problems.console_errors == []
