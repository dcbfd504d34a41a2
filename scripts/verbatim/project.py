"""The project behind a built site, read through MkDocs' own loaders (never a second
implementation of mkdocs.yml): docs_dir, site_dir, the snippet folders, and which docs
page each built page comes from."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import Files, get_files

from verbatim.built import Project
from verbatim.problems import InputError

__all__ = ["load_mkdocs_config", "load_project", "project_from_config"]


def load_mkdocs_config(config_file: Path, site_dir: Path | None = None) -> MkDocsConfig:
    """mkdocs.yml as MkDocs reads it (INHERIT, !ENV, !relative, plugins and all)."""
    if not config_file.is_file():
        raise InputError(config_file, "no such file (run from the project folder, or give --config)")
    overrides: dict[str, Any] = {"site_dir": str(site_dir)} if site_dir is not None else {}
    errors = _Errors()
    mkdocs_log = logging.getLogger("mkdocs")
    saved = mkdocs_log.handlers, mkdocs_log.level, mkdocs_log.propagate
    # load_config logs its progress at INFO and each invalid setting at ERROR before it gives
    # up: keep the errors for the one line that says what is wrong, print nothing else
    mkdocs_log.handlers, mkdocs_log.propagate = [errors], False
    mkdocs_log.setLevel(logging.ERROR)
    try:
        return load_config(str(config_file), **overrides)
    except (MkDocsException, OSError, ValueError) as error:  # Abort (a SystemExit) after logged errors
        message = " ".join(" ".join(errors.messages).split()) or " ".join(str(error).split()) or type(error).__name__
        at = _YAML_LINE.findall(message)  # a YAML error names the line: point at it, path:line
        where = f"{config_file}:{at[-1]}" if at else config_file
        raise InputError(where, f"invalid configuration ({message})") from None
    finally:
        mkdocs_log.handlers, mkdocs_log.level, mkdocs_log.propagate = saved


_YAML_LINE = re.compile(r'in "[^"]*", line (\d+)')


class _Errors(logging.Handler):
    """The errors MkDocs logs while it loads a config."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def project_from_config(config: MkDocsConfig, files: Files | None = None) -> Project:
    """The Project of a loaded config; ``files`` when the caller has them (a build does)."""
    config_file = Path(config.config_file_path).resolve()
    if files is None:
        files = get_files(config)
    sources = {file.dest_uri: file.src_uri for file in files.documentation_pages()}
    snippets = _extension_options(config, "pymdownx.snippets")
    base = snippets.get("base_path", ["."])
    bases = [base] if isinstance(base, str) else list(base or [])
    snippet_dirs = tuple(_absolute(Path(str(b)), config_file.parent) for b in bases)
    auto_append = tuple(str(name) for name in snippets.get("auto_append", []) or [])
    return Project(
        root=config_file.parent,
        config_file=config_file,
        docs_dir=Path(config.docs_dir).resolve(),
        site_dir=Path(config.site_dir).resolve(),
        snippet_dirs=snippet_dirs,
        auto_append=auto_append,
        sources=sources,
    )


def load_project(config_file: Path, site_dir: Path | None = None) -> tuple[MkDocsConfig, Project]:
    """Load mkdocs.yml and describe its project (``site_dir`` for a site built elsewhere)."""
    config = load_mkdocs_config(config_file, site_dir)
    try:
        return config, project_from_config(config)
    except OSError as error:
        raise InputError(config.docs_dir, f"cannot be listed ({error.strerror or error})") from None


def _extension_options(config: MkDocsConfig, name: str) -> dict[str, Any]:
    configs = config.mdx_configs.get(name)
    return dict(configs) if isinstance(configs, dict) else {}


def _absolute(path: Path, root: Path) -> Path:
    return path if path.is_absolute() else (root / path).resolve()
