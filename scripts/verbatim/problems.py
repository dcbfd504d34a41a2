"""What a check reports: one frozen Problem per fault, and InputError for input it cannot read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, at a 1-based line and column of a file (path relative to the project root).

    ``path`` is the file a writer edits (a Markdown page, mkdocs.yml, a snippet); where the
    words cannot be located there, the page's source and the built file.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


class InputError(Exception):
    """Input the checker cannot work with: reported as ``path: cause``, exit status 2."""

    def __init__(self, path: Path | str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = str(path)
        self.cause = cause

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        return (InputError, (self.path, self.cause))  # a worker process sends it back whole
