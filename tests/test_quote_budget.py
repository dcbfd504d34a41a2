"""Issue 9's promise on the real site: under a quarter of the article's own prose stands
verbatim anywhere on it, and one long card of article prose is enough to break the build.

The figure comes from the checker's own summary (the hook logs it on every build), so
this test reads what a maintainer reads; the rule itself is tested on fixtures in
tests/test_check_content.py and tests/test_verbatim.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import ROOT, build_site

SHARE = re.compile(r"quote budget: ([\d.]+)% of the article's own prose republished \((\d+) of (\d+) words\)")
IGNORED_IN_COPY = shutil.ignore_patterns(
    ".git", ".venv", "site", "build", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info"
)
THEME = "docs/themes/straight-shot.md"


def republished_share(log: str) -> float:
    match = SHARE.search(log)
    assert match, f"the build logs no quote budget figure:\n{log[-2000:]}"
    return float(match.group(1))


def long_card_of_article_prose(article: list[str]) -> str:
    """One quote card holding the article's longest prose paragraphs (no quoted speech)."""
    prose = [line for line in article if '"' not in line and len(line.split()) > 25]
    paragraphs = sorted(prose, key=len, reverse=True)[:4]
    assert sum(len(p.split()) for p in paragraphs) > 120, "the article has prose paragraphs to plant"
    body = "\n\n".join(f"    {paragraph}" for paragraph in paragraphs)
    return f'\n\n!!! quote "The Decoder"\n\n{body}\n'


def test_the_real_site_republishes_under_a_quarter_of_the_article(tmp_path: Path) -> None:
    built = build_site(tmp_path / "site")
    assert built.returncode == 0, built.stderr[-3000:]
    assert republished_share(built.stderr) < 25


def test_one_long_card_of_article_prose_fails_the_build_with_quote_budget(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=IGNORED_IN_COPY)
    article = (copy / "sources" / "the-decoder.txt").read_text(encoding="utf-8").split("\n")
    page = copy / THEME
    page.write_text(page.read_text(encoding="utf-8") + long_card_of_article_prose(article), encoding="utf-8")

    built = build_site(tmp_path / "site", config=copy / "mkdocs.yml", cwd=copy)

    assert built.returncode != 0
    warnings = [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    budget = [line for line in warnings if ": quote-budget " in line]
    assert budget, built.stderr[-3000:]
    assert "themes/straight-shot" in built.stderr[built.stderr.index(budget[0]) :], "the hint names the page"
    assert republished_share(built.stderr) > 25
    # The card itself is true: the budget, not a wrong word, fails the build.
    assert not [line for line in warnings if ": quote-not-found " in line]
