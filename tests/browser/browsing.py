"""What the browser tests share: the site's pages, a served site, and how a reader searches."""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import yaml
from mkdocs.config import load_config
from playwright.sync_api import ConsoleMessage, Page, Request, expect

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

# Debian's Chromium unless told otherwise; Playwright's own when there is none
# (CI runners that are not root get Playwright's, see scripts/ensure_browser.sh).
DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # Keep Chromium itself from calling home: the privacy test records every
    # request the *site* makes, and the browser must add none.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The colour schemes a reader's system may prefer, as Playwright emulates them.
ColorScheme = Literal["light", "dark"]


def page_path(markdown: Path) -> str:
    """The path a page is served at, relative to the site: '' for the home page."""
    relative = markdown.relative_to(DOCS).with_suffix("")
    if relative.name == "index":
        relative = relative.parent
    return "" if str(relative) == "." else f"{relative.as_posix()}/"


# Every page of the site, home first; known at collection time from docs/.
PAGES = sorted((page_path(md) for md in DOCS.rglob("*.md")), key=lambda p: (p != "", p))
THEME_PAGES = [path for path in PAGES if path.startswith("themes/")]


@functools.cache
def nav_order() -> list[str]:
    """The page paths in mkdocs.yml's nav order: the order of next/previous."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    order: list[str] = []

    def walk(items) -> None:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            else:
                order.append(page_path(DOCS / value))

    walk(config["nav"])
    return order


def front_matter(path: str) -> dict[str, Any]:
    """The front matter of the page served at ``path``."""
    markdown = DOCS / (f"{path}index.md" if path == "" else f"{path.rstrip('/')}.md")
    match = re.match(r"---\n(.*?)\n---\n", markdown.read_text(encoding="utf-8"), re.S)
    return yaml.safe_load(match.group(1)) if match else {}


@dataclass(frozen=True)
class Site:
    """A built site and the address it is served at (ending in '/')."""

    url: str
    root: Path

    def page_url(self, path: str) -> str:
        return self.url + path

    def path_of(self, url: str) -> str:
        """The site-relative page path of ``url``, without query or fragment."""
        parts = urlsplit(url)
        prefix = urlsplit(self.url).path
        assert parts.path.startswith(prefix), f"{url} is outside the site {self.url}"
        return parts.path[len(prefix) :]


class PageProblems:
    """What a page did that a reader should never see: errors and foreign requests."""

    def __init__(self, page: Page):
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.foreign_requests: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("request", self._on_request)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def _on_request(self, request: Request) -> None:
        if not request.url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
            self.foreign_requests.append(request.url)


# --- Search, as a reader does it ----------------------------------------------

SEARCH_INPUT = "input.md-search__input"
# Results are grouped by page: each item's first link is the page, the rest its sections.
RESULT_PAGE_LINKS = "li.md-search-result__item > a.md-search-result__link:first-child"
RESULT_META = ".md-search-result__meta"


def open_search(page: Page) -> None:
    """Open search as a reader does: tap the magnifier on a phone, click the box on a desktop."""
    magnifier = page.locator("label.md-header__button[for='__search']")
    if magnifier.is_visible():
        magnifier.click()
    else:
        page.locator(SEARCH_INPUT).click()
    expect(page.locator(SEARCH_INPUT)).to_be_focused()


def search(page: Page, query: str, *, settle_seconds: float = 0.3) -> list[str]:
    """Type ``query`` key by key into the open search box; return the result pages' URLs.

    Material searches on every key-up in a web worker and redraws the list for
    each answer, so the list is read once it has stopped changing.
    """
    box = page.locator(SEARCH_INPUT)
    # Clear what an earlier query left, as a reader would: select all, delete.
    box.press("ControlOrMeta+a")
    box.press("Backspace")
    box.press_sequentially(query, delay=20)
    expect(box).to_have_value(query)
    meta = page.locator(RESULT_META)
    expect(meta).not_to_have_text("Initializing search")
    expect(meta).not_to_have_text("Type to start searching")
    return _settled_results(page, settle_seconds)


def _settled_results(page: Page, settle_seconds: float, timeout: float = 10.0) -> list[str]:
    def snapshot() -> tuple[str, list[str]]:
        return (
            page.locator(RESULT_META).inner_text(),
            page.locator(RESULT_PAGE_LINKS).evaluate_all("links => links.map(a => a.href)"),
        )

    deadline = time.monotonic() + timeout
    last, stable_since = snapshot(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        current = snapshot()
        if current != last:
            last, stable_since = current, time.monotonic()
        elif time.monotonic() - stable_since >= settle_seconds:
            return [urljoin(page.url, href) for href in current[1]]
    raise AssertionError(f"search results kept changing for {timeout}s: {last}")
