"""The built ``<head>`` holds only what the templates put there: ``head-injected``.

A value printed unescaped into the head (``description: '"><script>…'``) becomes an
element, an attribute or stray text there. ``check_head(site, locate)`` compares every
element of every page's ``<head>`` with an allow-list of the shapes the templates write:
a tag, its exact set of attributes (required and optional) and a pattern for each value
and for the text of ``<title>``, ``<script>`` and ``<style>``. The lists are written out
by hand from the templates, deliberately, not inferred from a build:

* ``MATERIAL``: Material 9.8's ``base.html`` (site_meta, htmltitle, styles, fonts,
  extra_css, ``partials/javascripts/base.html``) with this project's
  ``overrides/main.html`` (the social tags);
* ``MKDOCS``: MkDocs' built-in ``mkdocs`` theme (the checker's fixture sites use it).

A page whose generator meta names mkdocs-material is held to ``MATERIAL``, any other page
to ``MKDOCS``. Besides an unknown element or attribute, it is ``head-injected`` when the
head ends early (no ``<title>`` or no ``<meta charset>`` in it: stray text closes the head
in an HTML5 parser) or an element that belongs in the head (``meta``, ``link``, ``title``,
``base``) stands in the body.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from verbatim.built import BuiltPage, BuiltSite
from verbatim.problems import Problem

__all__ = ["CODES", "MATERIAL", "MKDOCS", "Shape", "check_head", "check_page_head", "unexpected_elements"]

Locate = Callable[[BuiltSite, BuiltPage, str], tuple[str, int, int]]

CODES: dict[str, str] = {
    "head-injected": "the built <head> holds an element or attribute no template writes there",
}

ANY = r".*"  # a value the templates fill in: parsed, an escaped "<" is a "<" again
URL = r"[^\s<>\"']*"
HEAD_TAGS = frozenset({"meta", "link", "title", "base"})


@dataclass(frozen=True)
class Shape:
    """One element the templates write: its tag, attributes (name → value pattern) that it
    must have, ones it may have, and a pattern for its text."""

    tag: str
    required: Mapping[str, str]
    optional: Mapping[str, str] = field(default_factory=dict)
    text: str = ""

    def matches(self, tag: str, attributes: Mapping[str, str | None], text: str) -> bool:
        if tag != self.tag or not set(self.required) <= set(attributes):
            return False
        for name, value in attributes.items():
            pattern = self.required.get(name, self.optional.get(name))
            if pattern is None or re.fullmatch(pattern, value or "", re.S) is None:
                return False
        return re.fullmatch(self.text, text, re.S) is not None


_SCRIPT_ATTRIBUTES = {"defer": "", "async": "", "type": r"module|text/javascript"}
_MD_SCOPE = (
    r'__md_scope=new URL\("[^"<\\]*",location\),__md_hash=e=>\[\.\.\.e\]\.reduce\(\(\(e,_\)=>\(e<<5\)-e\+'
    r"_\.charCodeAt\(0\)\),0\),__md_get=\(e,_=localStorage,t=__md_scope\)=>JSON\.parse\(_\.getItem\("
    r't\.pathname\+"\."\+e\)\),__md_set=\(e,_,t=localStorage,a=__md_scope\)=>\{try\{t\.setItem\('
    r'a\.pathname\+"\."\+e,JSON\.stringify\(_\)\)\}catch\(e\)\{\}\}'
)

MATERIAL: tuple[Shape, ...] = (
    Shape("meta", {"charset": "utf-8"}),
    Shape("meta", {"name": "viewport", "content": "width=device-width,initial-scale=1"}),
    Shape("meta", {"name": "description|author", "content": ANY}),
    Shape("meta", {"name": "generator", "content": r"mkdocs-[\w.]+, mkdocs-material-[\w.]+"}),
    Shape("meta", {"property": r"og:(?:type|site_name|title|description|url|locale)", "content": ANY}),
    Shape("meta", {"name": r"twitter:(?:card|title|description)", "content": ANY}),
    Shape("link", {"rel": "canonical|prev|next|icon|stylesheet", "href": URL}),
    Shape("link", {"rel": "alternate", "href": URL, "hreflang": ANY}),
    Shape("link", {"rel": "alternate", "type": r"application/rss\+xml", "title": ANY, "href": URL}),
    Shape("link", {"rel": "preconnect", "href": URL, "crossorigin": ""}),
    Shape("title", {}, text=ANY),
    Shape("script", {"src": URL}, _SCRIPT_ATTRIBUTES),
    Shape("script", {}, text=_MD_SCOPE),
    Shape("style", {}, text=r':root\{--md-text-font:"[^"<]*";--md-code-font:"[^"<]*"\}'),
)

MKDOCS: tuple[Shape, ...] = (
    Shape("meta", {"charset": "utf-8"}),
    Shape("meta", {"http-equiv": "X-UA-Compatible", "content": "IE=edge"}),
    Shape("meta", {"name": "viewport", "content": r"width=device-width, initial-scale=1\.0"}),
    Shape("meta", {"name": "description|author", "content": ANY}),
    Shape("link", {"rel": "canonical|shortcut icon", "href": URL}),
    Shape("link", {"rel": "stylesheet", "href": URL}, {"id": "hljs-light|hljs-dark", "disabled": ""}),
    Shape("title", {}, text=ANY),
    Shape("script", {"src": URL}, _SCRIPT_ATTRIBUTES),
    Shape("script", {}, text=r"\s*hljs\.highlightAll\(\);\s*"),
)

#: the allow-lists whose verdicts are remembered (they live as long as the module)
_ALLOWED_LISTS = (MATERIAL, MKDOCS)


def shapes_for(page: BuiltPage) -> tuple[Shape, ...]:
    generator = page.tree.css_first('head meta[name="generator"]')
    content = (generator.attributes.get("content") or "") if generator is not None else ""
    return MATERIAL if "mkdocs-material" in content else MKDOCS


def unexpected_elements(page: BuiltPage, shapes: tuple[Shape, ...]) -> Iterator[tuple[LexborNode, str]]:
    """Each element of the page's head (or head element in its body) that no shape allows,
    with what is wrong; the head's missing anchors as ``(head, why)``."""
    head = page.tree.head
    if head is None:
        return
    children = list(head.iter(include_text=False))
    injected = False
    for node in children:
        tag = (node.tag or "").lower()
        text = node.text(deep=True) if tag in ("title", "script", "style") else ""
        if not _allowed(shapes, tag, node.attributes, text):
            injected = True
            yield node, f"<{tag}> with {_describe(node)} is not an element the templates write"
    if injected:
        return  # what follows in the body is the same fault's consequence: one problem
    tags = {(node.tag or "").lower() for node in children}
    body = page.tree.body
    moved = (
        [
            node
            for node in body.css(", ".join(sorted(HEAD_TAGS)))
            if not any((a.tag or "").lower() == "svg" for a in _ancestors(node))
        ]
        if body is not None
        else []
    )
    if moved:  # stray text closed the head: the rest of it was parsed into the body
        yield moved[0], f"<{moved[0].tag}> stands in the body: text in the head closed it early"
    elif "title" not in tags or not any("charset" in node.attributes for node in children if node.tag == "meta"):
        yield head, "the head ends early (no <title> or <meta charset> in it)"


#: the elements found allowed lately, per allow-list: most of a head (its styles, scripts,
#: the viewport, the generator) is the same on every page, and a shape's patterns are not cheap
_ALLOWED: dict[int, set[tuple[str, tuple[tuple[str, str | None], ...], str]]] = {id(s): set() for s in _ALLOWED_LISTS}
_ALLOWED_MEMO = 4096


def _allowed(shapes: tuple[Shape, ...], tag: str, attributes: Mapping[str, str | None], text: str) -> bool:
    memo = _ALLOWED.get(id(shapes))
    key = (tag, tuple(attributes.items()), text)
    if memo is not None and key in memo:
        return True
    if not any(shape.matches(tag, attributes, text) for shape in shapes):
        return False
    if memo is not None:
        if len(memo) >= _ALLOWED_MEMO:
            memo.clear()
        memo.add(key)
    return True


def _ancestors(node: LexborNode) -> Iterator[LexborNode]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _describe(node: LexborNode) -> str:
    names = sorted(node.attributes)
    if not names:
        text = " ".join(node.text(deep=True).split())
        return f"text {text[:40]!r}" if text else "no attributes"
    return "attributes " + ", ".join(names)


def check_head(site: BuiltSite, locate: Locate) -> Iterator[Problem]:
    """Every page's head against the allow-list of its theme (see the module docstring)."""
    for path in sorted(site.pages):
        yield from check_page_head(site, site.pages[path], locate)


def check_page_head(site: BuiltSite, page: BuiltPage, locate: Locate) -> Iterator[Problem]:
    """One page's head against the allow-list of its theme."""
    for node, why in unexpected_elements(page, shapes_for(page)):
        where = _position(site, page, node, locate)
        yield Problem(
            *where,
            "head-injected",
            why,
            "a value from front matter or mkdocs.yml is printed unescaped: escape it in the template with | e",
        )


def _position(site: BuiltSite, page: BuiltPage, node: LexborNode, locate: Locate) -> tuple[str, int, int]:
    """Where the injected words stand: their text, else an attribute value, in the sources."""
    needles = [node.text(deep=True).strip()] + [value or "" for value in node.attributes.values()]
    found: tuple[str, int, int] | None = None
    for needle in needles:
        if len(needle) < 3:
            continue
        found = locate(site, page, needle)
        if found[1:] != (1, 1):
            return found
    return found if found is not None else locate(site, page, page.path)
