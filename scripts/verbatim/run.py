"""Running the proof: on a site already built, or building one into a temporary folder.

``check(config_file, paths=None, site_dir=None) -> Report``: the Markdown-level pass
(what exists only in the source) and the proof of the built pages, as one report.
Without ``site_dir`` the site is built with MkDocs into a temporary folder first (the
build hook then leaves the proof to this caller, so each build is scanned once).
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.exceptions import Abort, MkDocsException

from verbatim import hook
from verbatim.built import list_site
from verbatim.matching import SourceIndex, load_sources
from verbatim.problems import InputError
from verbatim.project import load_project
from verbatim.report import Report, merge_passes
from verbatim.site_proof import budget_limit, prove_built_site
from verbatim.source_pass import check_sources

__all__ = ["check"]


def check(config_file: Path, paths: Sequence[Path] | None = None, site_dir: Path | None = None) -> Report:
    config_file = Path(config_file)
    if site_dir is not None and not config_file.is_file():
        return _prove_without_project(Path(site_dir))  # any builder's output, against ./sources
    source_problems, _ = check_sources(config_file, paths)
    root = config_file.resolve().parent
    if site_dir is not None:
        report = _prove(config_file, Path(site_dir))
    else:
        with tempfile.TemporaryDirectory(prefix="verbatim-") as folder:
            index = _build(config_file, Path(folder))
            report = _prove(config_file, Path(folder), index)
    report.problems = merge_passes(source_problems, report.problems)
    if paths:
        wanted = {_relative(Path(p), root) for p in paths}
        report.problems = [
            p for p in report.problems if any(p.path == w or p.path.startswith(w.rstrip("/") + "/") for w in wanted)
        ]
    return report


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _prove_without_project(site_dir: Path) -> Report:
    """A built site with no mkdocs.yml beside it: problems point at the built files."""
    started = time.perf_counter()
    index = load_sources(Path("sources"))
    site = list_site(site_dir.resolve())
    loaded = time.perf_counter() - started
    report = prove_built_site(site, index)
    report.seconds += loaded  # the proof's time counts reading the sources and the pages
    return report


def _prove(config_file: Path, site_dir: Path, index: SourceIndex | None = None) -> Report:
    """Prove a built folder; ``index``: the sources as the build looked them up (each
    quotation the quote cards verified is then a look-up already made)."""
    config, project = load_project(config_file, site_dir)
    started = time.perf_counter()
    if index is None:
        index = load_sources(project.root / "sources")
    site = list_site(site_dir.resolve(), project)
    loaded = time.perf_counter() - started
    report = prove_built_site(site, index, budget_limit(config.extra))
    report.seconds += loaded  # the proof's time counts reading the sources and the pages
    return report


def _build(config_file: Path, site_dir: Path) -> SourceIndex:
    """Build as ``mkdocs build`` does, quietly; warnings of MkDocs itself fail like errors.
    Returns the build's index of the sources (verbatim.hook.build_index), for the proof."""
    from verbatim.project import load_mkdocs_config

    config = load_mkdocs_config(config_file, site_dir)
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.ERROR)
    hook.deferred = True
    try:
        build(config)
    except Abort:
        pass  # strict mode counted warnings; the proof reports what is wrong with the pages
    except MkDocsException as error:
        raise InputError(config_file, f"the build failed ({' '.join(str(error).split())})") from None
    finally:
        hook.deferred = False
        mkdocs_log.setLevel(level)
    return hook.build_index(config)
