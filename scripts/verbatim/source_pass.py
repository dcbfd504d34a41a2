"""The Markdown-level pass: what exists only in the source, not in the built pages.

The quotations are proved on the built pages (verbatim.proof), and so are the links:
every href and src of a built page leads somewhere (verbatim.links). This pass reads the
Markdown only for what a built page cannot show: front matter validity and
``source_lines``, nav entries and links to pages left out of nav, raw HTML that names a
``.md`` file (MkDocs rewrites only Markdown links), undefined references and footnotes
(Python-Markdown prints them as text), unclosed fences, empty pages, and the site rules
(every page but the home page linked from another page; every theme page,
verbatim.themes, linking to at least two others), which count the links written in the
pages, never the nav's or the theme's.

``check_sources(config_path, paths=None, config=None) -> (problems, stats)`` runs it, on
the config MkDocs loaded (the build's, or verbatim.project.load_mkdocs_config's), over
the pages MkDocs' own get_files finds (exclude_docs, not_in_nav, drafts as MkDocs reads
them); front matter is read as MkDocs 1.6 reads it (mkdocs.utils.meta.get_data), and YAML
is parsed again only to say where a block MkDocs drops goes wrong.

The links come from a light line scanner, ``scan_page(markdown) -> PageScan`` (the
links of one page and its page-local problems); it reads no quotation and predicts no id.
"""

from __future__ import annotations

import bisect
import gc
import html
import logging
import posixpath
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel, get_files
from mkdocs.utils import is_markdown_file
from mkdocs.utils.meta import META_RE, YAML_RE, get_data

from verbatim import inputs
from verbatim.matching import SourceIndex, _read_text, _shown, load_sources
from verbatim.problems import InputError, Problem
from verbatim.project import load_mkdocs_config
from verbatim.themes import is_theme_page

__all__ = ["CODES", "PageScan", "Problem", "Site", "check_sources", "load_site", "scan_page"]

#: Every problem code of this pass, with what it means (the README shows each as it prints).
CODES: dict[str, str] = {
    "link-missing-reference": "a reference-style link names an undefined reference",
    "link-not-in-nav": "a link leads to a page that is not in nav",
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
# Page scanning: a light line scanner, no rendering
# ---------------------------------------------------------------------------


@dataclass
class _Link:
    line: int
    column: int
    target: str
    kind: str  # "inline", "image", "reference" (its definition) or "html"


@dataclass
class PageScan:
    links: list[_Link] = field(default_factory=list)
    problems: list[tuple[int, int, str, str, str]] = field(default_factory=list)
    front_matter: dict[str, Any] = field(default_factory=dict)
    #: the text MkDocs reads as meta-data (the YAML block, or MultiMarkdown key: value lines)
    meta_text: str = ""
    title_line: int = 0
    empty: bool = True

    def meta_line(self, key: str) -> int:
        """The line of a front matter key (1 when it cannot be told)."""
        block = YAML_RE.match(self.meta_text)
        if block is not None:  # the key's node, as yaml composes the block (it starts on line 2)
            try:
                node = yaml.compose(block.group(1), Loader=_SAFE_LOADER)
            except yaml.YAMLError:  # pragma: no cover - get_data has read it
                return 1
            pairs = node.value if isinstance(node, yaml.MappingNode) else []
            return next((k.start_mark.line + 2 for k, _ in pairs if k.value == key), 1)
        for number, text in enumerate(self.meta_text.split("\n"), start=1):
            match = META_RE.match(text)
            if match and match.group("key").lower() == key:
                return number
        return 1


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
# Python-Markdown's attr_list on a line of its own (#id, .class, key=value, a bare key):
# no paragraph.
_ATTR_LIST_BODY = r"""(?:[#.][\w:-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+)|[\w-]+)"""
_BLOCK_ATTR = re.compile(r"^\s*\{:?[ \t]*" + _ATTR_LIST_BODY + r"(?:[ \t]+" + _ATTR_LIST_BODY + r")*[ \t]*\}\s*$")
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
_INLINE_SYNTAX = re.compile(r"[\\`<\[]")
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the loader get_data uses


def _blank_out(text: str) -> str:
    """Same length, line breaks kept, every other character a space."""
    return re.sub(r"[^\n]", " ", text)


@dataclass
class _Inline:
    links: list[tuple[int, str, str]]  # offset, target, kind
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
    """The links, footnote references and reference uses of a paragraph (code, tags and
    link targets masked first, so that what they hold is not read as either)."""
    if not _INLINE_SYNTAX.search(text):  # plain prose: no links
        return _Inline([], [], [])
    links: list[tuple[int, str, str]] = []
    masked = _ESCAPE.sub(lambda m: "  ", text) if "\\" in text else text
    if "`" in masked:
        masked = _CODE_SPAN.sub(lambda m: _blank_out(m.group()), masked)
    if "<" in masked:
        masked = _AUTOLINK.sub(lambda m: _blank_out(m.group()), masked)

    def tag(match: re.Match[str]) -> str:
        for attribute in _HTML_ATTRIBUTE.finditer(match.group(3)):
            name = attribute.group(1).lower()
            value = next((v for v in attribute.group(2, 3, 4) if v is not None), None)
            if value is not None and name in ("href", "src"):
                offset = match.start(3) + attribute.start(attribute.lastindex or 1)
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
            links.append((target_start, masked[target_start:target_end], "image" if match.group(1) else "inline"))
            paren = match.end() - 1
            pieces.append(masked[cursor:paren])
            pieces.append(_blank_out(masked[paren:after]))
            cursor = after
        pieces.append(masked[cursor:])
        masked = "".join(pieces)
    reference_uses = (
        [(m.start(), (m.group(2) or m.group(1))) for m in _REFERENCE_USE.finditer(masked) if m.group(1)[:1] != "^"]
        if "][" in masked
        else []
    )
    footnote_refs = [(m.start(), m.group(1)) for m in _FOOTNOTE_REF.finditer(masked)] if "[^" in masked else []
    return _Inline(links, footnote_refs, reference_uses)


class _Block:
    """A block quotation being read: ``>`` lines or a quote admonition's body (its
    links count; its words are proved on the built page)."""

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
    def __init__(self, scan: PageScan) -> None:
        self.scan = scan
        self.para: list[tuple[int, int, str]] = []
        self.para_kind = ""  # "", "list", "table"
        self.block: _Block | None = None
        self.fence: tuple[str, int, int] | None = None
        self.raw_tag: str | None = None
        self.in_comment = False
        self.admonitions: list[int] = []
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
        self._undefined()
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
        if not (inline.links or inline.footnote_refs or inline.reference_uses):
            return
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
        for offset, label in inline.footnote_refs:
            self.footnote_refs.append((*locate(offset), label))
        for offset, label in inline.reference_uses:
            self.reference_uses.append((*locate(offset), label))

    def _prose(self, segments: list[tuple[int, int, str]]) -> None:
        self._inline(segments)  # its links and references; its quotations are proved on the built page

    def _heading(self, number: int, column: int, text: str, level: int) -> None:
        offset = len(text) - len(text.lstrip())
        if text.strip():
            self._prose([(number, column + offset, text.strip())])
        if level == 1 and not self.scan.title_line:
            self.scan.title_line = number

    def _close_block(self) -> None:
        block = self.block
        assert block is not None
        self.block = None
        for paragraph in block.paragraphs():
            self._inline(paragraph)

    # -- what Python-Markdown prints as text -------------------------------------------
    def _undefined(self) -> None:
        for line, column, label in self.footnote_refs:
            if label not in self.footnote_defs:
                self._problem(
                    line,
                    column,
                    "footnote-undefined",
                    f"footnote [^{label}] has no definition",
                    f"add a line [^{label}]: ... at the end of the page",
                )
        for line, column, label in self.reference_uses:
            if " ".join(label.lower().split()) not in self.reference_defs:
                self._problem(
                    line,
                    column,
                    "link-missing-reference",
                    f"reference [{label}] is not defined on this page",
                    f"add a line [{label}]: target, or use an inline link",
                )


def _starts_block(stripped: str) -> bool:
    """Whether a line opens a block of its own (and so cannot continue a paragraph)."""
    return bool(
        (stripped[:1] in "#`~" and (_ATX.match(stripped) or _FENCE_OPEN.match(stripped)))
        or (_ADMONITION.match(stripped) and stripped[:1] in "!?")
        or _LIST_ITEM.match(stripped)
        or _HR.match(stripped)
    )


def _front_matter(text: str, scan: PageScan) -> int:
    """Read the meta-data as MkDocs 1.6 reads it (Page.read_source: mkdocs.utils.meta.get_data,
    a YAML block between ``---`` lines, else MultiMarkdown ``key: value`` lines); return
    the index of the first body line."""
    body, data = get_data(text)
    block = YAML_RE.match(text)
    if block is not None and len(body) == len(text):  # get_data dropped the block: say why, and where
        if block.group(1).strip():
            _front_matter_fault(block.group(1), scan)
        return block.group(0).count("\n")
    head = text[: len(text) - len(body)]
    scan.front_matter, scan.meta_text = data, head
    return head.count("\n")


def _front_matter_fault(yaml_text: str, scan: PageScan) -> None:
    """Why MkDocs ignores this front matter: a YAML error (at yaml's mark), or not a mapping.
    get_data swallows the error, so the block is parsed once more, only here."""
    try:
        data = yaml.load(yaml_text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        line, column = (mark.line + 2, mark.column + 1) if mark is not None else (2, 1)  # the block starts on line 2
        scan.problems.append(
            (
                line,
                column,
                "front-matter-invalid",
                f"front matter is not valid YAML ({problem})",
                "MkDocs ignores the whole front matter; quote values that hold a colon",
            )
        )
        return
    if isinstance(data, dict):  # pragma: no cover - get_data would have read it
        return
    scan.problems.append(
        (2, 1, "front-matter-invalid", "front matter is not a mapping of keys to values", "write one key: value a line")
    )


def scan_page(markdown: str) -> PageScan:
    """The links and page-local problems of one page's Markdown (read with universal
    newlines, as MkDocs reads a page)."""
    text = markdown.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    scan = PageScan()
    scanner = _PageScanner(scan)
    for index in range(_front_matter(text, scan), len(lines)):
        scanner.feed(index + 1, lines[index])
    scanner.finish()
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
    custom_dir: Path | None
    nav: list[str] | None
    config: MkDocsConfig


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


def _refuse_uncallable_slugify(config: MkDocsConfig, shown: str) -> None:
    """MkDocs hands toc's slugify to Python-Markdown as it is: a dotted name in a string
    would fail the build on its first heading, so it is refused here, in one line."""
    options: dict[str, Any] = config.mdx_configs or {}
    toc = options.get("toc") or options.get("markdown.extensions.toc") or {}
    slugify = toc.get("slugify")
    if slugify is not None and not callable(slugify):
        raise InputError(
            shown, f"toc slugify {slugify!r} is not a function (write !!python/name:{slugify} in mkdocs.yml)"
        )


def load_site(config_path: Path, config: MkDocsConfig | None = None) -> Site:
    """The site mkdocs.yml describes, from ``config`` (the build's) or as MkDocs loads it."""
    config_path = Path(config_path)
    if config is None:
        config = load_mkdocs_config(config_path)
    _refuse_uncallable_slugify(config, _shown(config_path, Path.cwd()))
    custom_dir = config.theme.custom_dir
    return Site(
        root=config_path.resolve().parent,
        config_file=config_path.resolve(),
        config_text=_read_text(config_path),
        docs_dir=Path(config.docs_dir),
        custom_dir=Path(custom_dir) if custom_dir else None,
        nav=_nav_paths(config.nav) if config.nav else None,
        config=config,
    )


def _pages(site: Site) -> list[File]:
    """The documentation pages of the build, as MkDocs lists them (get_files: exclude_docs,
    dotfiles, templates/, drafts, a README.md beside an index.md)."""
    files_log = logging.getLogger("mkdocs.structure.files")
    disabled = files_log.disabled
    files_log.disabled = True  # the build itself warns of a README.md beside an index.md
    try:
        return list(get_files(site.config).documentation_pages())
    finally:
        files_log.disabled = disabled


# ---------------------------------------------------------------------------
# The site check
# ---------------------------------------------------------------------------


@dataclass
class _Page:
    file: File  # as MkDocs' get_files made it: its src_uri, its url
    shown: str  # relative to the repo root, posix
    scan: PageScan

    @property
    def rel(self) -> str:  # relative to docs_dir, posix
        return self.file.src_uri

    @property
    def theme(self) -> bool:
        return is_theme_page(self.file.src_uri)

    @property
    def url(self) -> str:
        """The built address relative to the site root, unquoted ("" for the home page)."""
        url = unquote(self.file.url)
        return "" if url == "./" else url

    @property
    def exempt_from_nav(self) -> bool:
        return self.file.inclusion == InclusionLevel.NOT_IN_NAV  # not_in_nav (mkdocs.yml) lists it


@dataclass
class _Stats:
    pages: int = 0
    links: int = 0
    seconds: float = 0.0


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


class _SiteChecker:
    """The rules over the links written in the pages: to pages left out of nav, raw HTML
    naming a .md file, and the counts of links between pages (orphans, theme pages).
    Whether a link leads somewhere is the built site's to say (verbatim.links)."""

    def __init__(self, site: Site, index: SourceIndex, pages: dict[str, _Page]) -> None:
        self.site = site
        self.index = index
        self.pages = pages
        self.nav = set(site.nav) if site.nav is not None else set(pages)
        self.urls = {page.url: rel for rel, page in pages.items()}
        self.incoming: dict[str, set[str]] = {rel: set() for rel in pages}
        self.theme_links: dict[str, set[str]] = {rel: set() for rel in pages}
        self.problems: list[Problem] = []

    def add(self, page: _Page, line: int, column: int, code: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(page.shown, line, column, code, message, hint))

    def check_links(self, page: _Page) -> None:
        for link in page.scan.links:
            target = link.target.strip()
            if not target or target.startswith("/") or _SCHEME.match(target):
                continue  # to another host, or by an absolute path: the built site judges it
            path, _, anchor = target.partition("#")
            path = unquote(path.split("?", 1)[0])
            if link.kind == "html":
                self._html_link(page, link, path, anchor)
            elif is_markdown_file(path):
                self._page_link(page, link, posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path)))

    def _page_link(self, page: _Page, link: _Link, target: str) -> None:
        if target not in self.pages:
            return  # MkDocs leaves it as written, and the built site reports it
        self._count(page, target)
        if not self._in_nav(target):
            self.add(
                page,
                link.line,
                link.column,
                "link-not-in-nav",
                f"link {link.target.strip()} leads to a page that is not in nav",
                "add the page to nav in mkdocs.yml, or link to a page in nav",
            )

    def _html_link(self, page: _Page, link: _Link, path: str, anchor: str) -> None:
        """Raw HTML is not rewritten: its href is the built address, never a .md path."""
        target = link.target.strip()
        if is_markdown_file(path):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))
            file = self.pages[resolved].file if resolved in self.pages else self._file(resolved)
            suggestion = file.url_relative_to(page.file) + (f"#{anchor}" if anchor else "")
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
            return
        folder = page.url if page.url.endswith("/") else posixpath.dirname(page.url)
        joined = posixpath.normpath(posixpath.join(folder, path))
        joined = "" if joined == "." else joined
        rel = next((self.urls[c] for c in (joined + "/", joined) if c in self.urls), None)
        if rel is None:
            return  # no page: the built site's to say
        self._count(page, rel)
        if not self._in_nav(rel):
            self.add(
                page,
                link.line,
                link.column,
                "link-not-in-nav",
                f"raw HTML href {target} leads to a page that is not in nav",
                "add the page to nav in mkdocs.yml",
            )

    def _file(self, rel: str) -> File:
        """The File MkDocs would make of a docs path (for its built address)."""
        config = self.site.config
        return File(rel, config.docs_dir, config.site_dir, config.use_directory_urls)

    def _in_nav(self, rel: str) -> bool:
        return rel in self.nav or self.pages[rel].exempt_from_nav

    def _count(self, page: _Page, target: str) -> None:
        if target != page.rel:
            self.incoming[target].add(page.rel)
            if self.pages[target].theme:
                self.theme_links[page.rel].add(target)

    def check_site_rules(self, home: str | None) -> None:
        for rel, page in self.pages.items():
            line = page.scan.title_line
            if page.scan.empty:
                self.add(
                    page, 1, 1, "page-empty", "page has no content", "write the page, or remove it and its nav entry"
                )
            if self.site.nav is not None and not self._in_nav(rel):
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
        line = page.scan.meta_line("source_lines")
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
        inputs.refuse_bad_input(
            site.root, [site.docs_dir, *([site.custom_dir] if site.custom_dir else []), site.root / "sources"]
        )
    except inputs.InputError as error:
        raise InputError(error.path, error.cause) from None
    index = load_sources(site.root / "sources")
    files = _pages(site)
    selected = _selected_pages(site, paths, [file.src_uri for file in files]) if paths else None
    pages: dict[str, _Page] = {}
    docs_shown = _shown(site.docs_dir, site.root)
    for file in files:
        shown = f"{docs_shown}/{file.src_uri}"
        text = _read_text(site.docs_dir / file.src_uri, site.root)
        try:
            scan = scan_page(text)
        except Exception as error:  # a checker bug must still name the page, not crash
            raise InputError(
                shown, f"cannot be scanned ({type(error).__name__}: {error}); please report this as a checker bug"
            ) from error
        pages[file.src_uri] = _Page(file, shown, scan)
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
    """The Markdown-level pass: what exists only in the source (front matter, nav, the
    site rules over the links between pages); quotations and links are proved on the
    built pages."""
    return _check(Path(config_path), paths, config)
