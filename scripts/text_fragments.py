"""Text fragments: links that open an article at the quoted words.

A text fragment is the part of a URL after ``#:~:`` that names words on the
page, ``text=[prefix-,]start[,end][,-suffix]`` (WICG, *URL Fragment Text
Directives*, https://wicg.github.io/scroll-to-text-fragment/). A browser that
follows the link scrolls to the first passage that matches and highlights it.

This module does two things with one matcher, so they cannot disagree:

- ``build_directive`` chooses a directive for a quoted span of a source text:
  the first and last few words of the span, never a word with a quotation mark
  or apostrophe at its edges (the published page's typography may differ from
  the copy we verify against), with prefix or suffix context added only when
  the words alone would match more than once.
- ``fragment_problems`` proves a directive against a source text: it parses
  and percent-decodes it as the spec does, runs the spec's *find a range from
  a text directive* over the text, and says what is wrong, if anything.

The source text is modelled as the browser sees the article: each line is a
block, whitespace runs collapse to one space, matching is case- and
accent-insensitive (the spec's "primary level" comparison) and each term must
start and end on a word boundary (Unicode UAX #29, default rules).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

# Characters a term may carry unencoded (the spec's TextDirectiveExplicitChar).
# "-", "&" and "," are syntax, so they, like everything else, are encoded.
EXPLICIT_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!$'()*+./:;=?@_~")
# Quotation marks and apostrophes, straight and typographic: a published page
# may set any of them where our copy has another, so no term may carry one.
QUOTE_CHARS = frozenset(
    "\"'`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u00ab\u00bb\u2039\u203a\uff02\uff07"
)

_TERM = r"(?:[A-Za-z0-9!$'()*+./:;=?@_~]|%[0-9A-Fa-f]{2})+"
_DIRECTIVE = re.compile(
    rf"text=(?:(?P<prefix>{_TERM})-,)?(?P<start>{_TERM})"
    rf"(?:,(?P<end>{_TERM}))?(?:,-(?P<suffix>{_TERM}))?"
)
_TERM_NAMES = ("prefix", "start", "end", "suffix")


class DirectiveSyntaxError(ValueError):
    """A string that is not a well-formed ``text=`` directive."""


@dataclass(frozen=True)
class TextDirective:
    """The decoded terms of one text directive; ``start`` is required."""

    start: str
    end: str | None = None
    prefix: str | None = None
    suffix: str | None = None

    def encode(self) -> str:
        """The directive as it goes into a URL, after ``#:~:``."""
        parts = []
        if self.prefix is not None:
            parts.append(encode_term(self.prefix) + "-")
        parts.append(encode_term(self.start))
        if self.end is not None:
            parts.append(encode_term(self.end))
        if self.suffix is not None:
            parts.append("-" + encode_term(self.suffix))
        return "text=" + ",".join(parts)

    def terms(self) -> dict[str, str]:
        """The terms that are present, by their spec names."""
        values = dict(zip(_TERM_NAMES, (self.prefix, self.start, self.end, self.suffix), strict=True))
        return {name: value for name, value in values.items() if value is not None}


# Written bare by encode_term: the explicit chars but ":". A term holding ":~:" would
# otherwise put the fragment directive's own delimiter inside itself, and a browser,
# like parse_directive, starts the directive at the first ":~:" of the fragment.
_BARE_CHARS = EXPLICIT_CHARS - {":"}


def encode_term(term: str) -> str:
    """Percent-encode a term: UTF-8 bytes, every byte but the explicit chars (and ":")."""
    return "".join(
        char if char in _BARE_CHARS else "".join(f"%{byte:02X}" for byte in char.encode("utf-8")) for char in term
    )


def decode_term(encoded: str) -> str:
    """Percent-decode a term; invalid UTF-8 is a syntax error, not a guess."""
    try:
        return unquote_to_bytes(encoded).decode("utf-8")
    except UnicodeDecodeError as error:
        raise DirectiveSyntaxError(f"{encoded!r} does not decode to UTF-8 text") from error


def fragment_directive(url_or_directive: str) -> str:
    """The ``text=...`` part of a URL, a ``#:~:...`` fragment or a bare directive."""
    _, delimiter, after = url_or_directive.partition(":~:")
    return after if delimiter else url_or_directive


def parse_directive(url_or_directive: str) -> TextDirective:
    """Parse one text directive (spec: *parse a text directive*) and decode its terms."""
    raw = fragment_directive(url_or_directive)
    if "&" in raw:
        raise DirectiveSyntaxError(
            f"{raw!r} holds more than one directive: an unencoded & splits it (encode it as %26)"
        )
    match = _DIRECTIVE.fullmatch(raw)
    if match is None:
        raise DirectiveSyntaxError(_explain_syntax(raw))
    decoded = {name: decode_term(value) for name, value in match.groupdict().items() if value is not None}
    return TextDirective(**decoded)


def _explain_syntax(raw: str) -> str:
    if not raw.startswith("text="):
        return f"{raw!r} does not begin with text="
    bad = sorted({char for char in raw[5:] if char not in EXPLICIT_CHARS and char not in "%-,"})
    if bad:
        return f"{raw!r} carries characters that must be percent-encoded: {''.join(bad)!r}"
    if re.search(r"%(?![0-9A-Fa-f]{2})", raw):
        return f"{raw!r} has a % that is not followed by two hex digits"
    return (
        f"{raw!r} is not [prefix-,]start[,end][,-suffix]: a - or , inside a term "
        "must be percent-encoded (%2D, %2C), and no term may be empty"
    )


# --- The text as a browser searches it ----------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character at the spec's primary strength: no case, no accents.

    Folding keeps one character per character, so offsets in the folded text
    are offsets in the text."""
    base = unicodedata.normalize("NFD", char)[0]
    lower = base.lower()
    return lower if len(lower) == 1 else base


def fold(text: str) -> str:
    return "".join(_fold_char(char) for char in text)


class SearchText:
    """A source text as the spec's algorithm sees it, with a map back to the raw text.

    Each line is a block. Within a block, whitespace runs collapse to one
    space and the ends are trimmed, as a browser renders a paragraph; blocks
    are joined by a newline, which no term can match across."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        chars: list[str] = []
        raw_index: list[int] = []  # for each character of self.text, its index in raw
        offset = 0
        for number, line in enumerate(raw.split("\n")):
            if number:
                chars.append("\n")
                raw_index.append(offset - 1)
            for token in re.finditer(r"\S+", line):
                if chars and chars[-1] != "\n":
                    chars.append(" ")
                    raw_index.append(offset + token.start() - 1)
                chars.extend(token.group())
                raw_index.extend(range(offset + token.start(), offset + token.end()))
            offset += len(line) + 1
        self.text = "".join(chars)
        self.folded = fold(self.text)
        self._raw_index = raw_index

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """A [start, end) range of self.text as a range of the raw text."""
        return self._raw_index[start], self._raw_index[end - 1] + 1

    def from_raw(self, start: int, end: int) -> tuple[int, int]:
        """The smallest range of self.text covering the raw range's non-space characters."""
        inside = [i for i, raw in enumerate(self._raw_index) if start <= raw < end and not self.text[i].isspace()]
        if not inside:
            raise ValueError(f"raw range {start}-{end} holds no text")
        return inside[0], inside[-1] + 1


# --- Word boundaries (UAX #29, default rules) ----------------------------------------------

_MID_LETTER = frozenset("\u00b7\u0387\u055f\u05f4\u2027\ufe13")  # ICU leaves out ":"
_MID_NUM_LET_Q = frozenset(".'\u2018\u2019\u2024\ufe52\uff07\uff0e")
_MID_NUM = frozenset(",;\u037e\u0589\u060c\u060d\u066c\u07f8\u2044\ufe10\ufe14\ufe50\ufe54\uff0c\uff1b")


@functools.lru_cache(maxsize=4096)
def _word_break_class(char: str) -> str:
    if char in "\n\r\x0b\x0c\x85\u2028\u2029":
        return "Newline"
    if char in _MID_LETTER:
        return "MidLetter"
    if char in _MID_NUM_LET_Q:
        return "MidNumLetQ"
    if char in _MID_NUM:
        return "MidNum"
    category = unicodedata.category(char)
    if category == "Nd":
        return "Numeric"
    if category in ("Mn", "Me", "Mc") or char == "\u200d":
        return "Extend"
    if category == "Cf":
        return "Format"
    if char.isalpha() and unicodedata.east_asian_width(char) not in ("W", "F"):
        return "ALetter"
    if category == "Pc" or char == "\u202f":
        return "ExtendNumLet"
    if category == "Zs":
        return "WSegSpace"
    return "Other"


def _class_at(text: str, index: int, step: int) -> str | None:
    """The class of the character at index, skipping Extend/Format (rule WB4) in direction step."""
    while 0 <= index < len(text):
        kind = _word_break_class(text[index])
        if kind not in ("Extend", "Format"):
            return kind
        index += step
    return None


def is_word_boundary(text: str, position: int) -> bool:
    """Whether a word boundary precedes text[position] (spec: *is at a word boundary*)."""
    if position <= 0 or position >= len(text):
        return len(text) > 0
    left, right = _word_break_class(text[position - 1]), _word_break_class(text[position])
    if "Newline" in (left, right):
        return not (text[position - 1] == "\r" and text[position] == "\n")  # WB3, WB3a, WB3b
    if left == right == "WSegSpace":
        return False  # WB3d
    if right in ("Extend", "Format"):
        return False  # WB4
    before, after = _class_at(text, position - 1, -1), _class_at(text, position, 1)
    before2 = _class_at(text, _skip(text, position - 1, -1) - 1, -1)
    after2 = _class_at(text, _skip(text, position, 1) + 1, 1)
    joins = {
        ("ALetter", "ALetter"),
        ("Numeric", "Numeric"),  # WB5, WB8
        ("ALetter", "Numeric"),
        ("Numeric", "ALetter"),  # WB9, WB10
        ("ALetter", "ExtendNumLet"),
        ("Numeric", "ExtendNumLet"),
        ("ExtendNumLet", "ExtendNumLet"),  # WB13a
        ("ExtendNumLet", "ALetter"),
        ("ExtendNumLet", "Numeric"),  # WB13b
    }
    if (before, after) in joins:
        return False
    letter_mid = ("MidLetter", "MidNumLetQ")
    number_mid = ("MidNum", "MidNumLetQ")
    if before == "ALetter" and after in letter_mid and after2 == "ALetter":
        return False  # WB6
    if before2 == "ALetter" and before in letter_mid and after == "ALetter":
        return False  # WB7
    if before2 == "Numeric" and before in number_mid and after == "Numeric":
        return False  # WB11
    # WB12, else WB999
    return not (before == "Numeric" and after in number_mid and after2 == "Numeric")


def _skip(text: str, index: int, step: int) -> int:
    """The index of the first non-Extend/Format character from index in direction step."""
    while 0 <= index < len(text) and _word_break_class(text[index]) in ("Extend", "Format"):
        index += step
    return index


# --- The spec's matching algorithm, over a SearchText -----------------------------------------


def _find(doc: SearchText, query: str, start: int, end: int, word_start: bool, word_end: bool) -> int | None:
    """Spec: *find a string in range*. The first match of query within [start, end)."""
    folded = fold(query)
    position = start
    while True:
        index = doc.folded.find(folded, position, end)
        if index < 0:
            return None
        if (word_start and not is_word_boundary(doc.text, index)) or (
            word_end and not is_word_boundary(doc.text, index + len(folded))
        ):
            position = index + 1
            continue
        return index


def _skip_whitespace(doc: SearchText, index: int) -> int:
    while index < len(doc.text) and doc.text[index].isspace():
        index += 1
    return index


def iter_matches(doc: SearchText, directive: TextDirective) -> Iterator[tuple[int, int]]:
    """Every range the spec's *find a range from a text directive* would return,
    first to last: after each, the search carries on as if it had been rejected.

    A browser indicates only the first; a directive is unambiguous when there
    is exactly one."""
    if any("\n" in term for term in directive.terms().values()):
        return  # a term is matched within one block, so one with a line break never matches
    size = len(doc.text)
    search_from = 0
    must_end_at_word = directive.end is not None or directive.suffix is None
    while search_from < size:
        if directive.prefix is not None:
            prefix_at = _find(doc, directive.prefix, search_from, size, True, False)
            if prefix_at is None:
                return
            search_from = prefix_at + 1
            match_from = _skip_whitespace(doc, prefix_at + len(directive.prefix))
            if match_from >= size:
                return
            start_at = _find(doc, directive.start, match_from, size, False, must_end_at_word)
            if start_at is None:
                return
            if start_at != match_from:
                continue
        else:
            start_at = _find(doc, directive.start, search_from, size, True, must_end_at_word)
            if start_at is None:
                return
            search_from = start_at + 1
        found, stop = _complete_match(doc, directive, start_at)
        if found is not None:
            yield found
        if stop:
            return


def _complete_match(doc: SearchText, directive: TextDirective, start_at: int) -> tuple[tuple[int, int] | None, bool]:
    """The spec's inner loop: find textEnd and suffix after a matched start.

    Returns the match (or None) and whether the whole search is over."""
    size = len(doc.text)
    match_end = start_at + len(directive.start)
    end_search_from = match_end
    while True:
        if directive.end is not None:
            if end_search_from >= size:
                return None, True
            end_at = _find(doc, directive.end, end_search_from, size, True, directive.suffix is None)
            if end_at is None:
                return None, True
            match_end = end_at + len(directive.end)
        if directive.suffix is None:
            return (start_at, match_end), False
        suffix_from = _skip_whitespace(doc, match_end)
        suffix_at = _find(doc, directive.suffix, suffix_from, size, False, True)
        if suffix_at is None:
            return None, True
        if suffix_at == suffix_from:
            return (start_at, match_end), False
        if directive.end is None:
            return None, False
        end_search_from = match_end


# --- Proving a directive ----------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _search_text(source_text: str) -> SearchText:
    """A source text folded once: a site proves many directives against the same few texts."""
    return SearchText(source_text)


@functools.lru_cache(maxsize=4096)
def _fragment_problems(source_text: str, directive: str) -> tuple[str, ...]:
    return tuple(_unproved(source_text, directive))


def fragment_problems(source_text: str, directive: str) -> list[str]:
    """What is wrong with a text directive for this source text (see _unproved); empty when sound."""
    return list(_fragment_problems(source_text, directive))


def _unproved(source_text: str, directive: str) -> list[str]:
    """What is wrong with a text directive for this source text; empty when it is sound.

    Sound means: it is well-formed and percent-encoded as the spec requires,
    no term carries a quotation mark or apostrophe, and it matches exactly
    one passage of the source text."""
    try:
        parsed = parse_directive(directive)
    except DirectiveSyntaxError as error:
        return [str(error)]
    problems = [
        f"the {name} term {value!r} carries a quotation mark or apostrophe: "
        "the published page may set it differently, so choose words without one"
        for name, value in parsed.terms().items()
        if QUOTE_CHARS.intersection(value)
    ]
    matches = list(iter_matches(_search_text(source_text), parsed))
    if not matches:
        problems.append(f"{fragment_directive(directive)!r} matches nothing in the source text")
    elif len(matches) > 1:
        problems.append(
            f"{fragment_directive(directive)!r} matches {len(matches)} passages of the source text: "
            "add prefix or suffix context, or longer start and end terms, so that it matches once"
        )
    return problems


def fragment_range(source_text: str, directive: str) -> tuple[int, int] | None:
    """The raw [start, end) range of source_text that the directive opens at, or None."""
    doc = _search_text(source_text)
    first = next(iter_matches(doc, parse_directive(directive)), None)
    return None if first is None else doc.to_raw(*first)


# --- Choosing a directive for a quoted span -----------------------------------------------------

_EDGE = re.compile(r"^[^\w]+|[^\w]+$")
_MAX_EXACT_WORDS = 5
# Term lengths in words, best first: three words are specific yet short; one
# word is a last resort, as the published page has far more words than ours.
_TERM_WORDS = (3, 2, 4, 5, 1, 6, 8)
_CONTEXT_WORDS = (1, 2, 3)
_WIDEN_WORDS = (3, 2, 1)


@dataclass(frozen=True)
class _Word:
    start: int  # of the word without edge punctuation, in SearchText.text
    end: int
    clean: bool  # no quotation mark or apostrophe in it, edges included


def _words(doc: SearchText, start: int, end: int) -> list[_Word]:
    words = []
    for token in re.finditer(r"\S+", doc.text[start:end]):
        core = _EDGE.sub("", token.group())
        if not core:
            continue
        offset = start + token.start() + token.group().index(core)
        words.append(_Word(offset, offset + len(core), not QUOTE_CHARS.intersection(token.group())))
    return words


def _run(words: list[_Word], size: int, from_left: bool) -> tuple[int, int] | None:
    """Indices (first, last) of `size` consecutive clean words from the first clean word
    nearest one edge; None if there are not that many."""
    order = range(len(words)) if from_left else range(len(words) - 1, -1, -1)
    edge = next((i for i in order if words[i].clean), None)
    if edge is None:
        return None
    first, last = (edge, edge + size - 1) if from_left else (edge - size + 1, edge)
    if first < 0 or last >= len(words) or not all(words[j].clean for j in range(first, last + 1)):
        return None
    return first, last


def _term_text(doc: SearchText, start: int, end: int) -> str | None:
    text = doc.text[start:end]
    return None if QUOTE_CHARS.intersection(text) or "\n" in text else text


def _plain_candidates(doc: SearchText, words: list[_Word]) -> list[tuple[TextDirective, tuple[int, int]]]:
    """Directives without context for a run of words, best first, each with the range
    it must match: the whole run as one term if short, else its first and last words."""
    clean = [i for i, word in enumerate(words) if word.clean]
    if not clean:
        return []
    first, last = clean[0], clean[-1]
    found = []
    exact = _term_text(doc, words[first].start, words[last].end)
    if exact is not None and last - first + 1 <= _MAX_EXACT_WORDS:
        found.append((TextDirective(exact), (words[first].start, words[last].end)))
    sizes = sorted(
        ((k, m) for k in _TERM_WORDS for m in _TERM_WORDS),
        key=lambda km: sorted((_TERM_WORDS.index(km[0]), _TERM_WORDS.index(km[1])), reverse=True),
    )
    for k, m in sizes:
        starts, ends = _run(words, k, True), _run(words, m, False)
        if starts is None or ends is None or starts[1] >= ends[0]:
            continue
        start = _term_text(doc, words[starts[0]].start, words[starts[1]].end)
        end = _term_text(doc, words[ends[0]].start, words[ends[1]].end)
        if start and end:
            found.append((TextDirective(start, end), (words[starts[0]].start, words[ends[1]].end)))
    if exact is not None and not found:
        found.append((TextDirective(exact), (words[first].start, words[last].end)))
    return found


def _context(doc: SearchText, at: int, count: int, before: bool) -> str | None:
    """`count` words immediately before (or after) position `at` in its block, or None
    if there are fewer, or they carry a quotation mark or apostrophe."""
    line_start = doc.text.rfind("\n", 0, at) + 1
    line_end = doc.text.find("\n", at)
    line_end = len(doc.text) if line_end < 0 else line_end
    stretch = doc.text[line_start:at].rstrip() if before else doc.text[at:line_end].lstrip()
    tokens = stretch.split(" ") if stretch else []
    tokens = tokens[-count:] if before else tokens[:count]
    text = re.sub(r"^[^\w]+", "", " ".join(tokens)) if before else re.sub(r"[^\w]+$", "", " ".join(tokens))
    if len(tokens) < count or not text or QUOTE_CHARS.intersection(text):
        return None
    return text


def _with_context(
    doc: SearchText, plain: list[tuple[TextDirective, tuple[int, int]]]
) -> Iterator[tuple[TextDirective, tuple[int, int]]]:
    for directive, target in plain:
        for count in _CONTEXT_WORDS:
            prefix = _context(doc, target[0], count, before=True)
            suffix = _context(doc, target[1], count, before=False)
            if prefix:
                yield TextDirective(directive.start, directive.end, prefix=prefix), target
            if suffix:
                yield TextDirective(directive.start, directive.end, suffix=suffix), target
            if prefix and suffix:
                yield TextDirective(directive.start, directive.end, prefix, suffix), target


def _word_windows(doc: SearchText, start: int, end: int) -> list[list[_Word]]:
    """The span's words, then the span widened by a few words of its block on one side or
    both: a term may then start or end outside the quotation marks, never on them."""
    line_start = doc.text.rfind("\n", 0, start) + 1
    line_end = doc.text.find("\n", end)
    line_end = len(doc.text) if line_end < 0 else line_end
    inner = _words(doc, start, end)
    if not any(word.clean for word in inner):
        return []  # no word of the span can be named, so no directive opens at it
    before, after = _words(doc, line_start, start), _words(doc, end, line_end)
    windows = [inner]
    for count in _WIDEN_WORDS:
        windows += [before[-count:] + inner, inner + after[:count]]
    windows += [before[-count:] + inner + after[:count] for count in _WIDEN_WORDS]
    unique: list[list[_Word]] = []
    for window in windows:
        if window and window not in unique:
            unique.append(window)
    return unique


def build_directive(source_text: str, start: int, end: int) -> TextDirective | None:
    """A directive that opens source_text at the raw span [start, end), proven to match once.

    It matches from the span's first clean word to its last (a word with a
    quotation mark or apostrophe is left out); where that is ambiguous, with
    prefix or suffix context; failing that, reaching a few words beyond the
    span. None when nothing of that shape matches exactly once."""
    doc = _search_text(source_text)
    for window in _word_windows(doc, *doc.from_raw(start, end)):
        plain = _plain_candidates(doc, window)
        for directive, target in [*plain, *_with_context(doc, plain)]:
            if list(iter_matches(doc, directive)) == [target]:
                return directive
    return None


def line_offset(source_text: str, line: int) -> int:
    """Where 1-based line `line` starts in source_text."""
    lines = source_text.split("\n")
    if not 1 <= line <= len(lines):
        raise ValueError(f"line {line} is outside a text of {len(lines)} lines")
    return sum(len(text) + 1 for text in lines[: line - 1])


def directive_for_parts(source_text: str, line: int, parts: tuple[tuple[int, int], ...]) -> TextDirective | None:
    """A directive for a quotation matched at `parts` ([start, end) offsets) of a source line:
    it spans from the first part's start to the last part's end."""
    base = line_offset(source_text, line)
    return build_directive(source_text, base + min(p[0] for p in parts), base + max(p[1] for p in parts))
