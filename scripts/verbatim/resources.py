"""Requests on the built site: every resource loads from the site itself.

``check_resources(site, locate)`` reports ``resource-third-party`` for each request a
reader's browser would make to another host, without a click:

* attributes the browser fetches: ``src``, ``srcset``, ``poster``, ``<object data>``,
  ``background``, ``ping``, ``<link href>`` of every rel that loads (stylesheet,
  preload, prefetch, modulepreload, icon, manifest, preconnect, dns-prefetch...), SVG
  ``<use>``/``<image>`` hrefs;
* CSS: ``url()`` and ``@import`` in ``<style>`` elements, ``style`` attributes and every
  built ``.css`` file (a stylesheet from docs_dir is reported at its line in docs/);
* inline scripts: a URL literal naming another host, single- or double-quoted or in a
  template literal (``new Image().src = "https://…"``, ``fetch('…')``,
  ``navigator.sendBeacon``, ``importScripts``, ``XMLHttpRequest.open``, ``import()``...):
  an inline script has no business naming another host. JSON data blocks are not run.

Outgoing ``<a href>`` links to other hosts are fine (``verbatim.links`` wants https).
What this cannot see: a host assembled at run time (``"ht" + "tps://"``), and URLs inside
the site's own ``.js`` files (Material's bundle names hosts it never calls on this site).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urlsplit

from verbatim.built import BuiltPage, BuiltSite
from verbatim.links import SiteAddress, clean_url, fetched_attributes, scheme_of, site_address, split_urls
from verbatim.problems import Problem

__all__ = ["CODES", "check_resources", "css_urls", "script_urls"]

Locate = Callable[[BuiltSite, BuiltPage, str], tuple[str, int, int]]

CODES: dict[str, str] = {
    "resource-third-party": "a page loads a script, style, image, font, frame or request from another host",
}

_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}\s?|.)")
#: a string literal (any quote) that starts with an absolute or scheme-relative URL
_SCRIPT_URL = re.compile(r"""(["'`])\s*((?:[A-Za-z][A-Za-z0-9+.\-]*:)?//[^"'`\s\\]+)""")
_JS_TYPES = frozenset(
    {
        "",
        "text/javascript",
        "application/javascript",
        "module",
        "text/ecmascript",
        "application/ecmascript",
        "text/jscript",
        "text/livescript",
    }
)
_MAX_CSS_BYTES = 5 * 1024 * 1024


def css_urls(css: str) -> Iterator[tuple[int, str]]:
    """``(offset, url)`` of every ``url()`` and ``@import`` in a piece of CSS."""
    for match in _CSS_URL.finditer(css):
        raw = (
            next(group for group in match.groups() if group is not None)
            if any(group is not None for group in match.groups())
            else ""
        )
        yield match.start(), _CSS_ESCAPE.sub(_css_unescape, raw)


def _css_unescape(match: re.Match[str]) -> str:
    body = match.group(1).strip()
    if re.fullmatch(r"[0-9a-fA-F]{1,6}", body):
        return chr(int(body, 16)) if int(body, 16) < 0x110000 else ""
    return body


def script_urls(script: str) -> Iterator[tuple[int, str]]:
    """``(offset, url)`` of every absolute URL literal in a script."""
    for match in _SCRIPT_URL.finditer(script.replace("\\/", "/")):
        yield match.start(2), match.group(2)


def foreign_host(address: SiteAddress, url: str) -> str | None:
    """The other host a URL requests, or None when it stays on the site (or requests nothing)."""
    url = clean_url(url)
    scheme = scheme_of(url)
    if scheme in ("data", "blob", "about", "javascript", "mailto") or (scheme is None and not url.startswith("//")):
        return None
    host = urlsplit(url).netloc.rpartition("@")[2].lower()  # with its port, as the site's address
    if not host:
        return None if scheme is None else url.split(":", 1)[0] + ":"
    return None if address.is_own(host) else host


class ResourceChecker:
    """Judges each URL, inline script and piece of CSS once: every page repeats the same
    theme scripts, styles and assets. A problem is still reported at every place."""

    def __init__(self, site: BuiltSite, locate: Locate) -> None:
        self.site = site
        self.locate = locate
        self.address = site_address(site)
        self.hosts: dict[str, str | None] = {}
        self.script_hosts: dict[str, list[tuple[str, str]]] = {}
        self.css_hosts: dict[str, list[tuple[str, str]]] = {}

    def host(self, url: str) -> str | None:
        """foreign_host, remembered."""
        if url not in self.hosts:
            self.hosts[url] = foreign_host(self.address, url)
        return self.hosts[url]

    def problem(self, page: BuiltPage, needle: str, what: str, url: str, host: str) -> Problem:
        path, line, column = self.locate(self.site, page, needle)
        if (line, column) == (1, 1) and needle != url:
            path, line, column = self.locate(self.site, page, url)
        return Problem(
            path,
            line,
            column,
            "resource-third-party",
            f"{what} loads {_short(url)} from {host}",
            "serve it from the site: copy the file under docs/ and link it by a relative path",
        )

    def check_page(self, page: BuiltPage) -> Iterator[Problem]:
        for tag, attribute, value in fetched_attributes(page):
            for raw in split_urls(attribute, value):
                url = clean_url(raw)
                host = self.host(url)
                if host:
                    yield self.problem(page, value, f"<{tag} {attribute}>", url, host)
        seen: set[int] = set()
        for node in page.tree.css("style,[style],script"):  # one query: an element once, in order
            if node.mem_id in seen:
                continue
            seen.add(node.mem_id)
            attributes = node.attributes
            if "style" in attributes:
                yield from self.check_css_text(page, attributes["style"] or "", "a style attribute")
            if node.tag == "style":
                yield from self.check_css_text(page, node.text(deep=True), "a <style> element")
            if node.tag != "script" or "src" in attributes:
                continue
            kind = (attributes.get("type") or "").strip().lower().split(";")[0]
            if kind not in _JS_TYPES:
                continue  # a data block (application/json...) is never run
            script = node.text(deep=True)
            found = self.script_hosts.get(script)
            if found is None:
                found = self.script_hosts[script] = self.foreign(url for _, url in script_urls(script))
            for url, host in found:
                yield self.problem(page, url, "an inline script", url, host)

    def check_css_text(self, page: BuiltPage, css: str, what: str) -> Iterator[Problem]:
        found = self.css_hosts.get(css)
        if found is None:
            found = self.css_hosts[css] = self.foreign(url for _, url in css_urls(css))
        for url, host in found:
            yield self.problem(page, url, what, url, host)

    def foreign(self, urls: Iterable[str]) -> list[tuple[str, str]]:
        """(url, host) of each URL that requests another host, in order."""
        return [(url, host) for url in urls if (host := self.host(url))]

    def check_stylesheets(self) -> Iterator[Problem]:
        for name in sorted(f for f in self.site.files if f.endswith(".css")):
            file = self.site.root / name
            try:
                if file.stat().st_size > _MAX_CSS_BYTES:
                    continue
                css = file.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            shown = self.shown_stylesheet(name)
            for offset, url in css_urls(css):
                host = foreign_host(self.address, url)
                if host:
                    line = css.count("\n", 0, offset) + 1
                    column = offset - (css.rfind("\n", 0, offset) + 1) + 1
                    yield Problem(
                        shown,
                        line,
                        column,
                        "resource-third-party",
                        f"a stylesheet loads {_short(url)} from {host}",
                        "serve fonts and images from the site: put them under docs/",
                    )

    def shown_stylesheet(self, name: str) -> str:
        """The stylesheet's source in docs_dir when it came from there, else the built file."""
        project = self.site.project
        if project is not None and (project.docs_dir / name).is_file():
            try:
                return (project.docs_dir / name).relative_to(project.root).as_posix()
            except ValueError:
                return (project.docs_dir / name).as_posix()
        return name


def check_resources(site: BuiltSite, locate: Locate) -> Iterator[Problem]:
    """Every request to another host the built site makes (see the module docstring)."""
    checker = ResourceChecker(site, locate)
    for path in sorted(site.pages):
        yield from checker.check_page(site.pages[path])
    yield from checker.check_stylesheets()


def _short(url: str, limit: int = 60) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"
