"""Titles, the site name and the copyright reach the built pages escaped, in the body too.

MkDocs renders templates without autoescaping, and Material's partials print titles raw.
A small fixture site with the project's overrides/ and theme settings plants markup in
every source a title comes from: the front matter's ``title:``, a nav title and a section
title in mkdocs.yml, the site name, the copyright, the toc extension's title, and the
repository's name and address. Every place one is printed (``<title>`` and og:title, the
header, the drawer, the nav, the footer's previous and next links, the table of contents,
the fallback ``<h1>``, the copyright, the repository link) must show it as text, and no
built page may hold an injected element.

Not every title is plain text: MkDocs 1.6 takes a page's title from its first h1 as HTML
(tags stripped, entities kept: ``Q&amp;A``), and a toc entry's title is HTML too. Those
must not be escaped a second time: a heading with ``&``, ``<`` and ``"`` reads the same in
every place (overrides/partials/titles.html tells the two apart). The same fixture built
with Material's own partials shows that the injections are real ones.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, build_site
from selectolax.lexbor import LexborHTMLParser, LexborNode

SITE = 'Site & <i>co</i> "quoted"'
COPYRIGHT = 'Copy "><script>alert(1)</script> <img src=x onerror=alert(1)> & co'
FRONT = "Front \"><script>alert(1)</script> <img src=x onerror=alert(1)> & it's"  # front matter title:
NAV = 'Nav "><img src=x onerror=alert(1)> & <script>alert(1)</script>'  # a nav title in mkdocs.yml
SECTION = 'Section <img src=x onerror=alert(1)> & "q"'  # a section title in mkdocs.yml
NO_H1 = "No h1 <script>alert(1)</script> & <img src=x onerror=alert(1)>"  # front matter, no h1 on the page
TOC_TITLE = "Contents <img src=x onerror=alert(1)> &"  # markdown_extensions: toc: title
HEADING = 'Q&A: 1 < 2, "so" it\'s'  # the first h1 of a page with no other title: HTML from MkDocs
SUBHEADING = 'Sub & "q" < it\'s'  # an h2: a toc entry
HOME = "Home"
REPO_NAME = "<img src=x onerror=alert(1)> & repo"
REPO_URL = 'https://h.test/r?a=1&b="><img src=x onerror=alert(1)>'
PALETTE = 'Dark "><img src=x onerror=alert(1)> & <script>alert(1)</script>'  # a palette toggle's name

#: each built page, its title as readers should see it, and its neighbours in the footer
PAGES: dict[str, tuple[str, str | None, str | None]] = {
    "index.html": (HOME, None, HEADING),
    "heading/index.html": (HEADING, HOME, FRONT),
    "front/index.html": (FRONT, HEADING, NAV),
    "navt/index.html": (NAV, FRONT, NO_H1),
    "no-h1/index.html": (NO_H1, NAV, None),
}


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as written; its own tags (!ENV, !relative) read as None, unused here."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def site_config() -> dict[str, Any]:
    """The real site's mkdocs.yml."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    assert isinstance(config, dict)
    return config


def theme_settings() -> dict[str, Any]:
    """The real site's theme: section."""
    return dict(site_config()["theme"])


def write_project(project: Path, custom_dir: Path) -> Path:
    """The fixture site: markup in every source a title comes from. Returns mkdocs.yml."""
    docs = project / "docs"
    docs.mkdir(parents=True)

    def page(name: str, body: str, title: str | None = None) -> None:
        front = f"---\n{yaml.safe_dump({'title': title}, allow_unicode=True)}---\n\n" if title else ""
        (docs / name).write_text(front + body, encoding="utf-8")

    page("index.md", "# Home\n\nText.\n")
    page("heading.md", f"# {HEADING}\n\n## {SUBHEADING}\n\nText.\n")
    page("front.md", "# The front page's own h1\n\n## Part\n\nText.\n", title=FRONT)
    page("navt.md", "# The nav page's own h1\n\n## Part\n\nText.\n")
    page("no-h1.md", "Text, and no heading.\n", title=NO_H1)
    theme = theme_settings()
    theme["custom_dir"] = str(custom_dir)
    theme["palette"] = [dict(option) for option in theme["palette"]]
    theme["palette"][-1]["toggle"] = {**theme["palette"][-1]["toggle"], "name": PALETTE}
    theme["palette"][-1]["media"] = '(prefers-color-scheme: dark)" onmouseover="alert(1)'
    config = {
        "site_name": SITE,
        "site_url": "https://h.test/p/",
        "copyright": COPYRIGHT,
        "repo_name": REPO_NAME,
        "repo_url": REPO_URL,
        "theme": theme,
        "markdown_extensions": [{"toc": {"permalink": True, "title": TOC_TITLE}}],
        "nav": ["index.md", "heading.md", "front.md", {SECTION: [{NAV: "navt.md"}]}, "no-h1.md"],
    }
    mkdocs_yml = project / "mkdocs.yml"
    mkdocs_yml.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return mkdocs_yml


def build(tmp: Path, custom_dir: Path) -> dict[str, LexborHTMLParser]:
    mkdocs_yml = write_project(tmp / "project", custom_dir)
    result = build_site(tmp / "site", config=mkdocs_yml, cwd=tmp / "project")
    assert result.returncode == 0, result.stderr
    return {
        str(path.relative_to(tmp / "site")): LexborHTMLParser(path.read_text(encoding="utf-8"))
        for path in sorted((tmp / "site").rglob("*.html"))
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, LexborHTMLParser]:
    """The fixture site built with the project's overrides/: every page, parsed."""
    return build(tmp_path_factory.mktemp("hostile"), ROOT / "overrides")


def text(node: LexborNode | None) -> str:
    assert node is not None
    return " ".join(node.text(deep=True).split())


def injected(tree: LexborHTMLParser) -> list[str]:
    """Every element in the page that only an injection writes."""
    found = [f"<{node.tag} onerror>" for node in tree.css("[onerror]")]
    found += [f"<script>{node.text()}" for node in tree.css("script") if "alert(" in node.text()]
    found += ["<i>" for _ in tree.css("i")]
    return found


def test_the_fixture_builds_every_page(hostile):
    assert set(PAGES) <= set(hostile)


def test_no_built_page_holds_an_injected_element(hostile):
    assert {path: injected(tree) for path, tree in hostile.items() if injected(tree)} == {}


@pytest.mark.parametrize("path", sorted(PAGES))
def test_title_and_social_title_show_the_title_as_text(hostile, path):
    title = PAGES[path][0]
    tree = hostile[path]
    expected = SITE if path == "index.html" else f"{title} - {SITE}"
    assert text(tree.css_first("title")) == expected
    og = tree.css_first('meta[property="og:title"]')
    assert og is not None and og.attributes.get("content") == (SITE if path == "index.html" else title)


@pytest.mark.parametrize("path", sorted(PAGES))
def test_the_header_shows_the_site_name_and_the_title_as_text(hostile, path):
    tree = hostile[path]
    topics = tree.css(".md-header__topic")
    assert [text(topic.css_first(".md-ellipsis")) for topic in topics] == [SITE, PAGES[path][0]]
    logo = tree.css_first(".md-header__button.md-logo")
    assert logo is not None and logo.attributes.get("aria-label") == SITE and logo.attributes.get("title") == SITE


@pytest.mark.parametrize("path", sorted(PAGES))
def test_the_drawer_and_the_nav_show_every_title_as_text(hostile, path):
    nav = hostile[path].css_first("nav.md-nav--primary")
    assert nav is not None
    drawer = nav.css_first("label.md-nav__title")
    assert text(drawer) == SITE
    links = {text(node) for node in nav.css(".md-nav__link > .md-ellipsis")}
    # Every page's title and the section's; the active page's toc entries besides.
    assert links - {SUBHEADING, "Part"} == {*(title for title, _, _ in PAGES.values()), SECTION}
    section = nav.css_first(".md-nav__item--section > nav > label.md-nav__title")
    assert text(section) == SECTION


@pytest.mark.parametrize("path", sorted(PAGES))
def test_the_footer_shows_the_previous_and_next_titles_as_text(hostile, path):
    _, previous, following = PAGES[path]
    tree = hostile[path]
    for kind, title, direction in (("prev", previous, "Previous"), ("next", following, "Next")):
        link = tree.css_first(f".md-footer__link--{kind}")
        if title is None:
            assert link is None
            continue
        assert link is not None
        assert text(link.css_first(".md-ellipsis")) == title
        assert link.attributes.get("aria-label") == f"{direction}: {title}"


def test_the_toc_shows_its_label_and_entries_as_text(hostile):
    tree = hostile["heading/index.html"]
    toc = tree.css_first("nav.md-nav--secondary")
    assert toc is not None
    assert text(toc.css_first("label.md-nav__title")) == TOC_TITLE
    assert toc.attributes.get("aria-label") == TOC_TITLE
    assert [text(node) for node in toc.css(".md-nav__link .md-ellipsis")] == [SUBHEADING]
    # The toc the nav holds for the active page: the same partial, the same text.
    integrated = tree.css_first("nav.md-nav--primary nav.md-nav--secondary")
    assert integrated is not None
    assert [text(node) for node in integrated.css(".md-nav__link .md-ellipsis")] == [SUBHEADING]


def test_a_page_without_an_h1_gets_its_title_as_text(hostile):
    article = hostile["no-h1/index.html"].css_first("article")
    assert article is not None
    assert [text(h1) for h1 in article.css("h1")] == [NO_H1]


def test_the_copyright_shows_as_text(hostile):
    for tree in hostile.values():
        assert text(tree.css_first(".md-copyright__highlight")) == COPYRIGHT


def test_the_repository_link_shows_its_name_as_text(hostile):
    for tree in hostile.values():
        links = tree.css("a.md-source")
        assert [link.attributes.get("href") for link in links] == [REPO_URL, REPO_URL]  # header, drawer
        assert [text(link.css_first(".md-source__repository")) for link in links] == [REPO_NAME, REPO_NAME]


def test_the_palette_toggle_names_its_scheme_as_text(hostile):
    for tree in hostile.values():
        inputs = tree.css("input.md-option")
        assert inputs[-1].attributes.get("aria-label") == PALETTE
        assert tree.css("label[for^=__palette_]")[-1].attributes.get("title") == PALETTE
        assert inputs[-1].attributes.get("data-md-color-media") == '(prefers-color-scheme: dark)" onmouseover="alert(1)'
        assert tree.css("[onmouseover]") == []


def test_heading_html_is_not_escaped_twice(hostile):
    """MkDocs' own HTML (a heading's title, a toc entry) is printed as it is: its "&amp;"
    is an "&" to readers, never "&amp;amp;"."""
    for tree in hostile.values():
        html = tree.html or ""
        assert "&amp;amp;" not in html and "&amp;lt;" not in html and "&amp;#" not in html
    assert HEADING in [text(node) for node in hostile["front/index.html"].css(".md-nav__link > .md-ellipsis")]


def test_materials_own_partials_let_the_same_titles_in(tmp_path):
    """The contrast: with Material's partials (the overrides removed, main.html kept), the
    fixture's titles become elements in the nav, the header, the footer and the copyright."""
    custom_dir = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", custom_dir)
    for name in ("nav-item", "header", "footer", "copyright", "nav", "content", "toc", "source"):
        (custom_dir / "partials" / f"{name}.html").unlink()
    pages = build(tmp_path, custom_dir)
    tree = pages["navt/index.html"]
    places = {
        "nav": "nav.md-nav--primary [onerror]",
        "footer": ".md-footer__link [onerror]",
        "copyright": ".md-copyright__highlight [onerror]",
        "drawer": "nav.md-nav--primary > label.md-nav__title i",
        "repository": ".md-header__source [onerror]",
    }
    assert {place: bool(tree.css(selector)) for place, selector in places.items()} == dict.fromkeys(places, True)
    assert any("alert(" in node.text() for node in pages["no-h1/index.html"].css(".md-header__topic script"))
    assert pages["no-h1/index.html"].css("article h1 script")


# --- the real site ----------------------------------------------------------------------

#: Material partials that print a title raw, and the feature that renders each: the site
#: needs an override of its own before it turns the feature on.
RAW_TITLE_PARTIALS = {"navigation.tabs": "tabs-item.html", "navigation.path": "path-item.html"}


def test_every_partial_that_the_sites_features_render_escapes_titles():
    features = theme_settings().get("features", [])
    missing = [
        partial
        for feature, partial in RAW_TITLE_PARTIALS.items()
        if feature in features and not (ROOT / "overrides" / "partials" / partial).is_file()
    ]
    assert missing == [], f"override {missing} with titles printed through partials/titles.html"


def test_the_real_site_shows_its_nav_titles_and_copyright_as_written(built_site):
    config = site_config()

    def titles(items: list[Any]) -> list[str]:
        found: list[str] = []
        for item in items:
            if isinstance(item, dict):
                (title, value), *_ = item.items()
                found.append(title)
                if isinstance(value, list):
                    found += titles(value)
        return found

    tree = LexborHTMLParser((built_site / "glossary" / "index.html").read_text(encoding="utf-8"))
    nav = tree.css_first("nav.md-nav--primary")
    assert nav is not None
    shown = {text(node) for node in nav.css(".md-nav__link > .md-ellipsis")}
    assert set(titles(config["nav"])) <= shown
    assert text(tree.css_first(".md-copyright__highlight")) == " ".join(config["copyright"].split())
