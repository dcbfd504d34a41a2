"""The Markdown-level pass: what exists only in the source, not in the built pages.

The quotations are proved on the built pages (verbatim.proof); this pass reads the Markdown
only for what a built page cannot show: front matter validity and ``source_lines``, nav
entries, links between pages by their ``.md`` paths (with hints: did you mean …?), undefined
references and footnotes, unclosed fences, and the site rules (every page but the home page
linked from another page; every theme page, verbatim.themes, linking to at least two
others).  ``check_sources(config_path, paths=None, config=None) -> (problems, stats)`` runs
it, on the config MkDocs loaded (the build's, or verbatim.project.load_mkdocs_config's:
INHERIT, !ENV, !relative, exclude_docs, not_in_nav as MkDocs reads them); front matter is
read by MkDocs' own mkdocs.utils.meta.

The links and ids come from a light line scanner, ``scan_page(markdown, config) ->
PageScan`` (links, ids and ``Heading``s of one page, page-local problems); it reads no
quotation (the quote cards, the quote index and the theme map are made from the rendered
pages, scripts/quote_catalogue.py). Heading ids come from the toc extension's own
slugify and de-duplication, configured as mkdocs.yml configures them.
"""

from __future__ import annotations

import bisect
import gc
import html
import importlib
import os
import posixpath
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.meta import YAML_RE, get_data
from pathspec import PathSpec

from verbatim import inputs
from verbatim.matching import (
    _FAST_SAFE_LOADER,
    QuoteMatch,
    SourceIndex,
    SourceText,
    Speaker,
    _read_text,
    _shown,
    _yaml_error,
    load_sources,
    normalise,
)
from verbatim.problems import InputError, Problem
from verbatim.project import load_mkdocs_config
from verbatim.themes import is_theme_page

__all__ = [
    "CODES",
    "Heading",
    "InputError",
    "MarkdownConfig",
    "Problem",
    "QuoteMatch",
    "SourceIndex",
    "SourceText",
    "Speaker",
    "check_sources",
    "load_sources",
    "normalise",
    "scan_page",
    "strip_inline_markup",
]

#: Every problem code, with what it means (the README lists one example of each).
CODES: dict[str, str] = {
    "link-missing-page": "a relative link leads to no page",
    "link-missing-anchor": "a #anchor is not an id on its target page",
    "link-missing-asset": "a link to a file leads to no file",
    "link-missing-reference": "a reference-style link names an undefined reference",
    "link-not-in-nav": "a link leads to a page that is not in nav",
    "link-insecure": "an external link uses http:// instead of https://",
    "link-absolute": "a link starts with / (MkDocs does not rewrite it)",
    "link-html-md": "a raw HTML href points at a .md file (MkDocs rewrites only Markdown links)",
    "footnote-undefined": "a footnote reference has no definition",
    "page-orphan": "no other page links to this page",
    "page-not-in-nav": "a page is not listed in nav",
    "page-empty": "a page has no content",
    "theme-underlinked": "a theme page links to fewer than two other theme pages",
    "fence-unclosed": "a code fence is never closed",
    "front-matter-invalid": "the YAML front matter does not parse",
    "source-lines-invalid": "front matter source_lines is not a range of source lines",
    "nav-missing-page": "a nav entry names a page that does not exist",
}


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Markdown configuration (from mkdocs.yml)
# ---------------------------------------------------------------------------


def _toc_slugify(value: str, separator: str) -> str:
    from markdown.extensions.toc import slugify

    return slugify(value, separator)


@dataclass(frozen=True)
class MarkdownConfig:
    """What of mkdocs.yml's markdown_extensions shapes the ids of a built page."""

    slugify: Callable[[str, str], str] = _toc_slugify
    separator: str = "-"
    attr_list: bool = True
    footnote_separator: str = ":"


DEFAULT_MARKDOWN = MarkdownConfig()


# ---------------------------------------------------------------------------
# Page scanning: a light line scanner, no rendering
# ---------------------------------------------------------------------------


@dataclass
class _Link:
    line: int
    column: int
    target: str
    kind: str  # "inline", "image", "reference", "html", "autolink"


@dataclass(frozen=True)
class Heading:
    """A heading of a page: its line, its text without markup, and the id the built
    page gives it (its ``{#id}``, or the toc extension's slug)."""

    line: int
    title: str
    id: str


@dataclass
class PageScan:
    links: list[_Link] = field(default_factory=list)
    problems: list[tuple[int, int, str, str, str]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    headings: list[Heading] = field(default_factory=list)
    front_matter: dict[str, Any] = field(default_factory=dict)
    front_matter_lines: dict[str, int] = field(default_factory=dict)
    title_line: int = 0
    empty: bool = True


_FENCE_OPEN = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
_ADMONITION = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)[ \t]*([\w-]+(?:[ \t]+[\w-]+)*)?(?:[ \t]*"(.*)")?[ \t]*$')
_TAB = re.compile(r'^\s*===\+?[ \t]+"')
_ATX = re.compile(r"^(\s*)(#{1,6})(.*?)(?:[ \t]+#+|#*)?[ \t]*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"^\s{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_ABBREVIATION_DEF = re.compile(r"^\s*\*\[[^\]]+\]:")
_FOOTNOTE_DEF = re.compile(r"^(\s*)\[\^([^\]\s]+)\]:[ \t]?")
_REFERENCE_DEF = re.compile(
    r"""^(\s*)\[([^\]^][^\]]*)\]:[ \t]*(<[^>\n]*>|\S+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*$"""
)
# Python-Markdown's attr_list: #id, .class, key=value, and a bare key (Material's
# data-search-exclude), which must not hide the id beside it.
_ATTR_LIST_BODY = r"""(?:[#.][\w:-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+)|[\w-]+)"""
_BLOCK_ATTR = re.compile(r"^\s*\{:?[ \t]*" + _ATTR_LIST_BODY + r"(?:[ \t]+" + _ATTR_LIST_BODY + r")*[ \t]*\}\s*$")
_INLINE_ATTR = re.compile(r"\{:?[ \t]*(" + _ATTR_LIST_BODY + r"(?:[ \t]+" + _ATTR_LIST_BODY + r")*)[ \t]*\}")
_HEADING_ATTR = re.compile(
    r"[ \t]*\{:?[ \t]*(" + _ATTR_LIST_BODY + r"(?:[ \t]+" + _ATTR_LIST_BODY + r")*)[ \t]*\}[ \t]*$"
)
_ID_IN_ATTR = re.compile(r"(?:^|\s)#([\w:-]+)")
_SNIPPET = re.compile(r"^\s*-{1,}8<-{1,}")
_RAW_BLOCK = re.compile(r"^<(script|style|pre|textarea)\b", re.IGNORECASE)

_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()<>#!|]")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]*)>")
_HTML_TAG = re.compile(
    r"""<(/?)([A-Za-z][\w:-]*)((?:\s+[^\s"'=<>/`]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)"""
    r"""\s*/?>"""
)
_HTML_ATTRIBUTE = re.compile(r"""([^\s"'=<>/`]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_LINK_OPEN = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(")
_REFERENCE_USE = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\[([^\[\]]*)\]")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")
_MARKUP_CHARACTERS = re.compile(r"[\\`<\[{*_&!]")
_INLINE_SYNTAX = re.compile(r"[\\`<\[{]")


def _blank_out(text: str) -> str:
    """Same length, line breaks kept, every other character a space."""
    return re.sub(r"[^\n]", " ", text)


def strip_inline_markup(text: str, attr_list: bool = True) -> str:
    """The words a reader sees: links, emphasis, code ticks, tags, footnote refs set aside.

    ``attr_list``: whether ``{#id .class}`` lists are markup (the extension is enabled).
    """
    if not _MARKUP_CHARACTERS.search(text):
        return text
    protected: list[str] = []

    def protect(match: re.Match[str]) -> str:
        protected.append(match.group()[1:])
        return f"\ue000{len(protected) - 1}\ue001"

    text = _ESCAPE.sub(protect, text)
    text = _HTML_COMMENT.sub("", text)
    text = _CODE_SPAN.sub(lambda m: m.group(2).strip(" ") if m.group(2).strip() else m.group(2), text)
    text = _FOOTNOTE_REF.sub("", text)
    text = re.sub(r"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()]|\([^()]*\))*\)", r"\1", text)
    text = re.sub(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\[[^\[\]]*\]", r"\1", text)
    if attr_list:
        text = _INLINE_ATTR.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if protected:
        text = re.sub("\ue000(\\d+)\ue001", lambda m: protected[int(m.group(1))], text)
    return text


@dataclass
class _Inline:
    masked: str
    links: list[tuple[int, str, str]]  # offset, target, kind
    ids: list[str]  # from raw HTML
    attr_ids: list[str]  # from attribute lists
    footnote_refs: list[tuple[int, str]]
    reference_uses: list[tuple[int, str]]


def _parse_link_target(text: str, start: int) -> tuple[int, int, int] | None:
    """After ``](``: (target start, target end, position after the closing paren)."""
    index = start
    length = len(text)
    while index < length and text[index] in " \t\n":
        index += 1
    if index < length and text[index] == "<":
        close = text.find(">", index)
        if close == -1 or "\n" in text[index:close]:
            return None
        target_start, target_end = index + 1, close
        index = close + 1
    else:
        target_start = index
        depth = 0
        while index < length:
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char in " \t\n":
                break
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            index += 1
        target_end = index
    while index < length and text[index] in " \t\n":
        index += 1
    if index < length and text[index] in "\"'(":
        closer = ")" if text[index] == "(" else text[index]
        close = text.find(closer, index + 1)
        if close == -1:
            return None
        index = close + 1
        while index < length and text[index] in " \t\n":
            index += 1
    if index < length and text[index] == ")":
        return target_start, target_end, index + 1
    return None


def _scan_inline(text: str) -> _Inline:
    """Mask what is not prose (code, tags, link targets, attribute lists); collect links and ids."""
    if not _INLINE_SYNTAX.search(text):  # plain prose: nothing to mask, no links
        return _Inline(text, [], [], [], [], [])
    links: list[tuple[int, str, str]] = []
    ids: list[str] = []
    masked = _ESCAPE.sub(lambda m: "  ", text)
    masked = _CODE_SPAN.sub(lambda m: _blank_out(m.group()), masked)

    def autolink(match: re.Match[str]) -> str:
        links.append((match.start(1), match.group(1), "autolink"))
        return _blank_out(match.group())

    masked = _AUTOLINK.sub(autolink, masked)

    def tag(match: re.Match[str]) -> str:
        for attribute in _HTML_ATTRIBUTE.finditer(match.group(3)):
            name = attribute.group(1).lower()
            value = next((v for v in attribute.group(2, 3, 4) if v is not None), None)
            if value is None:
                continue
            offset = match.start(3) + attribute.start(attribute.lastindex or 1)
            if name == "id":
                ids.append(html.unescape(value))
            elif name in ("href", "src"):
                links.append((offset, html.unescape(value), "html"))
        return _blank_out(match.group())

    if "<" in masked:
        masked = _HTML_TAG.sub(tag, masked)
    if "](" in masked:
        pieces = []
        cursor = 0
        for match in _LINK_OPEN.finditer(masked):
            if match.start() < cursor:
                continue
            parsed = _parse_link_target(masked, match.end())
            if parsed is None:
                continue
            target_start, target_end, after = parsed
            target = masked[target_start:target_end]
            links.append((target_start, target, "image" if match.group(1) else "inline"))
            paren = match.end() - 1
            pieces.append(masked[cursor:paren])
            pieces.append(_blank_out(masked[paren:after]))
            cursor = after
        pieces.append(masked[cursor:])
        masked = "".join(pieces)
    reference_uses = [
        (m.start(), (m.group(2) or m.group(1)))
        for m in _REFERENCE_USE.finditer(masked)
        if not m.group(1).startswith("^")
    ]
    footnote_refs = [(m.start(), m.group(1)) for m in _FOOTNOTE_REF.finditer(masked)]
    attr_ids: list[str] = []
    if "{" in masked:

        def attr(match: re.Match[str]) -> str:
            attr_ids.extend(_ID_IN_ATTR.findall(match.group(1)))
            return _blank_out(match.group())

        masked = _INLINE_ATTR.sub(attr, masked)
    return _Inline(masked, links, ids, attr_ids, footnote_refs, reference_uses)


class _Block:
    """A block quotation being read: ``>`` lines or a quote admonition's body (its
    links and ids count; its words are proved on the built page)."""

    def __init__(self, kind: str, indent: int) -> None:
        self.kind = kind
        self.indent = indent
        self.segments: list[tuple[int, int, str] | None] = []  # None: a paragraph break
        self.blank_pending = False

    def add(self, line: int, column: int, text: str) -> None:
        if text.strip():
            self.segments.append((line, column, text))
        else:
            self.add_break()

    def add_break(self) -> None:
        if self.segments and self.segments[-1] is not None:
            self.segments.append(None)

    @property
    def last_was_text(self) -> bool:
        return bool(self.segments) and self.segments[-1] is not None

    def paragraphs(self) -> list[list[tuple[int, int, str]]]:
        result: list[list[tuple[int, int, str]]] = [[]]
        for segment in self.segments:
            if segment is None:
                result.append([])
            else:
                result[-1].append(segment)
        return [p for p in result if p]


class _PageScanner:
    def __init__(self, scan: PageScan, config: MarkdownConfig) -> None:
        self.scan = scan
        self.config = config
        self.para: list[tuple[int, int, str]] = []
        self.para_kind = ""  # "", "list", "table"
        self.block: _Block | None = None
        self.fence: tuple[str, int, int] | None = None
        self.raw_tag: str | None = None
        self.in_comment = False
        self.admonitions: list[int] = []
        self.headings: list[tuple[int, str, str | None]] = []  # line, text, explicit id
        self.explicit_ids: list[str] = []
        self.footnote_defs: dict[str, int] = {}
        self.footnote_refs: list[tuple[int, int, str]] = []
        self.reference_defs: set[str] = set()
        self.reference_uses: list[tuple[int, int, str]] = []

    # -- helpers ------------------------------------------------------------------
    def _problem(self, line: int, column: int, code: str, message: str, hint: str = "") -> None:
        self.scan.problems.append((line, column, code, message, hint))

    def _mask_comments(self, line: str) -> tuple[str, bool]:
        """Blank out HTML comments, which may run over several lines."""
        had = False
        if self.in_comment:
            close = line.find("-->")
            had = True
            if close == -1:
                return _blank_out(line), True
            line = " " * (close + 3) + line[close + 3 :]
            self.in_comment = False
        search_from = 0
        while True:
            start = line.find("<!--", search_from)
            if start == -1:
                return line, had
            if line.count("`", 0, start) % 2:  # inside a code span
                search_from = start + 4
                continue
            had = True
            close = line.find("-->", start + 4)
            if close == -1:
                self.in_comment = True
                return line[:start] + _blank_out(line[start:]), True
            line = line[:start] + " " * (close + 3 - start) + line[close + 3 :]
            search_from = close + 3

    # -- the line loop --------------------------------------------------------------
    def feed(self, number: int, raw: str) -> None:
        if self.fence is not None:
            char, length, _ = self.fence
            stripped = raw.strip()
            if stripped and set(stripped) == {char} and len(stripped) >= length:
                self.fence = None
            return
        if self.raw_tag is not None:
            if f"</{self.raw_tag}" in raw.lower():
                self.raw_tag = None
            return
        line, had_comment = self._mask_comments(raw)
        stripped = line.strip()
        if not stripped:
            if not had_comment:
                self._blank()
            return
        self.scan.empty = False
        indent = len(line) - len(line.lstrip())
        if self.block is not None and self._feed_block(number, line, indent, stripped):
            return
        while self.admonitions and indent <= self.admonitions[-1]:
            self.admonitions.pop()
        container = self.admonitions[-1] + 4 if self.admonitions else 0
        first = stripped[0]
        if first in "`~":
            match = _FENCE_OPEN.match(line)
            if match and not (match.group(2)[0] == "`" and "`" in match.group(3)):
                self._flush()
                self.fence = (match.group(2)[0], len(match.group(2)), number)
                return
        if first == "<":
            match = _RAW_BLOCK.match(stripped)
            if match and f"</{match.group(1).lower()}" not in stripped.lower():
                self._flush()
                self.raw_tag = match.group(1).lower()
                return
        if first in "!?":
            match = _ADMONITION.match(line)
            if match and match.group(2):
                self._flush()
                kind = match.group(2).split()[0].lower()
                if kind in ("quote", "cite"):
                    self.block = _Block("admonition", indent)
                else:
                    self.admonitions.append(indent)
                return
        if first == "=" and _TAB.match(line):
            self._flush()
            self.admonitions.append(indent)
            return
        if first == ">":
            self._flush()
            self.block = _Block("quote", indent)
            self._feed_block(number, line, indent, stripped)
            return
        if first == "#":
            match = _ATX.match(line)
            if match and indent <= container + 3:
                self._flush()
                self._heading(number, indent + len(match.group(2)), match.group(3), len(match.group(2)))
                return
        if first in "=-" and len(self.para) == 1 and not self.para_kind and _SETEXT.match(line):
            line_number, column, text = self.para[0]
            self.para = []
            self._heading(line_number, column, text, 1 if first == "=" else 2)
            return
        if first in "-*_" and _HR.match(line):
            self._flush()
            return
        if first == "*" and _ABBREVIATION_DEF.match(line):
            self._flush()
            return
        if first == "[":
            match = _FOOTNOTE_DEF.match(line)
            if match:
                self._flush()
                self.footnote_defs.setdefault(match.group(2), number)
                if line[match.end() :].strip():
                    self.para.append((number, match.end(), line[match.end() :]))
                return
            match = _REFERENCE_DEF.match(line)
            if match:
                self._flush()
                label = " ".join(match.group(2).lower().split())
                self.reference_defs.add(label)
                target = match.group(3)
                column = match.start(3)
                if target.startswith("<"):
                    target, column = target[1:-1], column + 1
                self.scan.links.append(_Link(number, column + 1, target, "reference"))
                return
        if first == "{" and _BLOCK_ATTR.match(stripped):
            self._flush()
            if self.config.attr_list:
                self.explicit_ids.extend(_ID_IN_ATTR.findall(stripped.strip("{}: ")))
            return
        if first == "-" and _SNIPPET.match(line):
            self._flush()
            return
        if first == "|" and (not self.para or self.para_kind == "table"):
            self._flush()
            self.para_kind = "table"
            self.para.append((number, indent, line[indent:]))
            self._flush(keep_kind=True)
            return
        if _LIST_ITEM.match(line) and (not self.para or self.para_kind == "list"):
            self._flush()
            self.para_kind = "list"
        self.para.append((number, indent, line[indent:]))

    def _feed_block(self, number: int, line: str, indent: int, stripped: str) -> bool:
        """Feed a line to the open block quotation; False when the line ends it."""
        block = self.block
        assert block is not None
        if block.kind == "admonition":
            if indent > block.indent:
                match = _FENCE_OPEN.match(line)
                if match and not (match.group(2)[0] == "`" and "`" in match.group(3)):
                    self.fence = (match.group(2)[0], len(match.group(2)), number)
                    block.add_break()
                    return True
                block.add(number, indent, line[indent:])
                return True
        elif stripped.startswith(">") and indent <= block.indent + 3:
            column = line.index(">") + 1
            if line[column : column + 1] == " ":
                column += 1
            if block.blank_pending:
                block.add_break()
                block.blank_pending = False
            block.add(number, column, line[column:])
            return True
        elif not block.blank_pending and block.last_was_text and not _starts_block(stripped):
            block.add(number, indent, line[indent:])  # a lazy continuation line
            return True
        self._close_block()
        return False

    def _blank(self) -> None:
        if self.block is not None:
            if self.block.kind == "admonition":
                self.block.add_break()
            else:
                self.block.blank_pending = True
            return
        self._flush()

    def finish(self) -> None:
        self._flush()
        if self.block is not None:
            self._close_block()
        if self.fence is not None:
            char, length, line = self.fence
            self._problem(
                line,
                1,
                "fence-unclosed",
                f"code fence {char * length} is never closed",
                f"close it with a line of {char * length}",
            )

    # -- paragraphs ---------------------------------------------------------------------
    def _flush(self, keep_kind: bool = False) -> None:
        if self.para:
            self._prose(self.para)
            self.para = []
        if not keep_kind:
            self.para_kind = ""

    def _inline(self, segments: list[tuple[int, int, str]]) -> None:
        text = "\n".join(segment[2] for segment in segments)
        inline = _scan_inline(text)
        starts = []
        offset = 0
        for _, _, segment_text in segments:
            starts.append(offset)
            offset += len(segment_text) + 1

        def locate(position: int) -> tuple[int, int]:
            index = bisect.bisect_right(starts, position) - 1
            line, column, _ = segments[index]
            return line, column + position - starts[index] + 1

        for offset, target, kind in inline.links:
            self.scan.links.append(_Link(*locate(offset), target, kind))
        self.explicit_ids.extend(inline.ids)
        if self.config.attr_list:  # without attr_list, braces are text
            self.explicit_ids.extend(inline.attr_ids)
        for offset, label in inline.footnote_refs:
            self.footnote_refs.append((*locate(offset), label))
        for offset, label in inline.reference_uses:
            self.reference_uses.append((*locate(offset), label))

    def _prose(self, segments: list[tuple[int, int, str]]) -> None:
        self._inline(segments)  # its links, ids and references; its quotations are proved on the built page

    def _heading(self, number: int, column: int, raw_text: str, level: int) -> None:
        text = raw_text
        explicit = None
        if self.config.attr_list:
            match = _HEADING_ATTR.search(text)
            if match:
                ids = _ID_IN_ATTR.findall(match.group(1))
                explicit = ids[-1] if ids else None
                text = text[: match.start()]
        offset = len(text) - len(text.lstrip())
        if text.strip():
            self._prose([(number, column + offset, text.strip())])
        name = " ".join(strip_inline_markup(text, self.config.attr_list).split())
        self.headings.append((number, name, explicit))
        if level == 1 and not self.scan.title_line:
            self.scan.title_line = number

    def _close_block(self) -> None:
        block = self.block
        assert block is not None
        self.block = None
        for paragraph in block.paragraphs():
            self._inline(paragraph)

    # -- ids ------------------------------------------------------------------------------
    def final_ids(self) -> set[str]:
        from markdown.extensions.toc import unique

        # toc first gathers every id the page already has, then slugs the other headings
        used = set(self.explicit_ids) | {h[2] for h in self.headings if h[2] is not None}
        separator = self.config.footnote_separator
        for label in self.footnote_defs:
            used.add(f"fn{separator}{label}")
        seen: dict[str, int] = {}
        for line, column, label in self.footnote_refs:
            if label not in self.footnote_defs:
                self._problem(
                    line,
                    column,
                    "footnote-undefined",
                    f"footnote [^{label}] has no definition",
                    f"add a line [^{label}]: ... at the end of the page",
                )
                continue
            seen[label] = seen.get(label, 0) + 1
            count = seen[label]
            used.add(f"fnref{separator}{label}" if count == 1 else f"fnref{count}{separator}{label}")
        for line, column, label in self.reference_uses:
            if " ".join(label.lower().split()) not in self.reference_defs:
                self._problem(
                    line,
                    column,
                    "link-missing-reference",
                    f"reference [{label}] is not defined on this page",
                    f"add a line [{label}]: target, or use an inline link",
                )
        ids = set(used)
        for line, name, explicit in self.headings:
            if explicit is None:
                slug = self.config.slugify(html.unescape(name), self.config.separator)
                explicit = unique(slug, used)
                ids.add(explicit)
            self.scan.headings.append(Heading(line, name, explicit))
        return ids


def _starts_block(stripped: str) -> bool:
    """Whether a line opens a block of its own (and so cannot continue a paragraph)."""
    return bool(
        (stripped[:1] in "#`~" and (_ATX.match(stripped) or _FENCE_OPEN.match(stripped)))
        or (_ADMONITION.match(stripped) and stripped[:1] in "!?")
        or _LIST_ITEM.match(stripped)
        or _HR.match(stripped)
    )


def _front_matter(lines: list[str], scan: PageScan) -> int:
    """Read the front matter as MkDocs does (mkdocs.utils.meta: its YAML_RE and get_data);
    return the index of the first body line."""
    text = "\n".join(lines)
    block = YAML_RE.match(text)
    if block is None:
        return 0  # not front matter: MkDocs reads the --- as a rule
    _, data = get_data(text)
    body_start = block.group(0).count("\n")
    if not data and block.group(1).strip():
        _front_matter_fault(block.group(1), scan)  # get_data drops it whole; say why, and where
        return body_start
    scan.front_matter = data
    for number in range(1, body_start - 1):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:", lines[number])
        if match:
            scan.front_matter_lines.setdefault(match.group(1), number + 1)
    return body_start


def _front_matter_fault(yaml_text: str, scan: PageScan) -> None:
    """Why MkDocs ignores this front matter: a YAML error (at its line), or not a mapping."""
    try:
        data = yaml.load(yaml_text, Loader=_FAST_SAFE_LOADER)
    except yaml.YAMLError as error:
        line, problem = _yaml_error(error)
        scan.problems.append(
            (
                line + 1,
                1,
                "front-matter-invalid",
                f"front matter is not valid YAML ({problem})",
                "MkDocs ignores the whole front matter; quote values that hold a colon",
            )
        )
        return
    if isinstance(data, dict):
        return  # an empty mapping: nothing to read
    scan.problems.append(
        (2, 1, "front-matter-invalid", "front matter is not a mapping of keys to values", "write one key: value a line")
    )


def scan_page(markdown: str, config: MarkdownConfig = DEFAULT_MARKDOWN) -> PageScan:
    """Links, ids, headings and page-local problems of one page's Markdown."""
    lines = [line[:-1] if line.endswith("\r") else line for line in markdown.split("\n")]
    scan = PageScan()
    scanner = _PageScanner(scan, config)
    for index in range(_front_matter(lines, scan), len(lines)):
        scanner.feed(index + 1, lines[index])
    scanner.finish()
    scan.ids = scanner.final_ids()
    if not scan.title_line:
        scan.title_line = 1
    return scan


# ---------------------------------------------------------------------------
# mkdocs.yml
# ---------------------------------------------------------------------------


@dataclass
class Site:
    """What the Markdown pass needs of mkdocs.yml, from the config MkDocs loaded."""

    root: Path
    config_file: Path
    config_text: str  # for the line of a nav entry
    docs_dir: Path
    nav: list[str] | None
    markdown: MarkdownConfig
    use_directory_urls: bool
    asset_dirs: list[Path]
    exclude: PathSpec[Any] | None
    not_in_nav: PathSpec[Any] | None


def _resolve_slugify(value: object, where: str) -> Callable[[str, str], str]:
    """toc's slugify: MkDocs' loader has made a !!python/name or /object/apply tag the
    function itself; a dotted name in a string is imported."""
    if callable(value):
        return cast(Callable[[str, str], str], value)
    if not isinstance(value, str):
        raise InputError(where, f"toc slugify {value!r} is neither a function nor its dotted name")
    module_name, _, attribute = value.rpartition(".")
    try:
        function = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as error:
        raise InputError(where, f"cannot import toc slugify {value} ({error})") from None
    return cast(Callable[[str, str], str], function)


def _markdown_config(config: MkDocsConfig, shown: str) -> MarkdownConfig:
    options = config.mdx_configs or {}
    toc = options.get("toc") or options.get("markdown.extensions.toc") or {}
    footnotes = options.get("footnotes") or options.get("markdown.extensions.footnotes") or {}
    has = {str(name) for name in config.markdown_extensions}
    attr_list = bool(has & {"attr_list", "markdown.extensions.attr_list", "extra", "markdown.extensions.extra"})
    slugify = _resolve_slugify(toc["slugify"], shown) if "slugify" in toc else _toc_slugify
    return MarkdownConfig(
        slugify=slugify,
        separator=str(toc.get("separator", "-")),
        attr_list=attr_list,
        footnote_separator=str(footnotes.get("SEPARATOR", ":")),
    )


def _nav_paths(nav: Any) -> list[str]:
    paths: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, str):
            if not re.match(r"^[A-Za-z][\w+.-]*:|^/|^#", item):
                paths.append(posixpath.normpath(item))
        elif isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            for child in item.values():
                walk(child)

    walk(nav)
    return paths


def _matches(spec: PathSpec[Any] | None, path: str) -> bool:
    """Whether a docs path matches exclude_docs or not_in_nav, as MkDocs matches them."""
    return spec is not None and spec.match_file(path)


def load_site(config_path: Path, config: MkDocsConfig | None = None) -> Site:
    """The site mkdocs.yml describes, from ``config`` (the build's) or as MkDocs loads it."""
    config_path = Path(config_path)
    if config is None:
        config = load_mkdocs_config(config_path)
    shown = _shown(config_path, Path.cwd())
    custom_dir = config.theme.custom_dir
    docs_dir = Path(config.docs_dir)
    return Site(
        root=config_path.resolve().parent,
        config_file=config_path.resolve(),
        config_text=_read_text(config_path),
        docs_dir=docs_dir,
        nav=_nav_paths(config.nav) if config.nav else None,
        markdown=_markdown_config(config, shown),
        use_directory_urls=bool(config.use_directory_urls),
        asset_dirs=[docs_dir, *([Path(custom_dir)] if custom_dir else [])],
        exclude=config.exclude_docs,
        not_in_nav=config.not_in_nav,
    )


# ---------------------------------------------------------------------------
# The site check
# ---------------------------------------------------------------------------


@dataclass
class _Page:
    rel: str  # relative to docs_dir, posix
    shown: str  # relative to the repo root, posix
    scan: PageScan
    theme: bool = False


@dataclass
class _Stats:
    pages: int = 0
    links: int = 0
    seconds: float = 0.0


#: the file names MkDocs builds as pages (mkdocs.utils.markdown_extensions)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def _page_files(site: Site) -> list[str]:
    pages = []
    for directory, folders, files in os.walk(site.docs_dir):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        relative_dir = Path(directory).relative_to(site.docs_dir).as_posix()
        if relative_dir == ".":
            folders[:] = [f for f in folders if f != "templates"]
        for name in sorted(files):
            if not name.endswith(MARKDOWN_SUFFIXES) or name.startswith("."):
                continue
            rel = name if relative_dir == "." else f"{relative_dir}/{name}"
            if not _matches(site.exclude, rel):
                pages.append(rel)
    return pages


def _page_url(rel: str, directory_urls: bool) -> str:
    """The URL path of a page relative to the site root, as MkDocs builds it."""
    stem = rel.rsplit(".", 1)[0]
    if not directory_urls:
        return stem + ".html"
    if stem in ("index", "README") or stem.endswith(("/index", "/README")):
        head = stem.rpartition("/")[0]
        return head + "/" if head else ""
    return stem + "/"


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


class _SiteChecker:
    def __init__(self, site: Site, index: SourceIndex, pages: dict[str, _Page]) -> None:
        self.site = site
        self.index = index
        self.pages = pages
        self.nav = set(site.nav) if site.nav is not None else set(pages)
        self.urls = {_page_url(rel, site.use_directory_urls): rel for rel in pages}
        self.incoming: dict[str, set[str]] = {rel: set() for rel in pages}
        self.theme_links: dict[str, set[str]] = {rel: set() for rel in pages}
        self.problems: list[Problem] = []

    def add(self, page: _Page, line: int, column: int, code: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(page.shown, line, column, code, message, hint))

    def check_links(self, page: _Page) -> None:
        for link in page.scan.links:
            self._check_link(page, link)

    def _check_link(self, page: _Page, link: _Link) -> None:
        target = link.target.strip()
        if not target:
            self.add(
                page,
                link.line,
                link.column,
                "link-missing-page",
                "link has an empty target",
                "write the .md path of the page it should lead to",
            )
            return
        scheme = _SCHEME.match(target)
        if scheme:
            if scheme.group(1).lower() == "http":
                self.add(
                    page,
                    link.line,
                    link.column,
                    "link-insecure",
                    f"insecure link {target}",
                    f"use https://{target[7:]}",
                )
            return
        if target.startswith("//"):
            return
        if target.startswith("/"):
            self.add(
                page,
                link.line,
                link.column,
                "link-absolute",
                f"absolute link {target}: MkDocs does not rewrite it",
                "link to the .md file by a path relative to this page",
            )
            return
        path, _, anchor = target.partition("#")
        path = unquote(path.split("?", 1)[0])
        anchor = unquote(anchor)
        if link.kind == "html":
            self._check_html_link(page, link, path, anchor)
            return
        if not path:
            self._check_anchor(page, link, page.rel, anchor)
            return
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))
        if resolved.startswith("../") or resolved == "..":
            self.add(
                page,
                link.line,
                link.column,
                "link-missing-page" if path.endswith(MARKDOWN_SUFFIXES) else "link-missing-asset",
                f"link {target} leads outside docs_dir",
                "only files under docs/ are published",
            )
            return
        if path.endswith(MARKDOWN_SUFFIXES):
            self._check_page_link(page, link, target, resolved, anchor)
        elif path.endswith("/") or (self.site.docs_dir / resolved).is_dir():
            suggestion = posixpath.join(path, "index.md")
            self.add(
                page,
                link.line,
                link.column,
                "link-missing-page",
                f"link {target} leads to a folder, not a page",
                f"link to the page's .md file, e.g. {suggestion}",
            )
        elif path.endswith(".html"):
            self.add(
                page,
                link.line,
                link.column,
                "link-missing-page",
                f"link {target} names a built .html file",
                f"link to the .md source instead: {path[:-5]}.md",
            )
        elif not any((directory / resolved).is_file() for directory in self.site.asset_dirs):
            self.add(
                page,
                link.line,
                link.column,
                "link-missing-asset",
                f"link {target} leads to no file",
                _closest_hint(resolved, self._asset_names(), "did you mean {}?"),
            )

    def _asset_names(self) -> list[str]:
        names = []
        for directory in self.site.asset_dirs:
            for file in directory.rglob("*"):
                if file.is_file() and not file.name.endswith(MARKDOWN_SUFFIXES):
                    names.append(file.relative_to(directory).as_posix())
        return names

    def _check_page_link(self, page: _Page, link: _Link, target: str, resolved: str, anchor: str) -> None:
        if resolved not in self.pages:
            relative = [posixpath.relpath(rel, posixpath.dirname(page.rel) or ".") for rel in self.pages]
            self.add(
                page,
                link.line,
                link.column,
                "link-missing-page",
                f"link {target} leads to no page",
                _closest_hint(target.partition("#")[0], relative, "did you mean {}?"),
            )
            return
        self._count(page, resolved)
        if resolved not in self.nav and not _matches(self.site.not_in_nav, resolved):
            self.add(
                page,
                link.line,
                link.column,
                "link-not-in-nav",
                f"link {target} leads to a page that is not in nav",
                "add the page to nav in mkdocs.yml, or link to a page in nav",
            )
            return
        self._check_anchor(page, link, resolved, anchor)

    def _check_html_link(self, page: _Page, link: _Link, path: str, anchor: str) -> None:
        target = link.target
        base = _page_url(page.rel, self.site.use_directory_urls)
        if path.endswith(MARKDOWN_SUFFIXES):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))
            url = _page_url(resolved, self.site.use_directory_urls)
            suggestion = posixpath.relpath(url or ".", posixpath.dirname(base) or ".")
            suggestion = (suggestion.rstrip("/") + "/" if url.endswith("/") or not url else suggestion) + (
                f"#{anchor}" if anchor else ""
            )
            self.add(
                page,
                link.line,
                link.column,
                "link-html-md",
                f"raw HTML href {target} points at a .md file, which MkDocs does not rewrite",
                f"write the built address, {suggestion}, or use a Markdown link",
            )
            return
        if not path:
            self._check_anchor(page, link, page.rel, anchor)
            return
        base_dir = base if not base or base.endswith("/") else posixpath.dirname(base) + "/"
        joined = posixpath.normpath(posixpath.join(base_dir, path))
        joined = "" if joined == "." else joined
        if joined == ".." or joined.startswith("../"):
            self.add(
                page,
                link.line,
                link.column,
                "link-missing-page",
                f"raw HTML href {target} leads outside the site",
                "in raw HTML write the built address relative to this page",
            )
            return
        for candidate in (joined + "/", joined) if joined else ("",):
            rel = self.urls.get(candidate)
            if rel is not None:
                self._count(page, rel)
                if rel not in self.nav:
                    self.add(
                        page,
                        link.line,
                        link.column,
                        "link-not-in-nav",
                        f"raw HTML href {target} leads to a page that is not in nav",
                        "add the page to nav in mkdocs.yml",
                    )
                    return
                self._check_anchor(page, link, rel, anchor)
                return
        if not any((directory / joined).is_file() for directory in self.site.asset_dirs):
            self.add(
                page,
                link.line,
                link.column,
                "link-missing-page",
                f"raw HTML href {target} leads to no page or file",
                "in raw HTML write the built address, e.g. ../glossary/#term",
            )

    def _count(self, page: _Page, target: str) -> None:
        if target != page.rel:
            self.incoming[target].add(page.rel)
            if self.pages[target].theme:
                self.theme_links[page.rel].add(target)

    def _check_anchor(self, page: _Page, link: _Link, target: str, anchor: str) -> None:
        if not anchor:
            return
        ids = self.pages[target].scan.ids
        if anchor in ids:
            return
        where = "this page" if target == page.rel else target
        same_but_case = [i for i in ids if i.lower() == anchor.lower()]
        hint = (
            f"anchors are case-sensitive: #{same_but_case[0]}"
            if same_but_case
            else _closest_hint(anchor, sorted(ids), "did you mean #{}?")
        )
        if not hint:
            hint = "no close id; the page's ids: " + ", ".join(sorted(ids)[:8])
        self.add(page, link.line, link.column, "link-missing-anchor", f"#{anchor} is not an id on {where}", hint)

    def check_site_rules(self, home: str | None) -> None:
        for rel, page in self.pages.items():
            line = page.scan.title_line
            if page.scan.empty:
                self.add(
                    page, 1, 1, "page-empty", "page has no content", "write the page, or remove it and its nav entry"
                )
            if self.site.nav is not None and rel not in self.nav and not _matches(self.site.not_in_nav, rel):
                self.add(
                    page,
                    line,
                    1,
                    "page-not-in-nav",
                    "page is not listed in nav",
                    "add it to nav in mkdocs.yml (or to not_in_nav if that is meant)",
                )
            if rel != home and not self.incoming[rel]:
                self.add(
                    page,
                    line,
                    1,
                    "page-orphan",
                    "no other page links to this page",
                    "link to it from a related page, e.g. the home page",
                )
            if page.theme:
                others = self.theme_links[rel]
                if len(others) < 2:
                    count = "no other theme page" if not others else "one other theme page"
                    candidates = sorted(r for r, p in self.pages.items() if p.theme and r != rel and r not in others)[
                        :2
                    ]
                    examples = ", ".join(posixpath.relpath(c, posixpath.dirname(rel) or ".") for c in candidates)
                    self.add(
                        page,
                        line,
                        1,
                        "theme-underlinked",
                        f"theme page links to {count}; each links to at least two",
                        f"link to sections of other theme pages, e.g. {examples}"
                        if examples
                        else "link to sections of other theme pages",
                    )

    def check_source_lines(self, page: _Page) -> None:
        if "source_lines" not in page.scan.front_matter:
            return
        value = page.scan.front_matter["source_lines"]
        line = page.scan.front_matter_lines.get("source_lines", 1)
        # ASCII hyphen only: "5–7" (en dash) is what the quote index cannot read
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+))?\s*", str(value))
        limit = len(self.index.texts[0].lines) if len(self.index.texts) == 1 else None
        if match is None:
            self.add(
                page,
                line,
                1,
                "source-lines-invalid",
                f"source_lines {value!r} is not a line range",
                "write it as first-last, e.g. 5-7",
            )
            return
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first < 1 or last < first or (limit is not None and last > limit):
            bound = f" (the source has {limit} lines)" if limit is not None else ""
            self.add(
                page,
                line,
                1,
                "source-lines-invalid",
                f"source_lines {value} is not a range of source lines{bound}",
                "write first-last with 1 <= first <= last",
            )

    def check_nav(self) -> None:
        if self.site.nav is None:
            return
        shown = _shown(self.site.config_file, self.site.root)
        lines = self.site.config_text.split("\n")
        for entry in self.site.nav:
            if entry in self.pages:
                continue
            number = next(
                (
                    i + 1
                    for i, text in enumerate(lines)
                    if re.search(r"(:|-)\s*['\"]?" + re.escape(entry) + r"['\"]?\s*$", text)
                ),
                1,
            )
            column = lines[number - 1].find(entry) + 1 if number <= len(lines) else 1
            self.problems.append(
                Problem(
                    shown,
                    number,
                    max(column, 1),
                    "nav-missing-page",
                    f"nav names {entry}, which is not a page in docs_dir",
                    _closest_hint(entry, sorted(self.pages), "did you mean {}?"),
                )
            )


def _closest_hint(word: str, choices: Sequence[str], template: str) -> str:
    if not choices:
        return ""
    from rapidfuzz import fuzz, process

    best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=75)
    return template.format(best[0]) if best else ""


def _selected_pages(site: Site, paths: Sequence[Path], pages: Iterable[str]) -> set[str]:
    docs = site.docs_dir.resolve()
    selected: set[str] = set()
    page_set = set(pages)
    for given in paths:
        path = Path(given)
        resolved = path.resolve()
        if not resolved.exists():
            raise InputError(str(given), "no such file or directory")
        try:
            rel = resolved.relative_to(docs).as_posix()
        except ValueError:
            raise InputError(str(given), f"not under docs_dir ({_shown(docs, Path.cwd())})") from None
        if resolved.is_dir():
            prefix = "" if rel == "." else rel + "/"
            selected.update(p for p in page_set if p.startswith(prefix))
        elif rel in page_set:
            selected.add(rel)
        else:
            raise InputError(str(given), "not a Markdown page of the site")
    return selected


def _check(
    config_path: Path, paths: Sequence[Path] | None = None, config: MkDocsConfig | None = None
) -> tuple[list[Problem], _Stats]:
    # The check builds many small objects and no cycles worth collecting: without
    # pauses for the cyclic GC, which rescans a growing heap, cost stays linear in pages.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check_unpaused(config_path, paths, config)
    finally:
        if collecting:
            gc.enable()


def _check_unpaused(
    config_path: Path, paths: Sequence[Path] | None, config: MkDocsConfig | None
) -> tuple[list[Problem], _Stats]:
    started = time.perf_counter()
    site = load_site(config_path, config)
    try:  # symlink loops, FIFOs, devices, oversized pages: refused before anything is read
        inputs.refuse_bad_input(site.root, [site.docs_dir, *site.asset_dirs[1:], site.root / "sources"])
    except inputs.InputError as error:
        raise InputError(error.path, error.cause) from None
    index = load_sources(site.root / "sources")
    files = _page_files(site)
    selected = _selected_pages(site, paths, files) if paths else None
    pages: dict[str, _Page] = {}
    docs_shown = _shown(site.docs_dir, site.root)
    for rel in files:
        file = site.docs_dir / rel
        shown = f"{docs_shown}/{rel}"
        text = _read_text(file, site.root)
        try:
            scan = scan_page(text, site.markdown)
        except Exception as error:  # a checker bug must still name the page, not crash
            raise InputError(
                shown, f"cannot be scanned ({type(error).__name__}: {error}); please report this as a checker bug"
            ) from error
        theme = is_theme_page(rel)
        pages[rel] = _Page(rel, shown, scan, theme)
    checker = _SiteChecker(site, index, pages)
    stats = _Stats(pages=len(pages))
    for rel, page in pages.items():
        for line, column, code, message, hint in page.scan.problems:
            checker.add(page, line, column, code, message, hint)
        checker.check_links(page)
        checker.check_source_lines(page)
        if selected is not None and rel not in selected:
            continue
        stats.links += len(page.scan.links)
    home = (
        "index.md"
        if "index.md" in pages
        else "README.md"
        if "README.md" in pages
        else (site.nav[0] if site.nav else None)
    )
    checker.check_site_rules(home)
    checker.check_nav()
    problems = checker.problems
    if selected is not None:
        shown_selected = {pages[rel].shown for rel in selected}
        problems = [p for p in problems if p.path in shown_selected]
        stats.pages = len(selected)
    stats.seconds = time.perf_counter() - started
    return sorted(set(problems)), stats


def check_sources(
    config_path: Path, paths: Sequence[Path] | None = None, config: MkDocsConfig | None = None
) -> tuple[list[Problem], _Stats]:
    """The Markdown-level pass: what exists only in the source (front matter, nav, links
    between pages, site rules); the quotations are proved on the built pages."""
    return _check(Path(config_path), paths, config)
