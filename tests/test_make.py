"""The README's commands: `make help` lists every task, `make serve` answers."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from conftest import ROOT

TARGETS = {"help", "serve", "test", "lint", "build", "check", "deploy", "clean", "bench", "audit", "lock", "venv"}


def make(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True, check=False, **kwargs
    )


def test_make_help_lists_every_target():
    listed = set(re.findall(r"make (\S+)", make("help").stdout))
    assert listed >= TARGETS


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text()


def ci_commands() -> list[str]:
    """The commands .ci/run runs, in order (comments and shell options aside)."""
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    return [line.strip() for line in lines if line.strip().startswith("make ")]


def test_ci_lints_before_it_tests():
    assert ci_commands() == ["make lint", "make test"]


def test_the_workflow_lints_before_it_tests():
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text()
    runs = re.findall(r"^\s+run: (make \w+)$", workflow, flags=re.MULTILINE)
    assert runs[:2] == ["make lint", "make test"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_make_serve_answers_on_loopback():
    port = free_port()
    server = subprocess.Popen(
        ["make", "serve", f"PORT={port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode("utf-8")
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    assert server.stderr is not None  # stderr=PIPE
                    pytest.fail(f"make serve never answered: {server.stderr.read().decode()[-2000:]}")
                time.sleep(0.3)
        assert response.status == 200
        # At the root itself, not redirected to site_url's project path.
        assert response.geturl() == f"http://127.0.0.1:{port}/"
        assert "<title>Age of Research</title>" in body
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have died on its own
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
