"""Every check of a built site, registered in one place, and every problem code.

A check is ``(site, locate) -> Iterable[Problem]`` (verbatim.locate gives positions);
the ones that need the sources take them bound (functools.partial).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from verbatim import head, links, resources
from verbatim.built import BuiltPage, BuiltSite
from verbatim.episode import check_episode_moments
from verbatim.matching import SourceIndex
from verbatim.problems import Problem
from verbatim.source_pass import CODES as SOURCE_CODES

__all__ = ["CODES", "Check", "Locate", "built_site_checks"]

Locate = Callable[[BuiltSite, BuiltPage, str], tuple[str, int, int]]
Check = Callable[[BuiltSite, Locate], Iterable[Problem]]

#: Every problem code, with what it means (the README shows each as it prints).
CODES: dict[str, str] = {
    "quote-not-found": "a quotation is not found word for word in the sources",
    "quote-misattributed": "a quotation attributed to a person is not words the source quotes",
    "quote-unbalanced": "a quotation mark is left open (or closed without opening) in a paragraph",
    "fragment-invalid": "a quote card's text fragment would not open the original at its words, once",
    **SOURCE_CODES,
    "quote-ambiguous": "a straight quotation mark pairs with nothing a reader can tell",
    "quote-hidden-text": "a quotation or quote card holds text hidden from sight",
    "quote-unknown-speaker": "a quotation is attributed to a name the facts file does not list",
    "quote-negation-changed": "an omission or bracketed insertion drops, adds or replaces a negation",
    "quote-budget": "the site republishes more of the article's own prose than the budget allows",
    "episode-moment-unknown": "a link into the episode opens at a second that is no chapter start",
}

CODES.update(links.CODES)
CODES.update(resources.CODES)
CODES.update(head.CODES)


def built_site_checks(index: SourceIndex) -> list[Check]:
    """The checks run on every built site, besides the quotation proof (verbatim.proof)."""
    return [
        partial(_episode, index=index),
        links.check_links,  # every href, src, srcset, action, poster, data; schemes
        resources.check_resources,  # requests stay on the site
        head.check_head,  # the <head> holds only what the templates write
    ]


def _episode(site: BuiltSite, locate: Locate, *, index: SourceIndex) -> Iterable[Problem]:
    return check_episode_moments(site, locate, index)
