"""The proof inside every build: overrides/hooks/prove_site.py hands MkDocs these events.

``on_pre_build`` runs the Markdown-level pass; ``on_post_build`` proves the built
output. Each problem is logged as a warning through MkDocs' logger, ``path:line:col:
code message (hint)``, so ``mkdocs build --strict`` fails on it; input the proof cannot
read stops the build with one line.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from verbatim.matching import load_sources
from verbatim.problems import InputError, Problem
from verbatim.rules import VerifiedIndex

__all__ = ["build_index", "deferred", "on_files", "on_post_build", "on_pre_build"]

log = logging.getLogger("mkdocs.plugins.verbatim")
#: set by verbatim.run while it builds: it proves the output itself, once
deferred = False
_files: list[Files] = []
_source_problems: list[Problem] = []  # this build's Markdown pass, for on_post_build
_index: dict[int, VerifiedIndex] = {}  # this build's sources, by id(config)


def build_index(config: MkDocsConfig) -> VerifiedIndex:
    """This build's sources, loaded once: the quote cards, the quote index and the proof of
    the built pages share it, so each quotation is looked up once a build."""
    key = id(config)
    if key not in _index:
        _index.clear()  # a new build (mkdocs serve reloads the config)
        try:
            _index[key] = VerifiedIndex.of(load_sources(Path(config.config_file_path).parent / "sources"))
        except InputError as error:
            raise PluginError(f"verbatim: {error}") from None
    return _index[key]


def _warn(problems: list[Problem]) -> None:
    for problem in problems:
        hint = f" ({problem.hint})" if problem.hint else ""
        log.warning(f"{problem}{hint}")


def on_pre_build(config: MkDocsConfig) -> None:
    _index.clear()
    if deferred:
        return
    from verbatim.source_pass import check_sources

    try:
        problems, _ = check_sources(Path(config.config_file_path), config=config)  # the config MkDocs loaded
    except InputError as error:
        raise PluginError(f"verbatim: {error}") from None
    _source_problems[:] = problems
    _warn(problems)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _files[:] = [files]
    return files


def on_post_build(config: MkDocsConfig) -> None:
    if deferred:
        return
    from verbatim.built import list_site
    from verbatim.project import project_from_config
    from verbatim.report import budget_line, merge_passes
    from verbatim.site_proof import budget_limit, prove_built_site

    started = time.perf_counter()
    try:
        project = project_from_config(config, _files[0] if _files else None)
        index = build_index(config)
        site = list_site(Path(config.site_dir), project)
        report = prove_built_site(site, index, budget_limit(config.extra))
    except InputError as error:
        raise PluginError(f"verbatim: {error}") from None
    report.problems = merge_passes(_source_problems, report.problems)[len(_source_problems) :]
    _warn(report.sorted_problems())
    log.info(f"verbatim: {budget_line(report)}")
    # scripts/bench_check.py reads this line (mkdocs build -v) to weigh the proof's share
    log.debug(
        f"verbatim: {len(report.problems)} problems, {report.pages} pages proved in "
        f"{time.perf_counter() - started:.3f} s"
    )
