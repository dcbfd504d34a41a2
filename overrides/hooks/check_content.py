"""MkDocs hook: prove every quotation and link on each build (scripts/check_content.py).

A thin adapter.  Before each build it runs the content checker once over the whole
site and logs each problem as a warning, ``path:line:col: code message (hint)``, so
that ``mkdocs build --strict`` fails on a single wrong word.  Input the checker cannot
read (no sources/, a page that is not UTF-8) stops the build with one line.

The checker module is loaded once per process under its own name (this hook is itself
registered as ``check_content``), and it keeps its source index between builds while the
source files are unchanged, so ``mkdocs serve`` rebuilds stay cheap.
"""
from __future__ import annotations

import importlib.util
import logging
import sys
import time
from pathlib import Path
from types import ModuleType

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.check_content")

_MODULE_NAME = "age_of_research_check_content"


def _checker(config_file: Path) -> ModuleType:
    """scripts/check_content.py beside mkdocs.yml (or beside this hook's repository)."""
    module = sys.modules.get(_MODULE_NAME)
    if module is not None:
        return module
    candidates = [config_file.parent / "scripts" / "check_content.py",
                  Path(__file__).resolve().parents[2] / "scripts" / "check_content.py"]
    script = next((path for path in candidates if path.is_file()), None)
    if script is None:
        raise PluginError(f"check_content: {candidates[0]} is missing")
    spec = importlib.util.spec_from_file_location(_MODULE_NAME, script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[_MODULE_NAME] = module  # dataclasses look their module up here
    try:
        spec.loader.exec_module(module)
    except Exception:
        del sys.modules[_MODULE_NAME]
        raise
    return module


def on_pre_build(config) -> None:
    started = time.perf_counter()
    config_file = Path(config.config_file_path)
    checker = _checker(config_file)
    try:
        problems = checker.check_site(config_file)
    except checker.InputError as error:
        raise PluginError(f"check_content: {error}") from None
    for problem in problems:
        hint = f" ({problem.hint})" if problem.hint else ""
        log.warning(f"{problem}{hint}")
    # scripts/bench_check.py reads this line (mkdocs build -v) to weigh the hook's share
    log.debug(f"check_content: {len(problems)} problems, checked in "
              f"{time.perf_counter() - started:.3f} s")
