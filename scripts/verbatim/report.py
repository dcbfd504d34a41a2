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


#: codes of the Markdown pass that name a link (or nav entry) by its line in the source
_SOURCE_LINK_CODES = frozenset(
    {
        "link-missing-page",
        "link-missing-anchor",
        "link-missing-asset",
        "link-missing-reference",
        "link-not-in-nav",
        "link-insecure",
        "link-absolute",
        "link-html-md",
        "nav-missing-page",
        "footnote-undefined",
    }
)


def merge_passes(source: list[Problem], built: list[Problem]) -> list[Problem]:
    """The Markdown pass's problems and the built site's, a link reported once.

    A broken link the Markdown pass names (with its hint: did you mean …?) is not named
    again by the built-site link check on the same line; a link only the built site
    shows (a template's, a srcset, a nav entry) is named by the built-site check alone.
    """
    named = [p for p in source if p.code in _SOURCE_LINK_CODES]
    lines = {(p.path, p.line) for p in named}
    targets = {(p.path, _target(p.message)) for p in named} - {(p.path, "") for p in named}

    def reported(problem: Problem) -> bool:
        return problem.code.startswith("link-") and (
            (problem.path, problem.line) in lines or (problem.path, _target(problem.message)) in targets
        )

    return source + [p for p in built if not reported(p)]


def _target(message: str) -> str:
    """The file a link message names (``link ../gone.md leads …`` -> ``gone.md``), or ""."""
    found = re.match(r"(?:raw HTML href|link|nav names) (\S+)", message)
    if found is None:
        return ""
    return found.group(1).split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]


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
