"""`make lint` catches what it is there to catch: each tool, run from the venv on a
copy of the project's files with one fault planted, fails on it; on the copy as
committed it passes, so every failure below is the planted fault's. No network:
zizmor runs --offline and check-jsonschema uses the schemas it ships."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

BIN = Path(sys.executable).parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
# The flags `make lint` gives zizmor (asserted against the Makefile below).
ZIZMOR = [str(BIN / "zizmor"), "--offline", "--persona", "pedantic", "--no-progress"]
PINNED_USES = re.compile(r"^(\s+(?:- )?uses: )([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # (v\d+)\.\d+\.\d+$", re.MULTILINE)


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, timeout=300)


# --- ruff -----------------------------------------------------------------------------------

CLEAN_MODULE = '''"""A module as the project writes one."""

from __future__ import annotations

from pathlib import Path


def pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.md"))
'''

# Each fault a rule family in [tool.ruff.lint] is there for, planted into CLEAN_MODULE.
RUFF_FAULTS = {
    "F401": ("from pathlib import Path\n", "import json\nfrom pathlib import Path\n"),
    "I001": ("from pathlib import Path\n", "from pathlib import Path\nimport os\n"),
    "UP035": ("from pathlib import Path\n", "from pathlib import Path\nfrom typing import Iterable\n"),
    "B905": ('    return sorted(folder.rglob("*.md"))', '    return [a for a, _ in zip(folder.rglob("*"), "ab")]'),
    "TID251": (
        "from pathlib import Path\n",
        'import sys\nfrom pathlib import Path\n\nsys.path.insert(0, "scripts")\n',
    ),
}


@pytest.fixture
def ruff_copy(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "module.py").write_text(CLEAN_MODULE)
    return tmp_path


def test_ruff_passes_the_clean_copy(ruff_copy: Path) -> None:
    assert run([str(BIN / "ruff"), "check", "."], ruff_copy).returncode == 0
    assert run([str(BIN / "ruff"), "format", "--check", "."], ruff_copy).returncode == 0


@pytest.mark.parametrize("rule", RUFF_FAULTS)
def test_ruff_fails_on_a_planted_fault(ruff_copy: Path, rule: str) -> None:
    old, new = RUFF_FAULTS[rule]
    module = ruff_copy / "scripts" / "module.py"
    module.write_text(module.read_text().replace(old, new, 1))
    result = run([str(BIN / "ruff"), "check", "--output-format", "concise", "."], ruff_copy)
    assert result.returncode == 1
    assert "scripts/module.py:" in result.stdout and rule in result.stdout, result.stdout


def test_ruff_format_fails_on_unformatted_code(ruff_copy: Path) -> None:
    module = ruff_copy / "scripts" / "module.py"
    module.write_text(module.read_text().replace("def pages(folder: Path)", "def pages( folder : Path )"))
    assert run([str(BIN / "ruff"), "format", "--check", "."], ruff_copy).returncode == 1


# --- mypy -----------------------------------------------------------------------------------


@pytest.fixture
def mypy_copy(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for folder in ("scripts", "overrides/hooks", "tests"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "scripts" / "pages_server.py").write_text(CLEAN_MODULE)
    (tmp_path / "overrides" / "hooks" / "pages.py").write_text("from pages_server import pages as pages\n")
    (tmp_path / "tests" / "test_pages.py").write_text(
        "from pages_server import pages\n\n\ndef test_pages(tmp_path):\n    assert pages(tmp_path) == []\n"
    )
    return tmp_path


def mypy(copy: Path) -> subprocess.CompletedProcess[str]:
    return run([str(BIN / "mypy"), "--no-incremental"], copy)


def test_mypy_passes_the_clean_copy_with_an_untyped_test(mypy_copy: Path) -> None:
    result = mypy(mypy_copy)
    assert result.returncode == 0, result.stdout


def test_mypy_fails_on_a_type_error_in_a_test(mypy_copy: Path) -> None:
    test = mypy_copy / "tests" / "test_pages.py"
    test.write_text(test.read_text().replace("pages(tmp_path) == []", 'pages("docs") == []'))
    result = mypy(mypy_copy)
    assert result.returncode == 1 and "[arg-type]" in result.stdout, result.stdout


def test_mypy_requires_annotations_in_the_projects_code(mypy_copy: Path) -> None:
    module = mypy_copy / "scripts" / "pages_server.py"
    module.write_text(module.read_text().replace("def pages(folder: Path) -> list[Path]:", "def pages(folder):"))
    result = mypy(mypy_copy)
    assert result.returncode == 1 and "[no-untyped-def]" in result.stdout, result.stdout


# --- zizmor and the workflow schema ---------------------------------------------------------


@pytest.fixture
def github_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / ".github", tmp_path / ".github")
    return tmp_path


def zizmor(copy: Path) -> subprocess.CompletedProcess[str]:
    return run([*ZIZMOR, ".github/"], copy)


def test_make_lint_runs_zizmor_offline_as_these_tests_do() -> None:
    recipe = (ROOT / "Makefile").read_text()
    assert "$(BIN)/zizmor " + " ".join(ZIZMOR[1:]) + " .github/" in recipe


def test_zizmor_finds_nothing_in_the_committed_github_folder(github_copy: Path) -> None:
    result = zizmor(github_copy)
    assert result.returncode == 0, result.stdout


def test_every_action_is_pinned_to_a_commit_with_its_release() -> None:
    text = WORKFLOW.read_text()
    uses = re.findall(r"^\s+(?:- )?uses: (.+)$", text, flags=re.MULTILINE)
    assert len(uses) == 5
    assert len(PINNED_USES.findall(text)) == len(uses), uses


@pytest.mark.parametrize("action", [match[1] for match in PINNED_USES.findall(WORKFLOW.read_text())])
def test_zizmor_fails_when_an_action_goes_back_to_its_tag(github_copy: Path, action: str) -> None:
    """`uses: actions/checkout@v4` and its like: a movable tag instead of a commit."""
    workflow = github_copy / ".github" / "workflows" / "pages.yml"
    text, count = PINNED_USES.subn(lambda m: f"{m[1]}{m[2]}@{m[4]}" if m[2] == action else m[0], workflow.read_text())
    assert count == 5
    workflow.write_text(text)
    result = zizmor(github_copy)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout and f"{action}@v" in result.stdout, result.stdout


def test_zizmor_fails_when_checkout_keeps_the_token(github_copy: Path) -> None:
    workflow = github_copy / ".github" / "workflows" / "pages.yml"
    # Left out, the input is true: zizmor takes an explicit `true` as meant, and says nothing.
    workflow.write_text(workflow.read_text().replace("          persist-credentials: false\n", ""))
    result = zizmor(github_copy)
    assert result.returncode != 0 and "artipacked" in result.stdout, result.stdout


def test_the_workflow_schema_rejects_a_malformed_job(github_copy: Path) -> None:
    workflow = github_copy / ".github" / "workflows" / "pages.yml"
    schema = [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow)]
    assert run(schema, github_copy).returncode == 0
    workflow.write_text(workflow.read_text().replace("    runs-on: ubuntu-24.04\n", "    runs_on: ubuntu-24.04\n", 1))
    assert run(schema, github_copy).returncode == 1


def test_every_job_has_a_timeout() -> None:
    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    assert all(isinstance(job.get("timeout-minutes"), int) for job in jobs.values()), jobs


# --- Dependabot and pre-commit --------------------------------------------------------------


def test_dependabot_updates_the_action_pins_and_the_lock_files_weekly_in_groups() -> None:
    updates = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())["updates"]
    by_ecosystem = {update["package-ecosystem"]: update for update in updates}
    assert set(by_ecosystem) == {"github-actions", "pip"}
    assert by_ecosystem["pip"]["directory"] == "/requirements"
    assert {path.name for path in (ROOT / "requirements").glob("*.txt")} == {"docs.txt", "test.txt", "lint.txt"}
    for update in updates:
        assert update["schedule"]["interval"] == "weekly"
        assert update["groups"], update


def test_pre_commit_hooks_run_the_venvs_tools_and_download_nothing() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = config["repos"][0]["hooks"]
    assert {hook["language"] for hook in hooks} == {"system"}
    assert all(hook["entry"].startswith(".venv/bin/") for hook in hooks), hooks
    ids = {hook["id"] for hook in hooks}
    assert {"ruff-check", "ruff-format", "mypy", "zizmor", "content-pages"} <= ids
