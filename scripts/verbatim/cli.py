"""The command line: ``python scripts/check_content.py [PAGES] [--site DIR] [--config FILE]``.

Without ``--site`` it builds the site into a temporary folder and proves it; with
``--site`` it proves a site any builder made. Exit status: 0 clean, 1 problems, 2 usage
or input error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from verbatim.problems import InputError, Problem
from verbatim.report import as_json, as_text, summary

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"check_content: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="check_content.py",
        description="Prove every quotation, speaker and link that readers get against sources/.",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="pages or folders under docs_dir to report on")
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the mkdocs.yml (default: ./mkdocs.yml); with --site, for positions",
    )
    parser.add_argument("--site", type=Path, help="prove this built site folder instead of building one")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: path:line:col: code message; json: a list of problems",
    )
    return parser


def _display(problem: Problem, root: Path) -> Problem:
    absolute = (root / problem.path).resolve()
    try:
        shown = absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        shown = str(absolute)
    return Problem(shown, problem.line, problem.column, problem.code, problem.message, problem.hint)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    from verbatim.run import check

    try:
        report = check(arguments.config, arguments.paths or None, arguments.site)
    except InputError as error:
        print(f"check_content: {error}", file=sys.stderr)
        return 2
    except (OSError, RecursionError) as error:
        print(f"check_content: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # a checker bug still ends in one line, naming it
        print(f"check_content: internal error ({type(error).__name__}: {error}); please report it", file=sys.stderr)
        return 2
    root = arguments.config.resolve().parent
    problems = [_display(p, root) for p in report.sorted_problems()]
    sys.stdout.write(as_json(problems) if arguments.format == "json" else as_text(problems))
    print(summary(report, problems), file=sys.stderr)
    return 1 if problems else 0
