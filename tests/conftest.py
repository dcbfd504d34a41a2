"""Shared fixtures: the site built once per test session, in a temporary folder.

Builds go through `mkdocs build --strict` in a subprocess, exactly as `make build`
runs it, so a test sees what a reader gets.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build_site(
    dest: Path, *, site_url: str | None = None, config: Path | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """Build the site into ``dest`` with ``--strict``; return the finished process.

    ``site_url`` overrides the configured address (the SITE_URL variable that
    mkdocs.yml reads), as the deploy workflow does for a project site.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.setdefault("SOURCE_DATE_EPOCH", "1764028800")  # 2025-11-25, the episode's release
    if site_url is not None:
        env["SITE_URL"] = site_url
    command = [*MKDOCS, "build", "--strict", "--clean", "--site-dir", str(dest)]
    if config is not None:
        command += ["--config-file", str(config)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `make build` makes it, built once per session."""
    dest = tmp_path_factory.mktemp("site")
    result = build_site(dest)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return dest
