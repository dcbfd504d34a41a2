"""MkDocs hook: draws the theme map on the home page, in place of `<!-- theme-map -->`.

A thin adapter: scripts/theme_map.py lays out and renders the map; this hook
hands it the seven theme pages in nav order, their Markdown (for the real
cross-links) and their addresses relative to the home page.
"""

from __future__ import annotations

import theme_map
from mkdocs.utils import get_relative_url
from verbatim.themes import is_theme_page

_themes: list[tuple[str, str]] = []  # (docs path, nav title), in nav order


def on_nav(nav, config, files):
    _themes[:] = [(page.file.src_uri, page.title) for page in nav.pages if is_theme_page(page.file.src_uri)]
    return nav


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri != "index.md" or theme_map.MARKER not in markdown:
        return markdown
    theme_files = {path: files.get_file_from_path(path) for path, _ in _themes}
    nodes = [
        theme_map.ThemeNode(path, title, get_relative_url(theme_files[path].url, page.url)) for path, title in _themes
    ]
    links = theme_map.cross_links({path: file.content_string for path, file in theme_files.items()})
    pairs = theme_map.edges(links, [path for path, _ in _themes])
    return markdown.replace(theme_map.MARKER, theme_map.render(nodes, pairs), 1)
