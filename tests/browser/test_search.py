"""Search quality: what a reader types, key by key, and the theme page that must come first.

Material's search (lunr in a web worker) treats every typed word as a prefix
and never stems it: "emotion" finds "emotions", but "teenagers" cannot find a
page that only says "teenager". The tuning that makes this table pass lives in
mkdocs.yml (`plugins: search`: separator, pipeline, title boost) and in the
front matter of the home page and the glossary (`search: boost`), which point
to the themes and so should not outrank them.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .browsing import THEME_PAGES, Site, open_search, search

JAGGEDNESS = "themes/jaggedness/"
AGE_OF_RESEARCH = "themes/age-of-research/"
EMOTIONS = "themes/emotions-as-value-function/"
ON_THE_JOB = "themes/learning-on-the-job/"
UNSPOKEN = "themes/unspoken-ideas/"
STRAIGHT_SHOT = "themes/straight-shot/"
SENTIENT_LIFE = "themes/sentient-life/"

# (what the reader types, the page that must come first)
SEARCH_TABLE = [
    # The article's own terms.
    ("reward hacking", JAGGEDNESS),
    ("vibe coding", JAGGEDNESS),
    ("value function", EMOTIONS),
    ("age of scaling", AGE_OF_RESEARCH),
    ("continual learning", ON_THE_JOB),
    ("machine learning principle", UNSPOKEN),
    ("rat race", STRAIGHT_SHOT),
    ("straight shot", STRAIGHT_SHOT),
    ("sentient life", SENTIENT_LIFE),
    ("alignment", SENTIENT_LIFE),
    # Hyphens: typed with or without them.
    ("15-year-old", ON_THE_JOB),
    ("single-minded", JAGGEDNESS),
    ("tight-lipped", UNSPOKEN),
    ("trial-and-error", ON_THE_JOB),
    ("trial and error", ON_THE_JOB),
    ("real-world", ON_THE_JOB),
    # Numbers, with and without the dollar sign.
    ("3 billion", STRAIGHT_SHOT),
    ("$3 billion", STRAIGHT_SHOT),
    ("before 2020", AGE_OF_RESEARCH),
    # Plurals and singulars: a typed word is a prefix, so the singular finds both.
    ("benchmarks", JAGGEDNESS),
    ("benchmark", JAGGEDNESS),
    ("emotions", EMOTIONS),
    ("neuron", UNSPOKEN),
    ("opinions", UNSPOKEN),
    # A reader's everyday words for the article's.
    ("teen driver", EMOTIONS),            # a teenager learns to drive
    ("learn to drive", EMOTIONS),
    ("cheating on tests", JAGGEDNESS),    # optimizing for specific benchmarks
    ("jagged", JAGGEDNESS),               # jaggedness
    ("bigger models", AGE_OF_RESEARCH),   # ever-larger models
    ("gifted student", ON_THE_JOB),       # an extremely gifted student
    ("human brain", UNSPOKEN),            # human neurons
    ("won't discuss", UNSPOKEN),          # not discussed freely
    ("funding", STRAIGHT_SHOT),           # has raised $3 billion
    ("regulation", STRAIGHT_SHOT),        # regulatory processes
    ("no products", STRAIGHT_SHOT),       # no quick product releases
    ("labs working together", SENTIENT_LIFE),  # pragmatic collaboration
    ("OpenAI and Anthropic", SENTIENT_LIFE),
    ("empathy", SENTIENT_LIFE),
    ("evolution", EMOTIONS),
    ("hardcoded", EMOTIONS),
    # Once misses, each mended by wording on its page, not by tuning.
    ("10 hours", EMOTIONS),               # "How it connects" lists are kept out of search
    ("teenager", EMOTIONS),
    ("teenagers", EMOTIONS),
    ("teen drivers", EMOTIONS),           # "teen" carries it: words are ORed
    ("sample efficiency", EMOTIONS),
    ("gut feelings", EMOTIONS),
    ("bugs", JAGGEDNESS),
    ("inconsistent", JAGGEDNESS),         # inconsistency
    ("deployment", ON_THE_JOB),
    ("secret", UNSPOKEN),
    ("fundraising", STRAIGHT_SHOT),
]

# What a reader types when the word is not the page's: a typo, another form of
# the word, a British spelling, a number in words, a whole question. Rows are
# about concepts, so they hold when the pages' wording changes.
FORGIVING_TABLE = [
    # One letter wrong, missing, extra or swapped (not a prefix of any page word).
    ("benchmrk", JAGGEDNESS),
    ("jagedness", JAGGEDNESS),
    ("reinforcment", JAGGEDNESS),
    ("vibe codng", JAGGEDNESS),
    ("inconsistant", JAGGEDNESS),
    ("sutskevr on emotions", EMOTIONS),
    ("emotins", EMOTIONS),
    ("hardcodded", EMOTIONS),
    ("evolutoin", EMOTIONS),
    ("teenger", EMOTIONS),
    ("sample efficency", EMOTIONS),
    ("continual lerning", ON_THE_JOB),
    ("tight-liped", UNSPOKEN),
    ("neurnos", UNSPOKEN),
    ("fundrasing", STRAIGHT_SHOT),
    ("regulatry", STRAIGHT_SHOT),
    ("rat rase", STRAIGHT_SHOT),
    ("sentinet life", SENTIENT_LIFE),
    ("anthropik", SENTIENT_LIFE),
    ("empahty", SENTIENT_LIFE),
    # Two letters wrong, in longer words.
    ("bencmarck", JAGGEDNESS),
    ("jagednes", JAGGEDNESS),
    ("reinfrocemnt", JAGGEDNESS),
    ("allignmnet", SENTIENT_LIFE),
    ("colaberation", SENTIENT_LIFE),
    # Other forms of the pages' words: irregular and regular inflections.
    ("drove", EMOTIONS),                  # drive
    ("learnt to drive", EMOTIONS),        # learn
    ("emotional", EMOTIONS),              # emotions
    ("taught", SENTIENT_LIFE),            # teach a model human values
    ("cooperate", SENTIENT_LIFE),         # cooperation
    ("converging", SENTIENT_LIFE),        # converge
    ("regulate", STRAIGHT_SHOT),          # regulatory processes
    ("scaled", AGE_OF_RESEARCH),          # scaling
    ("hacked rewards", JAGGEDNESS),       # reward hacking
    ("deployed", ON_THE_JOB),             # real-world deployment
    ("secretive", UNSPOKEN),              # secret, secrecy
    # British spellings of the pages' American ones.
    ("optimise", JAGGEDNESS),
    ("recognise", JAGGEDNESS),
    ("theorise", EMOTIONS),
    ("generalise", EMOTIONS),
    ("favour", AGE_OF_RESEARCH),
    # Numbers in words.
    ("fifteen-year-old", ON_THE_JOB),
    ("ten hours", EMOTIONS),
    ("three billion", STRAIGHT_SHOT),
    # Whole questions, stop words and all.
    ("why do models fail basic tasks", JAGGEDNESS),
    ("how does a teenager learn to drive so fast", EMOTIONS),
    ("what will ssi do with its money", STRAIGHT_SHOT),
    ("why won't sutskever share his ideas", UNSPOKEN),
    ("what comes after scaling", AGE_OF_RESEARCH),
    ("will ai labs cooperate on safety", SENTIENT_LIFE),
    ("is agi the wrong goal", ON_THE_JOB),
    ("does reinforcment learning make models single minded", JAGGEDNESS),
]

# Queries Material's search cannot answer with the pages as they are, and why.
# Strict: when a change to the pages makes one pass, this fails; move it up.
KNOWN_MISSES = [
    ("drove", EMOTIONS,
     "an irregular form: no prefix of 'drove' is in 'drive', and lunr has no lemmatiser"),
]


@pytest.fixture(scope="module")
def search_page(browser: Browser, browser_context_args: dict, site: Site) -> Iterator[Page]:
    """One open search box for the whole table: each query replaces the last."""
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(site.url)
    open_search(page)
    yield page
    context.close()


def first_result(page: Page, site: Site, query: str) -> str:
    results = search(page, query)
    assert results, f"{query!r} found nothing"
    return site.path_of(results[0])


def test_the_table_is_large_and_covers_every_theme() -> None:
    assert len(SEARCH_TABLE) >= 20
    assert {page for _, page in SEARCH_TABLE} == set(THEME_PAGES)


@pytest.mark.parametrize(("query", "expected"), SEARCH_TABLE, ids=[q for q, _ in SEARCH_TABLE])
def test_first_result_is_the_right_theme(search_page: Page, site: Site,
                                         query: str, expected: str) -> None:
    assert first_result(search_page, site, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [pytest.param(query, expected, marks=pytest.mark.xfail(strict=True, reason=reason), id=query)
     for query, expected, reason in KNOWN_MISSES])
def test_known_miss(search_page: Page, site: Site, query: str, expected: str) -> None:
    assert first_result(search_page, site, query) == expected


def test_choosing_a_section_result_opens_it_with_the_words_highlighted(page: Page, site: Site) -> None:
    page.goto(site.url)
    open_search(page)
    search(page, "reward hacking")
    # Under the page's own entry, its best sections: the reader picks "Reward hacking".
    page.locator("a.md-search-result__link[href*='#reward-hacking']").first.click()
    expect(page).to_have_url(re.compile(re.escape(site.page_url(JAGGEDNESS)) + r"\?h=.*#reward-hacking$"))
    expect(page.locator("#reward-hacking")).to_be_in_viewport()
    expect(page.locator("article mark", has_text=re.compile("reward", re.I)).first).to_be_visible()


def test_a_query_with_no_match_says_so(search_page: Page, site: Site) -> None:
    assert search(search_page, "zyxwvut") == []
    expect(search_page.locator(".md-search-result__meta")).to_have_text("No matching documents")
