"""The one definition of a theme page, for the site rules, the quote cards, the quote
index and the theme map: a page under ``themes/`` in docs_dir (its front matter names the
article lines it covers, ``source_lines: first-last``)."""

from __future__ import annotations

__all__ = ["THEMES_DIR", "is_theme_page"]

THEMES_DIR = "themes/"


def is_theme_page(src_uri: str) -> bool:
    """Whether the docs page at ``src_uri`` (``themes/jaggedness.md``) is a theme page."""
    return src_uri.startswith(THEMES_DIR)
