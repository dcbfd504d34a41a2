"""The package's parts on their own: marks of every family, negations, locating words in
the sources, the --site command line and the quote budget."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from verbatim.budget import Coverage, words
from verbatim.built import load_site, parse_page
from verbatim.episode import link_second
from verbatim.locate import locate
from verbatim.marks import find_spans
from verbatim.matching import load_sources
from verbatim.project import load_project
from verbatim.reading import page_runs
from verbatim.rules import negations

FIXTURES = ROOT / "tests" / "fixtures" / "check"
SCRIPT = ROOT / "scripts" / "check_content.py"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("He said “a b” there", ["a b"]),
        ("He said ‘a b’ there", ["a b"]),
        ("Er sagte „a b“ dort", ["a b"]),
        ("Il dit « a b » là", [" a b "]),
        ("Han sagde »a b« der", ["a b"]),
        ("Il dit ‹a b› là", ["a b"]),
        ("He said ＂a b＂ there", ["a b"]),
        ("「a b」 and 『c d』", ["a b", "c d"]),
        ('He said "a b" there', ["a b"]),
        ("He said 'a b' there", ["a b"]),
        ("“Outer ‘inner’ words”", ["Outer ‘inner’ words", "inner"]),
    ],
)
def test_every_family_of_marks_pairs(text: str, quoted: list[str]) -> None:
    spans, faults = find_spans(text)
    assert [text[s.start : s.end] for s in spans] == quoted and faults == []


@pytest.mark.parametrize(
    "text",
    [
        "it’s the models’ data, SSI's plan, the ’90s, rock 'n' roll",
        "Themes › Jaggedness › Vibe coding",  # a separator, not a mark
    ],
)
def test_apostrophes_and_separators_are_no_marks(text: str) -> None:
    spans, faults = find_spans(text)
    assert faults == [] and all(" " in text[s.start : s.end] or s.end - s.start <= 1 for s in spans)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('He said "a b and "c', "ambiguous"),
        ("He said “a b", "unbalanced"),
        ("a b” c", "unbalanced"),
        ('“a b" c', "unbalanced"),
    ],
)
def test_marks_a_reader_cannot_pair_are_faults(text: str, kind: str) -> None:
    assert kind in {fault.kind for fault in find_spans(text)[1]}


def test_negations_count_every_form() -> None:
    assert negations("A human being is not an AGI; it can't, never, nothing, cannot") == {
        "not": 2,
        "never": 1,
        "nothing": 1,
        "cannot": 1,
    }


@pytest.mark.parametrize(
    ("url", "second"),
    [
        ("https://www.youtube.com/watch?v=ID&t=2145s", 2145),
        ("https://youtu.be/ID?t=2145", 2145),
        ("https://youtu.be/ID?t=35m45s", 2145),
        ("https://www.youtube.com/watch?v=ID&t=1h2m3s", 3723),
        ("https://www.youtube.com/watch?v=ID", None),
        ("https://www.youtube.com/watch?v=ID&t=soon", -1),
    ],
)
def test_video_link_seconds(url: str, second: int | None) -> None:
    assert link_second(url) == second


@pytest.mark.parametrize("space", ["\t", "\u00a0", "\u2003", "\u3000", "\x1f", "  ", " \t\u00a0 "])
def test_a_source_lines_white_space_is_one_space_and_its_ends_none(tmp_path: Path, space: str) -> None:
    """Every run of white space (any character str.isspace knows) in a source line is one
    space, and a line's ends have none; the raw lines, which text fragments use, keep it."""
    raw = f"{space}One{space}two three,{space}four.{space}\nFive{space}{space}six{space}"
    (tmp_path / "a.txt").write_text(raw + "\n", encoding="utf-8")
    text = load_sources(tmp_path).texts[0]
    assert text.lines == ("One two three, four.", "Five six")
    assert text.raw_lines == tuple(raw.split("\n"))
    assert load_sources(tmp_path).find("two three, four") is not None


def test_budget_words_fold_case_apostrophes_and_punctuation() -> None:
    assert words("That’s “Scaling,” said—he") == ["thats", "scaling", "said", "he"]


def test_budget_counts_a_run_at_every_place_it_stands_and_only_its_prose(tmp_path: Path) -> None:
    """A run of six that the article prints twice is republished at both places; the words
    of it inside the article's quotation marks are speech, not prose, and are not counted."""
    (tmp_path / "a.txt").write_text(
        "One two three four five six seven.\n"
        'Eight nine one two three four five six. He said "one two three four five six" here.\n',
        encoding="utf-8",
    )
    index = load_sources(tmp_path)
    coverage = Coverage(index)
    shown = parse_page("p.html", "<html><body><p>We read: one two three four five six.</p></body></html>")
    counted = coverage.page(page_runs(shown))
    assert list(counted) == [0, 1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14]  # lines 1 and 2; not the quoted run
    budget = coverage.budget({"p.html": counted})
    assert (budget.republished, budget.prose_words) == (12, 18)


def test_budget_counts_a_run_the_article_prints_three_times_at_each_place(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a b c d e f.\nx a b c d e f y.\na b c d e f g.\nh i j k l m.\n", encoding="utf-8")
    coverage = Coverage(load_sources(tmp_path))
    shown = parse_page("p.html", "<html><body><p>A, b, c, d, e, f.</p></body></html>")
    counted = coverage.page(page_runs(shown))
    assert list(counted) == [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19]
    assert coverage.budget({"p.html": counted}).prose_words == 27


@pytest.mark.parametrize("space", ["\n      ", "\t", "\u00a0", "\u2003", " \u00a0 ", "\r\n"])
def test_reading_makes_each_run_of_white_space_one_space(space: str) -> None:
    """Text nodes, attributes, the title and meta contents: white space as a reader sees it."""
    page = parse_page(
        "p.html",
        f'<html><head><title>{space}T{space}x{space}</title><meta name="description" content="{space}D{space}e">'
        f"</head><body><p>{space}He said{space}<em>“one{space}</em>{space}two{space}three”{space}</p>"
        f'<img alt="{space}an{space}image{space}"></body></html>',
    )
    assert [r.text for r in page_runs(page)] == ["T x", "D e", "He said “one two three”", "an image"]


def test_reading_leaves_hidden_text_out_and_keeps_where(tmp_path: Path) -> None:
    page = parse_page(
        "p.html",
        '<html><head><title>T “x”</title><meta name="description" content="D">'
        '</head><body><p>a <span hidden>b</span>c <q>d</q></p><pre>"code"</pre>'
        '<img alt="an image"><template><p>t</p></template></body></html>',
    )
    runs = page_runs(page)
    assert [(r.text, r.where) for r in runs] == [
        ("T “x”", "<title>"),
        ("D", "meta description"),
        ("a c d", "text"),
        ("an image", "alt of <img>"),
    ]
    body = runs[2]
    assert body.hidden_at == [2] and body.q_spans == [(4, 5)]


@pytest.mark.parametrize("chrome", ["header", "nav", "footer"])
@pytest.mark.parametrize(
    "code",
    [
        '<script>var said = "one two three four five six seven";</script>',
        "<style>p::before { content: 'one two three four five six seven' }</style>",
    ],
)
def test_marks_in_the_chromes_code_are_no_quotation_and_hide_none(chrome: str, code: str) -> None:
    """Material's header holds a script with quotation marks: its code is not text a reader
    sees, and a quotation shown beside it is still read as one."""

    def runs(shown: str) -> list[tuple[str, str]]:
        html = f"<html><head><title>T</title></head><body><{chrome}>{code}<a>{shown}</a></{chrome}></body></html>"
        return [(run.text, run.where) for run in page_runs(parse_page("p.html", html))]

    assert all("one two" not in text for text, _ in runs("Home"))
    assert ("He said “words never said”", "text") in runs("He said “words never said”")
    assert ("It's ‘one two three four five six’", "text") in runs("It's ‘one two three four five six’")


def test_locate_finds_words_in_the_page_snippets_config_and_other_pages(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site_dir)],
        cwd=FIXTURES / "bad",
        capture_output=True,
        check=True,
        timeout=300,
    )
    _, project = load_project(FIXTURES / "bad" / "mkdocs.yml", site_dir)
    site = load_site(site_dir, project)
    shown = site.pages["shown/index.html"]
    assert locate(site, shown, "one idea for decades") == ("docs/shown.md", 5, 30)  # front matter
    assert locate(site, shown, "the tower of patience") == ("snippets/aside.md", 4, 19)  # a snippet
    assert locate(site, shown, "the patient chimney")[:2] == ("mkdocs.yml", 10)  # copyright
    assert locate(site, site.pages["index.html"], "a ladder of glass")[:2] == ("docs/shown.md", 3)  # a nav title
    assert locate(site, shown, "words no file holds") == ("docs/shown.md", 1, 1)  # the fallback
    # the case as shown in mkdocs.yml (the nav title "Gone") before a page's "[gone]"
    assert locate(site, site.pages["links/index.html"], "Gone") == ("mkdocs.yml", 58, 5)
    # the paragraph as context picks the right one of two occurrences
    quotes = site.pages["quotes/index.html"]
    assert locate(site, quotes, "where the wall", "to ask where the wall stood.")[1] == 51


@pytest.mark.parametrize(("tree", "status"), [("good", 0), ("bad", 1)])
def test_site_option_proves_a_site_any_builder_made(tmp_path: Path, tree: str, status: int) -> None:
    site_dir = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site_dir)],
        cwd=FIXTURES / tree,
        capture_output=True,
        check=True,
        timeout=300,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--site", str(site_dir), "--config", str(FIXTURES / tree / "mkdocs.yml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == status, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    if status:
        assert "tests/fixtures/check/bad/docs/hidden-text.md:9:" in result.stdout  # positions from --config


def test_site_option_reports_a_missing_folder_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--site", "/nonexistent/site"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "not a directory" in result.stderr
