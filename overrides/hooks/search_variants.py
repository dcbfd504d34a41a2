"""MkDocs hook: adds the other spellings of the pages' words to the search index after the build.

A thin adapter for scripts/search_terms.py. It runs after Material's search
plugin has written search/search_index.json (hooks run after plugins).
"""

from __future__ import annotations

from pathlib import Path

import search_terms
from mkdocs.config.defaults import MkDocsConfig


def on_post_build(config: MkDocsConfig) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.exists():
        search_terms.add_variants(index)
