"""Sources and matching: the source texts, normalised, and where a quotation stands in them.

* ``load_sources(sources_dir) -> SourceIndex``; ``SourceIndex.find(text) -> QuoteMatch | None``
  (a match inside the source's own quotation marks is preferred; ``quoted_only=True``
  accepts no other); ``SourceIndex.contains(text)``; ``SourceIndex.closest(text)`` (the
  nearest passage, by rapidfuzz, for a hint: ``differs: wall → door``).
* ``normalise(text)``: the only differences a quotation may have from its source
  (NFC, curly against straight quotes and apostrophes, runs of white space).
* ``parse_quotation(text)``: a quotation's parts, split at omissions (``…``) and
  bracketed insertions (``[like this]``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, islice, repeat
from operator import add, sub
from pathlib import Path
from typing import Any, Protocol

import yaml

from verbatim.problems import InputError


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quotation stands in a source text.

    ``parts`` are [start, end) character offsets of each matched part in the raw text of
    source line ``line`` (1-based); ``text`` is the raw source text from the first part's
    start to the last part's end; ``in_source_quotes`` says every part lies inside the
    source's own quotation marks (the quoted speech of a person).
    """

    source: str
    line: int
    parts: tuple[tuple[int, int], ...]
    text: str
    in_source_quotes: bool


# ---------------------------------------------------------------------------
# Normalisation: the only differences a quotation may have from its source
# ---------------------------------------------------------------------------

_QUOTE_TRANSLATION = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
    }
)
_WHITESPACE = re.compile(r"\s+")
_NOT_SINGLE_SPACE = re.compile(r"[^\S ]|  ")
_WORD = re.compile(r"\w+")
_NO_PLACES: list[int] = []  # a word the corpus does not hold
_TRAILING_PUNCTUATION = re.compile(r"[\s,.;:]+$")
_LEADING_PUNCTUATION = re.compile(r"^[\s,.;:]+")


def normalise(text: str) -> str:
    """NFC, straight quotes and apostrophes, single spaces, no outer white space."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTE_TRANSLATION).strip()
    return _WHITESPACE.sub(" ", text) if _NOT_SINGLE_SPACE.search(text) else text


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class Spans(Protocol):
    """For each character of a normalised text, the raw [start, end) it comes from."""

    def __getitem__(self, index: int, /) -> tuple[int, int]: ...


class _Shifted:
    """The spans of a text that normalising changed only at its ends: each character
    comes from the one ``lead`` places further on (no list of a paragraph's spans)."""

    __slots__ = ("lead",)

    def __init__(self, lead: int) -> None:
        self.lead = lead

    def __getitem__(self, index: int, /) -> tuple[int, int]:
        return self.lead + index, self.lead + index + 1


def _normalise_with_offsets(raw: str) -> tuple[str, Spans]:
    """``normalise(raw)`` with, for each character, the [start, end) span it comes from."""
    if unicodedata.is_normalized("NFC", raw) and not _NOT_SINGLE_SPACE.search(raw.strip()):
        return raw.strip().translate(_QUOTE_TRANSLATION), _Shifted(len(raw) - len(raw.lstrip()))
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(raw):
        end = index + 1
        while end < len(raw) and unicodedata.combining(raw[end]):
            end += 1  # a base character and its combining marks compose together
        cluster = raw[index:end]
        if cluster.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                spans.append((index, end))
        else:
            for char in unicodedata.normalize("NFC", cluster).translate(_QUOTE_TRANSLATION):
                out.append(char)
                spans.append((index, end))
        index = end
    if out and out[-1] == " ":
        out.pop()
        spans.pop()
    return "".join(out), spans


# ---------------------------------------------------------------------------
# Quotation text: parts, omissions and insertions
# ---------------------------------------------------------------------------

_OMISSION = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.")
_INSERTION = re.compile(r"\[[^\[\]]*\]")


@dataclass(frozen=True)
class _Part:
    text: str  # normalised words to find verbatim
    fold_at: int | None  # index of the one letter whose case may differ
    bound_left: bool  # must start at a word boundary
    bound_right: bool  # must end at a word boundary
    joined_by: str  # how it follows the previous part: "", "omission" or "insertion"


def _parse_quotation(text: str) -> list[_Part]:
    """Split a quotation into the parts that must appear in the source, in order."""
    text = normalise(text)
    # (text, joined_by, tight_left, tight_right); text None marks a bracket, whose
    # tight_left says the next piece starts right after it ("[t]he")
    pieces: list[tuple[str | None, str, bool, bool]] = []
    for chunk_index, chunk in enumerate(_OMISSION.split(text)):
        cursor = 0
        joined = "omission" if chunk_index else ""
        for match in _INSERTION.finditer(chunk):
            before = chunk[cursor : match.start()]
            pieces.append((before, joined, False, not before[-1:].isspace()))
            joined = "insertion"
            cursor = match.end()
            pieces.append((None, "", not chunk[cursor : cursor + 1].isspace(), False))
        pieces.append((chunk[cursor:], joined, False, False))
    parts: list[_Part] = []
    pending_join = ""
    tight_left = False
    last = len(pieces) - 1
    for index, (piece, joined, tight_l, tight_r) in enumerate(pieces):
        if piece is None:
            tight_left = tight_l
            continue
        if joined == "omission" or pending_join == "omission":
            pending_join = "omission"
        elif joined == "insertion" and not pending_join:
            pending_join = "insertion"
        follows_omission = joined == "omission"
        precedes_omission = index < last and pieces[index + 1][1] == "omission"
        if follows_omission:
            piece = _LEADING_PUNCTUATION.sub("", piece)
        if precedes_omission or index == last:
            piece = _TRAILING_PUNCTUATION.sub("", piece)
        piece = piece.strip()
        if piece:
            parts.append(_Part(piece, None, not tight_left, not tight_r, pending_join if parts else ""))
            pending_join = ""
        tight_left = False
    if parts:
        first = parts[0]
        fold_at = _first_letter(first.text)
        parts[0] = _Part(first.text, fold_at, first.bound_left, first.bound_right, "")
    return parts


def _first_letter(text: str) -> int | None:
    """Index of the quotation's first letter, if nothing but punctuation precedes it."""
    for index, char in enumerate(text):
        if char.isalpha():
            return index
        if char.isalnum():
            return None
    return None


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceText:
    """One source text: ``path`` is repo-relative (``sources/x.txt``); ``facts`` is its yml."""

    path: str
    file: Path
    raw_lines: tuple[str, ...]
    lines: tuple[str, ...]  # normalised
    facts: dict[str, Any]
    publisher: str | None
    speakers: tuple[Speaker, ...]

    @property
    def raw(self) -> str:
        """The text as its file holds it (less a final line break): what a text
        fragment into the published original is built against."""
        return "\n".join(self.raw_lines)


def _name_key(name: str) -> str:
    return " ".join(normalise(name).casefold().split())


_ABBREVIATIONS = frozenset(
    {
        "inc",
        "ltd",
        "co",
        "corp",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "no",
        "fig",
        "approx",
        "dept",
        "mt",
    }
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


class SourceIndex:
    """The normalised source texts with a word index for fast verbatim look-ups."""

    def __init__(self, texts: Sequence[SourceText]) -> None:
        self.texts: tuple[SourceText, ...] = tuple(texts)
        lines: list[str] = []
        self._line_starts: list[int] = []
        self._line_refs: list[tuple[int, int]] = []
        offset = 0
        for text_index, text in enumerate(self.texts):
            for line_index, line in enumerate(text.lines):
                self._line_starts.append(offset)
                self._line_refs.append((text_index, line_index))
                lines.append(line)
                offset += len(line) + 1
        self._lines = lines
        self._corpus = "\n".join(lines)
        self._postings: dict[str, list[int]] | None = None
        self._sentences: dict[int, list[int]] = {}
        self._quoted: dict[int, list[tuple[int, int]]] = {}
        self._maps: dict[int, Spans] = {}

    # -- facts ----------------------------------------------------------------
    @property
    def speakers(self) -> tuple[Speaker, ...]:
        """Every speaker that any source's yml names, in order, without repeats."""
        seen: dict[str, Speaker] = {}
        for text in self.texts:
            for speaker in text.speakers:
                seen.setdefault(speaker.name, speaker)
        return tuple(seen.values())

    @property
    def publisher(self) -> str | None:
        """The publisher of the first source text (by file name) that names one."""
        return next((text.publisher for text in self.texts if text.publisher), None)

    @property
    def publishers(self) -> frozenset[str]:
        return frozenset(text.publisher for text in self.texts if text.publisher)

    def is_publisher(self, name: str) -> bool:
        key = _name_key(name)
        return any(_name_key(publisher) == key for publisher in self.publishers)

    def speaker_named(self, name: str) -> Speaker | None:
        key = _name_key(name)
        for speaker in self.speakers:
            if key in {_name_key(n) for n in (speaker.name, *speaker.aliases)}:
                return speaker
        return None

    # -- look-ups ---------------------------------------------------------------
    def find(self, text: str, *, quoted_only: bool = False, sources: Iterable[str] | None = None) -> QuoteMatch | None:
        """Where ``text`` (a quotation, with any ellipses or insertions) stands in the sources.

        A match inside the source's own quotation marks is preferred; ``quoted_only``
        accepts no other.  ``sources`` limits the search to these repo-relative paths.
        """
        parts = _parse_quotation(text)
        if not parts:
            return None
        allowed = self._allowed(sources)
        starts = list(self._candidates(parts[0], allowed))  # both searches walk the same starts
        found = self._search(parts, quoted=True, allowed=allowed, starts=starts)
        if found is None and not quoted_only:
            found = self._search(parts, quoted=False, allowed=allowed, starts=starts)
        return None if found is None else self._to_match(*found)

    def contains(self, text: str, *, quoted_only: bool = False, sources: Iterable[str] | None = None) -> bool:
        """Whether ``find`` would find ``text``; cheaper, as it builds no QuoteMatch."""
        parts = _parse_quotation(text)
        return bool(parts) and self._search(parts, quoted=quoted_only, allowed=self._allowed(sources)) is not None

    def _allowed(self, sources: Iterable[str] | None) -> set[int] | None:
        if sources is None:
            return None
        wanted = set(sources)
        return {i for i, t in enumerate(self.texts) if t.path in wanted}

    def _build_postings(self) -> dict[str, list[int]]:
        postings: dict[str, list[int]] = {}
        for match in _WORD.finditer(self._corpus):
            key = match.group().lower()
            bucket = postings.get(key)
            if bucket is None:
                postings[key] = [match.start()]
            else:
                bucket.append(match.start())
        return postings

    def _postings_index(self) -> dict[str, list[int]]:
        """The postings, built on first use (a yes/no look-up never needs them)."""
        if self._postings is None:
            self._postings = self._build_postings()
        return self._postings

    def _candidates(self, part: _Part, allowed: set[int] | None) -> Iterator[int]:
        """Start offsets in the corpus where ``part`` matches, via its rarest whole word."""
        corpus, text = self._corpus, part.text
        rarest = self._rarest_word(part)
        if rarest is None:
            positions: Iterable[int] = self._scan(text, part.fold_at)
        else:
            shift, postings = rarest
            # past the one letter whose case may differ, the needle stands as it is
            tail_at = 0 if part.fold_at is None else part.fold_at + 1
            tail = text[tail_at:]
            # the rarest word's places, less its offset in the needle: the needle's starts, each
            # tried in C (most fail: the rarest word stands elsewhere in other words)
            places = postings[bisect.bisect_left(postings, shift) :]  # none starts before the corpus
            tried = map(corpus.startswith, repeat(tail), map(add, places, repeat(tail_at - shift)))
            positions = map(sub, compress(places, tried), repeat(shift))
        for start in positions:
            if not self._matches_at(part, start):
                continue
            if allowed is not None:
                line_number = bisect.bisect_right(self._line_starts, start) - 1
                if self._line_refs[line_number][0] not in allowed:
                    continue
            if "\n" in corpus[start : start + len(text)]:
                continue
            yield start

    def _rarest_word(self, part: _Part) -> tuple[int, list[int]] | None:
        """(offset in the needle, corpus places) of the part's rarest whole word; None if it
        has no whole word. An unbound end's word may be a fragment (``[t]he``): not whole."""
        text = part.text
        words = _WORD.findall(text)
        first = 1 if not part.bound_left and words and _is_word_char(text[0]) else 0
        last = len(words)
        if not part.bound_right and last > first and _is_word_char(text[-1]):
            last -= 1
        if first >= last:
            return None
        postings = self._postings_index()
        found = list(map(postings.get, map(str.lower, words[first:last]), repeat(_NO_PLACES)))
        lengths = list(map(len, found))
        rarest = lengths.index(min(lengths))
        shift = next(islice(_WORD.finditer(text), first + rarest, None)).start()
        return shift, found[rarest]

    def _scan(self, needle: str, fold_at: int | None) -> list[int]:
        variants = {needle}
        if fold_at is not None:
            variants.add(needle[:fold_at] + needle[fold_at].swapcase() + needle[fold_at + 1 :])
        found: set[int] = set()
        for variant in variants:
            index = self._corpus.find(variant)
            while index != -1:
                found.add(index)
                index = self._corpus.find(variant, index + 1)
        return sorted(found)

    def _matches_at(self, part: _Part, start: int) -> bool:
        corpus, needle = self._corpus, part.text
        end = start + len(needle)
        if not corpus.startswith(needle, start):
            fold = part.fold_at
            if fold is None or end > len(corpus):
                return False
            if not (
                corpus.startswith(needle[:fold], start)
                and corpus[start + fold].lower() == needle[fold].lower()
                and corpus.startswith(needle[fold + 1 :], start + fold + 1)
            ):
                return False
        if part.bound_left and start > 0 and _is_word_char(needle[0]) and _is_word_char(corpus[start - 1]):
            return False
        return not (part.bound_right and end < len(corpus) and _is_word_char(needle[-1]) and _is_word_char(corpus[end]))

    def _search(
        self, parts: list[_Part], *, quoted: bool, allowed: set[int] | None, starts: Iterable[int] | None = None
    ) -> tuple[int, list[tuple[int, int]], bool] | None:
        """(line number, corpus spans, inside quotes) of the first match, or None;
        ``starts``: the first part's candidates, when the caller has them."""
        first = parts[0]
        for start in self._candidates(first, allowed) if starts is None else starts:
            line_number = bisect.bisect_right(self._line_starts, start) - 1
            line_start = self._line_starts[line_number]
            line_end = line_start + len(self._lines[line_number])
            span = (start, start + len(first.text))
            if quoted and not self._inside_quotes(line_number, span):
                continue
            spans = self._extend(parts, 1, [span], line_number, line_end, quoted)
            if spans is not None:
                return line_number, spans, quoted or all(self._inside_quotes(line_number, s) for s in spans)
        return None

    def _extend(
        self,
        parts: list[_Part],
        index: int,
        spans: list[tuple[int, int]],
        line_number: int,
        line_end: int,
        quoted: bool,
    ) -> list[tuple[int, int]] | None:
        if index == len(parts):
            return spans
        part = parts[index]
        cursor = spans[-1][1]
        while True:
            start = self._corpus.find(part.text, cursor, line_end)
            if start == -1:
                return None
            cursor = start + 1
            span = (start, start + len(part.text))
            if not self._matches_at(part, start):
                continue
            if part.joined_by == "insertion" and not self._same_sentence(line_number, spans[-1][0], span[1]):
                return None  # later occurrences lie further away still
            if quoted and not self._inside_quotes(line_number, span):
                continue
            found = self._extend(parts, index + 1, [*spans, span], line_number, line_end, quoted)
            if found is not None:
                return found

    def _same_sentence(self, line_number: int, start: int, end: int) -> bool:
        starts = self._sentences.get(line_number)
        if starts is None:
            starts = self._sentences[line_number] = self._sentence_starts(line_number)
        offset = self._line_starts[line_number]
        return bisect.bisect_right(starts, start - offset) == bisect.bisect_right(starts, end - 1 - offset)

    def _sentence_starts(self, line_number: int) -> list[int]:
        line = self._lines[line_number]
        starts = [0]
        for match in _SENTENCE_END.finditer(line):
            before = line[: match.start()].rstrip("\"')]")
            word = re.search(r"([\w.]+)\.$", before)
            if word and (word.group(1).lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1))):
                continue
            starts.append(match.end())
        return starts

    def _inside_quotes(self, line_number: int, span: tuple[int, int]) -> bool:
        quoted = self._quoted.get(line_number)
        if quoted is None:
            line = self._lines[line_number]
            marks = [m.start() for m in re.finditer('"', line)]
            quoted = self._quoted[line_number] = [(marks[i] + 1, marks[i + 1]) for i in range(0, len(marks) - 1, 2)]
        offset = self._line_starts[line_number]
        start, end = span[0] - offset, span[1] - offset
        return any(a <= start and end <= b for a, b in quoted)

    def _to_match(self, line_number: int, spans: list[tuple[int, int]], in_quotes: bool) -> QuoteMatch:
        text_index, line_index = self._line_refs[line_number]
        source = self.texts[text_index]
        raw = source.raw_lines[line_index]
        offsets = self._offsets(line_number)
        line_start = self._line_starts[line_number]
        parts = tuple((offsets[s - line_start][0], offsets[e - 1 - line_start][1]) for s, e in spans)
        return QuoteMatch(source.path, line_index + 1, parts, raw[parts[0][0] : parts[-1][1]], in_quotes)

    def _lines_sharing_words(self, needle: str, limit: int = 64) -> dict[int, str]:
        """The lines that hold most of the needle's rarer words (all lines if none does).

        Keeps the fuzzy search for a hint to a few lines of a large source.
        """
        postings = self._postings_index()
        keys = {w.lower() for w in _WORD.findall(needle)}
        known = sorted((k for k in keys if k in postings), key=lambda k: len(postings[k]))[:6]
        votes: dict[int, int] = {}
        for key in known:
            for line_number in {bisect.bisect_right(self._line_starts, p) - 1 for p in postings[key][:5000]}:
                votes[line_number] = votes.get(line_number, 0) + 1
        if not votes:
            return dict(enumerate(self._lines))
        chosen = sorted(votes, key=lambda n: -votes[n])[:limit]
        return {n: self._lines[n] for n in chosen}

    def _offsets(self, line_number: int) -> Spans:
        """For each character of a normalised line, the raw [start, end) it comes from."""
        offsets = self._maps.get(line_number)
        if offsets is None:
            text_index, line_index = self._line_refs[line_number]
            normalised, offsets = _normalise_with_offsets(self.texts[text_index].raw_lines[line_index])
            if normalised != self._lines[line_number]:  # pragma: no cover - a safety net
                offsets = _Shifted(0)
            self._maps[line_number] = offsets
        return offsets

    def _raw_passage(self, line_number: int, passage: str) -> str:
        at = self._lines[line_number].find(passage)
        if at < 0 or not passage:
            return passage
        offsets = self._offsets(line_number)
        text_index, line_index = self._line_refs[line_number]
        raw = self.texts[text_index].raw_lines[line_index]
        return raw[offsets[at][0] : offsets[at + len(passage) - 1][1]]

    # -- hints ------------------------------------------------------------------
    def closest(self, text: str) -> tuple[str, int, int, str, str] | None:
        """(source, line, % alike, passage, differing words) for the nearest passage."""
        from rapidfuzz import fuzz, process

        parts = _parse_quotation(text)
        if not parts:
            return None
        needle = " ".join(part.text for part in parts)
        candidates = self._lines_sharing_words(needle)
        best = process.extractOne(needle, candidates, scorer=fuzz.partial_ratio, score_cutoff=40)
        if best is None:
            return None
        line_text, _, line_number = best
        passage = _best_window(needle, line_text)
        alike = round(fuzz.ratio(needle, passage))
        text_index, line_index = self._line_refs[line_number]
        raw_passage = self._raw_passage(line_number, passage)
        return (self.texts[text_index].path, line_index + 1, alike, raw_passage, _word_differences(raw_passage, needle))


def _best_window(needle: str, line: str) -> str:
    """The run of whole words in ``line`` most like ``needle``.

    Windows are ranked by word edits first (so a changed word reads as a change, not as a
    dropped word), then by how close their length is, then by character similarity.
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Indel, Levenshtein

    words = list(re.finditer(r"\S+", line))
    if not words:
        return line
    alignment = fuzz.partial_ratio_alignment(needle, line)
    if alignment is None:  # rapidfuzz returns None only below a score cut-off, and none is given
        return line
    centre = bisect.bisect_right([w.start() for w in words], alignment.dest_start) - 1
    wanted = _comparison_keys(needle.split())
    best, best_rank = "", None
    for first in range(max(0, centre - 3), min(len(words), centre + 4)):
        for length in range(max(1, len(wanted) - 3), len(wanted) + 4):
            last = first + length - 1
            if last >= len(words):
                break
            candidate = line[words[first].start() : words[last].end()]
            candidate = candidate.rstrip("\"'”’),.;:").lstrip("\"'(“‘")
            keys = _comparison_keys(candidate.split())
            common = (len(wanted) + len(keys) - Indel.distance(wanted, keys)) // 2
            rank = (
                Levenshtein.distance(wanted, keys),
                -common,
                abs(length - len(wanted)),
                -fuzz.ratio(needle.casefold(), candidate.casefold()),
            )
            if best_rank is None or rank < best_rank:
                best, best_rank = candidate, rank
    return best


def _comparison_keys(words: list[str]) -> list[str]:
    """Words as the checker compares them: outer quotes and trailing , . ; : aside, first letter any case."""
    keys = [normalise(w).strip("\"'(),.;:") for w in words]
    if keys:
        keys[0] = keys[0][:1].lower() + keys[0][1:]
    return keys


def _word_differences(source: str, quotation: str) -> str:
    """``room → house; drops "the"; adds "very"``: how the quotation departs from the source."""
    from rapidfuzz.distance import Levenshtein

    theirs = [w.strip("\"'“”‘’").rstrip(",.;:") for w in source.split()]
    ours = [w.strip("\"'“”‘’").rstrip(",.;:") for w in quotation.split()]
    spans: list[list[int]] = []  # adjacent edits merged: [source start, end, quotation start, end]
    for op in Levenshtein.opcodes(_comparison_keys(theirs), _comparison_keys(ours)):
        if op.tag == "equal":
            continue
        if spans and spans[-1][1] == op.src_start and spans[-1][3] == op.dest_start:
            spans[-1][1], spans[-1][3] = op.src_end, op.dest_end
        else:
            spans.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    changes = []
    for source_start, source_end, quote_start, quote_end in spans:
        said = " ".join(theirs[source_start:source_end])
        written = " ".join(ours[quote_start:quote_end])
        if said and written:
            changes.append(f"{said} → {written}")
        elif said:
            changes.append(f'drops "{said}"')
        else:
            changes.append(f'adds "{written}"')
    return "; ".join(changes[:4]) + ("; …" if len(changes) > 4 else "")


_SOURCE_CACHE: dict[tuple[object, ...], SourceIndex] = {}


def _read_text(path: Path, root: Path | None = None) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(_shown(path, root), f"cannot be read ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            _shown(path, root), f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def _yaml_error(error: yaml.YAMLError) -> tuple[int, str]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return line, problem


def load_sources(sources_dir: Path) -> SourceIndex:
    """Every ``sources_dir/*.txt`` (UTF-8), with the facts of its optional ``<name>.yml``."""
    sources_dir = Path(sources_dir)
    root = sources_dir.parent
    if not sources_dir.is_dir():
        raise InputError(_shown(sources_dir, Path.cwd()), "no such directory: the source texts live in sources/*.txt")
    files = sorted(sources_dir.glob("*.txt"))
    if not files:
        raise InputError(_shown(sources_dir, Path.cwd()), "holds no source text (*.txt)")
    key = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files) + tuple(
        (str(f), f.stat().st_mtime_ns) for f in sorted(sources_dir.glob("*.yml"))
    )
    cached = _SOURCE_CACHE.get(key)
    if cached is not None:
        return cached
    texts = []
    for file in files:
        shown = _shown(file, Path.cwd())
        raw = _read_text(file)
        if not raw.strip():
            raise InputError(shown, "empty source text")
        facts = _load_facts(file.with_suffix(".yml"))
        body = raw[:-1] if raw.endswith("\n") else raw  # no phantom line after the last break
        raw_lines = tuple(body.split("\n"))
        normalised = unicodedata.normalize("NFC", body).translate(_QUOTE_TRANSLATION)
        # white space runs made one space, ends stripped: str.split's white space is \s's, in C
        lines = tuple(" ".join(line.split()) for line in normalised.split("\n"))
        if len(lines) != len(raw_lines):  # pragma: no cover - NFC never touches newlines
            raise InputError(shown, "line breaks changed by Unicode normalisation")
        texts.append(
            SourceText(
                path=file.relative_to(root).as_posix(),
                file=file,
                raw_lines=raw_lines,
                lines=lines,
                facts=facts,
                publisher=facts.get("publisher"),
                speakers=_speakers(facts, file),
            )
        )
    index = SourceIndex(texts)
    _SOURCE_CACHE.clear()
    _SOURCE_CACHE[key] = index
    return index


def _load_facts(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    shown = _shown(path, Path.cwd())
    try:
        facts = yaml.load(_read_text(path), Loader=_FAST_SAFE_LOADER)
    except yaml.YAMLError as error:
        line, problem = _yaml_error(error)
        raise InputError(f"{shown}:{line}", f"invalid YAML ({problem})") from None
    if facts is None:
        return {}
    if not isinstance(facts, dict):
        raise InputError(shown, "facts file is not a YAML mapping")
    return facts


def _speakers(facts: dict[str, Any], file: Path) -> tuple[Speaker, ...]:
    speakers = []
    for entry in facts.get("speakers") or ():
        if isinstance(entry, str):
            speakers.append(Speaker(entry))
        elif isinstance(entry, dict) and entry.get("name"):
            aliases = entry.get("aliases") or ()
            if isinstance(aliases, str):
                aliases = (aliases,)
            speakers.append(Speaker(str(entry["name"]), tuple(str(a) for a in aliases)))
        else:
            raise InputError(_shown(file.with_suffix(".yml"), Path.cwd()), "each speakers: entry needs a name")
    return tuple(speakers)


_FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
