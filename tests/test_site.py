"""The built site, as issue 2 promises it: every page, its metadata, its search
entry, its sitemap line, the themes linked as promised, and nothing loaded from
another host (the resource-third-party proof of verbatim.resources)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from conftest import DOCS, ROOT, build_site
from mkdocs.config import load_config
from verbatim.built import load_site
from verbatim.resources import check_resources

THEMES = [
    "age-of-research",
    "jaggedness",
    "emotions-as-value-function",
    "learning-on-the-job",
    "unspoken-ideas",
    "straight-shot",
    "sentient-life",
]
SOURCE = ROOT / "sources" / "the-decoder.txt"


def nav_pages() -> list[str]:
    """Every Markdown file that mkdocs.yml's nav lists, in order."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    found: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            else:
                found.append(value)

    walk(config["nav"])
    return found


def html_path(site: Path, page: str) -> Path:
    """Where MkDocs (use_directory_urls) writes a page."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return site / "index.html"
    return site / stem.removesuffix("/index") / "index.html"


def page_url(page: str) -> str:
    stem = page.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def front_matter(page: str) -> dict[str, Any]:
    text = (DOCS / page).read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, f"{page}: no front matter"
    data = yaml.safe_load(match.group(1))
    assert isinstance(data, dict), f"{page}: front matter is not a mapping"
    return data


class _Collector(HTMLParser):
    """Gathers what a page links to and its meta tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        key = a.get("name") or a.get("property")
        if tag == "meta" and key:
            self.meta[key] = a.get("content") or ""


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


@pytest.fixture(scope="module")
def pages() -> list[str]:
    return nav_pages()


def test_nav_lists_the_seven_themes_in_the_articles_order(pages):
    assert [p for p in pages if p.startswith("themes/")] == [f"themes/{t}.md" for t in THEMES]
    assert {"index.md", "glossary.md", "about.md"} <= set(pages)


def test_every_page_in_nav_builds(built_site, pages):
    for page in pages:
        assert html_path(built_site, page).is_file(), f"{page} was not built"


@pytest.mark.parametrize("theme", THEMES)
def test_theme_page_links_to_two_other_themes_and_is_linked_from_home(built_site, theme):
    page = html_path(built_site, f"themes/{theme}.md")
    base = f"https://site.test/themes/{theme}/"
    targets = {
        urlsplit(urljoin(base, href)).path.strip("/").removeprefix("themes/")
        for href in parse(page).links
        if not urlsplit(href).scheme
    }
    others = (set(THEMES) & targets) - {theme}
    assert len(others) >= 2, f"{theme} links to only {sorted(others)}"

    home_links = {urljoin("https://site.test/", h) for h in parse(built_site / "index.html").links}
    assert f"https://site.test/themes/{theme}/" in home_links


def test_search_index_holds_every_page(built_site, pages):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for page in pages:
        assert page_url(page) in locations, f"{page} is not in the search index"


def test_every_page_has_a_meta_description_of_at_least_50_characters(built_site, pages):
    for page in pages:
        meta = parse(html_path(built_site, page)).meta
        description = meta.get("description", "")
        assert len(description) >= 50, f"{page}: description too short: {description!r}"
        # Link previews take the same words (overrides/main.html).
        assert meta.get("og:description") == description
        assert meta.get("twitter:description") == description
        assert meta.get("og:title")


def test_every_page_has_its_own_description_in_front_matter(pages):
    descriptions = [front_matter(p).get("description") for p in pages]
    assert all(descriptions), "a page has no description in its front matter"
    assert len(set(descriptions)) == len(descriptions), "two pages share a description"


def test_sitemap_lists_every_page(built_site, pages):
    tree = ET.parse(built_site / "sitemap.xml")
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = {urlsplit(loc.text).path for loc in tree.getroot().findall("sm:url/sm:loc", ns)}
    site_path = urlsplit(load_config(str(ROOT / "mkdocs.yml"))["site_url"]).path
    for page in pages:
        assert site_path + page_url(page) in paths, f"{page} is missing from sitemap.xml"


def source_lines(spec: str | int) -> set[int]:
    """`5-7` or `5` or `1-2, 4` to the set of line numbers."""
    lines: set[int] = set()
    for part in str(spec).split(","):
        first, _, last = part.strip().partition("-")
        lines.update(range(int(first), int(last or first) + 1))
    return lines


def test_every_line_of_the_article_is_drawn_on_by_some_theme_page():
    article_lines = len(SOURCE.read_text(encoding="utf-8").splitlines())
    covered: set[int] = set()
    for theme in THEMES:
        spec = front_matter(f"themes/{theme}.md").get("source_lines")
        assert spec, f"{theme}: no source_lines in front matter"
        lines = source_lines(spec)
        assert lines <= set(range(1, article_lines + 1)), f"{theme}: source_lines out of range"
        covered |= lines
    assert sorted(set(range(1, article_lines + 1)) - covered) == []


def test_source_lines_parser():
    assert source_lines("5-7") == {5, 6, 7}
    assert source_lines(12) == {12}
    assert source_lines("1-2, 4") == {1, 2, 4}


def test_built_site_loads_nothing_from_another_host(built_site):
    """The resource-third-party proof (verbatim.resources): scripts, styles, images, fonts,
    frames, media, CSS url()/@import in built CSS and inline styles, inline scripts."""
    site = load_site(built_site)
    assert [str(p) for p in check_resources(site, lambda site, page, needle: (page.path, 1, 1))] == []


def test_the_proof_catches_a_planted_google_font(built_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    page = copy / "glossary" / "index.html"
    font = '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
    page.write_text(page.read_text(encoding="utf-8").replace("</head>", font + "</head>", 1), encoding="utf-8")
    sheet = copy / "assets" / "stylesheets" / "extra.css"
    sheet.write_text(
        sheet.read_text(encoding="utf-8") + "\n@import url('https://fonts.googleapis.com/x');\n", encoding="utf-8"
    )
    found = [(p.path, p.code, p.message) for p in check_resources(load_site(copy), lambda s, pg, n: (pg.path, 1, 1))]
    assert found == [
        (
            "glossary/index.html",
            "resource-third-party",
            "<link href> loads https://fonts.googleapis.com/css?family=Roboto from fonts.googleapis.com",
        ),
        (
            "assets/stylesheets/extra.css",
            "resource-third-party",
            "a stylesheet loads https://fonts.googleapis.com/x from fonts.googleapis.com",
        ),
    ]


def test_the_source_is_never_published(built_site):
    article = SOURCE.read_text(encoding="utf-8")
    assert not any(p.suffix == ".txt" for p in built_site.rglob("*"))
    # Short quotations only: no page carries a whole paragraph of the article.
    longest = max(article.splitlines(), key=len)
    for page in built_site.rglob("*.html"):
        assert longest not in page.read_text(encoding="utf-8")


def test_the_site_builds_from_any_working_directory(tmp_path):
    """Paths in mkdocs.yml are relative to it (snippets, hooks), not to where make runs."""
    result = build_site(tmp_path / "site", config=ROOT / "mkdocs.yml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert 'class="md-content"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
