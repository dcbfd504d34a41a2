"""Quotation marks of every family, paired as a reader pairs them, or refused.

Families: straight and curly double (``"…"``, ``“…”``), curly single (``‘…’``), low-9
(``„…“``, ``‚…‘``), guillemets both ways (``«…»``, ``»…«``), single angle (``‹…›``,
``›…‹``), corner brackets (``「…」``, ``『…』``) and full-width (``＂…＂``).  An apostrophe
inside a word (``it’s``, ``SSI's``) or before a digit (``’90s``) is not a quotation mark,
nor is a closing single mark after a word when no single quotation is open (the
possessive ``models’``).  A mark left open or closed without opening is ``unbalanced``;
a straight mark that could open or close (the pairing a reader would have to guess) is
``ambiguous``: curly marks say which they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ALL_MARKS", "MarkFault", "Span", "find_spans"]

#: opener -> the closers that end it
_PAIRS: dict[str, str] = {
    "\u201c": "\u201d",  # “ ”
    "\u201e": "\u201c\u201d",  # „ “ or ”
    "\u00ab": "\u00bb",  # « »
    "\u2039": "\u203a",  # ‹ ›
    "\u2018": "\u2019",  # ‘ ’
    "\u201a": "\u2018\u2019",  # ‚ ‘ or ’
    "\u300c": "\u300d",  # 「 」
    "\u300e": "\u300f",  # 『 』
}
#: marks that may open the reverse way when nothing of their family is open (Danish »…«)
_REVERSED: dict[str, str] = {"\u00bb": "\u00ab", "\u203a": "\u2039"}
_STRAIGHT = "\"\uff02'\uff07"
ALL_MARKS = frozenset(_PAIRS) | frozenset("".join(_PAIRS.values())) | frozenset(_STRAIGHT)
_ANY_MARK = re.compile("[" + re.escape("".join(sorted(ALL_MARKS))) + "]")
_SINGLE_CLOSERS = frozenset("\u2019'\uff07")
_OPEN_CONTEXT = frozenset("([{\u2014\u2013-/")


@dataclass(frozen=True)
class Span:
    """A quotation: marks at ``open_at`` and ``close_at``; its words are text[open_at+1:close_at]."""

    open_at: int
    close_at: int
    mark: str
    depth: int

    @property
    def start(self) -> int:
        return self.open_at + 1

    @property
    def end(self) -> int:
        return self.close_at


@dataclass(frozen=True)
class MarkFault:
    at: int
    kind: str  # "unbalanced" or "ambiguous"
    mark: str


def _is_word(char: str) -> bool:
    return char.isalnum()


def _apostrophe(text: str, at: int) -> bool:
    """An apostrophe, not a quotation mark: inside a word, or eliding before a digit."""
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return (_is_word(before) and _is_word(after)) or (not _is_word(before) and after.isdigit())


def _can_open(text: str, at: int) -> bool:
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return (before.isspace() or before in _OPEN_CONTEXT or before in ALL_MARKS) and not after.isspace()


def _can_close(text: str, at: int) -> bool:
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or not _is_word(after))


def find_spans(text: str) -> tuple[list[Span], list[MarkFault]]:
    """Every quotation in ``text`` (outer and nested), and the marks that pair with nothing."""
    stack: list[tuple[int, str]] = []  # (offset, opener)
    spans: list[Span] = []
    faults: list[MarkFault] = []

    def close(index: int) -> None:
        while len(stack) > index + 1:  # openers left inside never closed
            at, mark = stack.pop()
            faults.append(MarkFault(at, "ambiguous" if mark in _STRAIGHT else "unbalanced", mark))
        at, mark = stack.pop()
        spans.append(Span(at, position, mark, len(stack)))

    for found in _ANY_MARK.finditer(text):  # the marks only: a paragraph has a few in hundreds of letters
        position, char = found.start(), found.group()
        if char in _STRAIGHT:
            if char in "'\uff07" and _apostrophe(text, position):
                continue
            open_index = _find_open(stack, char)
            if open_index is not None and _can_close(text, position):
                close(open_index)
            elif _can_open(text, position):
                stack.append((position, char))
            elif char in "'\uff07":
                continue  # a possessive or elision: models' , rock 'n'
            else:
                faults.append(MarkFault(position, "ambiguous", char))
            continue
        if char == "\u2019" and _apostrophe(text, position):
            continue  # it’s, Sutskever’s: an apostrophe even inside a single quotation
        open_index = _find_closable(stack, char)
        if open_index is not None:
            close(open_index)
        elif char in _PAIRS or (char in _REVERSED and _can_open(text, position)):
            stack.append((position, char))
        elif char in _SINGLE_CLOSERS or (char == "\u2018" and _apostrophe(text, position)):
            continue  # a curly apostrophe: it’s, models’, ’90s
        elif _spaced(text, position):
            continue  # a separator, not a mark: Themes › Jaggedness
        else:
            faults.append(MarkFault(position, "unbalanced", char))
    for at, mark in stack:
        faults.append(MarkFault(at, "ambiguous" if mark in _STRAIGHT else "unbalanced", mark))
    spans.sort(key=lambda span: span.open_at)
    return spans, faults


def _spaced(text: str, at: int) -> bool:
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return before.isspace() and after.isspace()


def _find_open(stack: list[tuple[int, str]], mark: str) -> int | None:
    for index in range(len(stack) - 1, -1, -1):
        if stack[index][1] == mark:
            return index
    return None


def _find_closable(stack: list[tuple[int, str]], char: str) -> int | None:
    for index in range(len(stack) - 1, -1, -1):
        opener = stack[index][1]
        if char in _PAIRS.get(opener, "") or _REVERSED.get(opener) == char:
            return index
    return None
