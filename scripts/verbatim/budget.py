"""quote-budget: how much of the article's own prose the site republishes.

The share of the article's words outside its own quotation marks that appear on the
built site verbatim: in a run of six or more consecutive article words (normalised:
case, quotation marks and apostrophes, punctuation aside) found in the visible text of
any published page, the quote index included.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from itertools import accumulate

from verbatim.built import BuiltSite
from verbatim.matching import SourceIndex
from verbatim.reading import RUN_WORDS, TextRun, page_runs

__all__ = ["RUN_WORDS", "Budget", "Coverage", "measure"]
_WORD = re.compile(r"[\w'’]+")


def words(text: str) -> list[str]:
    """Words as the budget compares them: no case, no apostrophes, no punctuation."""
    return [w.replace("'", "").replace("’", "").casefold() for w in _WORD.findall(text)]


@dataclass(frozen=True)
class Budget:
    share: float  # republished prose words / all prose words of the sources
    prose_words: int
    republished: int
    by_page: tuple[tuple[str, int], ...]  # (built page, prose words it republishes), most first


def _prose(index: SourceIndex) -> list[tuple[list[str], list[bool]]]:
    """Per source line: its words and, for each, whether it is prose (outside the line's quotation marks)."""
    lines = []
    for text in index.texts:
        for line in text.lines:  # normalised: straight quotation marks
            tokens: list[str] = []
            prose: list[bool] = []
            for number, piece in enumerate(line.split('"')):
                found = words(piece)
                tokens += found
                prose += [number % 2 == 0] * len(found)
            lines.append((tokens, prose))
    return lines


Grams = dict[tuple[str, ...], list[tuple[int, int]]]
_GRAMS: dict[int, tuple[SourceIndex, list[tuple[list[str], list[bool]]], Grams]] = {}


def _article(index: SourceIndex) -> tuple[list[tuple[list[str], list[bool]]], Grams]:
    """The sources' lines as words, and every run of six words -> where it stands (cached)."""
    cached = _GRAMS.get(id(index))
    if cached is not None and cached[0] is index:
        return cached[1], cached[2]
    lines = _prose(index)
    grams: Grams = {}
    for line_number, (tokens, _) in enumerate(lines):
        for start in range(len(tokens) - RUN_WORDS + 1):
            grams.setdefault(tuple(tokens[start : start + RUN_WORDS]), []).append((line_number, start))
    _GRAMS.clear()
    _GRAMS[id(index)] = (index, lines, grams)
    return lines, grams


def _republished(text: str, lines: list[tuple[list[str], list[bool]]], grams: Grams) -> frozenset[tuple[int, int]]:
    """(line, word) of each article prose word that ``text`` shows in a run of six."""
    found: set[tuple[int, int]] = set()
    shown = words(text)
    for start in range(len(shown) - RUN_WORDS + 1):
        for line_number, at in grams.get(tuple(shown[start : start + RUN_WORDS]), ()):
            prose = lines[line_number][1]
            found.update((line_number, at + k) for k in range(RUN_WORDS) if prose[at + k])
    return frozenset(found)


class Coverage:
    """What each page republishes, page by page: the numbers of the article prose words it
    shows (each word of the sources numbered in order), in a compact array, as a worker
    sends them back. A text shown on many pages (the nav, the footer) is read once."""

    def __init__(self, index: SourceIndex) -> None:
        self.index = index
        self.lines, self.grams = _article(index)
        self.first_word = list(accumulate((len(tokens) for tokens, _ in self.lines), initial=0))
        self.known: dict[str, frozenset[int]] = {}

    def page(self, runs: list[TextRun]) -> array[int]:
        mine: set[int] = set()
        for run in runs:
            if run.is_attribute or run.text.count(" ") < RUN_WORDS - 1:
                continue  # too short to hold six words: nav items, buttons, headings
            found = self.known.get(run.text)
            if found is None:
                first = self.first_word
                found = self.known[run.text] = frozenset(
                    first[line] + word for line, word in _republished(run.text, self.lines, self.grams)
                )
            mine |= found
        return array("I", sorted(mine))

    def budget(self, pages: Mapping[str, Collection[int]]) -> Budget:
        """The site's budget from each page's coverage (built path -> Coverage.page)."""
        covered: set[int] = set()
        for mine in pages.values():
            covered.update(mine)
        total = sum(sum(prose) for _, prose in self.lines)
        share = len(covered) / total if total else 0.0
        ranked = tuple(sorted(((p, len(n)) for p, n in pages.items() if n), key=lambda item: (-item[1], item[0])))
        return Budget(share, total, len(covered), ranked)


def measure(site: BuiltSite, index: SourceIndex, runs: Mapping[str, list[TextRun]] | None = None) -> Budget:
    """The budget of a loaded ``site``; ``runs`` (built path -> page_runs) when the caller has read them."""
    coverage = Coverage(index)
    pages = {
        path: coverage.page(runs[path] if runs is not None else page_runs(page)) for path, page in site.pages.items()
    }
    return coverage.budget(pages)
