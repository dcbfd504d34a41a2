"""The built site as readers get it: every HTML page parsed once with an HTML5 parser.

selectolax's Lexbor engine was chosen by measurement on this site's 12 built pages
(464 kB): 7.6 ms a site, against 14.0 ms for lxml.html (libxml2, an HTML4 parser that
does not follow the HTML5 parsing algorithm) and 319 ms for html5lib.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from verbatim.problems import InputError

#: A built page larger than this is refused (exit 2) rather than read.
MAX_PAGE_BYTES = 5 * 1024 * 1024
#: threads that read and parse pages
PARSERS = 2


@dataclass(frozen=True)
class BuiltPage:
    """One built HTML page: its path in the site (``themes/x/index.html``) and its parse."""

    path: str
    tree: LexborHTMLParser
    #: the docs_dir path of the Markdown it was built from (``themes/x.md``), when known
    src_path: str | None = None


@dataclass(frozen=True)
class Project:
    """The project a site was built from, where known: for positions and the source pass.

    ``root`` is mkdocs.yml's folder; ``snippet_dirs`` are pymdownx.snippets' base paths
    and ``auto_append`` the snippets added to every page; ``sources`` maps a built page
    (``themes/x/index.html``) to the docs page it came from (``themes/x.md``).
    """

    root: Path
    config_file: Path
    docs_dir: Path
    site_dir: Path | None = None
    snippet_dirs: tuple[Path, ...] = ()
    auto_append: tuple[str, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)

    def snippet_files(self) -> list[Path]:
        """The auto-appended snippets first, then every other file in the snippet folders."""
        first = [
            directory / name
            for name in self.auto_append
            for directory in self.snippet_dirs
            if (directory / name).is_file()
        ]
        rest = sorted(
            file
            for directory in self.snippet_dirs
            if directory.is_dir()
            for file in directory.rglob("*")
            if file.is_file() and file not in first
        )
        return first + rest


@dataclass(frozen=True)
class BuiltSite:
    """A built site folder: its parsed pages and every file in it (POSIX paths, relative)."""

    root: Path
    pages: Mapping[str, BuiltPage]
    files: frozenset[str]
    project: Project | None = None

    def is_page(self, path: str) -> bool:
        """Whether ``path`` is one of the site's HTML pages (parsed yet or not)."""
        return path in self.pages or (path.endswith(".html") and path in self.files)

    def page_paths(self) -> list[str]:
        """Every HTML page of the site, sorted (what load_site parses)."""
        return sorted({*self.pages, *(f for f in self.files if f.endswith(".html"))})

    def read(self, path: str) -> BuiltPage:
        """One page, read from the folder and parsed (raises InputError as load_site does)."""
        sources = self.project.sources if self.project is not None else {}
        return parse_page(path, read_page(self.root / path), sources.get(path))


def parse_page(path: str, html: str | bytes, src_path: str | None = None) -> BuiltPage:
    """Parse one page's HTML (entities decoded as a browser decodes them); bytes are UTF-8."""
    return BuiltPage(path, LexborHTMLParser(html), src_path)


def list_site(root: Path, project: Project | None = None) -> BuiltSite:
    """Every file under ``root``, no page parsed yet: ``BuiltSite.read`` parses one.

    A large site is proved page by page (verbatim.site_proof): a page is read, proved
    and let go, so memory stays flat. Raises InputError for a folder that is no folder.
    """
    if not root.is_dir():
        raise InputError(root, "not a directory (a built site is a folder)")
    return BuiltSite(root, {}, frozenset(_site_files(root)), project)


def _site_files(root: Path) -> list[str]:
    """Every file under ``root`` but folders (a link to a folder is not followed), as
    POSIX paths relative to it. os.walk reads each folder once with scandir, where a
    Path per file and its stat took 0.15 s for a site of 2,000 pages; a folder that
    cannot be listed is an InputError, not a hole in the site."""

    def refuse(error: OSError) -> None:
        raise InputError(error.filename or root, f"folder cannot be read ({error.strerror or error})")

    top = os.fspath(root)
    files: list[str] = []
    for folder, _, names in os.walk(top, onerror=refuse):
        if folder == top:
            files += names
        else:
            prefix = folder[len(top) + 1 :].replace(os.sep, "/") + "/"
            files += [prefix + name for name in names]
    return files


def load_site(root: Path, project: Project | None = None) -> BuiltSite:
    """Read every file under ``root``; parse each ``*.html``.

    ``project`` (when the caller knows it: the build hook, or ``--config``) gives each
    page the docs path it came from. Raises InputError for a folder or page that
    cannot be read.
    """
    listed = list_site(root, project)
    html = listed.page_paths()
    # Lexbor parses without the GIL: two threads parse two pages at once on two cores;
    # map keeps the order, and raises the first page's InputError in that order
    workers = min(PARSERS, os.cpu_count() or 1, max(1, len(html) // 16))
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parsed = list(pool.map(listed.read, html, chunksize=8))
    else:
        parsed = [listed.read(path) for path in html]
    return BuiltSite(root, {page.path: page for page in parsed}, listed.files, project)


def read_page(file: Path) -> bytes:
    """A built page's bytes, UTF-8; InputError for what is no regular file, too large or
    unreadable, or no UTF-8 (Lexbor parses bytes faster than text, and as the browser
    would decode them). One open and one fstat a page: a FIFO opens without waiting for
    a writer (O_NONBLOCK), and is refused by its fstat, as a folder or a device is."""
    try:
        descriptor = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        if not file.is_file():  # missing, a broken link, a socket
            raise InputError(file, "not a regular file") from None
        raise InputError(file, f"cannot be read ({error})") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise InputError(file, "not a regular file")
        if status.st_size > MAX_PAGE_BYTES:
            raise InputError(file, f"larger than {MAX_PAGE_BYTES // (1024 * 1024)} MiB")
        markup = _read_all(descriptor, status.st_size)
        if len(markup) > MAX_PAGE_BYTES:  # it grew while it was read
            raise InputError(file, f"larger than {MAX_PAGE_BYTES // (1024 * 1024)} MiB")
        if not markup.isascii():
            markup.decode("utf-8")  # refused as read_text refused it
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(file, f"cannot be read ({error})") from None
    finally:
        os.close(descriptor)
    return markup


def _read_all(descriptor: int, size: int) -> bytes:
    """The file's bytes: the ``size`` fstat told, read at once; a short read or a file that
    grew is read on to its end (or past the limit, which the caller refuses)."""
    chunks = [os.read(descriptor, size + 1)]
    total = len(chunks[0])
    while total != size and chunks[-1] and total <= MAX_PAGE_BYTES:
        chunks.append(os.read(descriptor, MAX_PAGE_BYTES + 1 - total))
        total += len(chunks[-1])
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
