"""MkDocs hook: every quote admonition on a theme page becomes a quote card.

A thin adapter: scripts/quote_catalogue.py finds each `!!! quote "Speaker"`
block, takes the match the content checker accepts it by, and builds the card
and its link into the original from that match (scripts/text_fragments.py).
A block the checker cannot match stays as it is; the checker reports it.
"""
from __future__ import annotations

import sys
from pathlib import Path

# MkDocs puts this hook's folder first on sys.path while loading it; scripts/
# goes in front so the imports below are the scripts, not hooks of the same name.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import check_content  # noqa: E402
import quote_catalogue  # noqa: E402


def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.startswith(quote_catalogue.THEMES_DIR):
        return markdown
    index = check_content.load_sources(Path(config.config_file_path).parent / "sources")
    sources = quote_catalogue.sources_from_index(index)
    return quote_catalogue.render_cards(page.file.src_uri, markdown, check_content, index, sources)
