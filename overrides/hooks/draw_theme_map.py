"""MkDocs hook: draws the theme map on the home page, in place of `<!-- theme-map -->`.

A thin adapter: scripts/theme_map.py lays out and renders the map; this hook hands it
the seven theme pages in nav order, their cross-links as the rendered pages have them
(read once a page into this build's catalogue, scripts/quote_catalogue.py) and their
addresses relative to the home page.
"""

from __future__ import annotations

import quote_catalogue
import theme_map
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.utils import get_relative_url
from verbatim.themes import is_theme_page

HOME = "index.md"
_themes: list[tuple[str, str]] = []  # (docs path, nav title), in nav order


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _themes[:] = [(page.file.src_uri, str(page.title)) for page in nav.pages if is_theme_page(page.file.src_uri)]
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # on_env: after every theme page is rendered (and its links read), before the home page is written
    home_file = files.get_file_from_path(HOME)
    home = home_file.page if home_file is not None else None
    if home is None or home.content is None or theme_map.MARKER not in home.content:
        return env
    nodes = []
    for path, title in _themes:
        file = files.get_file_from_path(path)
        if file is not None:
            nodes.append(theme_map.ThemeNode(path, title, get_relative_url(file.url, home.url)))
    links = quote_catalogue.catalogue_for(config).links
    pairs = theme_map.edges(
        theme_map.cross_links({node.page: links.get(node.page, []) for node in nodes}), [node.page for node in nodes]
    )
    home.content = home.content.replace(theme_map.MARKER, theme_map.render(nodes, pairs), 1)
    return env
