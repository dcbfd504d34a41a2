"""Benchmark: how often search puts the right page first, and in the first three.

Run from the repository root (it builds the site from the working tree):

    .venv/bin/python -m tests.browser.measure_search [--site DIR]

It types every row of tests/browser/test_search.py's tables into the search
box of the built site, key by key, in Debian's Chromium, and prints each row's
rank, the first-place and top-three counts per table, and the bytes that
search costs: the index and the JavaScript, gzip-compressed as Pages sends them.
A benchmark, not a test: it prints figures and always exits 0 when it ran.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from pages_server import DEFAULT_PREFIX, PagesServer
from playwright.sync_api import sync_playwright

from .browsing import CHROMIUM_FLAGS, DEBIAN_CHROMIUM, Site, open_search, search
from .test_search import FORGIVING_TABLE, KNOWN_MISSES, SEARCH_TABLE

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", DEBIAN_CHROMIUM)
Row = tuple[str, str]


def build(site_dir: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.setdefault("SOURCE_DATE_EPOCH", "1764028800")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), mtime=0))


def search_bytes(site_dir: Path) -> dict[str, int]:
    """Gzip bytes of the index and of every script a page or the search worker loads."""
    sizes = {"search index": gzip_size(site_dir / "search" / "search_index.json")}
    for script in sorted((site_dir / "assets" / "javascripts").rglob("*.js")):
        if "lunr" not in script.parts:  # other languages' stemmers, never loaded for English
            sizes[script.relative_to(site_dir).as_posix()] = gzip_size(script)
    return sizes


def ranks(site: Site, rows: list[Row]) -> list[int | None]:
    """The 1-based rank of each row's expected page, None when it is not listed."""
    found: list[int | None] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.set_default_timeout(10_000)
        page.goto(site.url)
        open_search(page)
        for query, expected in rows:
            paths = [site.path_of(url) for url in search(page, query)]
            found.append(paths.index(expected) + 1 if expected in paths else None)
        browser.close()
    return found


def report(name: str, rows: list[Row], found: list[int | None]) -> None:
    first = sum(rank == 1 for rank in found)
    top3 = sum(rank is not None and rank <= 3 for rank in found)
    nothing = sum(rank is None for rank in found)
    print(f"\n{name}: {len(rows)} rows; first {first}, top three {top3}, not listed {nothing}")
    for (query, expected), rank in zip(rows, found, strict=True):
        if rank != 1:
            print(f"  {'-' if rank is None else rank:>2}  {query!r} -> {expected}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site to measure instead of building one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        site_dir = args.site or Path(workdir) / "site"
        if args.site is None:
            build(site_dir)
        for name, size in search_bytes(site_dir).items():
            print(f"{name:<60} {size:>7} bytes gzip")
        tables = {
            "existing table": SEARCH_TABLE,
            "forgiving table": FORGIVING_TABLE,
            "known misses": [(query, page) for query, page, _ in KNOWN_MISSES],
        }
        with PagesServer(site_dir, prefix=DEFAULT_PREFIX) as server:
            site = Site(server.url, site_dir)
            for name, rows in tables.items():
                report(name, rows, ranks(site, rows))


if __name__ == "__main__":
    main()
