"""Reproducible builds: two builds of the same sources are the same, byte for byte.

The second build runs from a copy of the tree in another folder, at another
moment, so neither an absolute path nor the clock can leak into the output.
Dates come from SOURCE_DATE_EPOCH (the Makefile takes it from the last commit;
build_site pins it), which also fixes the timestamp in sitemap.xml.gz's gzip
header.
"""

from __future__ import annotations

import gzip
import os
import shutil
import struct
from pathlib import Path

from conftest import ROOT, build_site

NOT_SOURCES = shutil.ignore_patterns(
    ".venv",
    ".git",
    "site",
    "build",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    "*.egg-info",
    "test-results",
)


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_two_builds_are_byte_for_byte_the_same(built_site: Path, tmp_path: Path) -> None:
    clone = tmp_path / "elsewhere"
    shutil.copytree(ROOT, clone, ignore=NOT_SOURCES)
    second = tmp_path / "second-site"
    result = build_site(second, cwd=clone)
    assert result.returncode == 0, result.stderr

    first_files, second_files = files_of(built_site), files_of(second)
    assert sorted(first_files) == sorted(second_files)
    differing = [name for name in first_files if first_files[name] != second_files[name]]
    assert differing == [], f"files that differ between two builds: {differing}"
    assert "sitemap.xml.gz" in first_files


def test_sitemap_gzip_header_carries_the_source_date_not_the_build_time(built_site: Path) -> None:
    header = (built_site / "sitemap.xml.gz").read_bytes()[:10]
    (mtime,) = struct.unpack("<I", header[4:8])
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1764028800"))
    # MkDocs stamps the day of the newest page, which SOURCE_DATE_EPOCH sets.
    assert mtime == epoch - epoch % 86400
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()) == (built_site / "sitemap.xml").read_bytes()
