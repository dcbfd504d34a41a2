"""Material's search index holds every title and tag as HTML that reads as the writer's text.

Material's search results print an entry's title, text and tags as HTML. Its index
takes a section's title from its heading (HTML), but a section with no heading text of
its own gets the page's title raw (a front matter or ``nav:`` title: plain text), and
tags are copied raw from the front matter; scripts/search_titles.py escapes those after
the build (overrides/hooks/escape_search_index.py). The fixture site
(tests/search_fixture.py) plants markup in each; the same site built without the hook
shows the injection is real. The page's first h1, already HTML, must not be escaped
twice, and ``text`` is Material's own HTML, which holds no element a page's writer chose.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import search_titles
from conftest import ROOT, build_site
from search_fixture import (
    FRONT,
    HEADING,
    HEADING_HTML,
    IMAGE_SECTION,
    NAV,
    SEARCH_INDEX_HOOKS,
    TAG,
    search_index_hooks,
    write_project,
)
from selectolax.lexbor import LexborHTMLParser
from test_escaping import site_config

# The elements Material's search parser keeps in the index (Parser.keep), never with an attribute.
KEPT = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}
_TAG = re.compile(r"<(/?)([^\s/>]+)([^>]*)>")
_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|#x?[0-9a-fA-F]+);)")

Index = dict[str, Any]


def build_index(tmp: Path, *, hooks: list[str] | None = None) -> Index:
    """The fixture site built in ``tmp``; its search index, read."""
    mkdocs_yml = write_project(tmp / "project", hooks=hooks)
    result = build_site(tmp / "site", config=mkdocs_yml, cwd=tmp / "project")
    assert result.returncode == 0, result.stderr
    index: Index = json.loads((tmp / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    return index


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    """The fixture site's index, built with the real site's search hooks."""
    return build_index(tmp_path_factory.mktemp("search-escaping"))


def entry(index: Index, location: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [doc for doc in index["docs"] if doc["location"] == location]
    assert len(found) == 1, location
    return found[0]


def as_read(value: str) -> tuple[str, list[str]]:
    """What the results show of ``value`` printed as HTML in a heading: its text, and its elements."""
    heading = LexborHTMLParser(f"<h1>{value}</h1>").css_first("h1")
    assert heading is not None
    return heading.text(deep=True), [str(node.tag) for node in list(heading.traverse())[1:]]


def foreign_markup(value: str) -> list[str]:
    """Markup in an index value that Material's own parser never writes."""
    found = [match.group(0) for match in _TAG.finditer(value) if match.group(2) not in KEPT or match.group(3).strip()]
    return found + [f"bare & at {match.start()}" for match in _BARE_AMPERSAND.finditer(value)]


def index_values(index: Index) -> list[tuple[str, str]]:
    """(location, value) for every title, text and tag of the index."""
    values: list[tuple[str, str]] = []
    for doc in index["docs"]:
        values += [(doc["location"], doc["title"]), (doc["location"], doc["text"])]
        values += [(doc["location"], tag) for tag in doc.get("tags", [])]
    return values


@pytest.mark.parametrize(
    ("location", "title"),
    [("front/", FRONT), ("nav/", NAV)],
    ids=["front matter title", "nav title"],
)
def test_a_plain_title_reads_as_text_in_the_index(index, location, title):
    assert as_read(entry(index, location)["title"]) == (title, [])


def test_the_front_matter_title_is_escaped_as_material_escapes_a_heading(index):
    assert entry(index, "front/")["title"] == (
        "Zanzibar front &lt;img src=x onerror=alert(1)&gt; \"&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; it's"
    )


def test_front_matter_tags_read_as_text_in_the_index(index):
    tags = entry(index, "tagged/")["tags"]
    assert [as_read(tag) for tag in tags] == [(TAG, [])]


def test_a_headings_html_is_not_escaped_twice(index):
    """The h1's title, in its own section and in the one under a heading that is only an image
    (which Material titles with page.title, the h1's HTML), stays MkDocs' HTML."""
    (image_section,) = [doc for doc in index["docs"] if IMAGE_SECTION in doc["text"]]
    for doc in (entry(index, "heading/"), image_section):
        assert doc["title"] == HEADING_HTML
        assert as_read(doc["title"]) == (HEADING, [])
    assert "&amp;amp;" not in json.dumps(index)


def test_the_index_holds_only_materials_own_markup(index):
    """Every title, text and tag: only the elements Material's parser keeps, bare, and no bare &."""
    assert {
        (location, value): foreign_markup(value) for location, value in index_values(index) if foreign_markup(value)
    } == {}


def test_the_real_sites_index_holds_only_materials_own_markup(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert {
        (location, value): foreign_markup(value) for location, value in index_values(index) if foreign_markup(value)
    } == {}


def test_without_the_hook_the_index_lets_the_titles_in(tmp_path):
    """The contrast: Material's index alone holds the planted titles and tag as markup."""
    hooks = [hook for hook in search_index_hooks(site_config()) if not hook.endswith("escape_search_index.py")]
    raw = build_index(tmp_path, hooks=hooks)
    assert entry(raw, "front/")["title"] == FRONT
    assert entry(raw, "nav/")["title"] == NAV
    assert entry(raw, "tagged/")["tags"] == [TAG]
    assert as_read(FRONT)[1] == ["img", "script"]


def test_the_site_escapes_the_index_before_the_spelling_table_reads_it():
    hooks = [Path(hook).name for hook in site_config()["hooks"]]
    assert [name for name in hooks if name in SEARCH_INDEX_HOOKS] == list(SEARCH_INDEX_HOOKS)
    assert (ROOT / "overrides" / "hooks" / SEARCH_INDEX_HOOKS[0]).is_file()


# --- the module, on an index written by hand -------------------------------------------


def write_index(path: Path, docs: list[dict[str, Any]]) -> None:
    path.write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")


def test_escaping_changes_only_the_pages_plain_values_and_is_idempotent(tmp_path):
    path = tmp_path / "search_index.json"
    docs: list[dict[str, Any]] = [
        {"location": "a/", "title": "A <b>", "text": "<p>x</p>", "tags": ["t&"]},
        {"location": "a/#s", "title": "A <b>", "text": ""},  # a heading with no text, titled by the page
        {"location": "a/#h", "title": "Heading &amp; co", "text": ""},  # a heading's HTML
        {"location": "b/", "title": "B <b>", "text": ""},  # a page with an HTML title (None)
        {"location": "c/", "title": "C <i>", "text": ""},  # a page this build did not see
    ]
    write_index(path, docs)
    pages = {
        "a/": search_titles.PlainValues("A <b>", ["t&"]),
        "b/": search_titles.PlainValues(None, []),
    }
    assert search_titles.escape_index(path, pages) == 2
    written = json.loads(path.read_text(encoding="utf-8"))["docs"]
    assert [doc["title"] for doc in written] == ["A &lt;b&gt;", "A &lt;b&gt;", "Heading &amp; co", "B <b>", "C <i>"]
    assert written[0]["tags"] == ["t&amp;"]
    first = path.read_bytes()
    assert search_titles.escape_index(path, pages) == 0
    assert path.read_bytes() == first


def test_an_index_with_nothing_to_escape_is_left_as_written(tmp_path):
    path = tmp_path / "search_index.json"
    path.write_text('{"config": {}, "docs": [{"location": "a/", "title": "Plain", "text": ""}]}', encoding="utf-8")
    before = path.read_bytes()
    assert search_titles.escape_index(path, {"a/": search_titles.PlainValues("Plain", [])}) == 0
    assert path.read_bytes() == before
