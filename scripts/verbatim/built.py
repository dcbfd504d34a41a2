"""The built site as readers get it: every HTML page parsed once with an HTML5 parser.

selectolax's Lexbor engine was chosen by measurement on this site's 12 built pages
(464 kB): 7.6 ms a site, against 14.0 ms for lxml.html (libxml2, an HTML4 parser that
does not follow the HTML5 parsing algorithm) and 319 ms for html5lib.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from verbatim.problems import InputError

#: A built page larger than this is refused (exit 2) rather than read.
MAX_PAGE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class BuiltPage:
    """One built HTML page: its path in the site (``themes/x/index.html``) and its parse."""

    path: str
    tree: LexborHTMLParser
    #: the docs_dir path of the Markdown it was built from (``themes/x.md``), when known
    src_path: str | None = None


@dataclass(frozen=True)
class BuiltSite:
    """A built site folder: its parsed pages and every file in it (POSIX paths, relative)."""

    root: Path
    pages: Mapping[str, BuiltPage]
    files: frozenset[str]


def parse_page(path: str, html: str, src_path: str | None = None) -> BuiltPage:
    """Parse one page's HTML (entities decoded as a browser decodes them)."""
    return BuiltPage(path, LexborHTMLParser(html), src_path)


def load_site(root: Path, sources: Mapping[str, str] | None = None) -> BuiltSite:
    """Read every file under ``root``; parse each ``*.html``.

    ``sources`` maps a built page path to the docs path it came from, when the caller
    knows it (the build hook does). Raises InputError for a folder or page that
    cannot be read.
    """
    if not root.is_dir():
        raise InputError(root, "not a directory (a built site is a folder)")
    files: set[str] = set()
    pages: dict[str, BuiltPage] = {}
    for file in sorted(root.rglob("*")):
        if file.is_dir():
            continue
        relative = file.relative_to(root).as_posix()
        files.add(relative)
        if relative.endswith(".html"):
            pages[relative] = parse_page(relative, _read_page(file), (sources or {}).get(relative))
    return BuiltSite(root, pages, frozenset(files))


def _read_page(file: Path) -> str:
    if not file.is_file():
        raise InputError(file, "not a regular file")
    if file.stat().st_size > MAX_PAGE_BYTES:
        raise InputError(file, f"larger than {MAX_PAGE_BYTES // (1024 * 1024)} MiB")
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(file, f"cannot be read ({error})") from None
