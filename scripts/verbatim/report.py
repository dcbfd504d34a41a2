"""The report of one proof: problems, the verified quotations, the quote budget, figures."""

from __future__ import annotations

import json
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
        seen: set[tuple[str, int, int, str]] = set()
        unique = []
        for problem in sorted(set(self.problems)):
            key = (problem.path, problem.line, problem.column, problem.code)
            if key not in seen:
                seen.add(key)
                unique.append(problem)
        return unique


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
    return (f"quote budget: {report.budget.share:.1%} of the article's own prose republished"
            f" ({report.budget.republished} of {report.budget.prose_words} words){limit}")


def summary(report: Report, problems: list[Problem]) -> str:
    checked = (f"{report.pages} page{'s' if report.pages != 1 else ''}, {len(report.quotations)} verified "
               f"quotations, proved in {report.seconds:.2f} s")
    budget = budget_line(report)
    tail = f"; {budget}" if budget else ""
    if problems:
        files = len({p.path for p in problems})
        return (f"check_content: {len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} "
                f"file{'s' if files != 1 else ''} ({checked}{tail})")
    return f"check_content: no problems ({checked}{tail})"
