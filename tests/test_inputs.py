"""Bad input is refused in one line, never a traceback, a hang or gigabytes (verbatim.inputs).

Each fault is tried three ways: ``refuse_bad_input`` on a folder, ``mkdocs build`` (the
refuse_bad_input hook) and the checker's command line, both in a subprocess with a
timeout, so a regression fails instead of hanging. The tests run as root here, and root
reads a folder of mode 000: the unreadable folder is then a simulated OSError (the real
chmod test runs for other users).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from verbatim import inputs
from verbatim.inputs import InputError, read_text, refuse_bad_input, source_lines_range

HOOK = ROOT / "overrides" / "hooks" / "refuse_bad_input.py"
CHECKER = ROOT / "scripts" / "check_content.py"
TIMEOUT = 60

Plant = Callable[[Path], None]


def _loop(docs: Path) -> None:
    (docs / "a.md").symlink_to("b.md")
    (docs / "b.md").symlink_to("a.md")


def _folder_loop(docs: Path) -> None:
    (docs / "sub").mkdir()
    (docs / "sub" / "again").symlink_to("..")


def _fifo(docs: Path) -> None:
    os.mkfifo(docs / "pipe.md")


def _zero(docs: Path) -> None:
    (docs / "zero.md").symlink_to("/dev/zero")


def _outside(docs: Path) -> None:
    (docs / "away.md").symlink_to("/etc/hostname")


def _broken(docs: Path) -> None:
    (docs / "gone.md").symlink_to("nothing-here.md")


def _oversized(docs: Path) -> None:
    with (docs / "huge.md").open("wb") as handle:
        handle.truncate(inputs.MAX_TEXT_BYTES + 1)  # sparse: costs no disk


def _socket(docs: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(docs / "s.md"))
    server.close()


#: (fault, plant it under docs/, the file the one line names, what it says)
FAULTS: list[tuple[str, Plant, str, str]] = [
    ("symlink-loop", _loop, "docs/a.md", "symlink loop"),
    ("folder-loop", _folder_loop, "docs/sub/again", "symlink loop"),
    ("fifo", _fifo, "docs/pipe.md", "is a FIFO"),
    ("device", _zero, "docs/zero.md", "is a device"),
    ("outside", _outside, "docs/away.md", "symlink leads outside the project"),
    ("broken", _broken, "docs/gone.md", "broken symlink"),
    ("oversized", _oversized, "docs/huge.md", "larger than 5 MiB"),
    ("socket", _socket, "docs/s.md", "is a socket"),
]
IDS = [fault[0] for fault in FAULTS]


def project(tmp_path: Path) -> Path:
    """A minimal MkDocs project with the refuse_bad_input hook."""
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\nA page.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(f"site_name: Input\nhooks:\n  - {HOOK}\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(("name", "plant", "shown", "cause"), FAULTS, ids=IDS)
def test_refuse_bad_input_names_the_file(tmp_path: Path, name: str, plant: Plant, shown: str, cause: str) -> None:
    root = project(tmp_path)
    plant(root / "docs")
    with pytest.raises(InputError) as raised:
        refuse_bad_input(root, [root / "docs"])
    assert str(raised.value).startswith(f"{shown}: {cause}"), str(raised.value)
    assert "\n" not in str(raised.value)


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)


@pytest.mark.parametrize(("name", "plant", "shown", "cause"), FAULTS, ids=IDS)
def test_mkdocs_build_refuses_in_one_line(tmp_path: Path, name: str, plant: Plant, shown: str, cause: str) -> None:
    root = project(tmp_path)
    plant(root / "docs")
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")], root)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and f"refused: {shown}: {cause}" in errors[0], result.stderr
    assert not (tmp_path / "site" / "index.html").exists()  # refused before MkDocs read a page


@pytest.mark.parametrize(("name", "plant", "shown", "cause"), FAULTS, ids=IDS)
def test_checker_refuses_in_one_line_exit_2(tmp_path: Path, name: str, plant: Plant, shown: str, cause: str) -> None:
    root = project(tmp_path)
    plant(root / "docs")
    result = run([sys.executable, str(CHECKER), "--config", str(root / "mkdocs.yml")], root)
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    assert len(result.stderr.splitlines()) == 1 and f"{shown}: {cause}" in result.stderr, result.stderr


def test_a_clean_project_and_links_within_it_pass(tmp_path: Path) -> None:
    root = project(tmp_path)
    docs = root / "docs"
    (root / "shared").mkdir()
    (root / "shared" / "note.md").write_text("# Note\n", encoding="utf-8")
    (docs / "note.md").symlink_to(root / "shared" / "note.md")
    (docs / "shared").symlink_to(root / "shared")  # a folder link within the project, no loop
    (docs / "big.png").write_bytes(b"\0" * 1024)
    refuse_bad_input(root, [docs])
    result = run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")], root)
    assert result.returncode == 0, result.stderr


def test_an_unreadable_folder_is_reported_not_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path)
    locked = root / "docs" / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: os.PathLike[str] | str) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("verbatim.inputs.os.scandir", scandir)
    with pytest.raises(InputError, match=r"^docs/locked: folder cannot be read \(Permission denied\)$"):
        refuse_bad_input(root, [root / "docs"])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder of mode 000 (simulated in the test above)")
def test_an_unreadable_folder_for_real(tmp_path: Path) -> None:
    root = project(tmp_path)
    locked = root / "docs" / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        with pytest.raises(InputError, match="docs/locked: folder cannot be read"):
            refuse_bad_input(root, [root / "docs"])
    finally:
        locked.chmod(0o755)


def test_root_really_bypasses_mode_000(tmp_path: Path) -> None:
    """Why the test above is simulated here: as root a folder of mode 000 lists."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        listable = True
        try:
            list(locked.iterdir())
        except PermissionError:
            listable = False
        assert listable == (os.geteuid() == 0)
    finally:
        locked.chmod(0o755)


def test_read_text_refuses_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    with pytest.raises(InputError, match="is a FIFO"):
        read_text(tmp_path / "pipe.md", tmp_path)
    with pytest.raises(InputError, match="is a device"):
        read_text(Path("/dev/zero"))
    (tmp_path / "big.md").write_text("x" * 11, encoding="utf-8")
    with pytest.raises(InputError, match="larger than 10 bytes"):
        read_text(tmp_path / "big.md", tmp_path, limit=10)
    (tmp_path / "bom.md").write_bytes("\ufeffok".encode())
    assert read_text(tmp_path / "bom.md", tmp_path) == "ok"
    (tmp_path / "latin.md").write_bytes(b"caf\xe9")
    with pytest.raises(InputError, match="not UTF-8"):
        read_text(tmp_path / "latin.md", tmp_path)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5-7", (5, 7)),
        (5, (5, 5)),
        ("12", (12, 12)),
        (" 3 - 4 ", (3, 4)),
        ("5–7", None),
        ("5—7", None),
        ("5..7", None),
        ("7-5", None),
        ("0-3", None),
        (True, None),
        ([5, 7], None),
        (None, None),
        ("５-７", None),
        ("5-7,9", None),
    ],
)
def test_source_lines_range(value: object, expected: tuple[int, int] | None) -> None:
    assert source_lines_range(value) == expected


def test_an_en_dash_in_source_lines_fails_the_build_without_a_crash(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    for name in ("docs", "overrides", "sources", "scripts"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    page = copy / "docs" / "themes" / "jaggedness.md"
    text = page.read_text(encoding="utf-8")
    first, _, rest = text.partition("\nsource_lines: ")
    value, _, tail = rest.partition("\n")
    assert "-" in value
    page.write_text(f"{first}\nsource_lines: {value.replace('-', '–')}\n{tail}", encoding="utf-8")
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")], copy)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "docs/themes/jaggedness.md" in result.stderr and "source-lines-invalid" in result.stderr
    checker = run([sys.executable, str(copy / "scripts" / "check_content.py")], copy)
    assert checker.returncode == 1 and "source-lines-invalid" in checker.stdout, checker.stderr
