"""The report of one proof: problems, the verified quotations, the quote budget, figures."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

from verbatim.budget import Budget
from verbatim.problems import Problem
from verbatim.proof import ShownQuotation

__all__ = ["Report", "as_json", "as_text", "summary"]


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    quotations: list[ShownQuotation] = field(default_factory=list)
    budget: Budget | None = None
    budget_limit: float | None = None
    pages: int = 0
    seconds: float = 0.0

    def sorted_problems(self) -> list[Problem]:
        """Sorted, one per place and code (text shown twice, in nav and <title>, is one fault)."""
        seen: set[tuple[str, int, int, str, str]] = set()
        unique = []
        for problem in sorted(set(self.problems)):
            shown_where = re.sub(r' in the [^"]*$', "", problem.message)  # … in the <title>
            key = (problem.path, problem.line, problem.column, problem.code, shown_where)
            if key not in seen:
                seen.add(key)
                unique.append(problem)
        return unique


def merge_passes(source: list[Problem], built: list[Problem]) -> list[Problem]:
    """The Markdown pass's problems and the built site's, each fault once.

    Whether a link leads somewhere is the built site's to say; two of its faults the
    Markdown pass names better, and the built site's problems for them are left out:
    a nav entry that names no page (``nav-missing-page``), a link on every built page,
    located at that entry (the built site's at the entry's line), and a raw HTML href
    that names a ``.md`` file (``link-html-md``, with the built address to write; the
    built site's for the same URL on that page, wherever it locates it).
    """
    nav_lines = {(p.path, p.line) for p in source if p.code == "nav-missing-page"}
    html_md = {(p.path, _url(p.message)) for p in source if p.code == "link-html-md"}

    def reported(problem: Problem) -> bool:
        return problem.code.startswith("link-") and (
            (problem.path, problem.line) in nav_lines or (problem.path, _url(problem.message)) in html_md
        )

    return source + [p for p in built if not reported(p)]


def _url(message: str) -> str:
    """The URL a link message names (``link ../gone.md leads …`` -> ``../gone.md``), or ""."""
    found = re.match(r"(?:raw HTML href|link) (\S+)", message)
    return found.group(1) if found else ""


def as_text(problems: list[Problem]) -> str:
    lines: list[str] = []
    for problem in problems:
        lines.append(str(problem))
        if problem.hint:
            lines.append(f"    {problem.hint}")
    return "\n".join(lines) + ("\n" if lines else "")


def as_json(problems: list[Problem]) -> str:
    return json.dumps([{**asdict(p), "hint": p.hint or None} for p in problems], ensure_ascii=False, indent=2) + "\n"


def budget_line(report: Report) -> str:
    if report.budget is None:
        return ""
    limit = f" (budget {report.budget_limit:.0%})" if report.budget_limit is not None else ""
    return (
        f"quote budget: {report.budget.share:.1%} of the article's own prose republished"
        f" ({report.budget.republished} of {report.budget.prose_words} words){limit}"
    )


def summary(report: Report, problems: list[Problem]) -> str:
    checked = (
        f"{report.pages} page{'s' if report.pages != 1 else ''}, {len(report.quotations)} verified "
        f"quotations, proved in {report.seconds:.2f} s"
    )
    budget = budget_line(report)
    tail = f"; {budget}" if budget else ""
    if problems:
        files = len({p.path for p in problems})
        return (
            f"check_content: {len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''} ({checked}{tail})"
        )
    return f"check_content: no problems ({checked}{tail})"
