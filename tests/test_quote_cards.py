"""Quote cards on the built theme pages: every block quotation is a card, the card
holds the page's words, names the speaker and the paragraph, and links into the
original with a text directive that opens it at those words, once."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import DOCS, ROOT
from quote_catalogue import card_id, sources_from_index
from test_site import THEMES
from text_fragments import QUOTE_CHARS, fragment_problems, fragment_range, line_offset, parse_directive
from verbatim.matching import QuoteMatch, load_sources
from verbatim.rules import attribution_for, verified_match

INDEX = load_sources(ROOT / "sources")
SOURCES = sources_from_index(INDEX)


@dataclass(frozen=True)
class QuoteBlock:
    """A ``!!! quote "Speaker"`` block of a page's Markdown, as the writer wrote it."""

    speaker: str
    text: str  # its words, on one line

    @property
    def match(self) -> QuoteMatch:
        """Where the proof's one rule places these words under this name."""
        found = verified_match(self.text, attribution_for(self.speaker, INDEX), INDEX)
        assert found is not None, f"a quote block the proof cannot place: {self.text!r}"
        return found


_BLOCK = re.compile(r'^!!! quote "(?P<speaker>[^"]*)"[ \t]*\n(?P<body>(?:[ \t]*\n|    .*\n)+)', re.MULTILINE)


def quote_blocks(markdown: str) -> list[QuoteBlock]:
    """The test's own reading of the quote blocks (the site reads them from its rendered
    HTML): top-level blocks of plain words, as the theme pages write them."""
    return [
        QuoteBlock(found["speaker"], " ".join(found["body"].split()))
        for found in _BLOCK.finditer(markdown.replace("\r\n", "\n") + "\n")
    ]


@dataclass
class Card:
    id: str
    words: str = ""
    caption: str = ""
    speaker: str = ""
    links: list[str] = field(default_factory=list)


class _Cards(HTMLParser):
    """Every <figure class="quote-card"> of a page, and any admonition left as one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cards: list[Card] = []
        self.admonitions: list[str] = []
        self._stack: list[str] = []  # open elements inside the current card
        self._where = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "admonition" in classes:
            self.admonitions.append(" ".join(classes))
        if tag == "figure" and "quote-card" in classes:
            self.cards.append(Card(attrs.get("id", "")))
            self._stack = ["figure"]
            return
        if not self._stack:
            return
        self._stack.append(tag)
        if tag in ("blockquote", "figcaption"):
            self._where = tag
        if "quote-card__speaker" in classes:
            self._where = "speaker"
        if tag == "a" and self._where == "figcaption":
            self.cards[-1].links.append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if not self._stack:
            return
        self._stack.pop()
        if tag in ("blockquote", "figcaption"):
            self._where = ""
        elif tag == "span" and self._where == "speaker":
            self._where = "figcaption"

    def handle_data(self, data):
        if not self._stack:
            return
        card = self.cards[-1]
        if self._where == "blockquote":
            card.words += data
        elif self._where in ("figcaption", "speaker"):
            card.caption += data
            if self._where == "speaker":
                card.speaker += data


def built_cards(site: Path, theme: str) -> _Cards:
    parser = _Cards()
    parser.feed((site / "themes" / theme / "index.html").read_text(encoding="utf-8"))
    return parser


def block_quotations(theme: str) -> list[QuoteBlock]:
    return quote_blocks((DOCS / "themes" / f"{theme}.md").read_text(encoding="utf-8"))


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def cards(built_site: Path) -> dict[str, _Cards]:
    return {theme: built_cards(built_site, theme) for theme in THEMES}


@pytest.mark.parametrize("theme", THEMES)
def test_every_block_quotation_is_a_card_and_no_quote_admonition_is_left(cards, theme):
    quotations = block_quotations(theme)
    assert quotations, f"{theme}: no block quotation to card"
    assert len(cards[theme].cards) == len(quotations)
    assert not [a for a in cards[theme].admonitions if "quote" in a.split()]


@pytest.mark.parametrize("theme", THEMES)
def test_cards_have_stable_ids_in_page_order(cards, theme):
    expected = [card_id(f"themes/{theme}.md", n) for n in range(1, len(block_quotations(theme)) + 1)]
    assert [card.id for card in cards[theme].cards] == expected


@pytest.mark.parametrize("theme", THEMES)
def test_a_card_holds_the_page_words_and_names_the_speaker(cards, theme):
    for card, quotation in zip(cards[theme].cards, block_quotations(theme), strict=True):
        assert squash(card.words) == squash(quotation.text), card.id
        assert card.speaker == quotation.speaker, card.id


@pytest.mark.parametrize("theme", THEMES)
def test_a_card_says_which_paragraph_of_the_article_it_quotes(cards, theme):
    for card, quotation in zip(cards[theme].cards, block_quotations(theme), strict=True):
        match = quotation.match
        lines = SOURCES[match.source].lines
        # Paragraphs are the article's lines that end a sentence; headings do not count.
        paragraphs = [n for n in range(1, len(lines) + 1) if re.search(r"[.!?:][\"”’']*$", lines[n - 1].rstrip())]
        assert f"paragraph {paragraphs.index(match.line) + 1}" in card.caption, (card.id, card.caption)
        assert "The Decoder" in card.caption


@pytest.mark.parametrize("theme", THEMES)
def test_a_card_links_into_the_original_at_its_words(cards, theme):
    for card, quotation in zip(cards[theme].cards, block_quotations(theme), strict=True):
        assert len(card.links) == 1, card.id
        href = card.links[0]
        match = quotation.match
        source = SOURCES[match.source]
        url, _, directive = href.partition("#:~:")
        assert url == source.url and urlsplit(url).scheme == "https"
        # The directive is sound: well-formed, percent-encoded, quote-free, matches once.
        assert fragment_problems(source.text, href) == [], (card.id, href)
        terms = parse_directive(directive).terms()
        assert not any(QUOTE_CHARS.intersection(term) for term in terms.values())
        tokens = directive.removeprefix("text=").split(",")
        tokens[0], tokens[-1] = tokens[0].removesuffix("-"), tokens[-1].removeprefix("-")
        for token in tokens:  # "-", "&", "," and spaces only ever percent-encoded
            assert re.fullmatch(r"(?:[A-Za-z0-9!$'()*+./:;=?@_~]|%[0-9A-F]{2})+", token), (card.id, token)
        # ...and it opens the original at the words the checker matched, in their paragraph.
        base = line_offset(source.text, match.line)
        opened = fragment_range(source.text, href)
        assert opened is not None, (card.id, href)
        start, end = opened
        matched = (base + match.parts[0][0], base + match.parts[-1][1])
        line_end = base + len(source.lines[match.line - 1])
        assert base <= start and end <= line_end, (card.id, source.text[start:end])
        assert start <= matched[1] and matched[0] <= end, (card.id, source.text[start:end])
        inside = source.text[max(start, matched[0]) : min(end, matched[1])]
        assert len(inside.split()) >= min(3, len(source.text[matched[0] : matched[1]].split())), card.id


def test_the_site_has_cards_on_every_theme_page(cards):
    total = sum(len(parsed.cards) for parsed in cards.values())
    print(f"\n{total} quote cards on {len(cards)} theme pages")
    assert all(parsed.cards for parsed in cards.values())


def test_a_build_looks_each_quotation_up_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cards, the index and the proof of the built site share one verified report:
    no question to the sources (these words, under this name) is searched twice a build."""
    from mkdocs.commands.build import build
    from verbatim.matching import SourceIndex
    from verbatim.project import load_mkdocs_config

    searched: Counter[tuple[str, str]] = Counter()
    find = SourceIndex.find

    def counting_find(self: SourceIndex, text: str, **scope: object) -> QuoteMatch | None:
        searched[(text, repr(sorted(scope.items())))] += 1
        return find(self, text, **scope)  # type: ignore[arg-type]

    monkeypatch.setattr(SourceIndex, "find", counting_find)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764028800")
    build(load_mkdocs_config(ROOT / "mkdocs.yml", tmp_path / "site"))
    assert (tmp_path / "site" / "quotes" / "index.html").is_file()
    assert len(searched) >= sum(len(block_quotations(theme)) for theme in THEMES)
    assert [question for question, times in searched.items() if times > 1] == []
    print(f"\n{sum(searched.values())} searches of the sources for {len(searched)} questions in one build")
