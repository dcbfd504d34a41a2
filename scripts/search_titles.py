"""Plain-text titles in Material's search index, escaped as the rest of the index is.

Material's search results print an entry's ``title``, ``text`` and ``tags`` as HTML
(its bundle's ``h()`` appends each string with ``innerHTML +=``), and its search plugin
(material/plugins/search/plugin.py, 9.8) writes the index so:

- ``text`` is HTML by construction: its parser keeps only bare ``<p>``, ``<code>``,
  ``<pre>``, lists, ``<sub>`` and ``<sup>`` (never an attribute), drops ``<script>``,
  ``<style>`` and ``<object>`` whole, and escapes every piece of text it reads
  (``html.escape(data, quote=False)``). Nothing from front matter or mkdocs.yml enters it.
- A section's ``title`` is its heading's text, escaped the same way: HTML.
- A section with no heading text of its own takes ``str(page.meta.get("title", page.title))``
  raw: the page's text before its first heading (the whole page when it has no heading,
  a page that opens with an h2), and a heading with no text (an image only). That value
  is the front matter's ``title:``, else MkDocs 1.6's ``page.title``: a ``nav:`` title in
  mkdocs.yml, the first h1, ``Home`` or the file name. Only the h1 is HTML, MkDocs'
  rendering with its tags stripped and its entities kept (``Q&amp;A``); the page keeps
  that very string as ``page._title_from_render`` (overrides/partials/titles.html tells
  the two apart the same way). The others are plain text, and ``<img onerror=...>`` in
  one runs when a reader searches.
- ``tags`` are the front matter's tags as written: plain text.

:func:`plain_values` says, for one page, what Material copies from it as plain text;
:func:`escape_index` rewrites the written index so those values read as text. They
are escaped as Material escapes a heading's text (``&``, ``<``, ``>``; quotes are text
in the element content the results print them in), so a plain title ends up as the same
string a heading with those words would give, and searches and highlights alike.

An entry is rewritten when its page is known and its title is the page's plain title
exactly (or its tags the page's tags). A heading whose HTML happens to equal that raw
string (a plain title that spells out an entity, ``title: A &amp; B``, over a heading
``# A & B``) is escaped too: it then shows its entity as text, never runs as markup.
Rewriting is idempotent: an escaped value no longer equals its raw one.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from mkdocs.structure.pages import Page


class PlainValues(NamedTuple):
    """What Material's search index copies from one page without escaping it."""

    title: str | None  # the title of the page's untitled sections, when it is plain text (None: the h1's HTML)
    tags: list[str]  # the front matter's tags, as the index lists them


def escape_text(value: str) -> str:
    """Plain text as HTML, the way Material escapes a heading's text: ``&``, ``<``, ``>``."""
    return html.escape(value, quote=False)


def plain_values(page: Page) -> PlainValues:
    """The plain-text title and tags Material's search plugin puts in ``page``'s entries.

    Mirrors ``SearchIndex.create_entry_for_section``: an untitled section's title is
    ``str(page.meta.get("title", page.title))``, stripped; tags are the front matter's
    list, its strings, numbers and booleans as strings.
    """
    title: str | None = None
    if "title" in page.meta or page.title is not page._title_from_render:
        title = str(page.meta.get("title", page.title)).strip()
    tags = page.meta.get("tags")
    names = (
        [str(name) for name in tags if name and isinstance(name, str | int | float | bool)]
        if isinstance(tags, list)
        else []
    )
    return PlainValues(title, names)


def escape_entry(entry: dict[str, Any], values: PlainValues) -> bool:
    """Escape ``entry``'s title and tags where they are its page's plain values; return whether it changed."""
    changed = False
    if values.title is not None and entry.get("title") == values.title and escape_text(values.title) != values.title:
        entry["title"] = escape_text(values.title)
        changed = True
    escaped_tags = [escape_text(name) for name in values.tags]
    if entry.get("tags") == values.tags and escaped_tags != values.tags:
        entry["tags"] = escaped_tags
        changed = True
    return changed


def escape_index(index_path: Path, pages: Mapping[str, PlainValues]) -> int:
    """Escape the plain values in the index at ``index_path``; return how many entries changed.

    ``pages`` holds each page's plain values by its URL. An entry belongs to the page its
    location names before any ``#``, as Material's search reads it. The file is written
    only when an entry changed.
    """
    index = json.loads(index_path.read_text(encoding="utf-8"))
    changed = 0
    for entry in index["docs"]:
        values = pages.get(entry["location"].split("#", 1)[0])
        if values is not None and escape_entry(entry, values):
            changed += 1
    if changed:
        # Material writes the index compactly; keep it so (the index is sent to every reader).
        index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return changed
