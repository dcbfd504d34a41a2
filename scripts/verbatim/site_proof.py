"""One scan of a built site: each page read once, proved and let go; then the site.

Each page is parsed, its runs of text read (verbatim.reading), its quotations proved
(verbatim.proof), every registered page check run on it (verbatim.checks) and its share
of the quote budget counted (verbatim.budget); then it is let go, so memory stays flat
however large the site. A site of PARALLEL_FROM pages or more is proved in shards: this
process and one forked worker per other core each take the next chunk of pages left,
so none waits for another; what the workers send back (problems, quotations, each
page's ids and the texts whose share of the budget this process counts) is merged,
links to ids on pages another process read are settled, and the site checks run once.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from array import array
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path

from verbatim.budget import Coverage, long_texts
from verbatim.built import BuiltSite
from verbatim.checks import PageCheck, page_checks, site_checks
from verbatim.links import AnchorClaim, LinkChecker, page_ids, settle_claims, site_address
from verbatim.locate import locate
from verbatim.matching import SourceIndex
from verbatim.problems import InputError, Problem
from verbatim.proof import ShownQuotation, prove_page
from verbatim.reading import page_runs
from verbatim.report import Report

__all__ = ["DEFAULT_BUDGET", "PageScan", "budget_limit", "prove_built_site"]

#: the site rule: at most this share of the article's own prose republished verbatim
DEFAULT_BUDGET = 0.25
#: a site of fewer pages is proved in this process: starting workers costs more than it saves
PARALLEL_FROM = 96
#: pages a process takes at a time
CHUNK = 16


def budget_limit(extra: object) -> float:
    """mkdocs.yml ``extra.verbatim.quote_budget``, else the site rule."""
    settings = extra.get("verbatim") if isinstance(extra, Mapping) else None
    value = settings.get("quote_budget") if isinstance(settings, Mapping) else None
    return float(value) if isinstance(value, (int, float)) else DEFAULT_BUDGET


@dataclass
class PageScan:
    """What one page yields: all a worker sends back (the page itself stays behind)."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    quotations: list[ShownQuotation] = field(default_factory=list)
    ids: frozenset[str] = frozenset()
    claims: list[AnchorClaim] = field(default_factory=list)  # links to ids of pages not read here
    coverage: array[int] = field(default_factory=lambda: array("I"))  # the article prose it republishes
    #: from a worker, which builds no table of the article: the texts whose coverage is counted
    texts: list[str] | None = None


class _Scanner:
    """Proves pages one at a time; one per process, its memos kept from page to page.
    ``budget``: count each page's coverage here (else the texts it shows are kept)."""

    def __init__(self, site: BuiltSite, index: SourceIndex, budget: bool = True) -> None:
        self.site, self.index = site, index
        self.links: LinkChecker
        self.checks: list[PageCheck]
        self.links, self.checks = page_checks(site, index, locate)
        self.coverage = Coverage(index) if budget else None

    def scan(self, path: str) -> PageScan:
        page = self.site.pages.get(path) or self.site.read(path)
        ids = self.links.ids[path] = page_ids(page)
        runs = page_runs(page)
        proof = prove_page(self.site, page, self.index, locate, runs)
        scan = PageScan(path, proof.problems, proof.quotations, ids)
        if self.coverage is not None:
            scan.coverage = self.coverage.page(runs)
        else:
            scan.texts = long_texts(runs)
        for check in self.checks:
            scan.problems.extend(check.check_page(page))
        scan.claims, self.links.claims = self.links.claims, []
        return scan


def prove_built_site(
    site: BuiltSite, index: SourceIndex, limit: float = DEFAULT_BUDGET, workers: int | None = None
) -> Report:
    """Prove every page of ``site`` (loaded by load_site, or only listed by list_site);
    ``limit`` is the quote budget; ``workers`` processes (default: one a core for a large
    site, none for a small one). Raises InputError for a page that cannot be read."""
    started = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # many small objects, no cycles worth collecting: cost stays linear in pages
    try:
        paths = site.page_paths()
        site_address(site)  # read once, before any worker starts: each inherits it
        scans = _scan(site, index, paths, _workers(len(paths)) if workers is None else workers)
        report = Report(pages=len(scans))
        for scan in scans:
            report.problems += scan.problems
            report.quotations += scan.quotations
        ids = {scan.path: scan.ids for scan in scans}
        report.problems += settle_claims(site, (c for scan in scans for c in scan.claims), ids, locate)
        report.problems += site_checks(site, locate, ids)
        report.budget = Coverage(index).budget({scan.path: scan.coverage for scan in scans})
        report.budget_limit = limit
        report.problems.extend(_over_budget(site, report, limit))
    finally:
        if collecting:
            gc.enable()
    report.seconds = time.perf_counter() - started
    return report


def _workers(pages: int) -> int:
    if pages < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _scan(site: BuiltSite, index: SourceIndex, paths: Sequence[str], workers: int) -> list[PageScan]:
    """Every page's scan, in ``paths``' order: this process and ``workers - 1`` forked ones
    each take the next chunk of pages not taken yet, until none is left."""
    chunks = [list(paths[at : at + CHUNK]) for at in range(0, len(paths), CHUNK)]
    workers = min(workers, len(chunks))  # a process for each chunk at the most
    if workers <= 1:
        scanner = _Scanner(site, index)
        return [scanner.scan(path) for path in paths]
    global _SHARED
    context = multiprocessing.get_context("fork")
    taken = context.Value("i", 0)  # the number of chunks taken so far, by any process
    _SHARED = _Shared(site, index, chunks, taken)  # a forked worker inherits it: nothing is pickled
    try:
        # forked before any look-up table is built: a worker builds the few it needs and
        # proves pages while this process builds the budget's table of the article
        with context.Pool(workers - 1) as pool:
            pending = deque(pool.apply_async(_scan_next, (number,)) for number in range(len(chunks)))
            scanner = _Scanner(site, index)
            scans: list[PageScan] = []
            for chunk in _taking(chunks, taken):
                scans += map(scanner.scan, chunk)
                while pending and pending[0].ready():  # a worker's chunk: its coverage counted now
                    scans += _counted(pending.popleft().get(), scanner)
            for result in pending:
                scans += _counted(result.get(), scanner)
    finally:
        _SHARED = None
    order = {path: number for number, path in enumerate(paths)}
    return sorted(scans, key=lambda scan: order[scan.path])


def _counted(done: list[PageScan] | InputError, scanner: _Scanner) -> list[PageScan]:
    """A worker's scans, each with the coverage of the texts it sent (InputError raised)."""
    if isinstance(done, InputError):
        raise done
    assert scanner.coverage is not None
    for scan in done:
        if scan.texts is not None:
            scan.coverage, scan.texts = scanner.coverage.of(scan.texts), None
    return done


@dataclass(frozen=True)
class _Shared:
    """What a forked worker inherits: the site, the sources, the chunks and how many are taken."""

    site: BuiltSite
    index: SourceIndex
    chunks: list[list[str]]
    taken: Synchronized[int]


def _taking(chunks: list[list[str]], taken: Synchronized[int]) -> Iterator[list[str]]:
    """The chunks no other process has taken, one at a time, until none is left."""
    while True:
        with taken.get_lock():
            number = taken.value
            if number >= len(chunks):
                return
            taken.value = number + 1
        yield chunks[number]


_SHARED: _Shared | None = None
_SCANNER: _Scanner | None = None


def _scan_next(_: int) -> list[PageScan] | InputError:
    """In a worker: the scans of the next chunk not taken (none when all are), or the first
    InputError of its pages (sent back, not raised). The pool holds one call a chunk, so a
    worker takes chunks for as long as any is left."""
    global _SCANNER
    assert _SHARED is not None, "a worker starts from the process that set _SHARED"
    if _SCANNER is None:
        _SCANNER = _Scanner(_SHARED.site, _SHARED.index, budget=False)
    chunk = next(_taking(_SHARED.chunks, _SHARED.taken), [])
    try:
        return [_SCANNER.scan(path) for path in chunk]
    except InputError as error:
        return error  # pickled whole (InputError.__reduce__)


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
    project = site.project
    src_path = project.sources.get(built) if project is not None else None
    if project is not None and src_path:
        try:
            return (project.docs_dir / src_path).relative_to(project.root).as_posix()
        except ValueError:
            return src_path
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
