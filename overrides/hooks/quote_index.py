"""MkDocs hook: fills the quote index (docs/quotes.md) at build time.

A thin adapter: it reads every page's Markdown, has scripts/quote_catalogue.py
gather the quotations the content checker verifies, and puts the index in
place of the page's `<!-- quote-index -->` marker. The index is made from the
same data as the cards, so it cannot fall out of step with the pages.
"""

from __future__ import annotations

from pathlib import Path

import quote_catalogue
from mkdocs.utils.meta import get_data
from verbatim import source_pass as check_content
from verbatim.themes import is_theme_page

_nav_order: list[str] = []  # docs paths in nav order


def on_nav(nav, config, files):
    _nav_order[:] = [page.file.src_uri for page in nav.pages]
    return nav


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri != quote_catalogue.INDEX_PAGE or quote_catalogue.INDEX_MARKER not in markdown:
        return markdown
    index = check_content.load_sources(Path(config.config_file_path).parent / "sources")
    sources = quote_catalogue.sources_from_index(index)
    documents = {file.src_uri: file for file in files.documentation_pages()}
    order = [path for path in _nav_order if path in documents]
    order += sorted(set(documents) - set(order))
    bodies, metas = {}, {}
    for path in order:
        bodies[path], metas[path] = get_data(documents[path].content_string)
    quotations = quote_catalogue.site_quotations(bodies, check_content, index, sources)
    parsed = [
        quote_catalogue.parse_theme(path, metas[path])
        for path in order
        if is_theme_page(path) and "source_lines" in metas[path]
    ]
    themes = [theme for theme in parsed if theme is not None]  # a bad range: the checker reports it
    titles = {path: str(metas[path].get("title", path)) for path in order}
    listing = quote_catalogue.render_index(quotations, themes, titles, sources)
    return markdown.replace(quote_catalogue.INDEX_MARKER, listing, 1)
