"""Reading the built HTML as a reader sees it: every place a page shows text.

A page yields ``TextRun``s: the text of each block of the body (a paragraph, a list item,
a heading, a table cell, a caption, an SVG ``<text>``; nav and footer included), the
``<title>``, the reader-facing ``<meta>`` contents (description, ``og:*``, ``twitter:*``)
and every reader-facing attribute (``title`` — tooltips of ``<abbr>`` and links —,
``alt``, ``aria-label``, ``placeholder``).  Code (``pre``, ``code``), scripts and styles
are exempt.  Text hidden from sight (``hidden``, inline ``display:none`` or
``visibility:hidden``, ``<template>``) is left out of a run, and the offset where it was
left out is kept, so a quotation that spans it can be refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from verbatim.built import BuiltPage
from verbatim.marks import ALL_MARKS

__all__ = ["RUN_WORDS", "TextRun", "is_hidden", "page_runs", "runs_of"]

#: the quote budget counts runs of this many consecutive article words (verbatim.budget)
RUN_WORDS = 6

#: elements whose text a reader never sees as prose
EXEMPT = frozenset({"pre", "code", "kbd", "samp", "script", "style", "noscript", "textarea", "head"})
#: elements that start a new block of text (quotation marks pair within one block)
BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "button",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "label",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "section",
        "select",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "svg",
        "text",
        "title",
        "desc",
        "g",
        "foreignobject",
    }
)
#: attributes a reader reads (tooltips, image text, accessible names)
READER_ATTRIBUTES = ("title", "alt", "aria-label", "aria-description", "placeholder")
#: <meta> whose content becomes a search snippet, a social card or a tab title
_META_NAMES = re.compile(r"^(?:description|og:.+|twitter:.+|title|author)$", re.IGNORECASE)
_HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|content-visibility\s*:\s*hidden", re.IGNORECASE
)


@dataclass
class TextRun:
    """Text shown in one place: ``where`` names the place (``text``, ``<title>``,
    ``meta og:description``, ``title of <abbr>``)."""

    text: str
    where: str
    node: LexborNode | None
    #: offsets in ``text`` where hidden content was left out
    hidden_at: list[int] = field(default_factory=list)
    #: [start, end) of each ``<q>`` element's text
    q_spans: list[tuple[int, int]] = field(default_factory=list)
    #: the nearest enclosing <blockquote>, quote card or admonition, if any
    container: LexborNode | None = None

    @property
    def is_attribute(self) -> bool:
        return self.where != "text"


def is_hidden(node: LexborNode) -> bool:
    """Hidden from sight by the markup itself."""
    return _hidden_by(node.tag, node.attributes)


def _hidden_by(tag: str | None, attributes: dict[str, str | None]) -> bool:
    if tag == "template" or "hidden" in attributes:
        return True
    style = attributes.get("style")
    return bool(style and _HIDING_STYLE.search(style))


def _is_footnote_reference(node: LexborNode, attributes: dict[str, str | None]) -> bool:
    if (attributes.get("id") or "").startswith("fnref"):
        return True
    link = node.css_first("a")
    return link is not None and "footnote-ref" in (link.attributes.get("class") or "").split()


_READER_NAMES = frozenset(READER_ATTRIBUTES)


def _is_container(node: LexborNode) -> bool:
    return _container_by(node.tag, node.attributes)


def _container_by(tag: str | None, attributes: dict[str, str | None]) -> bool:
    """A <blockquote> or <details>, or a box classed as an admonition or a quote card."""
    if tag in ("blockquote", "details"):
        return True
    if tag in ("div", "figure", "aside"):
        classes = (attributes.get("class") or "").split()
        return "admonition" in classes or "quote-card" in classes
    return False


class _Builder:
    """Collects runs while walking: one open block at a time."""

    def __init__(self) -> None:
        self.runs: list[TextRun] = []
        self.parts: list[str] = []
        self.length = 0
        self.hidden_at: list[int] = []
        self.q_spans: list[tuple[int, int]] = []
        self.node: LexborNode | None = None
        self.container: LexborNode | None = None

    def text(self, value: str) -> None:
        if not value:
            return
        if value.isspace():
            value = " "
        else:  # white space runs made one space (str.split's white space is \s's), in C
            core = " ".join(value.split())
            if core != value:
                value = (" " if value[0].isspace() else "") + core + (" " if value[-1].isspace() else "")
        if self.parts and self.parts[-1].endswith(" ") and value.startswith(" "):
            value = value[1:]
        if not self.parts and value.startswith(" "):
            value = value[1:]
        if value:
            self.parts.append(value)
            self.length += len(value)

    def flush(self) -> None:
        if not self.parts:  # a block with no words of its own (most blocks hold blocks)
            if self.hidden_at or self.q_spans:
                self.hidden_at, self.q_spans = [], []
            return
        text = "".join(self.parts)
        stripped = text.rstrip()
        if stripped.strip():
            self.runs.append(
                TextRun(
                    stripped,
                    "text",
                    self.node,
                    [min(at, len(stripped)) for at in self.hidden_at],
                    [(a, min(b, len(stripped))) for a, b in self.q_spans],
                    self.container,
                )
            )
        self.parts, self.length, self.hidden_at, self.q_spans = [], 0, [], []

    def attribute(self, node: LexborNode, name: str, value: str) -> None:
        value = " ".join(value.split())
        if value:
            self.runs.append(TextRun(value, f"{name} of <{node.tag}>", node, container=self.container))


def _walk(node: LexborNode, out: _Builder) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            value = child.text_content
            if value:
                out.text(value)
            continue
        if tag is None or tag[:1] == "-" or tag in EXEMPT:
            continue
        attributes = child.attributes  # a new dict at each access: read once
        if tag == "template" or (attributes and _hidden_by(tag, attributes)):
            out.hidden_at.append(out.length)
            continue
        if tag == "br":
            out.text(" ")
            continue
        if tag == "sup" and _is_footnote_reference(child, attributes):
            continue  # a note's number, not words: “care.”¹ closes the quotation before it
        for name in attributes:  # an element has a few attributes: fewer than READER_ATTRIBUTES
            if name in _READER_NAMES:
                _read_attributes(child, attributes, out)
                break
        if tag in _REPEATED and out.container is None:
            _walk_repeated(child, out)
        elif tag in BLOCKS:
            _walk_block(child, out, _container_by(tag, attributes))
        elif tag == "q":
            start = out.length
            _walk(child, out)
            out.q_spans.append((start, out.length))
        else:
            _walk(child, out)


def _walk_block(node: LexborNode, out: _Builder, is_container: bool | None = None) -> None:
    """A block's runs; ``is_container``: whether it is a quotation's or admonition's box,
    when the caller knows."""
    out.flush()
    outer_node, outer_container = out.node, out.container
    out.node = node
    if _is_container(node) if is_container is None else is_container:
        out.container = node
    _walk(node, out)
    out.flush()
    out.node, out.container = outer_node, outer_container


#: the chrome every page repeats (a site's nav lists every page): read in C when it quotes nothing
_REPEATED = frozenset({"nav", "header", "footer"})
_MARKS = tuple(sorted(ALL_MARKS))
#: the long lines of each mark-free chrome text seen lately (a site has a few navs a folder)
_CHROME_LINES: dict[str, list[str]] = {}
_CHROME_MEMO = 256
_QUOTES: list[str] = []  # a chrome text with a quotation mark: read in full, never remembered
_ATTRIBUTE_SELECTOR = ",".join(f"[{name}]" for name in READER_ATTRIBUTES)
#: a chrome element's <q>s and the elements with reader-facing attributes, in one query
_CHROME_SELECTOR = "q," + _ATTRIBUTE_SELECTOR


def _walk_repeated(node: LexborNode, out: _Builder) -> None:
    """Chrome with no quotation mark and no <q> holds no quotation: its words (each text
    node a run, for the quote budget) and its reader-facing attributes, read by Lexbor.

    Only the lines long enough to hold a run of ``RUN_WORDS`` words become runs: a
    shorter line can neither quote (it has no mark) nor count for the budget, and a
    large site's nav lists hundreds of short titles on every page."""
    text = node.text(deep=True, separator="\n", strip=True)  # each text node a line
    lines = _CHROME_LINES.get(text)  # the nav of every page of a folder shows the same words
    if lines is None:
        lines = _chrome_lines(node, text)
        if lines is not _QUOTES:
            if len(_CHROME_LINES) >= _CHROME_MEMO:
                _CHROME_LINES.clear()
            _CHROME_LINES[text] = lines
    elements = node.css(_CHROME_SELECTOR) if lines is not _QUOTES else []
    if lines is _QUOTES or any(element.tag == "q" for element in elements):
        _walk_block(node, out)  # it quotes: read it as the body is read
        return
    out.flush()
    for line in lines:
        out.runs.append(TextRun(line, "text", node, container=out.container))
    # the element itself is in the list (its attributes are read already, by _walk), and one
    # with two of the attributes is listed twice: each is read once
    seen = {node.mem_id}
    for element in elements:
        if element.mem_id not in seen:
            seen.add(element.mem_id)
            _read_attributes(element, element.attributes, out)


def _chrome_lines(node: LexborNode, text: str) -> list[str]:
    """The long lines of a chrome element's ``text`` (its scripts' and styles' included),
    or ``_QUOTES`` when it shows a quotation mark outside its scripts and styles (Material's
    header holds its palette script, whose code is no quotation)."""
    if not any(mark in text for mark in _MARKS):  # a search in C for each mark: no regex
        return _long_lines(text)
    code = [element.text(deep=True, separator="\n", strip=True) for element in node.css("script,style")]
    shown = sum(map(text.count, _MARKS)) - sum(sum(map(lines.count, _MARKS)) for lines in code)
    if shown > 0:  # a script or style is raw text: no element, so no mark, is counted twice
        return _QUOTES
    in_code = {line for lines in code for line in _long_lines(lines)}
    return [line for line in _long_lines(text) if line not in in_code]


def _long_lines(text: str) -> list[str]:
    """The lines of ``text`` with at least ``RUN_WORDS - 1`` spaces, white space normalised
    (a line ends at a line break and the white space around it)."""
    pieces = filter(None, map(str.strip, text.split("\n")))  # in C: a nav's text has hundreds
    shortest = 2 * RUN_WORDS - 3  # RUN_WORDS - 1 spaces between words, at the least
    lines = []
    for line in pieces:
        # a line of n words shows at most n + 1 spaces: fewer than RUN_WORDS - 2 words is too short
        if len(line) < shortest or len(line.split(None, RUN_WORDS - 3)) < RUN_WORDS - 2:
            continue
        line = " ".join(line.split())
        if line.count(" ") >= RUN_WORDS - 1:
            lines.append(line)
    return lines


def _read_attributes(node: LexborNode, attributes: dict[str, str | None], out: _Builder) -> None:
    for name in READER_ATTRIBUTES:
        value = attributes.get(name)
        if value:
            out.attribute(node, name, value)


def runs_of(node: LexborNode) -> list[TextRun]:
    """The runs of one element (its blocks, its attributes), as ``page_runs`` reads a body."""
    out = _Builder()
    _walk_block(node, out)
    return out.runs


def page_runs(page: BuiltPage) -> list[TextRun]:
    """Every run of a page: the head's reader-facing text first, then the body's."""
    runs = list(_head_runs(page))
    body = page.tree.body
    if body is not None:
        runs.extend(runs_of(body))
    return runs


def _head_runs(page: BuiltPage) -> Iterator[TextRun]:
    head = page.tree.head
    if head is None:
        return
    for node in head.iter():
        if node.tag == "title":
            text = " ".join(node.text(deep=True).split())
            if text:
                yield TextRun(text, "<title>", node)
        elif node.tag == "meta":
            name = node.attributes.get("name") or node.attributes.get("property") or ""
            content = node.attributes.get("content")
            if content and _META_NAMES.match(name):
                yield TextRun(" ".join(content.split()), f"meta {name}", node)
