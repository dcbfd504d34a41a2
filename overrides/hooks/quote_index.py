"""MkDocs hook: fills the quote index (docs/quotes.md) at build time.

A thin adapter: once every page is rendered and read (quote_cards.py records each page's
verified quotations in this build's catalogue, scripts/quote_catalogue.py), it puts the
index in place of the page's `<!-- quote-index -->` marker and renders the page again,
so its headings and links are MkDocs' own. The index is made from the same verified
quotations as the cards and the proof, so it cannot fall out of step with the pages.
"""

from __future__ import annotations

import quote_catalogue
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from verbatim.themes import is_theme_page

_nav_order: list[str] = []  # docs paths in nav order


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _nav_order[:] = [page.file.src_uri for page in nav.pages]
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # on_env: after every page is rendered (and read), before any is written or indexed for search
    index_file = files.get_file_from_path(quote_catalogue.INDEX_PAGE)
    page = index_file.page if index_file is not None else None
    if page is None or page.markdown is None or quote_catalogue.INDEX_MARKER not in page.markdown:
        return env
    catalogue = quote_catalogue.catalogue_for(config)
    pages = {file.src_uri: file.page for file in files.documentation_pages() if file.page is not None}
    order = [path for path in _nav_order if path in pages]
    order += sorted(set(pages) - set(order))
    metas = {path: pages[path].meta for path in order}
    parsed = [
        quote_catalogue.parse_theme(path, metas[path])
        for path in order
        if is_theme_page(path) and "source_lines" in metas[path]
    ]
    themes = [theme for theme in parsed if theme is not None]  # a bad range: the checker reports it
    titles = {path: str(metas[path].get("title", path)) for path in order}
    listing = quote_catalogue.render_index(catalogue.in_order(order), themes, titles, catalogue.sources)
    page.markdown = page.markdown.replace(quote_catalogue.INDEX_MARKER, listing, 1)
    page.render(config, files)
    return env
