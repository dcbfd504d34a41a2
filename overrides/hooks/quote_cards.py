"""MkDocs hook: every quote admonition on a theme page becomes a quote card.

A thin adapter: scripts/quote_catalogue.py reads each page's rendered HTML once, with
the proof's own reader and rules, records its verified quotations and links for the
quote index and the theme map, and makes each quote admonition the proof accepts whole a
card, with its link into the original built from that match (scripts/text_fragments.py).
A block the proof does not accept stays as it is; the proof of the built site reports it.
"""

from __future__ import annotations

import quote_catalogue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    catalogue = quote_catalogue.catalogue_for(config)
    resolve = quote_catalogue.page_resolver(page.file.url, files)
    content, card_ids = catalogue.read_page(page.file.src_uri, html, resolve)
    if page.present_anchor_ids is not None:
        page.present_anchor_ids.update(card_ids)  # links to a card (the quote index's) are checked
    return content
