"""The content checker (scripts/check_content.py, the package scripts/verbatim/): quotations
proved on the built pages, links, anchors, site rules.

Fixtures state their own expectations, as sphinx-lint's tests do:

* ``tests/fixtures/check/good/`` is a small site that uses every form of quotation and
  link the checker knows, all correct: the checker prints nothing for it, and
  ``mkdocs build --strict`` (MkDocs' own anchor validation and the hook) passes.
* ``tests/fixtures/check/bad/`` holds pages that each break rules. An expectation
  comment, ``<!-- expect: code -->`` in a page or ``# expect: code`` in YAML (several
  codes: ``code-a, code-b``), applies to the next line that has content; to its own line
  when it ends a line that has content, or when no content follows it. Each file must
  produce exactly the expected (line, code) pairs, no more, no fewer.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT, build_site
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from verbatim import source_pass as cc
from verbatim.checks import CODES
from verbatim.marks import find_spans
from verbatim.matching import QuoteMatch, SourceIndex, Speaker, load_sources
from verbatim.problems import Problem
from verbatim.run import check

FIXTURES = ROOT / "tests" / "fixtures" / "check"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"
SCRIPT = ROOT / "scripts" / "check_content.py"

EXPECT = re.compile(r"(?:<!--|#)\s*expect:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)\s*(?:-->)?\s*$")


def run_checker(*arguments: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, arguments)], cwd=cwd, capture_output=True, text=True, check=False
    )


def expectations(path: Path) -> list[tuple[int, str]]:
    """The (line, code) pairs a fixture file announces, sorted."""
    lines = path.read_text(encoding="utf-8").split("\n")

    def is_content(text: str) -> bool:
        match = EXPECT.search(text)
        return bool(text.strip()) and not (match and not text[: match.start()].strip())

    expected = []
    for index, text in enumerate(lines):
        match = EXPECT.search(text)
        if not match:
            continue
        if text[: match.start()].strip():
            target = index + 1
        else:
            target = next((j + 1 for j in range(index + 1, len(lines)) if is_content(lines[j])), index + 1)
        expected += [(target, code.strip()) for code in match.group(1).split(",")]
    return sorted(expected)


@cache
def bad_problems() -> tuple[Problem, ...]:
    return tuple(check(BAD / "mkdocs.yml").sorted_problems())


BAD_FILES = sorted(
    [
        *BAD.joinpath("docs").rglob("*.md"),
        *BAD.joinpath("docs").rglob("*.markdown"),
        *BAD.joinpath("snippets").rglob("*.md"),
        BAD / "mkdocs.yml",
    ]
)


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.relative_to(BAD).as_posix())
def test_bad_fixture_reports_exactly_what_it_expects(path: Path) -> None:
    shown = path.relative_to(BAD).as_posix()
    actual = sorted((p.line, p.code) for p in bad_problems() if p.path == shown)
    assert actual == expectations(path), "\n".join(f"{p}\n    {p.hint}" for p in bad_problems() if p.path == shown)


def test_bad_fixtures_exercise_every_code() -> None:
    announced = {code for path in BAD_FILES for _, code in expectations(path)}
    # head-injected needs a template that prints unescaped values: tests/test_links_built.py
    assert announced == set(CODES) - {"head-injected"}
    assert {p.code for p in bad_problems()} == set(CODES) - {"head-injected"}


def test_every_problem_has_a_hint() -> None:
    missing = [
        str(p)
        for p in bad_problems()
        if not p.hint and p.code not in {"link-missing-page", "link-missing-asset", "nav-missing-page"}
    ]
    assert not missing


def test_good_fixture_prints_nothing() -> None:
    result = run_checker("--config", GOOD / "mkdocs.yml")
    assert (result.returncode, result.stdout) == (0, ""), result.stdout
    assert result.stderr.startswith("check_content: no problems ("), result.stderr
    assert "Traceback" not in result.stderr


def test_good_fixture_builds_strict_with_the_hook(tmp_path: Path) -> None:
    """MkDocs' own anchor validation agrees, and the hook finds nothing either."""
    result = build_site(tmp_path / "site", config=GOOD / "mkdocs.yml", cwd=GOOD)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------
# The command line contract
# ---------------------------------------------------------------------------


def test_text_output_one_problem_a_line_sorted_with_hints() -> None:
    result = run_checker("--config", BAD / "mkdocs.yml")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    problems = [line for line in lines if not line.startswith("    ")]
    assert len(problems) == len(bad_problems())
    located = []
    for line in problems:
        match = re.fullmatch(r"(\S+?):(\d+):(\d+): ([a-z-]+) (.+)", line)
        assert match, line
        assert match.group(4) in CODES
        assert match.group(1).startswith("tests/fixtures/check/bad/")  # relative to the cwd
        located.append((match.group(1), int(match.group(2)), int(match.group(3))))
    assert located == sorted(located)
    assert any(line.startswith("    closest: ") for line in lines)
    assert not lines[0].startswith("    ")
    summary = result.stderr.strip().splitlines()
    assert len(summary) == 1 and summary[0].startswith(f"check_content: {len(problems)} problems")


def test_json_output() -> None:
    result = run_checker("--config", BAD / "mkdocs.yml", "--format", "json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert len(problems) == len(bad_problems())
    for problem in problems:
        assert set(problem) == {"path", "line", "column", "code", "message", "hint"}
        assert isinstance(problem["line"], int) and isinstance(problem["column"], int)
    changed = next(p for p in problems if p["path"].endswith("quotes.md") and p["line"] == 9)
    assert changed["code"] == "quote-not-found"
    assert "wall → door" in changed["hint"]


def test_paths_narrow_the_report_to_those_pages() -> None:
    page = BAD / "docs" / "quotes.md"
    result = run_checker("--config", BAD / "mkdocs.yml", "--format", "json", page)
    problems = json.loads(result.stdout)
    assert {p["path"] for p in problems} == {"tests/fixtures/check/bad/docs/quotes.md"}
    assert sorted((p["line"], p["code"]) for p in problems) == expectations(page)
    folder = run_checker("--config", BAD / "mkdocs.yml", "--format", "json", BAD / "docs" / "themes")
    assert {p["path"].rsplit("/", 2)[-2] for p in json.loads(folder.stdout)} == {"themes"}


def test_paths_are_relative_to_the_working_directory() -> None:
    result = run_checker("--config", "mkdocs.yml", cwd=BAD)
    assert result.returncode == 1
    assert result.stdout.startswith("docs/attribution.md:")
    assert "\nmkdocs.yml:" in result.stdout


def test_clean_pages_exit_zero_even_when_others_have_problems() -> None:
    result = run_checker("--config", BAD / "mkdocs.yml", BAD / "docs" / "index.md")
    assert (result.returncode, result.stdout) == (0, "")


def test_closest_passage_hint_names_file_line_closeness_and_words() -> None:
    problem = next(p for p in bad_problems() if p.path == "docs/quotes.md" and p.line == 9)
    assert problem.hint.startswith("closest: sources/interview.txt:2 (")
    assert "% alike" in problem.hint and problem.hint.endswith("differs: wall → door")
    dropped = next(p for p in bad_problems() if p.path == "docs/quotes.md" and p.line == 12)
    assert dropped.hint.endswith('differs: drops "the"')


def test_problem_str_is_the_printed_line() -> None:
    problem = Problem("docs/x.md", 3, 7, "quote-not-found", "quotation not found", "hint")
    assert str(problem) == "docs/x.md:3:7: quote-not-found quotation not found"


# ---------------------------------------------------------------------------
# Quotations: matching against the real source
# ---------------------------------------------------------------------------


@cache
def decoder() -> SourceIndex:
    return load_sources(ROOT / "sources")


def test_source_index_exposes_speakers_and_publisher() -> None:
    index = decoder()
    assert index.publisher == "The Decoder"
    assert index.speakers == (Speaker("Ilya Sutskever", ("Sutskever",)),)


def test_find_returns_raw_offsets_and_whether_the_source_quotes_it() -> None:
    match = decoder().find("I produce a superintelligent 15-year-old that's very eager to go.")
    assert match is not None
    assert (match.source, match.line, match.in_source_quotes) == ("sources/the-decoder.txt", 14, True)
    raw = (ROOT / "sources" / "the-decoder.txt").read_text(encoding="utf-8").split("\n")[13]
    ((start, end),) = match.parts
    assert raw[start:end] == match.text == "I produce a superintelligent 15-year-old that’s very eager to go"
    prose = decoder().find("fundamental research is now required again")
    assert prose is not None and (prose.line, prose.in_source_quotes) == (1, False)


def test_find_with_an_ellipsis_returns_each_part() -> None:
    match = decoder().find("Models need to learn … similar to humans")
    assert match is not None and len(match.parts) == 2
    assert match.text == "Models need to learn more efficiently, similar to humans"


@pytest.mark.parametrize(
    "quotation",
    [
        "Scaling sucked out all the air in the room",  # verbatim
        "scaling sucked out all the air in the room",  # case of the first letter
        "Scaling sucked out all the air in the room.",  # its own closing punctuation
        "Scaling sucked out all the air in the room;",
        "Scaling  sucked out\nall the air\tin the room",  # runs of white space
        "I produce a superintelligent 15-year-old that's very eager to go",  # straight apostrophe
        "“age of scaling,” in which progress",  # curly against straight quotes
        "Safe Superintelligence Inc. (SSI), describes",
        "the recipe—putting more data",  # em dash kept
        "Models need to learn … similar to humans",  # omission in one paragraph
        "Models need to learn [...] similar to humans",
        "[He] produce[s] a superintelligent 15-year-old",  # insertions in one sentence
        "[t]he recipe",  # a bracketed letter
        "… do more compute than we think",
    ],
)
def test_quotations_that_match(quotation: str) -> None:
    assert decoder().find(quotation) is not None


@pytest.mark.parametrize(
    "quotation",
    [
        "Scaling sucked out all the air in the house",  # a changed word
        "Scaling sucked out the air in the room",  # a dropped word
        "Scaling sucked out all of the air in the room",  # an added word
        "Scaling sucked out all the air in the rooms",  # a changed letter
        "Scaling sucked out all the Air in the room",  # case beyond the first letter
        "Scaling sucked out all the air in the room!",  # punctuation that is not closing , . ; :
        "the recipe-putting more data",  # a hyphen for an em dash
        "caling sucked out",  # part of a word
        "he recipe",  # the tail of "the"
        "A human being is not a",  # the head of "an"
        "Scaling sucked out all the air in the roo",
        "Models need to learn … we now live",  # an omission across sentences is fine,
        "age of research … Scaling sucked",  # but not across paragraphs
        "Instead of [bigger] models, fundamental research",  # an insertion must replace in one sentence...
        "fundamental research [is] Models need to learn",  # ...not across two
        "similar to humans … Models need to learn",  # parts out of order
    ],
)
def test_quotations_that_do_not_match(quotation: str) -> None:
    if quotation.startswith(("Models need to learn … we now", "Instead of [bigger]")):
        assert decoder().find(quotation) is not None  # the counter-examples that do match
    else:
        assert decoder().find(quotation) is None


def test_quoted_only_refuses_the_article_s_prose() -> None:
    assert decoder().find("A human being is not an AGI", quoted_only=True) is not None
    assert decoder().find("Humans lack enormous amounts of prior knowledge", quoted_only=True) is None


# ---------------------------------------------------------------------------
# Quotations: properties (any run of source words passes; one word changed fails)
# ---------------------------------------------------------------------------

SOURCE_LINES = [
    line.split()
    for line in (ROOT / "sources" / "the-decoder.txt").read_text(encoding="utf-8").splitlines()
    if len(line.split()) >= 4
]
VOCABULARY = sorted({word.strip('",.():;“”') for line in SOURCE_LINES for word in line} - {""})
NORMALISED_SOURCE = [" ".join(line).replace("’", "'").replace("“", '"').replace("”", '"') for line in SOURCE_LINES]


def oracle_finds(words: list[str]) -> bool:
    """An independent reading of the rules: a regex over the plainly normalised source."""
    text = " ".join(words).replace("’", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"[,.;:]+$", "", text)
    first = next((i for i, c in enumerate(text) if c.isalpha()), None)
    pattern = re.escape(text)
    if first is not None and not any(c.isalnum() for c in text[:first]):
        head = re.escape(text[:first])
        pattern = head + f"[{text[first].lower()}{text[first].upper()}]" + re.escape(text[first + 1 :])
    if text[:1].isalnum():
        pattern = r"(?<!\w)" + pattern
    if text[-1:].isalnum():
        pattern += r"(?!\w)"
    return any(re.search(pattern, line) for line in NORMALISED_SOURCE)


def page_with(words: list[str]) -> str:
    text = " ".join(words)
    opening, closing = ("“", "”") if '"' in text else ('"', '"')
    return f"It says {opening}{text}{closing} in the article.\n"


def check_words(words: list[str]) -> QuoteMatch | None:
    """The words as the proof reads them from the shown sentence (verbatim.marks), looked up."""
    text = page_with(words)
    spans, _ = find_spans(text)
    outer = [span for span in spans if span.depth == 0]
    assert len(outer) == 1, text
    return decoder().find(text[outer[0].start : outer[0].end])


@st.composite
def source_runs(draw: st.DrawFn, min_size: int = 1) -> list[str]:
    line = draw(st.sampled_from(SOURCE_LINES))
    size = draw(st.integers(min_size, min(12, len(line))))
    start = draw(st.integers(0, len(line) - size))
    return line[start : start + size]


PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)


@PROPERTY
@given(source_runs())
def test_any_run_of_source_words_passes(words: list[str]) -> None:
    assert check_words(words) is not None


@PROPERTY
@given(source_runs(min_size=2), st.data())
def test_changing_one_word_fails(words: list[str], data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(words) - 1))
    replacement = data.draw(st.sampled_from(VOCABULARY))
    changed = [*words[:position], replacement, *words[position + 1 :]]
    assume(not oracle_finds(changed))
    assert check_words(changed) is None


@PROPERTY
@given(source_runs(min_size=3), st.data())
def test_dropping_one_word_fails(words: list[str], data: st.DataObject) -> None:
    position = data.draw(st.integers(1, len(words) - 2))
    dropped = [*words[:position], *words[position + 1 :]]
    assume(not oracle_finds(dropped))
    assert check_words(dropped) is None


@PROPERTY
@given(source_runs(min_size=2), st.data())
def test_inserting_one_word_fails(words: list[str], data: st.DataObject) -> None:
    position = data.draw(st.integers(1, len(words) - 1))
    inserted = [*words[:position], data.draw(st.sampled_from(VOCABULARY)), *words[position:]]
    assume(not oracle_finds(inserted))
    assert check_words(inserted) is None


@PROPERTY
@given(source_runs(min_size=2), st.data())
def test_changing_one_letter_fails(words: list[str], data: st.DataObject) -> None:
    candidates = [i for i, w in enumerate(words) if sum(c.isalpha() for c in w) >= 3]
    assume(candidates)
    position = data.draw(st.sampled_from(candidates))
    word = words[position]
    letters = [i for i, c in enumerate(word) if c.isalpha()][1:]
    at = data.draw(st.sampled_from(letters))
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz").filter(lambda c: c != word[at].lower()))
    changed = [*words[:position], word[:at] + letter + word[at + 1 :], *words[position + 1 :]]
    assume(not oracle_finds(changed))
    assert check_words(changed) is None


# ---------------------------------------------------------------------------
# Anchors: the slugify mkdocs.yml configures
# ---------------------------------------------------------------------------


def make_site(root: Path, pages: Mapping[str, str | bytes], *, config: str | None = None, sources: bool = True) -> Path:
    """A minimal site in ``root`` with the good fixture's source; returns its mkdocs.yml."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    if sources:
        shutil.copytree(GOOD / "sources", root / "sources")
    nav = "\n".join(f"  - {name}" for name in pages if name.endswith(".md"))
    (root / "mkdocs.yml").write_text(
        config
        if config is not None
        else (
            "site_name: Test\ntheme:\n  name: mkdocs\n  highlightjs: false\n"
            "markdown_extensions:\n  - attr_list\n  - toc\nnav:\n" + nav + "\n"
        ),
        encoding="utf-8",
    )
    for name, content in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root / "mkdocs.yml"


SLUG_PAGES = {
    "index.md": "# Home\n\n[The good anchor](b.md#{good})\n\n[The bad anchor](b.md#{bad})\n",
    "b.md": "# Café Über alles\n\n[home](index.md)\n",
}


@pytest.mark.parametrize(
    ("toc", "good", "bad"),
    [
        ("  - toc", "cafe-uber-alles", "café-über-alles"),
        ("  - toc:\n      separator: _", "cafe_uber_alles", "cafe-uber-alles"),
        (
            "  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}",
            "café-über-alles",
            "cafe-uber-alles",
        ),
        (
            "  - toc:\n      slugify: !!python/name:markdown.extensions.toc.slugify_unicode",
            "café-über-alles",
            "Café-Über-alles",
        ),
    ],
)
def test_anchor_ids_follow_the_configured_slugify(tmp_path: Path, toc: str, good: str, bad: str) -> None:
    """The ids are the built page's, made by the toc extension as mkdocs.yml configures it."""
    config = (
        "site_name: T\nsite_url: !ENV [NO_SUCH_VARIABLE, 'https://example.org/']\n"
        "theme:\n  name: mkdocs\n  highlightjs: false\n"
        "markdown_extensions:\n" + toc + "\nnav:\n  - index.md\n  - b.md\n"
    )
    pages = {name: text.format(good=good, bad=bad) for name, text in SLUG_PAGES.items()}
    problems = check(make_site(tmp_path, pages, config=config)).sorted_problems()
    assert [(p.path, p.line, p.code) for p in problems] == [("docs/index.md", 5, "link-missing-anchor")], problems


# ---------------------------------------------------------------------------
# Bad input: exit 2 with one line naming the file, or a precise problem line
# ---------------------------------------------------------------------------


def assert_input_error(result: subprocess.CompletedProcess[str], names: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and names in lines[0], result.stderr
    assert result.stdout == ""


def test_missing_config(tmp_path: Path) -> None:
    assert_input_error(run_checker("--config", tmp_path / "nowhere.yml"), "nowhere.yml")
    assert_input_error(run_checker(cwd=tmp_path), "mkdocs.yml: no such file")


@pytest.mark.parametrize(
    ("config", "names"),
    [
        ("site_name: [unclosed\n", "mkdocs.yml:2"),
        (
            "- a list\n- not a mapping\n",
            "mkdocs.yml: invalid configuration (The configuration is invalid. Expected a key-value mapping",
        ),
        ("site_name: T\ndocs_dir: missing\n", "Config value 'docs_dir': The path"),
        (  # MkDocs would hand the string to the toc extension, which calls it
            "site_name: T\nmarkdown_extensions:\n  - toc:\n      slugify: markdown.extensions.toc.slugify\n",
            "toc slugify 'markdown.extensions.toc.slugify' is not a function (write !!python/name:",
        ),
        ("INHERIT: base.yml\n", "Inherited config file 'base.yml' does not exist"),
    ],
)
def test_broken_config(tmp_path: Path, config: str, names: str) -> None:
    make_site(tmp_path, {"index.md": "# Home\n"}, config=config)
    assert_input_error(run_checker("--config", tmp_path / "mkdocs.yml"), names)


def test_missing_or_broken_sources(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"index.md": "# Home\n"}, sources=False)
    assert_input_error(run_checker("--config", config), "sources: no such directory")
    (tmp_path / "sources").mkdir()
    assert_input_error(run_checker("--config", config), "sources: holds no source text")
    (tmp_path / "sources" / "a.txt").write_text(" \n", encoding="utf-8")
    assert_input_error(run_checker("--config", config), "a.txt: empty source text")
    (tmp_path / "sources" / "a.txt").write_bytes(b"caf\xe9\n")
    assert_input_error(run_checker("--config", config), "a.txt: not UTF-8 (byte 0xe9 at offset 3)")
    (tmp_path / "sources" / "a.txt").write_text("Words.\n", encoding="utf-8")
    (tmp_path / "sources" / "a.yml").write_text("speakers: [\n", encoding="utf-8")
    assert_input_error(run_checker("--config", config), "a.yml:2: invalid YAML")


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe# Home\n",  # not UTF-8
        bytes(range(256)),  # binary
    ],
)
def test_a_page_that_is_not_utf8(tmp_path: Path, content: bytes) -> None:
    config = make_site(tmp_path, {"index.md": "# Home\n\n[b](b.md)\n", "b.md": content})
    assert_input_error(run_checker("--config", config), "docs/b.md: not UTF-8")


@pytest.mark.parametrize(
    ("content", "codes"),
    [
        ("", ["page-empty"]),
        ("\n\n   \n", ["page-empty"]),
        ("# B\n\n```\nnever closed\n", ["fence-unclosed"]),
        ('# B\n\n~~~~\n"not checked\n~~~\n', ["fence-unclosed", "quote-ambiguous"]),  # printed as prose
        ('\x00\x01 NUL bytes "are text"\n', ["quote-not-found"]),
        ('# B\n\n[[[[(((( "\n', ["quote-ambiguous"]),
        ("---\n: [\n---\n# B\n", ["front-matter-invalid"]),
        ("---\n- a\n---\n# B\n", ["front-matter-invalid"]),
        ('# B\n\n<!-- never closed "quoted"\n', ["quote-not-found"]),  # Python-Markdown prints it
        ('# B\n\n<pre>\n"raw"\n', []),
        ("# B\n\n!!! quote\n", []),
        ("# B\n\n> \n>\n", []),
    ],
)
def test_odd_pages_give_precise_problems_not_crashes(tmp_path: Path, content: str, codes: list[str]) -> None:
    config = make_site(tmp_path, {"index.md": "# Home\n\n[b](b.md)\n", "b.md": content})
    result = run_checker("--config", config, "--format", "json")
    assert "Traceback" not in result.stderr
    assert [p["code"] for p in json.loads(result.stdout)] == codes
    assert result.returncode == (1 if codes else 0)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # get_data drops the block; yaml's mark says where it goes wrong
        ("---\ntitle: B\ndescription: a: b\n---\n# B\n", [(3, 15, "front-matter-invalid")]),
        ("---\r\ntitle: B\r\nsource_lines: 5-99\r\n---\r\n# B\r\n", [(3, 1, "source-lines-invalid")]),
        # no --- block: MkDocs reads MultiMarkdown key: value lines, and they are no content
        ("Title: B\nsource_lines: 9\n", [(1, 1, "page-empty"), (2, 1, "source-lines-invalid")]),
        ("---\ntitle: B\n# a comment\nsource_lines: [1, 2]\n---\n# B\n", [(4, 1, "source-lines-invalid")]),
    ],
)
def test_front_matter_is_read_as_mkdocs_reads_it(
    tmp_path: Path, content: str, expected: list[tuple[int, int, str]]
) -> None:
    config = make_site(tmp_path, {"index.md": "# Home\n\n[b](b.md)\n", "b.md": content})
    problems, _ = cc.check_sources(config)
    assert [(p.line, p.column, p.code) for p in problems if p.path == "docs/b.md"] == expected, problems


@pytest.mark.parametrize("argument", ["nowhere.md", "mkdocs.yml", "sources/interview.txt"])
def test_paths_outside_the_pages_are_usage_errors(tmp_path: Path, argument: str) -> None:
    config = make_site(tmp_path, {"index.md": "# Home\n"})
    result = run_checker("--config", config, tmp_path / argument)
    assert_input_error(result, argument)


def test_unknown_option_is_a_usage_error() -> None:
    result = run_checker("--no-such-option")
    assert result.returncode == 2 and "Traceback" not in result.stderr


# ---------------------------------------------------------------------------
# The real site
# ---------------------------------------------------------------------------


def test_the_real_docs_pass() -> None:
    """`make check` on the repository: every quotation and link of docs/ proven."""
    result = run_checker()
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


IGNORED_IN_COPY = shutil.ignore_patterns(
    ".git", ".venv", "site", "build", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info"
)


def a_quotation_to_change(docs: Path) -> tuple[Path, int, str]:
    """(page, line, words) of a true quotation written on one line of a page in docs/."""
    index = load_sources(docs.parent / "sources")
    for page in sorted(docs.rglob("*.md")):
        lines = page.read_text(encoding="utf-8").split("\n")
        for number, line in enumerate(lines, start=1):
            for quoted in re.findall(r'"([^"]+)"|“([^“”]+)”', line):
                words = quoted[0] or quoted[1]
                if len(words.split()) >= 4 and index.find(words):
                    return page, number, words
    page = docs / "index.md"  # no quotation yet: add a true one, so there is one to change
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    words = "Scaling sucked out all the air in the room"
    page.write_text(text + f'The article quotes him: "{words}."\n', encoding="utf-8")
    return page, text.count("\n") + 1, words


def test_changing_one_word_of_a_quotation_fails_the_strict_build(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=IGNORED_IN_COPY)
    page, line, words = a_quotation_to_change(copy / "docs")
    split = words.split()
    position = next(i for i in range(len(split) // 2, len(split)) if split[i].isalpha())
    changed = " ".join([*split[:position], "zeppelin", *split[position + 1 :]])
    lines = page.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = lines[line - 1].replace(words, changed, 1)
    page.write_text("\n".join(lines), encoding="utf-8")

    result = build_site(tmp_path / "site", config=copy / "mkdocs.yml", cwd=copy)
    assert result.returncode != 0
    shown = page.relative_to(copy).as_posix()
    warning = next((w for w in result.stderr.splitlines() if f"{shown}:{line}:" in w), None)
    assert warning is not None, result.stderr
    assert "quote-not-found" in warning and f"{split[position]} → zeppelin" in warning


def test_problem_counts_are_stable_between_runs() -> None:
    """The source index is cached between checks (mkdocs serve); results must not drift."""
    first = Counter(p.code for p in check(BAD / "mkdocs.yml").problems)
    second = Counter(p.code for p in check(BAD / "mkdocs.yml").problems)
    assert first == second


def test_readme_examples_are_what_the_checker_prints() -> None:
    """Each example in the README's section for writers is a line of real output."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing pages: the quoting rules", 1)[1]
    block = section.split("````text\n", 1)[1].split("\n````", 1)[0]
    examples = block.rstrip("\n").split("\n")
    printed = run_checker(cwd=BAD).stdout.split("\n")
    assert [line for line in examples if line not in printed] == []
    shown = [line for line in examples if not line.startswith("    ")]
    matched = [re.match(r"\S+:\d+:\d+: ([a-z-]+)", line) for line in shown]
    assert all(matched), shown
    codes = {found[1] for found in matched if found}
    assert codes == set(CODES) - {"head-injected"}  # the fixture's theme escapes: no injection to show


MARKDOWN_SOUP = st.lists(
    st.sampled_from(
        [
            *list("ab \n\t#>!?-*_`~[](){}<>:=|\\\"“”'’.…^/&;0123456789"),
            "\n```\n",
            "\n~~~\n",
            "<!--",
            "-->",
            '!!! quote "A"\n',
            "\n    ",
            "---\n",
            "[^1]",
            "](x.md#y)",
            "{#id}",
            '<a href="x">',
            "— Name",
            "Scaling sucked out",
        ]
    ),
    max_size=200,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(MARKDOWN_SOUP)
def test_scanning_any_text_never_raises(text: str) -> None:
    scan = cc.scan_page(text)
    for link in scan.links:
        assert link.line >= 1 and link.column >= 1
    for line, column, code, _, _ in scan.problems:
        assert code in cc.CODES and line >= 1 and column >= 1


# Each family of issue 8 (and issue 9's two rules), planted in a copy of the real site:
# (file planted, its contents or the edit, the code the proof must name it with).
PLANTED = {
    "docs/planted-shown.md": (
        "---\ndescription: 'A page on “the cellar door”.'\n---\n\n# Shown\n\nWords.\n",
        "quote-not-found",
    ),
    "docs/planted-entities.md": (
        "# Entities\n\n&ldquo;Scaling sucked out all the air in the house&rdquo;.\n",
        "quote-not-found",
    ),
    "docs/planted-marks.md": ("# Marks\n\n‘Scaling sucked out all the air in the attic’.\n", "quote-not-found"),
    "docs/planted-hidden.md": (
        '# Hidden\n\n"A human being is <span hidden>never</span> not an AGI."\n',
        "quote-hidden-text",
    ),
    "docs/planted-speaker.md": (
        '# Speaker\n\n!!! quote "Sam Altman"\n\n    Scaling sucked out all the air in the room.\n',
        "quote-unknown-speaker",
    ),
    "docs/planted-negation.md": ('# Negation\n\n"A human being is … an AGI."\n', "quote-negation-changed"),
    "docs/planted-episode.md": (
        "# Episode\n\n[A moment](https://www.youtube.com/watch?v=aR20FWCCjAs&t=1234s).\n",
        "episode-moment-unknown",
    ),
    "docs/planted-link.md": ("# Link\n\n[A script](javascript:alert(1)).\n", "link-scheme"),
}


def plant_every_family(copy: Path) -> dict[str, str]:
    """Plant each family in ``copy``; {file a writer edits: the code that must name it}."""
    expected = {path: code for path, (_, code) in PLANTED.items()}
    for path, (text, _) in PLANTED.items():
        (copy / path).write_text(text, encoding="utf-8")
    tooltips = copy / "overrides" / "snippets" / "abbreviations.md"
    tooltips.write_text(
        tooltips.read_text(encoding="utf-8") + "*[Words]: What the article calls “a cellar of words”.\n",
        encoding="utf-8",
    )
    expected["overrides/snippets/abbreviations.md"] = "quote-not-found"
    config = copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\ncopyright: >-\n" in text
    config.write_text(
        text.replace("\ncopyright: >-\n", "\ncopyright: >-\n  “A cellar of light.”\n", 1), encoding="utf-8"
    )
    expected["mkdocs.yml"] = "quote-not-found"
    article = (copy / "sources" / "the-decoder.txt").read_text(encoding="utf-8")
    (copy / "docs" / "planted-budget.md").write_text("# Budget\n\n" + article.replace("\n", "\n\n"), encoding="utf-8")
    return expected


def test_every_family_planted_in_the_real_site_fails_the_build_and_the_check(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=IGNORED_IN_COPY)
    expected = plant_every_family(copy)

    built = build_site(tmp_path / "site", config=copy / "mkdocs.yml", cwd=copy)
    assert built.returncode != 0
    warnings = [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    for path, code in expected.items():
        assert any(f" {path}:" in w and f": {code} " in w for w in warnings), (path, code, built.stderr[-3000:])
    assert any(": quote-budget " in w for w in warnings)  # the whole article on a page: over 90 %

    checked = run_checker(cwd=copy)
    assert checked.returncode == 1, checked.stderr
    printed = checked.stdout.splitlines()
    for path, code in expected.items():
        assert any(line.startswith(f"{path}:") and f": {code} " in line for line in printed), (path, code)
    assert any(line.startswith("mkdocs.yml:") and ": quote-budget " in line for line in printed)
    assert "Traceback" not in checked.stderr
