"""MkDocs hook: prove every quotation and link on each build (scripts/check_content.py).

A thin adapter.  Before each build it runs the content checker once over the whole
site and logs each problem as a warning, ``path:line:col: code message (hint)``, so
that ``mkdocs build --strict`` fails on a single wrong word.  Input the checker cannot
read (no sources/, a page that is not UTF-8) stops the build with one line.

The checker keeps its source index between builds while the source files are
unchanged, so ``mkdocs serve`` rebuilds stay cheap; the quote-card and quote-index
hooks import the same module and share that index.
"""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError

# MkDocs puts this hook's folder first on sys.path while loading it; scripts/
# goes in front so the import below is the script, not this hook of the same name.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import check_content  # noqa: E402

log = logging.getLogger("mkdocs.plugins.check_content")


def on_pre_build(config) -> None:
    started = time.perf_counter()
    try:
        problems = check_content.check_site(Path(config.config_file_path))
    except check_content.InputError as error:
        raise PluginError(f"check_content: {error}") from None
    for problem in problems:
        hint = f" ({problem.hint})" if problem.hint else ""
        log.warning(f"{problem}{hint}")
    # scripts/bench_check.py reads this line (mkdocs build -v) to weigh the hook's share
    log.debug(f"check_content: {len(problems)} problems, checked in "
              f"{time.perf_counter() - started:.3f} s")
