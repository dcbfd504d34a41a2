"""The theme map: scripts/theme_map.py's pieces, and the map on the built home page
drawn from the theme pages' real cross-links."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import theme_map
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.structure.files import File, Files
from quote_catalogue import Catalogue, page_resolver
from test_site import THEMES, nav_pages
from theme_map import (
    NODE_HEIGHT,
    NODE_WIDTH,
    ThemeNode,
    cross_links,
    edges,
    layout,
    render,
    wrap,
)
from verbatim.matching import load_sources

SVG = "{http://www.w3.org/2000/svg}"


# --- The pieces -------------------------------------------------------------------------------


def test_links_are_read_from_the_rendered_page_and_resolved_to_docs_pages():
    pages = ["index.md", "glossary.md", *(f"themes/{name}.md" for name in ("age-of-research", "jaggedness", "x"))]
    files = Files([File(page, "docs", "site", True) for page in pages])
    html = """<p>See <a href="../jaggedness/#reward-hacking">reward hacking</a>,
<a href="../../glossary/#agi">the glossary</a>, <a href="../../">home</a>, <a href="#what-it-means">self</a>,
<a href="https://example.com/themes/x/">elsewhere</a>, <img alt="a picture" src="../x/picture.png">
and <a href="../x/" title="Alignment">titled</a>.
Not links: <code>[code](x.md)</code> and <!-- <a href="../x/">a comment</a> --></p>
<pre><code>&lt;a href="../x/"&gt;fenced&lt;/a&gt;</code></pre>"""
    read = Catalogue.of(load_sources(ROOT / "sources"))
    read.read_page("themes/age-of-research.md", html, page_resolver("themes/age-of-research/", files))
    assert read.links["themes/age-of-research.md"] == [
        "themes/jaggedness.md",
        "glossary.md",
        "index.md",
        "themes/x.md",
    ]


def test_cross_links_count_links_between_the_given_pages_only():
    pages = {
        "themes/a.md": ["themes/b.md", "themes/b.md", "glossary.md", "themes/a.md"],
        "themes/b.md": ["themes/a.md"],
        "themes/c.md": [],
    }
    assert cross_links(pages) == Counter({("themes/a.md", "themes/b.md"): 2, ("themes/b.md", "themes/a.md"): 1})


def test_edges_merge_both_directions_in_theme_order():
    order = ["a", "b", "c"]
    links = Counter({("c", "a"): 1, ("a", "c"): 2, ("b", "a"): 1})
    assert edges(links, order) == {("a", "b"): 1, ("a", "c"): 3}


def test_labels_wrap_at_spaces_within_the_width():
    assert wrap("Emotions as a value function") == ["Emotions as a", "value function"]
    assert wrap("Jaggedness") == ["Jaggedness"]
    assert all(len(line) <= theme_map.LABEL_CHARS for line in wrap("Alignment to sentient life"))


@pytest.mark.parametrize("count", range(1, 9))
def test_the_layout_keeps_nodes_apart_and_inside_the_picture(count):
    nodes = layout([ThemeNode(f"themes/t{n}.md", f"Theme {n}", f"t{n}/") for n in range(count)])
    for node in nodes:
        assert NODE_WIDTH / 2 <= node.x <= theme_map.WIDTH - NODE_WIDTH / 2
        assert NODE_HEIGHT / 2 <= node.y <= theme_map.HEIGHT - NODE_HEIGHT / 2
    if count <= 7:  # the site has seven themes; more would need a bigger picture
        for a, b in itertools.combinations(nodes, 2):
            assert abs(a.x - b.x) >= NODE_WIDTH or abs(a.y - b.y) >= NODE_HEIGHT, (a, b)


@given(
    st.lists(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=40),
        min_size=1,
        max_size=7,
    )
)
def test_any_labels_render_as_well_formed_svg(labels):
    nodes = [ThemeNode(f"themes/t{n}.md", label, f"t{n}/?a=1&b=2") for n, label in enumerate(labels)]
    pairs = {(nodes[0].page, node.page): 1 for node in nodes[1:]}
    figure = ET.fromstring(render(nodes, pairs))
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    assert len(svg.findall(f".//{SVG}a")) == len(labels)
    assert len(svg.findall(f".//{SVG}line")) == len(labels) - 1


# --- The map on the built home page -------------------------------------------------------------


class _ArticleLinks(HTMLParser):
    """The hrefs of links inside a page's <article> (its content, not nav or footer)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self._depth += 1
        elif tag == "a" and self._depth and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self._depth -= 1


def built_cross_links(site: Path) -> Counter[tuple[str, str]]:
    """Links in the built theme pages' content that lead to another theme page."""
    found: Counter[tuple[str, str]] = Counter()
    for theme in THEMES:
        parser = _ArticleLinks()
        parser.feed((site / "themes" / theme / "index.html").read_text(encoding="utf-8"))
        base = f"https://site.test/themes/{theme}/"
        for href in parser.hrefs:
            path = urlsplit(urljoin(base, href)).path
            match = re.fullmatch(r"/themes/([\w-]+)/", path)
            if urlsplit(urljoin(base, href)).netloc == "site.test" and match and match[1] != theme:
                found[(theme, match[1])] += 1
    return found


@pytest.fixture(scope="module")
def home_map(built_site: Path) -> ET.Element:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<figure class="theme-map">.*?</figure>', html, re.S)
    assert found, "the home page has no theme map"
    assert "<!-- theme-map -->" not in html
    return ET.fromstring(found.group())


def test_the_map_is_an_inline_svg_with_a_title_and_a_description(home_map):
    svg = home_map.find(f"{SVG}svg")
    assert svg is not None and svg.get("viewBox") == f"0 0 {theme_map.WIDTH} {theme_map.HEIGHT}"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == title.get("id") and title.text
    assert svg.get("aria-describedby") == desc.get("id")
    assert home_map.find("figcaption").text


def test_the_nodes_link_to_the_seven_themes_in_nav_order(home_map, built_site):
    nodes = home_map.findall(f".//{SVG}a")
    nav_themes = [Path(page).stem for page in nav_pages() if page.startswith("themes/")]
    assert [node.get("data-theme") for node in nodes] == nav_themes == THEMES
    for node in nodes:
        href = node.get(f"{{{theme_map.XLINK}}}href")
        assert node.get("href") is None  # see theme_map.XLINK: Material would trip over it
        assert href == f"themes/{node.get('data-theme')}/"
        assert (built_site / href / "index.html").is_file()
        label = " ".join(span.text for span in node.iter(f"{SVG}tspan"))
        assert label and node.get("aria-label") == label, "a node's name must be its visible label"


def test_the_edges_are_the_real_cross_links(home_map, built_site):
    real = built_cross_links(built_site)
    assert real, "the theme pages link to no other theme: nothing to draw"
    expected: Counter[tuple[str, str]] = Counter()
    for (a, b), count in real.items():
        first, second = sorted((a, b), key=THEMES.index)
        expected[(first, second)] += count
    drawn = {
        (line.get("data-from"), line.get("data-to")): int(line.get("data-links"))
        for line in home_map.iter(f"{SVG}line")
    }
    assert drawn == dict(expected)


def test_the_description_names_every_theme_and_every_edge(home_map):
    desc = home_map.find(f"{SVG}svg/{SVG}desc").text
    labels = {
        node.get("data-theme"): " ".join(span.text for span in node.iter(f"{SVG}tspan"))
        for node in home_map.iter(f"{SVG}a")
    }
    assert all(label in desc for label in labels.values())
    lines = list(home_map.iter(f"{SVG}line"))
    assert desc.count(" and ") >= len(lines)
    for line in lines:
        assert f"{labels[line.get('data-from')]} and {labels[line.get('data-to')]}" in desc
