"""MkDocs hook: escapes the plain-text titles and tags in Material's search index after the build.

A thin adapter for scripts/search_titles.py. Each page's plain values are read as
Material's search plugin reads them (on_page_context; the page's title no longer
changes then), and the index is rewritten once the plugin has written it (hooks run
after plugins). Listed before search_variants.py in mkdocs.yml, so the spelling
table is made from the index readers get. (Not named search_titles.py: MkDocs
imports a hook under its file's name, which would shadow the module it calls.)
"""

from __future__ import annotations

from pathlib import Path

import search_titles
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

# Every page's plain values, by URL. Kept across the rebuilds of `mkdocs serve` (MkDocs
# loads a hook once per process), each page's replaced when it is rendered again: under
# --dirty, Material writes the entries of the pages it did not rebuild from its memory,
# raw, and they are escaped again from here.
_pages: dict[str, search_titles.PlainValues] = {}


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
    _pages[page.url] = search_titles.plain_values(page)


def on_post_build(config: MkDocsConfig) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.exists():
        search_titles.escape_index(index, _pages)
