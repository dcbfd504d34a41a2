"""The built-site proof remembers what it has proved (a link's target, a URL's host, a
text's budget words) so a large site is fast; these prove that remembering never hides
a problem: a fault repeated on many pages is reported on each of them, and a URL that
is good from one folder is still checked from another."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest
from verbatim.built import BuiltPage, BuiltSite, parse_page
from verbatim.links import check_links
from verbatim.reading import RUN_WORDS, _long_lines, page_runs
from verbatim.resources import check_resources

HEAD = '<meta charset="utf-8"><title>T</title>'


def nowhere(site: BuiltSite, page: BuiltPage, needle: str) -> tuple[str, int, int]:
    return page.path, 1, 1


def site_of(pages: dict[str, str], files: tuple[str, ...] = ()) -> BuiltSite:
    parsed = {
        path: parse_page(path, f"<!doctype html><html><head>{HEAD}</head><body>{body}</body></html>")
        for path, body in pages.items()
    }
    return BuiltSite(Path("/nonexistent"), parsed, frozenset({*parsed, *files}))


def found(site: BuiltSite, check: str = "links") -> Counter[tuple[str, str]]:
    run = check_links if check == "links" else check_resources
    return Counter((p.path, p.code) for p in run(site, nowhere))


NAV = (
    '<nav><a href="../gone/">Gone</a> <a href="../b/#nowhere">B</a> <a href="http://example.org/">E</a>'
    ' <a href="../b/#here">fine</a> <a href="../../assets/x.css">asset</a></nav>'
)


def test_a_fault_in_the_nav_is_reported_on_every_page() -> None:
    pages = {f"s/p{n}/index.html": NAV for n in range(4)}
    pages["s/b/index.html"] = '<h2 id="here">Here</h2>' + NAV
    site = site_of(pages, files=("assets/x.css",))
    problems = found(site)
    for path in pages:
        assert problems[(path, "link-missing-page")] == 1
        assert problems[(path, "link-missing-anchor")] == 1
        assert problems[(path, "link-insecure")] == 1
    assert sum(problems.values()) == 3 * len(pages)


@pytest.mark.parametrize("good", ["a", "b"])
@pytest.mark.parametrize(
    ("links", "page"),
    [
        # ../x/ leads to a/x/ from a/*/, to b/x/ from b/*/: the folder it climbs to decides
        ('<a href="../x/">x</a> <a href="../x/#id">x</a>', "{folder}/p{n}/index.html"),
        # x/ from a/p.html leads to a/x/: the page's own folder decides; "" and ?q are the page
        ('<a href="x/">x</a> <a href="x/#id">x</a> <a href="">self</a> <a href="?q=1">self</a>', "{folder}/p{n}.html"),
    ],
    ids=["climbing", "into-a-subfolder"],
)
def test_a_relative_url_good_from_one_folder_is_checked_from_another(good: str, links: str, page: str) -> None:
    """Only the good folder has x/; pages are checked in path order, so the memo first
    learns the good folder or the bad one."""
    pages = {page.format(folder=folder, n=n): links for folder in "ab" for n in range(3)}
    pages[f"{good}/x/index.html"] = '<p id="id">x</p>'
    bad = "b" if good == "a" else "a"
    problems = found(site_of(pages))
    assert problems == Counter({(page.format(folder=bad, n=n), "link-missing-page"): 2 for n in range(3)})


def test_a_same_page_fragment_is_proved_on_each_page_of_one_folder() -> None:
    """a.html and b.html share a folder; ``#top-x`` is an id on a.html only."""
    pages = {"a.html": '<h2 id="top-x">A</h2><a href="#top-x">x</a>', "b.html": '<a href="#top-x">x</a>'}
    assert found(site_of(pages)) == Counter({("b.html", "link-missing-anchor"): 1})


def test_climbing_above_the_root_stays_at_the_root() -> None:
    """join_path drops a ``..`` past the root: ../../../x/ from a/b/ is /x/, like ../../x/."""
    pages = {
        "a/b/index.html": '<a href="../../../x/">x</a> <a href="../../x/">x</a> <a href="../../../y/">y</a>',
        "c/index.html": '<a href="../../../x/">x</a> <a href="../../../y/">y</a>',
        "x/index.html": "<p>x</p>",
    }
    problems = found(site_of(pages))
    assert problems == Counter({("a/b/index.html", "link-missing-page"): 1, ("c/index.html", "link-missing-page"): 1})


def test_a_third_party_request_is_reported_on_every_page() -> None:
    body = (
        '<script src="https://cdn.example.org/x.js"></script>'
        "<script>new Image().src = 'https://beacon.example.org/p';</script>"
        '<p style="background: url(https://img.example.org/a.png)">x</p>'
    )
    pages = {f"p{n}/index.html": body for n in range(3)}
    site = site_of(pages)
    list(check_links(site, nowhere))  # the link check reads the fetched attributes first, as in a proof
    problems = found(site, "resources")
    assert problems == Counter({(path, "resource-third-party"): 3 for path in pages})
    assert found(site_of(pages), "resources") == problems  # the same without the link check first


def test_chrome_keeps_the_lines_the_budget_can_count() -> None:
    long_line = " ".join(f"word{n}" for n in range(RUN_WORDS))
    short_line = " ".join(f"word{n}" for n in range(RUN_WORDS - 1))
    spaced = "\u00a0".join(f"w{n}" for n in range(RUN_WORDS))  # no-break spaces count as spaces
    page = parse_page(
        "p.html",
        f"<html><head>{HEAD}</head><body><nav><a>{long_line}</a><a>{short_line}</a><a> {spaced} </a>"
        f'<a title="a “tooltip”">t</a></nav></body></html>',
    )
    runs = [(run.text, run.where) for run in page_runs(page)]
    assert (long_line, "text") in runs
    assert (" ".join(spaced.split("\u00a0")), "text") in runs
    assert all(text != short_line for text, _ in runs)
    assert ("a “tooltip”", "title of <a>") in runs


def test_chrome_reads_each_attribute_once() -> None:
    """Lexbor lists an element that matches two of a list's selectors twice, and the
    element the query starts from: each attribute is still one run."""
    page = parse_page(
        "p.html",
        f'<html><head>{HEAD}</head><body><nav aria-label="Navigation">'
        '<a href="/" title="Home" aria-label="Home page">x</a><input placeholder="Search" aria-label="Search">'
        "</nav></body></html>",
    )
    attributes = [(run.text, run.where) for run in page_runs(page) if " of <" in run.where]
    assert sorted(attributes) == sorted(
        [
            ("Navigation", "aria-label of <nav>"),
            ("Home", "title of <a>"),
            ("Home page", "aria-label of <a>"),
            ("Search", "placeholder of <input>"),
            ("Search", "aria-label of <input>"),
        ]
    )


def _lines_by_regex(text: str) -> list[str]:
    """The reference: lines split at a line break and the white space around it, by regex,
    with no white space at either end."""
    lines = []
    for line in re.split(r"\s*\n\s*", text.strip()):
        line = re.sub(r"\s+", " ", line)
        if line and line.count(" ") >= RUN_WORDS - 1:
            lines.append(line)
    return lines


def test_chrome_lines_split_as_the_regex_splits_them() -> None:
    rng = random.Random(20251125)
    alphabet = ["a", "bc", " ", " ", "\n", "\t", "\u00a0", "\r", "\u2028", "\x0b"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert _long_lines(text) == _lines_by_regex(text), repr(text)
