"""Input a build or a check must refuse before reading it: one line, never a hang.

Two ``.md`` symlinks pointing at each other gave a traceback, a FIFO named ``*.md`` hung
both the checker and ``mkdocs build`` forever, a ``.md`` symlink to ``/dev/zero`` read
gigabytes. MkDocs walks docs_dir and reads every page itself, so these are refused
before anything reads a file:

* ``refuse_bad_input(root, folders)`` walks each folder (docs_dir, the theme's
  custom_dir with the snippets, sources/) without reading a single file and raises
  ``InputError`` (``path: cause``) for the first of: a symlink loop (file or folder), a
  symlink that leads outside the project ``root``, a broken symlink, a FIFO, socket or
  device (directly or as a symlink's target), a folder that cannot be listed (reported,
  never skipped), a page or text file over ``MAX_TEXT_BYTES``, or a page that cannot be
  opened;
* ``refuse_bad_config(config)`` does that for a loaded MkDocs config (the build hook
  ``overrides/hooks/refuse_bad_input.py`` calls it in ``on_pre_build``, which MkDocs runs
  before its own walk of docs_dir);
* ``read_text(path, root)`` reads one file safely: opened non-blocking, checked to be a
  regular file after opening (no race with a swap to a FIFO), read up to the limit only.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from verbatim.built import MAX_PAGE_BYTES
from verbatim.problems import InputError

__all__ = [
    "MAX_TEXT_BYTES",
    "TEXT_SUFFIXES",
    "InputError",
    "read_text",
    "refuse_bad_config",
    "refuse_bad_input",
    "source_lines_range",
]

#: a page (or snippet, or source) larger than this is refused rather than read
MAX_TEXT_BYTES = MAX_PAGE_BYTES
#: files MkDocs or the checker read as text: Markdown (MkDocs' own list), templates, sources
TEXT_SUFFIXES = frozenset(
    {
        ".md",
        ".markdown",
        ".mdown",
        ".mkdn",
        ".mkd",
        ".mdwn",
        ".html",
        ".htm",
        ".txt",
        ".yml",
        ".yaml",
        ".css",
        ".js",
        ".svg",
    }
)


def refuse_bad_input(root: Path, folders: Iterable[Path]) -> None:
    """Raise InputError for the first input in ``folders`` that cannot be read safely."""
    root = root.resolve()
    for folder in folders:
        if folder.is_dir() or folder.is_symlink():
            _Walk(root).folder(folder)


def refuse_bad_config(config: Any) -> None:
    """``refuse_bad_input`` for a loaded MkDocs config: docs_dir, the theme's custom_dir
    (templates and snippets), the snippet folders and sources/ beside mkdocs.yml."""
    root = Path(config.config_file_path).resolve().parent
    folders = [Path(config.docs_dir)]
    custom_dir = getattr(config.theme, "custom_dir", None)
    if custom_dir:
        folders.append(Path(custom_dir))
    snippets = config.mdx_configs.get("pymdownx.snippets") if hasattr(config, "mdx_configs") else None
    base = snippets.get("base_path", []) if isinstance(snippets, dict) else []
    folders += [
        Path(str(b)) if Path(str(b)).is_absolute() else root / str(b)
        for b in ([base] if isinstance(base, str) else base)
    ]
    folders.append(root / "sources")
    refuse_bad_input(root, _unique(folders))


def read_text(path: Path, root: Path | None = None, limit: int = MAX_TEXT_BYTES) -> str:
    """A file's text, read safely (see the module docstring); InputError otherwise."""
    shown = _shown(path, root)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise InputError(shown, _os_cause(error)) from None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise InputError(shown, f"is {_kind(status.st_mode)}, not a file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(shown, f"larger than {_size(limit)}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(shown, f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})") from None
    return text.removeprefix("\ufeff")


_SOURCE_LINES = re.compile(r"\s*([0-9]+)\s*(?:-\s*([0-9]+))?\s*", re.ASCII)


def source_lines_range(value: object) -> tuple[int, int] | None:
    """Front matter ``source_lines`` (``5-7`` or ``5``) as (first, last); None for anything
    else (``5–7`` with an en dash, ``5..7``, a list): the checker reports it as
    source-lines-invalid, and nothing that reads it may crash on it."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    match = _SOURCE_LINES.fullmatch(str(value))
    if match is None:
        return None
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    return (first, last) if 1 <= first <= last else None


class _Walk:
    """One walk: follows symlinks only within ``root``, each real folder once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.seen: set[tuple[int, int]] = set()

    def folder(self, folder: Path) -> None:
        real = self.target(folder)
        status = Path(real).stat()
        key = (status.st_dev, status.st_ino)
        if key in self.seen:
            raise InputError(_shown(folder, self.root), "symlink loop (a folder that contains itself)")
        self.seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            raise InputError(_shown(folder, self.root), f"folder {_os_cause(error)}") from None
        for entry in entries:
            self.entry(Path(entry.path))
        self.seen.discard(key)  # the same folder reached twice, not in a cycle, is fine

    def entry(self, path: Path) -> None:
        real = self.target(path)
        try:
            status = Path(real).stat()
        except OSError as error:
            raise InputError(_shown(path, self.root), _os_cause(error)) from None
        if stat.S_ISDIR(status.st_mode):
            self.folder(path)
        elif not stat.S_ISREG(status.st_mode):
            raise InputError(_shown(path, self.root), f"is {_kind(status.st_mode)}, not a file")
        elif path.suffix.lower() in TEXT_SUFFIXES:
            if status.st_size > MAX_TEXT_BYTES:
                raise InputError(_shown(path, self.root), f"larger than {_size(MAX_TEXT_BYTES)}")
            _can_open(path, self.root)

    def target(self, path: Path) -> Path:
        """The real path behind ``path``: refused if it loops, breaks or leaves the project."""
        if not path.is_symlink():
            return path
        try:
            real = path.resolve(strict=True)
        except RuntimeError:
            raise InputError(_shown(path, self.root), "symlink loop") from None
        except OSError as error:
            cause = "symlink loop" if error.errno == errno.ELOOP else f"broken symlink ({_os_cause(error)})"
            raise InputError(_shown(path, self.root), cause) from None
        mode = Path(real).stat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # say what it is, wherever it lives
            raise InputError(_shown(path, self.root), f"is {_kind(mode)}, not a file")
        if not real.is_relative_to(self.root):
            raise InputError(_shown(path, self.root), f"symlink leads outside the project (to {real})")
        return real


def _can_open(path: Path, root: Path) -> None:
    try:
        os.close(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))
    except OSError as error:
        raise InputError(_shown(path, root), _os_cause(error)) from None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _os_cause(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop"
    return f"cannot be read ({error.strerror or error})"


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        absolute = Path(path).absolute()
        if absolute.is_relative_to(root):
            return absolute.relative_to(root).as_posix()
    return str(path)


def _unique(folders: list[Path]) -> list[Path]:
    seen: set[str] = set()
    unique = []
    for folder in folders:
        key = str(Path(folder).absolute())
        if key not in seen:
            seen.add(key)
            unique.append(folder)
    return unique
