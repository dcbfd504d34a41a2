"""Where a writer edits the words a reader sees: a built page's text, found in its sources.

Stable API (other checks call it; keep the signatures):

* ``locate(site, page, needle, within="") -> (path, line, column)``: the place of ``needle`` (text
  as the built page shows it) in the Markdown ``page`` was built from: its front matter
  and body first, then the snippets (auto-appended or included), then mkdocs.yml, then
  the other pages (a nav title is another page's front matter title).
  ``path`` is relative to the project root (``docs/themes/x.md``); line and column are
  1-based.  Where the words cannot be located: the page's source path (or, without one,
  the built file) at 1:1.  ``within`` (optional): the paragraph around the needle as
  the page shows it, to pick the right one of several occurrences.
* ``Locator(project)``: the same, cached per file; ``locator(page, needle)``.

Text is compared normalised as quotations are matched (Unicode NFC, every family of
quotation marks and apostrophes as straight ones, runs of white space as one space, no
case, only where the case as shown is in none of the page's own sources), and with what Markdown turns into
nothing set aside (emphasis ``*`` ``_``,
link brackets, comments, backslash escapes; HTML entities decoded), so ``**not** &ldquo;so&rdquo;`` in a page is
found by ``not "so"``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from verbatim.built import BuiltPage, BuiltSite, Project

__all__ = ["Locator", "Position", "locate", "searchable"]

Position = tuple[str, int, int]

#: every quotation mark and apostrophe the proof knows, mapped to the straight one of its kind
QUOTE_FOLD = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\uff02": '"',
        "\u300c": '"',
        "\u300d": '"',
        "\u300e": '"',
        "\u300f": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2039": "'",
        "\u203a": "'",
        "\u2032": "'",
        "\uff07": "'",
    }
)
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
#: Markdown syntax that the built page does not show: emphasis, code marks, link brackets
_INVISIBLE = frozenset("*_`[]")


def searchable(raw: str) -> tuple[str, list[int]]:
    """``raw`` folded for locating, with the raw offset each folded character comes from."""
    out: list[str] = []
    offsets: list[int] = []
    index = 0
    length = len(raw)
    while index < length:
        char = raw[index]
        if char == "&":
            entity = _ENTITY.match(raw, index)
            if entity:
                decoded = html.unescape(entity.group())
                _append(out, offsets, decoded, index)
                index = entity.end()
                continue
        if char == "<" and raw.startswith("<!--", index):
            end = raw.find("-->", index + 4)
            if end >= 0:  # a comment shows nothing (an unclosed one is printed, so it stays)
                index = end + 3
                continue
        if char == "\\" and index + 1 < length and not raw[index + 1].isalnum():
            _append(out, offsets, raw[index + 1], index + 1)
            index += 2
            continue
        if char in _INVISIBLE:
            index += 1
            continue
        _append(out, offsets, char, index)
        index += 1
    return "".join(out), offsets


def _append(out: list[str], offsets: list[int], text: str, at: int) -> None:
    for char in unicodedata.normalize("NFC", text).translate(QUOTE_FOLD):
        if char.isspace():
            if not out or out[-1] == " ":
                continue
            char = " "
        out.append(char)
        offsets.append(at)


def _lower(text: str) -> str:
    """Lower case, one character for one (offsets stay valid)."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _fold_needle(needle: str) -> str:
    return searchable(needle)[0].strip()


@dataclass
class _Indexed:
    """One source file, folded once: its text, offsets and line starts."""

    shown: str
    folded: str
    offsets: list[int]
    line_starts: list[int]
    lowered: str = ""

    def __post_init__(self) -> None:
        self.lowered = _lower(self.folded)

    def find(self, needle: str, within: str = "", cases: tuple[bool, ...] = (False, True)) -> tuple[int, int] | None:
        """The 1-based (line, column) of ``needle``; inside the first ``within`` when given.
        ``cases``: the passes, exact case (False) and case folded (True), in turn."""
        at = -1
        for fold in cases:
            text, wanted, context = (
                (self.lowered, _lower(needle), _lower(within)) if fold else (self.folded, needle, within)
            )
            if context:
                around = text.find(context)
                if around >= 0:
                    at = text.find(wanted, around, around + len(context))
            if at < 0:
                at = text.find(wanted)
            if at >= 0:
                break
        if at < 0:
            return None
        raw_offset = self.offsets[at]
        line = bisect_right(self.line_starts, raw_offset)
        return line, raw_offset - self.line_starts[line - 1] + 1


_EXACT, _FOLDED, _BOTH = (False,), (True,), (False, True)


@dataclass
class Locator:
    """Locates needles for one project; each source file is read and folded once."""

    project: Project | None
    _files: dict[Path, _Indexed | None] = field(default_factory=dict)

    def __call__(self, page: BuiltPage, needle: str, within: str = "") -> Position:
        """Where ``needle`` stands; ``within`` (the paragraph around it, as shown) picks the
        right one of several occurrences."""
        folded = _fold_needle(needle)
        context = _fold_needle(within) if within else ""
        attempts = _attempts(folded)
        own, others = self._candidates(page)
        # the case as shown anywhere in the page's own sources before the case folded
        # (a nav title "Gone" is in mkdocs.yml, not in a page's "[gone]")
        passes = (
            (own[:1], attempts, _EXACT),
            (own[1:], attempts, _EXACT),
            (own[:1], attempts, _FOLDED),
            (own[1:], attempts, _FOLDED),
            (others, attempts[:1], _BOTH),
        )
        for group, tries, cases in passes:
            for attempt in tries:
                for file in group:
                    indexed = self._indexed(file)
                    found = indexed.find(attempt, context, cases) if indexed is not None else None
                    if indexed is not None and found is not None:
                        return indexed.shown, found[0], found[1]
        return self.fallback(page), 1, 1

    def fallback(self, page: BuiltPage) -> str:
        """The page's source path (relative to the project), else its built file."""
        project = self.project
        if project is not None and page.src_path:
            return _shown(project.docs_dir / page.src_path, project.root)
        if project is not None and project.site_dir is not None:
            return _shown(project.site_dir / page.path, project.root)
        return page.path

    def _candidates(self, page: BuiltPage) -> tuple[list[Path], list[Path]]:
        """(the page's own sources: its Markdown, the snippets, mkdocs.yml; the other pages)."""
        project = self.project
        if project is None:
            return [], []
        files = [project.docs_dir / page.src_path] if page.src_path else [Path()]
        files.extend(project.snippet_files())
        files.append(project.config_file)
        # last, the other pages, for the whole words only: a nav title is its page's title
        others = [
            project.docs_dir / source for source in sorted(set(project.sources.values())) if source != page.src_path
        ]
        return files, others

    def _indexed(self, file: Path) -> _Indexed | None:
        if file not in self._files:
            self._files[file] = self._read(file)
        return self._files[file]

    def _read(self, file: Path) -> _Indexed | None:
        try:
            if not file.is_file() or file.stat().st_size > 5 * 1024 * 1024:
                return None
            raw = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None  # the Markdown pass reports unreadable pages; here it only costs a position
        folded, offsets = searchable(raw)
        starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        root = self.project.root if self.project is not None else file.parent
        return _Indexed(_shown(file, root), folded, offsets, starts)


def _attempts(folded: str) -> list[str]:
    """The needle, then shorter leading runs of its words (a quotation may span a link or
    a line the renderer joined differently): the first run found marks the spot."""
    if not folded:
        return []
    words = folded.split(" ")
    attempts = [folded]
    for count in (12, 8, 5, 3):
        if len(words) > count:
            attempts.append(" ".join(words[:count]))
    return attempts


def _shown(file: Path, root: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.as_posix()


_LOCATORS: dict[int, tuple[BuiltSite, Locator]] = {}


def locate(site: BuiltSite, page: BuiltPage, needle: str, within: str = "") -> Position:
    """Where ``needle`` stands in the sources of ``page`` (see the module docstring);
    ``within``, optional, is the text around it as the page shows it."""
    cached = _LOCATORS.get(id(site))
    if cached is None or cached[0] is not site:
        _LOCATORS.clear()  # one site at a time: a build, or a --site proof
        cached = (site, Locator(site.project))
        _LOCATORS[id(site)] = cached
    return cached[1](page, needle, within)
