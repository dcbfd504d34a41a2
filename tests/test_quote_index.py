"""The quote index (docs/quotes.md, filled at build time): it lists the site's verified
quotations without reassembling the article (words the article puts in quotation marks in
full, the article's own sentences only where they are quote cards, no one-word
quotations), each linked to where the site discusses it and into the original, and the
passages the article puts in quotation marks that no page quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import quote_catalogue as catalogue
from conftest import DOCS, ROOT
from mkdocs.utils.meta import get_data
from selectolax.lexbor import LexborHTMLParser
from test_quote_cards import quote_blocks
from text_fragments import fragment_problems
from verbatim.matching import load_sources
from verbatim.proof import ShownQuotation
from verbatim.run import check

INDEX = load_sources(ROOT / "sources")
SOURCES = catalogue.sources_from_index(INDEX)
SOURCE = SOURCES["sources/the-decoder.txt"]
PAGE = DOCS / "quotes.md"

pytestmark = pytest.mark.skipif(not PAGE.exists(), reason="docs/quotes.md is not in the site yet")


@dataclass
class Entry:
    group: str  # the id of the h2 it stands under
    words: str = ""
    links: list[str] = field(default_factory=list)


class _Index(HTMLParser):
    """The entries of <div class="quote-index">: each list item's <q> words and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: list[Entry] = []
        self.groups: list[str] = []
        self.summary = ""
        self._depth = 0  # <div> depth inside the index
        self._in_q = self._in_p = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "quote-index" in (attrs.get("class") or "").split():
            self._depth = 1
            return
        if not self._depth:
            return
        self._depth += tag == "div"
        if tag == "h2":
            self.groups.append(attrs.get("id", ""))
        elif tag == "li":
            self.entries.append(Entry(self.groups[-1]))
        elif tag == "q":
            self._in_q = True
        elif tag == "a" and self.entries and attrs.get("class") != "headerlink":
            self.entries[-1].links.append(attrs.get("href", ""))
        elif tag == "p" and not self.groups:
            self._in_p = True

    def handle_endtag(self, tag):
        if not self._depth:
            return
        if tag == "div":
            self._depth -= 1
        elif tag == "q":
            self._in_q = False
        elif tag == "p":
            self._in_p = False

    def handle_data(self, data):
        if self._in_q:
            self.entries[-1].words += data
        elif self._in_p:
            self.summary += data


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def index_page(built_site: Path) -> _Index:
    parser = _Index()
    parser.feed((built_site / "quotes" / "index.html").read_text(encoding="utf-8"))
    assert parser.entries, "the built quote index lists nothing"
    return parser


def site_pages() -> dict[str, str]:
    """Every docs page but the index itself: {docs path: its Markdown body}."""
    return {
        path.relative_to(DOCS).as_posix(): get_data(path.read_text(encoding="utf-8"))[0]
        for path in sorted(DOCS.rglob("*.md"))
        if path != PAGE
    }


@pytest.fixture(scope="module")
def proved(built_site: Path) -> list[ShownQuotation]:
    """Every quotation the proof of the built site verifies in a page's text (not in its
    <title>, meta tags or tooltips), on every page but the index itself."""
    report = check(ROOT / "mkdocs.yml", site_dir=built_site)
    assert report.quotations, "the proof verified no quotation on the built site"
    return [q for q in report.quotations if q.where == "text" and q.src_path and q.src_path != "quotes.md"]


def page_of(href: str) -> str:
    """The docs page a built link from /quotes/ leads to."""
    path = urlsplit(urljoin("https://site.test/quotes/", href)).path.strip("/")
    return f"{path}.md" if path else "index.md"


def direct_span(line: int, start: int, end: int) -> str | None:
    """The words of the article's span in quotation marks that holds [start, end) of a line."""
    for span in re.finditer(r'"([^"]+)"', SOURCE.lines[line - 1]):
        if span.start(1) <= start and end <= span.end(1):
            return span.group(1).rstrip(",.;:")
    return None


def expected_entries(proved: list[ShownQuotation]) -> set[tuple[str, str]]:
    """(page, words) the index must list, from the proof of the built pages: a quotation
    inside the article's quotation marks as that whole span; article prose only as a theme
    page's block (a card); never a single word."""
    expected = set()
    for quotation in proved:
        match, page = quotation.match, str(quotation.src_path)
        span = direct_span(match.line, match.parts[0][0], match.parts[-1][1])
        card = quotation.kind == "block" and page.startswith("themes/")
        words = span if span is not None else squash(quotation.text) if card else None
        if words is not None and len(re.findall(r"\w+", words)) >= 2:
            expected.add((page, squash(words)))
    return expected


def test_the_index_lists_the_site_quotations_without_reassembling_the_article(index_page, proved):
    listed = [
        (page_of(entry.links[0]), squash(entry.words))
        for entry in index_page.entries
        if entry.group != "more-in-the-article"
    ]
    assert set(listed) == expected_entries(proved)
    assert all(len(re.findall(r"\w+", words)) >= 2 for _, words in listed)  # no *suspects*, no *Maybe,*


def test_every_entry_links_to_where_the_site_discusses_it(index_page, built_site):
    for entry in index_page.entries:
        if entry.group == "more-in-the-article":
            continue
        parts = urlsplit(urljoin("https://site.test/quotes/", entry.links[0]))
        html = (built_site / parts.path.strip("/") / "index.html").read_text(encoding="utf-8")
        assert parts.fragment and f'id="{parts.fragment}"' in html, entry


def test_card_entries_link_to_their_cards(index_page):
    cards = [entry for entry in index_page.entries if "#quote-" in entry.links[0]]
    theme_blocks = sum(
        len(quote_blocks(markdown)) for page, markdown in site_pages().items() if page.startswith("themes/")
    )
    assert len(cards) == theme_blocks


def test_every_entry_links_into_the_original_at_its_words(index_page):
    for entry in index_page.entries:
        originals = [href for href in entry.links if href.startswith(SOURCE.url)]
        assert len(originals) == 1, entry
        assert fragment_problems(SOURCE.text, originals[0]) == [], entry


def expected_undiscussed(proved: list[ShownQuotation]) -> list[str]:
    """The article's spans in straight double quotes that no site quotation matches inside
    or covers, nor quotes word for word."""

    def comparable(text: str) -> str:
        straight = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
        return " ".join(straight.split()).rstrip(",.;:").casefold()

    quoted = [(comparable(q.text), q.match.line, q.match.parts[0][0], q.match.parts[-1][1]) for q in proved]
    undiscussed = []
    for line_number, line in enumerate(SOURCE.lines, start=1):
        for span in re.finditer(r'"([^"]+)"', line):
            start, end = span.span(1)
            if len(re.findall(r"\w+", span.group(1))) < 2:
                continue  # a one-word quotation is no passage
            if not any(
                words == comparable(span.group(1))
                or (matched_line == line_number and ((start <= a and b <= end) or (a <= start and end <= b)))
                for words, matched_line, a, b in quoted
            ):
                undiscussed.append(span.group(1).rstrip(",.;:"))
    return undiscussed


def test_the_undiscussed_direct_quotations_are_exactly_those_no_page_quotes(index_page, proved):
    listed = [squash(entry.words) for entry in index_page.entries if entry.group == "more-in-the-article"]
    assert listed == expected_undiscussed(proved)


def test_the_summary_says_what_the_index_lists_not_a_progress_report(index_page):
    numbers = [int(n) for n in re.findall(r"\d+", index_page.summary)]
    listed = [entry for entry in index_page.entries if entry.group != "more-in-the-article"]
    prose_cards = sum(
        1
        for entry in listed
        if "#quote-" in entry.links[0]
        and not any(
            squash(entry.words) == squash(span.rstrip(",.;:")) for span in re.findall(r'"([^"]+)"', SOURCE.text)
        )
    )
    assert numbers == [len(listed), len(listed) - prose_cards, prose_cards]
    assert "not yet" not in index_page.summary and "discussed" not in index_page.summary
    print(f"\nquote index: {len(listed)} entries, {prose_cards} of the article's sentences as cards")


def test_the_groups_follow_the_themes_in_article_order(index_page, proved):
    themes = [Path(page).stem for page in sorted(site_pages()) if page.startswith("themes/")]
    order = [group for group in index_page.groups if group in themes]
    starts = {
        Path(page).stem: int(get_data((DOCS / page).read_text(encoding="utf-8"))[1]["source_lines"].split("-")[0])
        for page in site_pages()
        if page.startswith("themes/")
    }
    assert order == sorted(themes, key=starts.__getitem__)
    assert index_page.groups[-1] == ("more-in-the-article" if expected_undiscussed(proved) else order[-1])


# --- The undiscussed list, on a site that quotes less -------------------------------------------


def test_a_site_quoting_one_page_lists_the_rest_as_undiscussed(built_site):
    page = "themes/jaggedness.md"
    html = (built_site / "themes" / "jaggedness" / "index.html").read_text(encoding="utf-8")
    article = LexborHTMLParser(html).css_first("article")
    assert article is not None
    one_page = catalogue.Catalogue.of(INDEX)
    one_page.read_page(page, article.inner_html or "", lambda href: None)
    parsed = [
        catalogue.parse_theme(path, get_data((DOCS / path).read_text(encoding="utf-8"))[1])
        for path in sorted(site_pages())
        if path.startswith("themes/")
    ]
    themes = [theme for theme in parsed if theme is not None]
    rendered = catalogue.render_index(one_page.in_order([page]), themes, {page: page}, SOURCES)
    undiscussed_part = rendered.split("{#more-in-the-article}")[1]
    listed = re.findall(r"<q>(.*?)</q>", undiscussed_part)
    assert "Scaling sucked out all the air in the room" in listed
    assert "vibe coding" not in listed  # the jaggedness page quotes it
    for url in re.findall(r"\]\((https://[^)]+)\)", undiscussed_part):
        assert fragment_problems(SOURCE.text, url) == [], url
