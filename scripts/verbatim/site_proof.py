"""One scan of a built site: the quotation proof, every registered check, the budget."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from verbatim.budget import measure
from verbatim.built import BuiltSite
from verbatim.checks import built_site_checks
from verbatim.locate import locate
from verbatim.matching import SourceIndex
from verbatim.problems import Problem
from verbatim.proof import prove_pages
from verbatim.reading import page_runs
from verbatim.report import Report

__all__ = ["DEFAULT_BUDGET", "budget_limit", "prove_built_site"]

#: the site rule: at most this share of the article's own prose republished verbatim
DEFAULT_BUDGET = 0.25


def budget_limit(extra: object) -> float:
    """mkdocs.yml ``extra.verbatim.quote_budget``, else the site rule."""
    settings = extra.get("verbatim") if isinstance(extra, Mapping) else None
    value = settings.get("quote_budget") if isinstance(settings, Mapping) else None
    return float(value) if isinstance(value, (int, float)) else DEFAULT_BUDGET


def prove_built_site(site: BuiltSite, index: SourceIndex, limit: float = DEFAULT_BUDGET) -> Report:
    """Prove every page of ``site``; ``limit`` is the quote budget."""
    started = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # many small objects, no cycles worth collecting: cost stays linear in pages
    try:
        runs = {path: page_runs(page) for path, page in site.pages.items()}  # read once, used twice
        proof = prove_pages(site, index, locate, runs)
        report = Report(problems=list(proof.problems), quotations=proof.quotations, pages=len(site.pages))
        for check in built_site_checks(index):
            report.problems.extend(check(site, locate))
        report.budget = measure(site, index, runs)
        report.budget_limit = limit
        report.problems.extend(_over_budget(site, report, limit))
    finally:
        if collecting:
            gc.enable()
    report.seconds = time.perf_counter() - started
    return report


def _over_budget(site: BuiltSite, report: Report, limit: float) -> Iterator[Problem]:
    budget = report.budget
    if budget is None or budget.share <= limit:
        return
    path, line, column = _budget_position(site)
    top = ", ".join(f"{_page_name(site, page)} ({words} words)" for page, words in budget.by_page[:3])
    yield Problem(
        path,
        line,
        column,
        "quote-budget",
        f"the site republishes {budget.share:.0%} of the article's own prose verbatim "
        f"({budget.republished} of {budget.prose_words} words); the budget is {limit:.0%}",
        f"retell the article in your own words and quote its speakers' words, not its prose; most from: {top}",
    )


def _page_name(site: BuiltSite, built: str) -> str:
    """A built page by the docs file a writer edits, where known."""
    page = site.pages.get(built)
    if page is not None and page.src_path and site.project is not None:
        try:
            return (site.project.docs_dir / page.src_path).relative_to(site.project.root).as_posix()
        except ValueError:
            return page.src_path
    return built


def _budget_position(site: BuiltSite) -> tuple[str, int, int]:
    project = site.project
    if project is None:
        return "mkdocs.yml", 1, 1
    config = project.config_file
    shown = config.name if config.parent == project.root else config.as_posix()
    try:
        lines = Path(config).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return shown, 1, 1
    for number, text in enumerate(lines, start=1):
        if "quote_budget" in text:
            return shown, number, text.index("quote_budget") + 1
    return shown, 1, 1
