"""quote-budget: how much of the article's own prose the site republishes.

The share of the article's words outside its own quotation marks that appear on the
built site verbatim: in a run of six or more consecutive article words (normalised:
case, quotation marks and apostrophes, punctuation aside) found in the visible text of
any published page, the quote index included.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import compress

from verbatim.matching import SourceIndex
from verbatim.reading import RUN_WORDS, TextRun

__all__ = ["RUN_WORDS", "Budget", "Coverage", "long_texts"]
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Words as the budget compares them: no case, no apostrophes, no punctuation (the text
    case-folded whole, in C: the article's words and a page's are read alike)."""
    return _WORD.findall(text.casefold().replace("'", "").replace("’", ""))


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


Gram = tuple[str, ...]


@dataclass(frozen=True)
class _Article:
    """The sources' words numbered in order (line after line), and their runs of six."""

    prose: list[bool]  # per word: outside the source's quotation marks
    first: dict[Gram, int]  # a run of six words -> the number of its first word, where it first stands
    more: dict[Gram, list[int]]  # a run that stands in several places -> each place after the first


def _runs(tokens: list[str]) -> list[Gram]:
    return list(zip(*(tokens[k:] for k in range(RUN_WORDS)), strict=False))  # shorter and shorter


_ARTICLES: dict[int, tuple[SourceIndex, _Article]] = {}


def _article(index: SourceIndex) -> _Article:
    """The sources as the budget reads them (cached: a forked worker inherits it)."""
    cached = _ARTICLES.get(id(index))
    if cached is not None and cached[0] is index:
        return cached[1]
    prose: list[bool] = []
    grams: list[Gram] = []
    places: list[int] = []
    for tokens, flags in _prose(index):  # runs of six never cross a line (a paragraph)
        found = _runs(tokens)
        grams += found
        places += range(len(prose), len(prose) + len(found))
        prose += flags
    first = dict(zip(reversed(grams), reversed(places), strict=True))  # built in C; the first place wins
    more: dict[Gram, list[int]] = {}
    if len(first) < len(grams):  # some run stands twice: keep every place of those
        # the places no run stands at first, found by a difference of sets of numbers, in C
        for place in sorted(set(places).difference(first.values())):
            gram = grams[bisect_left(places, place)]  # places ascend
            more.setdefault(gram, []).append(place)
    article = _Article(prose, first, more)
    _ARTICLES.clear()
    _ARTICLES[id(index)] = (index, article)
    return article


def _republished(text: str, article: _Article) -> frozenset[int]:
    """The number of each article prose word that ``text`` shows in a run of six."""
    first, more = article.first, article.more
    found = list(filter(first.__contains__, _runs(words(text))))  # most runs of a page are no article's
    if not found:
        return _NONE
    shown: set[int] = set()  # the article words the runs found cover, each range added in C
    for at in map(first.__getitem__, found):
        shown.update(range(at, at + RUN_WORDS))
    if more:
        for gram in found:
            for at in more.get(gram, ()):
                shown.update(range(at, at + RUN_WORDS))
    prose = article.prose
    return frozenset(compress(shown, map(prose.__getitem__, shown)))  # the set unchanged: one order


_NONE: frozenset[int] = frozenset()


def long_texts(runs: list[TextRun]) -> list[str]:
    """The texts of a page's runs that can hold a run of six words (what Coverage reads)."""
    # shorter ones (nav items, buttons, headings) hold none, and attributes are no prose
    return [run.text for run in runs if not run.is_attribute and run.text.count(" ") >= RUN_WORDS - 1]


class Coverage:
    """What each page republishes, page by page: the numbers of the article prose words it
    shows (each word of the sources numbered in order), in a compact array, as a worker
    sends them back. A text shown on many pages (the nav, the footer) is read once."""

    def __init__(self, index: SourceIndex) -> None:
        self.index = index
        self.article = _article(index)
        self.known: dict[str, frozenset[int]] = {}

    def page(self, runs: list[TextRun]) -> array[int]:
        return self.of(long_texts(runs))

    def of(self, texts: Iterable[str]) -> array[int]:
        """What a page republishes, from its ``long_texts``."""
        mine: set[int] = set()
        for text in texts:
            found = self.known.get(text)
            if found is None:
                found = self.known[text] = _republished(text, self.article)
            mine |= found
        return array("I", sorted(mine))

    def budget(self, pages: Mapping[str, Collection[int]]) -> Budget:
        """The site's budget from each page's coverage (built path -> Coverage.page)."""
        covered: set[int] = set()
        for mine in pages.values():
            covered.update(mine)
        total = sum(self.article.prose)
        share = len(covered) / total if total else 0.0
        ranked = tuple(sorted(((p, len(n)) for p, n in pages.items() if n), key=lambda item: (-item[1], item[0])))
        return Budget(share, total, len(covered), ranked)
