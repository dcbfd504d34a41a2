"""The site's verified quotations, gathered once for the quote cards, the quote
index and their tests.

Everything here is derived from two things only: the pages' Markdown and the
source texts. A quotation enters the catalogue only if the content checker's
``SourceIndex.find`` matches it, and its link into the original is built from
that very match (``text_fragments.directive_for_parts``), so a card, the index
and the checker cannot disagree about where the words stand.

The checker (scripts/check_content.py) is passed in, not imported here, so the
pure functions can be tested with stand-ins.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Protocol

from text_fragments import directive_for_parts
from verbatim.inputs import source_lines_range
from verbatim.themes import is_theme_page

INDEX_PAGE = "quotes.md"
INDEX_MARKER = "<!-- quote-index -->"


class Checker(Protocol):
    """What the catalogue needs from scripts/check_content.py."""

    def scan_page(self, markdown: str) -> Any: ...

    def verified_match(self, quotation: Any, index: Any) -> Any: ...


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


def sources_from_index(index: Any) -> dict[str, Source]:
    """The checker's source texts (``SourceIndex.texts``), raw, with their address and publisher."""
    return {
        text.path: Source(text.path, text.raw, text.facts["url"], text.publisher or text.facts.get("publisher", ""))
        for text in index.texts
    }


# --- The shape of a page's Markdown ------------------------------------------------------------

_QUOTE_OPENER = re.compile(r'^(?P<indent> *)!!! quote "(?P<speaker>[^"]*)"[ \t]*$')


@dataclass(frozen=True)
class QuoteBlock:
    """A ``!!! quote "Speaker"`` admonition: lines first..last (1-based, inclusive)."""

    first_line: int
    last_line: int
    speaker: str
    indent: str
    body: str  # the body's Markdown, dedented


def find_quote_blocks(markdown: str) -> list[QuoteBlock]:
    """Every quote admonition: its opener and the indented lines after it."""
    lines = markdown.split("\n")
    blocks = []
    index = 0
    while index < len(lines):
        opener = _QUOTE_OPENER.match(lines[index])
        if not opener:
            index += 1
            continue
        body_indent = opener["indent"] + "    "
        last = index
        following = index + 1
        while following < len(lines) and (not lines[following].strip() or lines[following].startswith(body_indent)):
            if lines[following].strip():
                last = following
            following += 1
        body = "\n".join(line[len(body_indent) :] for line in lines[index + 1 : last + 1]).strip("\n")
        blocks.append(QuoteBlock(index + 1, last + 1, opener["speaker"], opener["indent"], body))
        index = last + 1
    return blocks


def section_of(headings: list[Any], line: int) -> Any:
    """The nearest heading above a line: the section a reader can link to, by the id the
    checker resolved for it (its {#id} or toc's slug)."""
    above = [h for h in headings if h.line < line and h.id]
    return above[-1] if above else None


# --- Quotations on the site --------------------------------------------------------------------


@dataclass(frozen=True)
class SiteQuotation:
    """One verified quotation on one page, with where it stands on both sides."""

    page: str  # docs-relative, e.g. "themes/jaggedness.md"
    kind: str  # "inline" | "block"
    text: str  # the words as the page gives them
    speaker: str | None  # a block's admonition title; None for inline quotations
    line: int  # 1-based line in the page's Markdown (front matter removed)
    section: Any  # check_content.Heading: the section above it, or None
    source: str  # repo-relative source path
    source_line: int
    parts: tuple[tuple[int, int], ...]
    card_id: str | None  # for a block quotation on a theme page
    original_url: str | None  # the source's address with a proven text directive

    @property
    def span(self) -> tuple[int, int]:
        """[start, end) of the match within its source line, from first part to last."""
        return min(p[0] for p in self.parts), max(p[1] for p in self.parts)


def card_id(page: str, number: int) -> str:
    """The id of the number-th (1-based) quote block on a theme page."""
    return f"quote-{PurePosixPath(page).stem}-{number}"


@functools.lru_cache(maxsize=1024)
def original_url(source: Source, line: int, parts: tuple[tuple[int, int], ...]) -> str | None:
    """The source's address with a text directive proven to open it at these words."""
    directive = directive_for_parts(source.text, line, parts)
    return None if directive is None else f"{source.url}#:~:{directive.encode()}"


def page_quotations(
    page: str, markdown: str, checker: Checker, index: Any, sources: dict[str, Source]
) -> list[SiteQuotation]:
    """The verified quotations of one page, in page order. Unmatched ones are left out:
    reporting them is the checker's job."""
    return _verified(page, checker.scan_page(markdown), find_quote_blocks(markdown), checker, index, sources)


def _verified(
    page: str, scan: Any, blocks: list[QuoteBlock], checker: Checker, index: Any, sources: dict[str, Source]
) -> list[SiteQuotation]:
    headings = scan.headings
    found = []
    for quotation in scan.quotations:
        match = checker.verified_match(quotation, index)
        if match is None or match.source not in sources:
            continue
        block_number = next(
            (n for n, block in enumerate(blocks, start=1) if block.first_line <= quotation.line <= block.last_line),
            None,
        )
        is_card = quotation.kind == "block" and block_number is not None and is_theme_page(page)
        found.append(
            SiteQuotation(
                page=page,
                kind=quotation.kind,
                text=" ".join(quotation.text.split()),
                speaker=blocks[block_number - 1].speaker if quotation.kind == "block" and block_number else None,
                line=quotation.line,
                section=section_of(headings, quotation.line),
                source=match.source,
                source_line=match.line,
                parts=tuple(tuple(part) for part in match.parts),
                card_id=card_id(page, block_number) if is_card else None,
                original_url=original_url(sources[match.source], match.line, tuple(match.parts)),
            )
        )
    return found


def site_quotations(
    pages: dict[str, str], checker: Checker, index: Any, sources: dict[str, Source]
) -> list[SiteQuotation]:
    """The verified quotations of these pages ({docs path: Markdown without front matter}),
    in the order given; the quote index page itself is left out."""
    return [
        quotation
        for page, markdown in pages.items()
        if page != INDEX_PAGE
        for quotation in page_quotations(page, markdown, checker, index, sources)
    ]


# --- Quote cards -------------------------------------------------------------------------------


def card_html(block: QuoteBlock, quotation: SiteQuotation, source: Source) -> list[str]:
    """A quote block as a card: the words (still Markdown, so tooltips apply), who said
    them, where they stand in the article, and a link that opens the original at them."""
    place = source.place(quotation.source_line)
    speaker = html.escape(block.speaker)
    where = place if block.speaker == source.publisher else f"quoted by {html.escape(source.publisher)} in {place}"
    body = [block.indent + line if line.strip() else "" for line in block.body.split("\n")]
    return [
        "",
        f'{block.indent}<figure class="quote-card" id="{quotation.card_id}" markdown>',
        f"{block.indent}<blockquote markdown>",
        "",
        *body,
        "",
        f"{block.indent}</blockquote>",
        f'{block.indent}<figcaption><span class="quote-card__speaker">{speaker}</span>, '
        f'<span class="quote-card__place">{where}</span> · '
        f'<a class="quote-card__original" href="{html.escape(quotation.original_url)}">in the original</a>'
        "</figcaption>",
        f"{block.indent}</figure>",
        "",
    ]


def render_cards(page: str, markdown: str, checker: Checker, index: Any, sources: dict[str, Source]) -> str:
    """A theme page's Markdown with every fully verified quote block turned into a card.

    A block whose words the checker cannot match, or that no directive can open at,
    stays as it is: the checker reports the first, the tests the second."""
    if not is_theme_page(page):
        return markdown
    scan = checker.scan_page(markdown)
    blocks = find_quote_blocks(markdown)
    verified = _verified(page, scan, blocks, checker, index, sources)
    quoted_lines = [quotation.line for quotation in scan.quotations]
    lines = markdown.split("\n")
    for number, block in reversed(list(enumerate(blocks, start=1))):
        mine = [q for q in verified if q.card_id == card_id(page, number)]
        inside = [line for line in quoted_lines if block.first_line <= line <= block.last_line]
        if not mine or len(mine) != len(inside) or mine[0].original_url is None:
            continue
        lines[block.first_line - 1 : block.last_line] = card_html(block, mine[0], sources[mine[0].source])
    return "\n".join(lines)


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


def parse_theme(page: str, meta: dict) -> Theme | None:
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
    escaped = html.escape(text, quote=False)
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
    voice = f" — {html.escape(quotation.speaker)}" if quotation.speaker else ""
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
            quotation.line,
        )

    groups = [(theme, f"## {_words(theme.title)} {{#{theme.slug}}}") for theme in themes]
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
            theme = theme_of(themes, direct.line)
            about = f" · from [{_words(theme.title)}]({_relative(INDEX_PAGE, theme.page)})" if theme else ""
            out.append(f"- <q>{_words(direct.words)}</q> · {where}{about}")
    out += ["", "</div>"]
    return "\n".join(out) + "\n"
