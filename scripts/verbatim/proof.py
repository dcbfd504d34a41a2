"""The quotation proof of built pages: every quotation wherever it is shown.

For each page: the runs of text a reader sees (verbatim.reading), the quotations in them
(every family of marks, ``<q>``; verbatim.marks), and the block quotations (every
``<blockquote>``, quote card and quote admonition, and any admonition titled with a
name), each under the attribution a reader would read: the card's speaker, the
admonition title, a last or following line that starts with a dash, a ``<cite>``, or a
last line set in bold or italics.  Each is verified (verbatim.rules); a quotation that
spans hidden text is ``quote-hidden-text``; every text fragment link into a source is
proved against it from its built ``href``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urldefrag

from selectolax.lexbor import LexborNode
from text_fragments import fragment_problems, fragment_range, line_offset

from verbatim.built import BuiltPage, BuiltSite
from verbatim.links import url_attributes
from verbatim.marks import ALL_MARKS, find_spans
from verbatim.matching import QuoteMatch, SourceIndex
from verbatim.problems import Problem
from verbatim.reading import TextRun, is_hidden, page_runs, runs_of
from verbatim.rules import Attribution, attribution_for, excerpt, looks_like_name, verify

__all__ = ["ShownQuotation", "prove_page"]


class Locate(Protocol):
    """verbatim.locate.locate: ``within`` is the paragraph around the needle, as shown."""

    def __call__(self, site: BuiltSite, page: BuiltPage, needle: str, within: str = "") -> tuple[str, int, int]: ...


class Report(Protocol):
    def __call__(
        self, needle: str, code: str, message: str, hint: str = "", shift: int = 0, within: str = ""
    ) -> None: ...


_DASH = re.compile(r"^\s*(?:—|–|―|--|-|~)\s*(\S.*)$")
_DEFAULT_TITLES = frozenset({"quote", "cite", "quotation"})
_MARK_CHARACTERS = re.compile("[" + re.escape("".join(sorted(ALL_MARKS))) + "]")


@dataclass(frozen=True)
class ShownQuotation:
    """A quotation as a page shows it, with the match that proved it."""

    page: str  # built path, e.g. themes/x/index.html
    src_path: str | None
    text: str
    kind: str  # "inline" (marks), "q" (<q>) or "block"
    where: str
    attribution: Attribution | None
    match: QuoteMatch
    card_id: str | None = None
    section_id: str | None = None


@dataclass
class PageProof:
    problems: list[Problem] = field(default_factory=list)
    quotations: list[ShownQuotation] = field(default_factory=list)


@dataclass(frozen=True)
class _Block:
    node: LexborNode
    attribution: Attribution | None
    excluded: frozenset[int]  # mem_ids of title / attribution elements, not quoted words
    card_id: str | None


def prove_page(
    site: BuiltSite, page: BuiltPage, index: SourceIndex, locate: Locate, runs: list[TextRun] | None = None
) -> PageProof:
    proof = PageProof()

    def report(needle: str, code: str, message: str, hint: str = "", shift: int = 0, within: str = "") -> None:
        path, line, column = locate(site, page, needle, within) if within else locate(site, page, needle)
        proof.problems.append(Problem(path, line, column + shift, code, message, hint))

    if runs is None:
        runs = page_runs(page)
    blocks = _blocks(runs, index)
    for block in blocks.values():
        _prove_block(page, block, index, report, proof)
    for run in runs:
        if not run.is_attribute and _owner(run, blocks) is not None:
            continue  # a block quotation's words, proved whole above
        _prove_run(page, run, index, report, proof)
    _prove_fragments(page, index, report)
    return proof


# -- block quotations ----------------------------------------------------------------------------


def _blocks(runs: list[TextRun], index: SourceIndex) -> dict[int, _Block]:
    found: dict[int, _Block] = {}
    for run in runs:
        container = run.container
        if container is None or container.mem_id in found:
            continue
        block = _as_block(container, index)
        if block is not None:
            found[container.mem_id] = block
    return found


def _owner(run: TextRun, blocks: dict[int, _Block]) -> _Block | None:
    node = run.container
    while node is not None:
        block = blocks.get(node.mem_id)
        if block is not None:
            return block
        node = node.parent
    return None


def _classes(node: LexborNode) -> list[str]:
    return (node.attributes.get("class") or "").split()


def _as_block(node: LexborNode, index: SourceIndex) -> _Block | None:
    classes = _classes(node)
    if node.tag == "blockquote":
        figure = node.parent
        if figure is not None and "quote-card" in _classes(figure):
            speaker = figure.css_first(".quote-card__speaker")
            name = speaker.text(deep=True) if speaker is not None else None
            return _Block(node, attribution_for(name, index), frozenset(), figure.attributes.get("id"))
        return _blockquote(node, index)
    if "admonition" in classes or node.tag == "details":
        title_node = node.css_first(".admonition-title, summary")
        title = title_node.text(deep=True).strip() if title_node is not None else ""
        is_quote = bool({"quote", "cite"} & set(classes))
        if is_quote and title.casefold() in _DEFAULT_TITLES:
            title = ""
        if not is_quote:
            named = attribution_for(title, index) if title else None
            if named is None or (named.kind == "unknown" and not looks_like_name(title)):
                return None  # an ordinary admonition: its text is prose
        excluded = frozenset({title_node.mem_id}) if title_node is not None else frozenset()
        return _Block(node, attribution_for(title, index), excluded, None)
    return None


def _blockquote(node: LexborNode, index: SourceIndex) -> _Block:
    """A plain <blockquote>: its attribution by layout, and the element that carries it."""
    children = [c for c in node.iter() if c.tag not in (None,) and not c.tag.startswith("-")]
    excluded: set[int] = set()
    name: str | None = None
    cite = node.css_first("cite")
    if children:
        last = children[-1]
        text = last.text(deep=True).strip()
        dash = _DASH.match(text)
        if dash and last.tag == "p":
            name = dash.group(1)
            excluded.add(last.mem_id)
        elif last.tag == "p" and _wholly_emphasised(last):
            name = text
            excluded.add(last.mem_id)
    if name is None and cite is not None:
        name = cite.text(deep=True)
        excluded.add(cite.mem_id)
        holder = cite.parent
        if holder is not None and holder.tag == "p" and holder.text(deep=True).strip() == name.strip():
            excluded.add(holder.mem_id)  # a line that is only the <cite>
    if name is None:
        following = node.next
        while following is not None and following.tag == "-text" and not (following.text_content or "").strip():
            following = following.next
        if following is not None and following.tag == "p":
            text = following.text(deep=True).strip()
            dash = _DASH.match(text)
            if dash:
                name = dash.group(1)
            elif following.css_first("cite") is not None:
                name = following.css_first("cite").text(deep=True)  # type: ignore[union-attr]
    return _Block(node, attribution_for(name, index), frozenset(excluded), None)


def _wholly_emphasised(paragraph: LexborNode) -> bool:
    elements = [
        c for c in paragraph.iter(include_text=True) if not (c.tag == "-text" and not (c.text_content or "").strip())
    ]
    return len(elements) == 1 and elements[0].tag in ("strong", "em", "b", "i")


def _prove_block(page: BuiltPage, block: _Block, index: SourceIndex, report: Report, proof: PageProof) -> None:
    runs = [run for run in runs_of(block.node) if not run.is_attribute and not _inside(run.node, block.excluded)]
    words = " ".join(run.text for run in runs)
    if not words.strip():
        return
    hidden = [n for n in block.node.traverse() if n.tag and not n.tag.startswith("-") and is_hidden(n)]
    if hidden:
        report(
            words,
            "quote-hidden-text",
            f'block quotation holds hidden text: "{excerpt(words)}"',
            "readers see the words without it: remove the hidden element, or quote only what is shown",
        )
        return
    if block.attribution is not None and block.attribution.kind == "unknown":
        verdict = verify(words, block.attribution, index)
        report(runs[0].text, verdict.code, verdict.message, verdict.hint)  # once a block, at its words
        return
    for run in runs:
        words = _unquoted(run.text)
        verdict = verify(words, block.attribution, index)
        if verdict.code:
            report(run.text, verdict.code, verdict.message, verdict.hint)
        if verdict.match is not None and not verdict.code:
            proof.quotations.append(
                ShownQuotation(
                    page.path,
                    page.src_path,
                    words,
                    "block",
                    run.where,
                    block.attribution,
                    verdict.match,
                    block.card_id,
                    _section_id(run.node),
                )
            )


def _unquoted(text: str) -> str:
    """A block paragraph that is one quotation in marks (“…,”) is the words inside them."""
    spans, faults = find_spans(text)
    stripped = text.rstrip(" .,;:")
    if len(spans) and not faults:
        outer = spans[0]
        if (
            outer.depth == 0
            and outer.open_at == 0
            and outer.close_at >= len(stripped) - 1
            and all(span.depth > 0 for span in spans[1:])
        ):
            return text[outer.start : outer.end]
    return text


def _inside(node: LexborNode | None, excluded: frozenset[int]) -> bool:
    while node is not None:
        if node.mem_id in excluded:
            return True
        node = node.parent
    return False


def _section_id(node: LexborNode | None) -> str | None:
    """The id of the nearest heading before ``node`` in the page: where a reader lands."""
    current = node
    while current is not None:
        sibling = current.prev
        while sibling is not None:
            if sibling.tag in ("h2", "h3", "h4", "h5", "h6") and sibling.attributes.get("id"):
                return sibling.attributes.get("id")
            sibling = sibling.prev
        current = current.parent
        if current is not None and current.tag in ("article", "body"):
            return None
    return None


# -- inline quotations ---------------------------------------------------------------------------


def _prove_run(page: BuiltPage, run: TextRun, index: SourceIndex, report: Report, proof: PageProof) -> None:
    text = run.text
    if not run.q_spans and not _MARK_CHARACTERS.search(text):
        return  # no quotation mark, no <q>: nothing quoted here
    spans, faults = find_spans(text)
    where = "" if run.where == "text" else f" in the {run.where}"
    for fault in faults:
        start = _word_start(text, max(0, fault.at - 24))
        around = text[start : fault.at + 24]
        shift = fault.at - start  # the column of the mark itself, where the words are on one line
        if fault.kind == "ambiguous":
            report(
                around,
                "quote-ambiguous",
                f"straight quotation mark {fault.mark} pairs with nothing a reader can tell{where}: "
                f'"{excerpt(around)}"',
                "use curly marks, “…” or ‘…’, so the quotation's ends are plain",
                shift,
                text,
            )
        else:
            report(
                around,
                "quote-unbalanced",
                f'quotation mark {fault.mark} is left open or closed without opening{where}: "{excerpt(around)}"',
                "close the quotation, or remove the stray mark",
                shift,
                text,
            )
    quoted = [(span.start, span.end, "inline") for span in spans if span.depth == 0]
    quoted += [
        (start, end, "q") for start, end in run.q_spans if not any(a <= start and end <= b for a, b, _ in quoted)
    ]
    for start, end, kind in quoted:
        words = text[start:end]
        if not any(ch.isalnum() for ch in words):
            continue
        if any(start < at < end for at in run.hidden_at):
            report(
                words,
                "quote-hidden-text",
                f'quotation holds hidden text{where}: "{excerpt(words)}"',
                "readers see the words without it: remove the hidden element, or quote only what is shown",
                within=text,
            )
            continue
        verdict = verify(words, None, index)
        if verdict.code:
            report(words, verdict.code, verdict.message + where, verdict.hint, within=text)
        elif verdict.match is not None:
            proof.quotations.append(
                ShownQuotation(
                    page.path, page.src_path, words, kind, run.where, None, verdict.match, None, _section_id(run.node)
                )
            )


def _word_start(text: str, at: int) -> int:
    while 0 < at < len(text) and not text[at - 1].isspace():
        at -= 1
    return at


# -- text fragments --------------------------------------------------------------------------------


def _prove_fragments(page: BuiltPage, index: SourceIndex, report: Report) -> None:
    # the URL attributes as the link check reads them (read once a page), values decoded
    links = [
        (node, href)
        for node, tag, name, href, _ in url_attributes(page)
        if tag == "a" and name == "href" and "#:~:" in href
    ]
    if not links:
        return
    by_url = {str(t.facts.get("url")).rstrip("/"): t for t in index.texts if t.facts.get("url")}
    for link, href in links:
        if href != (link.attributes.get("href") or ""):
            continue  # an xlink:href beside no href: not an <a href> that opens a text fragment
        address, _ = urldefrag(href)
        source = by_url.get(address.rstrip("/"))
        if source is None:
            continue
        directive = href.split("#:~:", 1)[1]
        needle = href  # the address stands in the Markdown as written; its words may stand anywhere
        wrong = fragment_problems(source.raw, directive)
        if wrong:
            report(
                needle,
                "fragment-invalid",
                f"text fragment {wrong[0]}",
                "link with the fragment the quote card gives, or quote a more distinctive passage",
            )
            continue
        _fragment_at_card(link, source.raw, directive, index, report, needle)


def _fragment_at_card(
    link: LexborNode, raw: str, directive: str, index: SourceIndex, report: Report, needle: str
) -> None:
    """A quote card's link must open the original at the card's own words."""
    figure = link.parent
    while figure is not None and "quote-card" not in _classes(figure):
        figure = figure.parent
    if figure is None:
        return
    quote = figure.css_first("blockquote")
    if quote is None:
        return
    words = " ".join(run.text for run in runs_of(quote) if not run.is_attribute)
    match = index.find(words)
    opened = fragment_range(raw, directive)
    if match is None or opened is None:
        return
    start = line_offset(raw, match.line) + match.parts[0][0]
    end = line_offset(raw, match.line) + match.parts[-1][1]
    if opened[1] <= start or end <= opened[0]:
        report(
            needle,
            "fragment-invalid",
            f"text fragment {directive!r} opens the original away from the card's words",
            "link with the fragment built from the card's own match",
        )
