"""Every check of a built site, registered in one place, and every problem code.

A page check is an object with ``check_page(page) -> Iterable[Problem]``, made once a
site (or once a shard of it) with the site and ``locate`` (verbatim.locate gives
positions); a site check runs once, after every page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from verbatim import head, links, resources
from verbatim.built import BuiltPage, BuiltSite
from verbatim.episode import EpisodeChecker
from verbatim.links import LinkChecker
from verbatim.matching import SourceIndex
from verbatim.problems import Problem
from verbatim.source_pass import CODES as SOURCE_CODES

__all__ = ["CODES", "Locate", "PageCheck", "page_checks", "site_checks"]

Locate = Callable[[BuiltSite, BuiltPage, str], tuple[str, int, int]]

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


class PageCheck(Protocol):
    """A check that reads one page at a time (a site is proved page by page, in shards)."""

    def check_page(self, page: BuiltPage) -> Iterable[Problem]: ...


def page_checks(site: BuiltSite, index: SourceIndex, locate: Locate) -> tuple[LinkChecker, list[PageCheck]]:
    """The checks run on every page besides the quotation proof (verbatim.proof), in this
    order: the link check first, as the request check reuses the attributes it read.
    The link check is also returned by itself: the ids it reads settle other pages' links."""
    link_check = links.LinkChecker(site, locate)  # every href, src, srcset, action, poster, data; schemes
    return link_check, [
        link_check,
        resources.ResourceChecker(site, locate),  # requests stay on the site
        _HeadCheck(site, locate),  # the <head> holds only what the templates write
        EpisodeChecker(site, locate, index),  # links into the episode open at a chapter
    ]


def site_checks(site: BuiltSite, locate: Locate, ids: dict[str, frozenset[str]]) -> Iterator[Problem]:
    """The checks run once a site, after every page (``ids``: every page's ids)."""
    search = links.LinkChecker(site, locate)
    search.ids.update(ids)
    yield from search.check_search_index()  # search results lead to a page and an id
    yield from resources.ResourceChecker(site, locate).check_stylesheets()  # fonts and images in CSS


class _HeadCheck:
    def __init__(self, site: BuiltSite, locate: Locate) -> None:
        self.site, self.locate = site, locate

    def check_page(self, page: BuiltPage) -> Iterable[Problem]:
        return head.check_page_head(self.site, page, self.locate)
