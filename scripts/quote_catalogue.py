"""The site's verified quotations, gathered once a build for the quote cards, the quote
index and the theme map.

Everything here is derived from two things only: the pages as MkDocs renders them and
the source texts. Each page's rendered HTML is read once (``Catalogue.read_page``, in
``on_page_content``) by the proof's own reader and rules (verbatim.proof.prove_page), so
a quotation enters the catalogue only as the proof of the built site accepts it, and its
link into the original is built from that very match
(``text_fragments.directive_for_parts``): a card, the index and the proof cannot
disagree about where the words stand. The catalogue's index is the build's one
(verbatim.hook.build_index), which answers each look-up once.
"""

from __future__ import annotations

import dataclasses
import functools
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from selectolax.lexbor import LexborNode
from text_fragments import directive_for_parts
from verbatim.built import BuiltPage, BuiltSite, parse_page
from verbatim.hook import build_index
from verbatim.inputs import source_lines_range
from verbatim.links import urls_of_page
from verbatim.matching import SourceIndex
from verbatim.proof import ShownQuotation, _unquoted, prove_page
from verbatim.reading import runs_of
from verbatim.rules import Attribution, attribution_for
from verbatim.themes import is_theme_page

INDEX_PAGE = "quotes.md"
INDEX_MARKER = "<!-- quote-index -->"


# --- Sources ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A source text (sources/NAME.txt) with the facts beside it (sources/NAME.yml)."""

    path: str  # repo-relative, as QuoteMatch.source gives it
    text: str
    url: str
    publisher: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def is_heading(self, line: int) -> bool:
        """A heading, not a paragraph: its last word ends without sentence punctuation."""
        stripped = self.lines[line - 1].rstrip().rstrip("\"'”’")
        return not stripped.endswith((".", "!", "?", ":", "…"))

    def paragraph_number(self, line: int) -> int | None:
        """Which paragraph of the article a line is, headings not counted; None for a heading."""
        if self.is_heading(line):
            return None
        return sum(1 for number in range(1, line + 1) if not self.is_heading(number))

    def place(self, line: int) -> str:
        """Where a line stands in the article, for a reader: paragraph N, or the heading before it."""
        number = self.paragraph_number(line)
        if number is not None:
            return f"paragraph {number}"
        following = next((n for n in range(line + 1, len(self.lines) + 1) if not self.is_heading(n)), None)
        return f"the heading before paragraph {self.paragraph_number(following)}" if following else "a heading"


def sources_from_index(index: SourceIndex) -> dict[str, Source]:
    """The checker's source texts (``SourceIndex.texts``), raw, with their address and publisher."""
    return {
        text.path: Source(text.path, text.raw, text.facts["url"], text.publisher or text.facts.get("publisher", ""))
        for text in index.texts
    }


# --- Quotations on the site --------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A heading a reader can link to: its id and its words."""

    id: str
    title: str


@dataclass(frozen=True)
class SiteQuotation:
    """One verified quotation on one page, with where it stands on both sides."""

    page: str  # docs-relative, e.g. "themes/jaggedness.md"
    kind: str  # "inline" (marks), "q" (<q>) or "block"
    text: str  # the words as the page shows them
    speaker: str | None  # who a block quotation is attributed to; None for inline quotations
    order: int  # its place among the page's verified quotations
    section: Section | None  # the section above it
    source: str  # repo-relative source path
    source_line: int
    parts: tuple[tuple[int, int], ...]
    card_id: str | None  # for a quote card on a theme page
    original_url: str | None  # the source's address with a proven text directive

    @property
    def span(self) -> tuple[int, int]:
        """[start, end) of the match within its source line, from first part to last."""
        return min(p[0] for p in self.parts), max(p[1] for p in self.parts)


def card_id(page: str, number: int) -> str:
    """The id of the number-th (1-based) quote card on a theme page."""
    return f"quote-{PurePosixPath(page).stem}-{number}"


@functools.lru_cache(maxsize=1024)
def original_url(source: Source, line: int, parts: tuple[tuple[int, int], ...]) -> str | None:
    """The source's address with a text directive proven to open it at these words."""
    directive = directive_for_parts(source.text, line, parts)
    return None if directive is None else f"{source.url}#:~:{directive.encode()}"


@dataclass
class Catalogue:
    """One build's verified quotations, as its pages show them: what the quote cards, the
    quote index and the theme map are made of.  Each page is read once, from its rendered
    HTML (``read_page``), and its quotations proved by the proof's own functions against
    the build's one index (verbatim.hook.build_index), so the proof of the built site asks
    nothing the catalogue has not asked already."""

    index: SourceIndex
    sources: dict[str, Source]
    quotations: dict[str, list[SiteQuotation]] = field(default_factory=dict)
    #: the docs pages each page's content links to (a link each), by docs path
    links: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, index: SourceIndex) -> Catalogue:
        return cls(index, sources_from_index(index))

    def read_page(self, page: str, html: str, resolve: Callable[[str], str | None]) -> tuple[str, list[str]]:
        """Read one page's rendered content: record its verified quotations and its links
        (``resolve`` takes a link's href to the docs page it leads to, or None); on a theme
        page, make every fully verified quote admonition a card. Returns the content and
        the ids of its cards."""
        built = parse_page(page, html, page)
        proof = prove_page(_NO_SITE, built, self.index, _no_position)
        shown = [q for q in proof.quotations if q.where == "text"]
        cards = _cards(page, html, built, shown, self) if is_theme_page(page) else []
        card_of = {id(q): card for card in cards for q in card.quotations}
        sections = _sections(built)
        self.quotations[page] = [
            found
            for number, quotation in enumerate(shown)
            if (found := self._site_quotation(page, number, quotation, card_of.get(id(quotation)), sections))
        ]
        self.links[page] = [
            target
            for use in urls_of_page(built)
            if use.tag == "a" and use.attribute == "href" and (target := resolve(use.url)) is not None
        ]
        return _splice(html, cards), [card.id for card in cards]

    def _site_quotation(
        self, page: str, number: int, quotation: ShownQuotation, card: _Card | None, sections: dict[str, Section]
    ) -> SiteQuotation | None:
        match = quotation.match
        source = self.sources.get(match.source)
        if source is None:
            return None
        parts = tuple((start, end) for start, end in match.parts)
        speaker = quotation.attribution.name if quotation.kind == "block" and quotation.attribution else None
        return SiteQuotation(
            page=page,
            kind=quotation.kind,
            text=" ".join(quotation.text.split()),
            speaker=card.speaker if card is not None else speaker,
            order=number,
            # no h2-h6 above it: the page's own h1, where it has one
            section=sections.get(quotation.section_id or "") or sections.get(_H1),
            source=match.source,
            source_line=match.line,
            parts=parts,
            card_id=card.id if card is not None else None,
            original_url=original_url(source, match.line, parts),
        )

    def in_order(self, pages: Iterable[str]) -> list[SiteQuotation]:
        """The verified quotations of these pages, in the order given; the index page left out."""
        return [q for page in pages if page != INDEX_PAGE for q in self.quotations.get(page, [])]


_catalogues: dict[int, Catalogue] = {}  # this build's, by id(config)


def catalogue_for(config: MkDocsConfig) -> Catalogue:
    """This build's catalogue, shared by the quote card, quote index and theme map hooks."""
    key = id(config)
    if key not in _catalogues:
        _catalogues.clear()  # a new build (mkdocs serve reloads the config)
        _catalogues[key] = Catalogue.of(build_index(config))
    return _catalogues[key]


def page_resolver(page_url: str, files: Files) -> Callable[[str], str | None]:
    """Which docs page a rendered link on the page at ``page_url`` leads to (None: to no page)."""
    by_dest = {file.dest_uri: file.src_uri for file in files.documentation_pages()}
    base = urljoin(_BASE, page_url)

    def resolve(href: str) -> str | None:
        target = urlsplit(urljoin(base, href))
        if target.netloc != urlsplit(_BASE).netloc or not urlsplit(href).path:
            return None  # another host, or a place on the same page
        path = target.path.lstrip("/")
        if not path.endswith(".html"):
            path = posixpath.join(path, "index.html")  # a directory URL: "" is the home page
        return by_dest.get(unquote(path))

    return resolve


_BASE = "https://site.invalid/"
_NO_SITE = BuiltSite(Path(), {}, frozenset())


def _no_position(site: BuiltSite, page: BuiltPage, needle: str, within: str = "") -> tuple[str, int, int]:
    """Positions are the proof's business: the catalogue keeps no problem."""
    return page.path, 0, 0


_H1 = "<h1>"  # the key of the page's first h1 with an id


def _sections(built: BuiltPage) -> dict[str, Section]:
    """Every heading with an id, by id (the first h1 also as ``_H1``): its words without the permalink."""
    found: dict[str, Section] = {}
    for heading in built.tree.css("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]"):
        words = heading.text(deep=True)
        permalink = heading.css_first("a.headerlink")
        if permalink is not None:
            words = words.removesuffix(permalink.text(deep=True))
        section = Section(heading.attributes.get("id") or "", " ".join(words.split()))
        found[section.id] = section
        if heading.tag == "h1":
            found.setdefault(_H1, section)
    return found


# --- Quote cards -------------------------------------------------------------------------------

#: an opening <div> as Python-Markdown writes it, and any closing one
_DIV = re.compile(r'<div(?: class="([^"]*)")?[^>]*>|</div>')
_TITLE = re.compile(r'<div[^>]*>\s*<p class="admonition-title">.*?</p>\s*', re.DOTALL)


@dataclass(frozen=True)
class _Card:
    id: str
    speaker: str
    start: int  # the admonition's [start, end) in the page's HTML
    end: int
    body: str  # its HTML without the title, as rendered
    caption: str
    quotations: tuple[ShownQuotation, ...]


def _admonition_spans(html: str) -> list[tuple[int, int]]:
    """[start, end) of every quote admonition in the HTML, in document order."""
    spans, open_at, depth = [], -1, 0
    for tag in _DIV.finditer(html):
        if tag.group().startswith("</"):
            depth -= 1
            if depth == 0 and open_at >= 0:
                spans.append((open_at, tag.end()))
                open_at = -1
            depth = max(depth, 0)
            continue
        if open_at >= 0:
            depth += 1
        elif {"admonition", "quote"} <= set((tag.group(1) or "").split()):
            open_at, depth = tag.start(), 1
    return spans


def _cards(page: str, html: str, built: BuiltPage, shown: list[ShownQuotation], catalogue: Catalogue) -> list[_Card]:
    """The quote admonitions the proof verified in full, as cards: their words, who said
    them, where they stand in the article and a link that opens the original at them.

    An admonition the proof does not accept whole (words not found, a name no source
    lists, hidden text) stays as it is: the proof of the built site reports it."""
    nodes = [node for node in built.tree.css("div.admonition.quote") if _is_outermost(node)]
    spans = _admonition_spans(html)
    if len(nodes) != len(spans):
        return []  # not HTML as Python-Markdown writes it: leave the page as it is
    blocks = [q for q in shown if q.kind == "block"]
    cards: list[_Card] = []
    for node, (start, end) in zip(nodes, spans, strict=True):
        title = node.css_first(".admonition-title")
        speaker = " ".join(title.text(deep=True).split()) if title is not None else ""
        attribution = attribution_for(speaker, catalogue.index)
        words = [
            _unquoted(run.text)
            for run in runs_of(node)
            if not run.is_attribute and (title is None or not _within(run.node, title))
        ]
        mine = [_take(blocks, text, attribution) for text in words]
        proved = [q for q in mine if q is not None]
        if not words or len(proved) != len(words) or attribution is None:
            continue
        source = catalogue.sources.get(proved[0].match.source)
        if source is None:
            continue
        parts = tuple((a, b) for a, b in proved[0].match.parts)
        url = original_url(source, proved[0].match.line, parts)
        heading = _TITLE.match(html, start, end)
        if url is None or heading is None:
            continue
        number = len(cards) + 1
        place = source.place(proved[0].match.line)
        where = place if attribution.kind == "publisher" else f"quoted by {escape(source.publisher)} in {place}"
        caption = (
            f'<figcaption><span class="quote-card__speaker">{escape(speaker)}</span>, '
            f'<span class="quote-card__place">{where}</span> · '
            f'<a class="quote-card__original" href="{escape(url)}">in the original</a></figcaption>'
        )
        body = html[heading.end() : end - len("</div>")].strip("\n")
        cards.append(_Card(card_id(page, number), speaker, start, end, body, caption, tuple(proved)))
    return cards


def _is_outermost(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "div" and {"admonition", "quote"} <= set((parent.attributes.get("class") or "").split()):
            return False
        parent = parent.parent
    return True


def _within(node: LexborNode | None, ancestor: LexborNode) -> bool:
    while node is not None:
        if node.mem_id == ancestor.mem_id:
            return True
        node = node.parent
    return False


def _take(blocks: list[ShownQuotation], text: str, attribution: Attribution | None) -> ShownQuotation | None:
    """The proof's verified block quotation of these words under this name (each taken once)."""
    for number, quotation in enumerate(blocks):
        if quotation.text == text and quotation.attribution == attribution:
            return blocks.pop(number)
    return None


def _splice(html: str, cards: list[_Card]) -> str:
    """The page's HTML with each card in place of its admonition."""
    out, at = [], 0
    for card in cards:
        out += [
            html[at : card.start],
            f'<figure class="quote-card" id="{card.id}">\n<blockquote>\n{card.body}\n</blockquote>\n'
            f"{card.caption}\n</figure>",
        ]
        at = card.end
    out.append(html[at:])
    return "".join(out)


# --- The article's own direct quotations -------------------------------------------------------


@dataclass(frozen=True)
class DirectQuotation:
    """A span the article itself puts in straight double quotation marks."""

    source: str
    line: int
    start: int  # within the line, inside the marks
    end: int
    text: str

    @property
    def words(self) -> str:
        """The words without the punctuation the article sets inside its closing mark."""
        return self.text.rstrip(",.;:")


def direct_quotations(sources: dict[str, Source]) -> list[DirectQuotation]:
    found = []
    for source in sources.values():
        for number, line in enumerate(source.lines, start=1):
            for match in re.finditer(r'"([^"]+)"', line):
                found.append(DirectQuotation(source.path, number, match.start(1), match.end(1), match.group(1)))
    return found


def _comparable(words: str) -> str:
    """Words as the checker compares them: no case, straight quotes, single spaces, and
    without the , . ; : a quotation may carry inside its closing mark."""
    straight = words.translate(str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''"))
    return " ".join(straight.split()).rstrip(",.;:").casefold()


def is_discussed(direct: DirectQuotation, quotations: Iterable[SiteQuotation]) -> bool:
    """Some quotation on the site matches inside the span or covers it (by where the
    checker places it), or quotes exactly these words (which the checker may place at
    another occurrence of them: the article puts "Jaggedness" in quotes twice)."""
    for quotation in quotations:
        if _comparable(quotation.text) == _comparable(direct.text):
            return True
        if (quotation.source, quotation.source_line) != (direct.source, direct.line):
            continue
        start, end = quotation.span
        inside = direct.start <= start and end <= direct.end
        covers = start <= direct.start and direct.end <= end
        if inside or covers:
            return True
    return False


# --- Themes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    page: str
    title: str
    first_line: int
    last_line: int

    @property
    def slug(self) -> str:
        return PurePosixPath(self.page).stem


def theme_of(themes: list[Theme], source_line: int) -> Theme | None:
    return next((t for t in themes if t.first_line <= source_line <= t.last_line), None)


def parse_theme(page: str, meta: Mapping[str, Any]) -> Theme | None:
    """The theme a page's front matter declares; None when its source_lines is not a range
    (the checker reports it: source-lines-invalid)."""
    lines = source_lines_range(meta.get("source_lines"))
    if lines is None:
        return None
    return Theme(page, str(meta.get("title", page)), *lines)


# --- The quote index page ------------------------------------------------------------------------


def _relative(from_page: str, to_page: str) -> str:
    """A Markdown link target from one docs page to another (MkDocs resolves .md links)."""
    from_dir = PurePosixPath(from_page).parent
    depth = len(from_dir.parts)
    return "/".join([".."] * depth + [to_page])


def _words(text: str) -> str:
    """Quoted words for inline HTML: escaped, and safe from Markdown's emphasis and links."""
    escaped = escape(text, quote=False)
    return re.sub(r"([*_`\[\]\\])", r"\\\1", escaped)


def _markdown_url(url: str) -> str:
    """A URL safe inside a Markdown link's parentheses; %28 and %29 decode to the same words."""
    return url.replace("(", "%28").replace(")", "%29")


def _entry(quotation: SiteQuotation, theme: Theme | None, titles: dict[str, str], sources: dict[str, Source]) -> str:
    """One line of the index: the words, who said them (for a card), where the site
    discusses them and where they stand in the original."""
    section = quotation.section.title if quotation.section else ""
    page_title = titles.get(quotation.page, quotation.page)
    if not section or (theme is None or quotation.page != theme.page):
        section = f"{page_title} › {section}" if section else page_title
    anchor = quotation.card_id or (quotation.section.id if quotation.section else None)
    target = _relative(INDEX_PAGE, quotation.page) + (f"#{anchor}" if anchor else "")
    voice = f" — {escape(quotation.speaker)}" if quotation.speaker else ""
    source = sources[quotation.source]
    place = source.place(quotation.source_line)
    original = (
        f"[{place} in the original]({_markdown_url(quotation.original_url)})" if quotation.original_url else place
    )
    shown = "quote card in" if quotation.card_id else "quoted in"
    return f"- <q>{_words(quotation.text)}</q>{voice} · {shown} [{_words(section)}]({target}) · {original}"


def _direct_for(quotation: SiteQuotation, directs: list[DirectQuotation]) -> DirectQuotation | None:
    """The span the article puts in quotation marks that holds this quotation's words, if any."""
    start, end = quotation.span
    for direct in directs:
        if (
            (direct.source, direct.line) == (quotation.source, quotation.source_line)
            and direct.start <= start
            and end <= direct.end
        ):
            return direct
    return None


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+(?:['’]\w+)*", text))


def index_entries(quotations: list[SiteQuotation], sources: dict[str, Source]) -> list[SiteQuotation]:
    """What the index lists, without reassembling the article: words the article puts in
    quotation marks in full (its whole span, once a page), the article's own sentences only
    where the site shows them as quote cards, and no one-word quotation (*suspects*)."""
    directs = direct_quotations(sources)
    entries: list[SiteQuotation] = []
    listed: set[tuple[str, str, int, int]] = set()
    for card_pass in (True, False):  # cards first, so an inline quotation of a card's span is not listed twice
        for quotation in quotations:
            if bool(quotation.card_id) != card_pass:
                continue
            direct = _direct_for(quotation, directs)
            if direct is None:
                if quotation.card_id and _word_count(quotation.text) >= 2:
                    entries.append(quotation)
                continue
            if _word_count(direct.words) < 2:
                continue
            key = (quotation.page, direct.source, direct.line, direct.start)
            if key in listed and not quotation.card_id:
                continue
            listed.add(key)
            parts = ((direct.start, direct.start + len(direct.words)),)
            entries.append(
                dataclasses.replace(
                    quotation,
                    text=direct.words,
                    parts=parts,
                    original_url=original_url(sources[direct.source], direct.line, parts),
                )
            )
    return entries


def render_index(
    quotations: list[SiteQuotation], themes: list[Theme], titles: dict[str, str], sources: dict[str, Source]
) -> str:
    """The Markdown that replaces INDEX_MARKER in docs/quotes.md: what it lists, then each
    entry (``index_entries``) grouped by the theme of its source lines in the article's
    order, then the passages the article puts in quotation marks that no page quotes."""
    directs = [d for d in direct_quotations(sources) if _word_count(d.words) >= 2]
    entries = index_entries(quotations, sources)
    undiscussed = [d for d in directs if not is_discussed(d, quotations)]
    cards = sum(1 for q in entries if q.card_id and _direct_for(q, directs) is None)
    out = [
        '<div class="quote-index" markdown>',
        "",
        f"**{len(entries)}** entries: **{len(entries) - cards}** passages the article puts in quotation "
        f"marks, each in full, and **{cards}** of the article's own sentences, shown on the site as quote "
        "cards.",
        "",
    ]
    order = {page: n for n, page in enumerate(titles)}

    def position(quotation: SiteQuotation) -> tuple[Any, ...]:
        return (
            quotation.source,
            quotation.source_line,
            quotation.span,
            order.get(quotation.page, len(order)),
            quotation.order,
        )

    groups: list[tuple[Theme | None, str]] = [(t, f"## {_words(t.title)} {{#{t.slug}}}") for t in themes]
    groups.append((None, "## Elsewhere in the article {#elsewhere}"))
    for theme, heading in groups:
        mine = sorted((q for q in entries if theme_of(themes, q.source_line) == theme), key=position)
        if not mine:
            continue
        out += [heading, ""]
        out += [_entry(q, theme, titles, sources) for q in mine]
        out.append("")
    if undiscussed:
        out += [
            "## More words the article quotes {#more-in-the-article}",
            "",
            "Passages the article puts in quotation marks that no page of the site quotes:",
            "",
        ]
        for direct in undiscussed:
            source = sources[direct.source]
            url = original_url(source, direct.line, ((direct.start, direct.end),))
            place = source.place(direct.line)
            where = f"[{place} in the original]({_markdown_url(url)})" if url else place
            covering = theme_of(themes, direct.line)
            about = (
                f" · from [{_words(covering.title)}]({_relative(INDEX_PAGE, covering.page)})"
                if covering is not None
                else ""
            )
            out.append(f"- <q>{_words(direct.words)}</q> · {where}{about}")
    out += ["", "</div>"]
    return "\n".join(out) + "\n"
