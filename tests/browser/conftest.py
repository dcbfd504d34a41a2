"""Browser fixtures: one Chromium per session, the built site served on 127.0.0.1.

Two sites, each built once per session and served as GitHub Pages serves a
project site, under /age-of-research/ with the site's 404.html for any
missing path (scripts/pages_server.py):

- ``site``: the build `make build` makes (site_url the public Pages address).
  Its origin differs from site_url, so Material's instant navigation stays
  off and every click is a full page load.
- ``pages_site``: built with site_url ``http://127.0.0.1:<port>/age-of-research/``,
  the address it is served at, as the deploy workflow builds for the real
  Pages address; here instant navigation is on.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import build_site  # tests/conftest.py; this folder is a package
from pages_server import DEFAULT_PREFIX, PagesServer
from playwright.sync_api import BrowserContext, Page

from .browsing import CHROMIUM_FLAGS, DEBIAN_CHROMIUM, PageProblems, Site


def chromium_executable() -> str | None:
    """CHROMIUM_PATH, else Debian's Chromium, else None (Playwright's own)."""
    override = os.environ.get("CHROMIUM_PATH")
    if override:
        return override
    return DEBIAN_CHROMIUM if Path(DEBIAN_CHROMIUM).exists() else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives the browser: mark it so."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    executable = chromium_executable()
    return {
        **browser_type_launch_args,
        "args": CHROMIUM_FLAGS,
        **({"executable_path": executable} if executable else {}),
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # A reader's desktop: light scheme unless a test asks otherwise, English.
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 800},
        "color_scheme": "light",
        "locale": "en-GB",
        "service_workers": "block",
    }


@pytest.fixture
def context(context: BrowserContext) -> BrowserContext:
    # Everything on a local static site happens in well under a second;
    # fail in 10 s rather than Playwright's 30.
    context.set_default_timeout(10_000)
    return context


@pytest.fixture(scope="session")
def site(built_site: Path) -> Iterator[Site]:
    """The `make build` site, served under /age-of-research/."""
    with PagesServer(built_site, prefix=DEFAULT_PREFIX) as server:
        yield Site(server.url, built_site)


@pytest.fixture(scope="session")
def pages_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Built for the address it is served at, so instant navigation engages."""
    site_dir = tmp_path_factory.mktemp("pages-site")
    with PagesServer(site_dir, prefix=DEFAULT_PREFIX) as server:
        # The port is known only once bound; build into the served folder now.
        result = build_site(site_dir, site_url=server.url)
        assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
        yield Site(server.url, site_dir)
    shutil.rmtree(site_dir, ignore_errors=True)


@pytest.fixture
def problems(page: Page) -> PageProblems:
    """Records console errors, uncaught exceptions and requests off 127.0.0.1 on ``page``.

    Requests to any other host are aborted, so a test never reaches the network.
    """
    page.route(lambda url: not url.startswith("http://127.0.0.1:"), lambda route: route.abort())
    return PageProblems(page)
