"""MkDocs hook: every quote admonition on a theme page becomes a quote card.

A thin adapter: scripts/quote_catalogue.py finds each `!!! quote "Speaker"`
block, takes the match the content checker accepts it by, and builds the card
and its link into the original from that match (scripts/text_fragments.py).
A block the checker cannot match stays as it is; the checker reports it.
"""

from __future__ import annotations

from pathlib import Path

import quote_catalogue
from verbatim import source_pass as check_content
from verbatim.themes import is_theme_page


def on_page_markdown(markdown, page, config, files):
    if not is_theme_page(page.file.src_uri):
        return markdown
    index = check_content.load_sources(Path(config.config_file_path).parent / "sources")
    sources = quote_catalogue.sources_from_index(index)
    return quote_catalogue.render_cards(page.file.src_uri, markdown, check_content, index, sources)
