"""Links on the built site: every URL a page names leads to something that is there.

``check_links(site, locate)`` reads every ``href``, ``src``, ``srcset``, ``action``,
``formaction``, ``poster``, ``data`` (``<object>``), SVG ``xlink:href`` and
``<meta http-equiv=refresh>`` target of every built page:

* a URL on the site resolves to a file in the built site (``dir/`` to ``dir/index.html``;
  the path prefix of ``site_url``, read from the pages' canonical links, is the site's
  root: ``/age-of-research/x/`` is ``x/index.html``, ``/x/`` is outside the site);
  otherwise ``link-missing-page`` (a page address) or ``link-missing-asset`` (a file).
  Files MkDocs never copies (``overrides/``, dotfiles, ``templates/``) fail here because
  they are not in the built site;
* its fragment is an ``id`` (or an ``<a name>``) on the built target page, quote card ids
  included; otherwise ``link-missing-anchor``, with a hint when only the case differs;
* a URL to another host is ``https:`` (``mailto:`` too); ``http:`` is ``link-insecure``,
  every other scheme (``javascript:``, ``data:``, ``file:``, ``ftp:``, ``vbscript:``, a
  scheme-relative ``//host``...) is ``link-scheme``; only the inert ``javascript:void(0)``
  of Material's search-share button passes. Schemes are read as a browser reads
  them: entities decoded by the parser, tabs and newlines removed, ends trimmed.

A resource attribute (``<script src>``, ``<img src>``...) naming another host is left to
``verbatim.resources`` (``resource-third-party``), so one fault gives one problem.
The search index's locations are proved as links too (search/search_index.json).
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from verbatim.built import BuiltPage, BuiltSite
from verbatim.problems import InputError, Problem

__all__ = [
    "CODES",
    "AnchorClaim",
    "LinkChecker",
    "SiteAddress",
    "UrlUse",
    "check_links",
    "clean_url",
    "fetched_attributes",
    "page_ids",
    "parse_srcset",
    "settle_claims",
    "site_address",
    "split_urls",
    "url_attributes",
    "url_of",
    "urls_of_page",
]

Locate = Callable[[BuiltSite, BuiltPage, str], tuple[str, int, int]]

CODES: dict[str, str] = {
    "link-missing-page": "a link leads to no page in the built site",
    "link-missing-anchor": "a #fragment is not an id on its built target page",
    "link-missing-asset": "a link or resource leads to no file in the built site",
    "link-insecure": "a link to another host uses http:// instead of https://",
    "link-scheme": "a link uses a scheme other than https: or mailto: (javascript:, data:, file:, //host...)",
}

#: (CSS selector, attribute) of every attribute that holds a URL
URL_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("[href]", "href"),
    ("[src]", "src"),
    ("[srcset]", "srcset"),
    ("[imagesrcset]", "imagesrcset"),
    ("[action]", "action"),
    ("[formaction]", "formaction"),
    ("[poster]", "poster"),
    ("object[data]", "data"),
    ("[background]", "background"),
    ("[ping]", "ping"),
)
#: attributes whose URLs the browser fetches by itself (resources.py judges their hosts)
RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "imagesrcset", "poster", "data", "background", "ping"})
#: <link rel> values that only name a page (every other rel loads something)
NAVIGATION_RELS = frozenset(
    {
        "canonical",
        "prev",
        "next",
        "alternate",
        "author",
        "license",
        "help",
        "me",
        "bookmark",
        "search",
        "tag",
        "external",
        "nofollow",
        "noopener",
        "noreferrer",
        "opener",
        "privacy-policy",
        "terms-of-service",
    }
)
#: SVG elements whose href is fetched, not followed
RESOURCE_HREF_TAGS = frozenset({"use", "image", "feimage", "script"})

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_STRIP = "".join(chr(c) for c in range(0x21))  # C0 controls and space, as the URL parser trims
_TAB_NEWLINE = re.compile("[\t\n\r]")
_REFRESH_URL = re.compile(r"^\s*\d*(?:\.\d*)?\s*[;,]?\s*(?:url\s*=\s*)?(['\"]?)(.*?)\1\s*$", re.I | re.S)
_LIST_ATTRIBUTES = frozenset({"srcset", "imagesrcset", "ping"})
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
_SEARCH_INDEX = "search/search_index.json"
#: the one javascript: URL allowed, because it does nothing: Material's search-share button
#: (partials/search.html) is an <a> that its bundle handles on click
INERT_URLS = frozenset({"javascript:void(0)", "javascript:void(0);"})


@dataclass(frozen=True)
class SiteAddress:
    """Where the site is served: its host (may be empty) and its path prefix (``/p/``)."""

    host: str
    prefix: str

    def is_own(self, host: str) -> bool:
        return bool(self.host) and host.lower() == self.host


def clean_url(value: str) -> str:
    """The URL as a browser's URL parser sees it: ends trimmed, tabs and newlines removed."""
    value = value.strip(_STRIP)
    if "\t" in value or "\n" in value or "\r" in value:
        return _TAB_NEWLINE.sub("", value)
    return value


def scheme_of(url: str) -> str | None:
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


_ADDRESSES: dict[int, tuple[BuiltSite, SiteAddress]] = {}


def site_address(site: BuiltSite) -> SiteAddress:
    """The site's address, read from the canonical link of a page (MkDocs writes it from
    site_url); a site without one is taken as served at the root of an unknown host.

    Remembered per site. MkDocs writes a canonical link on every page or (no site_url)
    on none, so the home page and the first few others answer for the site: a site
    proved page by page is not read twice for it."""
    cached = _ADDRESSES.get(id(site))
    if cached is not None and cached[0] is site:
        return cached[1]
    found = SiteAddress("", "/")
    for page in site.pages.values() or _first_pages(site):
        node = page.tree.css_first('link[rel="canonical"][href]')
        if node is None:
            continue
        parts = urlsplit(clean_url(node.attributes.get("href") or ""))
        own = page_url_path(page.path)
        if parts.scheme in ("http", "https") and parts.path.endswith(own):
            prefix = parts.path[: len(parts.path) - len(own)] or "/"
            found = SiteAddress(parts.netloc.lower(), prefix if prefix.endswith("/") else prefix + "/")
            break
    _ADDRESSES.clear()  # one site at a time
    _ADDRESSES[id(site)] = (site, found)
    return found


def _first_pages(site: BuiltSite) -> Iterator[BuiltPage]:
    """The home page and the next few, read from the folder (what cannot be read is
    skipped here: proving the page reports it)."""
    paths = site.page_paths()
    for path in (["index.html"] if "index.html" in paths else []) + [p for p in paths if p != "index.html"][:4]:
        try:
            yield site.read(path)
        except InputError:
            continue


def page_url_path(path: str) -> str:
    """The address path of a built file: ``x/index.html`` is ``x/``, ``index.html`` is ``""``."""
    if path == "index.html":
        return ""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def parse_srcset(value: str) -> list[str]:
    """The URLs of a srcset (``a.png 1x, b.png 2x``), split as the HTML standard's parser
    splits them: a URL may hold commas; trailing commas end it; descriptors are skipped."""
    urls: list[str] = []
    position, length = 0, len(value)
    while position < length:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < length and not value[position].isspace():
            position += 1
        url = value[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # skip the descriptors, up to a comma outside parentheses
            depth = 0
            while position < length and (value[position] != "," or depth):
                depth += {"(": 1, ")": -1}.get(value[position], 0)
                position += 1
        if url:
            urls.append(url)
    return urls


def url_of(site: BuiltSite, address: SiteAddress, page: BuiltPage, url: str) -> tuple[str, str] | None:
    """A URL's target in the built site, ``(path relative to the site root, fragment)``, or
    None when it leaves the site (another host, or a path outside the site's prefix)."""
    return _resolve(address, address.prefix + page_url_path(page.path), url)


def _resolve(address: SiteAddress, base: str, url: str) -> tuple[str, str] | None:
    """``url_of`` for a page at the address path ``base``."""
    if scheme_of(url) is None and not url.startswith("//"):
        rest, _, fragment = url.partition("#")
        path = join_path(base, rest.partition("?")[0])  # RFC 3986, without urljoin's cost
    else:
        parts = urlsplit(urljoin(f"https://{address.host or 'site.invalid'}{base}", url))
        if parts.netloc.lower() != (address.host or "site.invalid"):
            return None
        path, fragment = parts.path, parts.fragment
    if not path.startswith(address.prefix) and path + "/" != address.prefix:
        return None
    return unquote(path[len(address.prefix) :]), unquote(fragment)


def join_path(base: str, reference: str) -> str:
    """``reference`` resolved against the absolute path ``base`` (RFC 3986, 5.2)."""
    if not reference:
        return base
    merged = reference if reference.startswith("/") else base[: base.rfind("/") + 1] + reference
    segments = merged.split("/")
    resolved: list[str] = []
    for segment in segments[1:]:
        if segment == "..":
            if resolved:
                resolved.pop()
        elif segment != ".":
            resolved.append(segment)
    if segments[-1] in (".", ".."):
        resolved.append("")
    return "/" + "/".join(resolved)


def target_file(site: BuiltSite, path: str) -> str | None:
    """The built file a site path serves, as a static host serves it."""
    candidates = [path + "index.html"] if path == "" or path.endswith("/") else [path, path + "/index.html"]
    return next((c for c in candidates if c in site.files), None)


@dataclass(frozen=True)
class UrlUse:
    """One URL on a page: where it stands and whether the browser fetches it by itself."""

    tag: str
    attribute: str
    value: str
    url: str
    fetched: bool
    #: the element, for the words of a link (``node_text``), read only for a problem's position
    node: LexborNode | None = None
    label: str = ""  # the words that stand for the URL where there is no element (a search entry)

    @property
    def node_text(self) -> str:
        if self.label or self.node is None or self.tag != "a":
            return self.label
        return self.node.text(deep=True, strip=True)


#: (element, its tag, the attribute, its value, whether the browser fetches it)
AttributeUrl = tuple[LexborNode, str, str, str, bool]


#: one :is() of the ten: on a bench page Lexbor finds them with a fifth fewer instructions
#: than with the list of ten (each element once, in document order); and the <meta
#: http-equiv> that may refresh to a URL, in the same pass over the page
_URL_SELECTOR = ":is(" + ",".join(selector for selector, _ in URL_ATTRIBUTES) + ",meta[http-equiv][content])"
#: attribute name -> the URL attribute it is (Lexbor matches [href] on SVG's xlink:href too)
_URL_NAMES = {attribute: attribute for _, attribute in URL_ATTRIBUTES} | {"xlink:href": "href"}
#: the last page's URL attributes: the link check, the request check and the proof's text
#: fragments all read them, one page after another
_LAST_READ: list[tuple[BuiltPage, list[AttributeUrl], list[LexborNode]]] = []


def url_attributes(page: BuiltPage) -> list[AttributeUrl]:
    """Every attribute of the page that holds URLs, in document order (one query: a page
    names some hundred URLs, most of them in its nav)."""
    if _LAST_READ and _LAST_READ[0][0] is page:
        return _LAST_READ[0][1]
    found: list[AttributeUrl] = []
    metas: list[LexborNode] = []
    for node in page.tree.css(_URL_SELECTOR):  # each element once (one :is() selector)
        attributes = node.attributes
        tag = node.tag or ""
        if tag == "base":
            continue
        if tag == "meta" and "http-equiv" in attributes:
            metas.append(node)
        for name, value in attributes.items():
            attribute = _URL_NAMES.get(name)
            if attribute is None:
                continue
            if attribute == "href":
                if name == "xlink:href" and "href" in attributes:
                    continue  # the href is read
                fetched = tag in _HREF_FETCHING and _href_is_fetched(tag, node)
            elif attribute == "data" and tag != "object":
                continue  # only <object data> names a URL (selector object[data])
            else:
                fetched = attribute in RESOURCE_ATTRIBUTES
            found.append((node, tag, attribute, value or "", fetched))
    _LAST_READ[:] = [(page, found, metas)]
    return found


def split_urls(attribute: str, value: str) -> list[str]:
    """The URLs one attribute names: a srcset's candidates, ping's list, else the value."""
    if attribute in ("srcset", "imagesrcset"):
        return parse_srcset(value)
    return value.split() if attribute == "ping" else [value]


def urls_of_page(page: BuiltPage) -> Iterator[UrlUse]:
    """Every URL the page names, in document order per attribute."""
    for node, tag, attribute, value, fetched in url_attributes(page):
        for url in split_urls(attribute, value):
            yield UrlUse(tag, attribute, value, clean_url(url), fetched, node)
    yield from _refresh_urls(page)


def _refresh_urls(page: BuiltPage) -> Iterator[UrlUse]:
    url_attributes(page)  # read with them (remembered: the page's were read just before)
    for node in _LAST_READ[0][2]:
        if (node.attributes.get("http-equiv") or "").lower() == "refresh":
            content = node.attributes.get("content") or ""
            match = _REFRESH_URL.match(content)
            if match and match.group(2):
                yield UrlUse("meta", "content", content, clean_url(match.group(2)), False)


def _href_is_fetched(tag: str, node: LexborNode) -> bool:
    if tag in RESOURCE_HREF_TAGS:
        return True
    if tag != "link":
        return False
    rels = set((node.attrs.get("rel") or "").lower().split())
    return bool(rels - NAVIGATION_RELS) or "stylesheet" in rels


_HREF_FETCHING = RESOURCE_HREF_TAGS | {"link"}  # the tags whose href may load something
_OWN_PAGE = ("", "#", "?")  # a URL's first character that makes it lead to the page itself
_UNRESOLVED = "\0"  # a memo entry: the path leads to no built file (or out of the site)


def page_ids(page: BuiltPage) -> frozenset[str]:
    """Every id on the page, and every ``<a name>``: what a #fragment may name."""
    found: set[str] = set()
    for node in page.tree.css("[id],a[name]"):  # an <a id name> comes twice: a set keeps one
        attributes = node.attributes
        found.add(attributes.get("id") or "")
        if node.tag == "a":
            found.add(attributes.get("name") or "")
    return frozenset(found - {""})


@dataclass(frozen=True)
class AnchorClaim:
    """A link to an id on a page not read yet (a site proved page by page, in shards):
    ``link-missing-anchor`` unless the target page has the id (``settle_claims``)."""

    page: str
    src_path: str | None
    target: str
    fragment: str
    #: the words that place the link in the sources, as LinkChecker.problem tries them
    needles: tuple[str, ...]


class LinkChecker:
    """Checks each URL use; a use the memo knows to be good is not checked again.

    A large site names the same few targets on every page (the nav, the assets), by
    relative URLs that differ from folder to folder: ``../page/`` from any page of a
    folder leads to the same file. So a relative URL's path is resolved once per
    (the folder it climbs to, the rest of it), and each target's ids are read once.
    Only a use found good is remembered; a faulty one is checked, and reported, at
    every place it stands.
    """

    def __init__(self, site: BuiltSite, locate: Locate) -> None:
        self.site = site
        self.locate = locate
        self.address = site_address(site)
        #: the ids of each page read so far (a page not read is a claim, settled later)
        self.ids: dict[str, frozenset[str]] = {}
        self.claims: list[AnchorClaim] = []
        self.targets: dict[tuple[object, ...], str] = {}  # relative path -> built file, or _UNRESOLVED
        self.good_from: dict[tuple[str, ...], set[str]] = {}  # folder -> relative URLs found good from it
        self.good: set[tuple[object, ...]] = set()  # (fetched, base, url) of other uses found good
        self.folders: dict[str, list[tuple[str, ...]]] = {}

    def page_ids(self, path: str) -> frozenset[str] | None:
        """The ids of a page; None for a page not read here (proved in another shard)."""
        if path not in self.ids:
            page = self.site.pages.get(path)
            if page is None:
                return None
            self.ids[path] = page_ids(page)
        return self.ids[path]

    def position(self, page: BuiltPage, needles: Iterable[str]) -> tuple[str, int, int]:
        return _position(self.site, page, needles, self.locate)

    def problem(self, page: BuiltPage, use: UrlUse, code: str, message: str, hint: str) -> Problem:
        path, line, column = self.position(page, _needles(use))
        return Problem(path, line, column, code, message, hint)

    def check_page(self, page: BuiltPage) -> Iterator[Problem]:
        base = self.address.prefix + page_url_path(page.path)
        folders = self.folders_of(base)
        # a relative URL (not "", "#…", "?…") leads where the page's folder, or for ../ its
        # parent, says: the nav's hundred links are judged once a folder
        good_here = self.good_from.setdefault(folders[0], set())
        good_above = self.good_from.setdefault(folders[min(1, len(folders) - 1)], set())
        for node, tag, attribute, value, fetched in url_attributes(page):
            if value in (good_above if value.startswith("../") else good_here) and attribute not in _LIST_ATTRIBUTES:
                continue  # most of a page's URLs: as written, found good from its folder
            for raw in split_urls(attribute, value) if attribute in _LIST_ATTRIBUTES else (value,):
                url = clean_url(raw)
                good = None if url[:1] in _OWN_PAGE else good_above if url.startswith("../") else good_here
                if good is not None and url in good:
                    continue
                if self.known_good(base, folders, url, fetched):
                    if good is not None and url == raw and _is_relative(url):
                        good.add(url)  # as written (clean), so the first test above finds it
                    continue
                use = UrlUse(tag, attribute, value, url, fetched, node)
                problems = list(self.check_url(page, use))
                if problems:
                    yield from problems
                elif not _is_relative(url):
                    self.good.add(self.other_key(base, url, fetched))
        for use in _refresh_urls(page):
            yield from self.check_url(page, use)

    def known_good(self, base: str, folders: list[tuple[str, ...]], url: str, fetched: bool) -> bool:
        """Whether the use is good, by what earlier uses showed (False: check it in full).

        ``folders[n]`` is where ``n`` leading ``../`` climb to from the page at ``base``."""
        if url.startswith("../"):
            climbs = 1
            while url.startswith("../", 3 * climbs):
                climbs += 1
            rest, _, fragment = url.partition("#")
            # past its ../ segments, a URL depends on the folder it climbed to, not on the page
            key: tuple[object, ...] = (folders[min(climbs, len(folders) - 1)], rest[3 * climbs :])
        elif url.startswith("#"):
            rest, fragment, key = "", url[1:], (base, "")
        elif _is_relative(url):
            rest, _, fragment = url.partition("#")
            key = (base, rest)
        else:
            return self.other_key(base, url, fetched) in self.good
        target = self.targets.get(key)
        if target is None:
            resolved = _resolve(self.address, base, rest)
            found = target_file(self.site, resolved[0]) if resolved is not None else None
            target = self.targets[key] = found if found is not None else _UNRESOLVED
        if target == _UNRESOLVED:
            return False
        if not fragment or not self.site.is_page(target):
            return True
        if "%" in fragment:
            fragment = unquote(fragment)
        fragment = fragment.split(":~:", 1)[0]
        if not fragment or fragment.lower() == "top":
            return True
        ids = self.page_ids(target)
        return ids is not None and fragment in ids  # not read yet: check_fragment claims it

    def folders_of(self, base: str) -> list[tuple[str, ...]]:
        """The segments join_path holds after the folder of ``base`` and n ``..`` (index n),
        up to the root (the last)."""
        found = self.folders.get(base)
        if found is None:
            resolved: list[str] = []
            for segment in base[: base.rfind("/") + 1].split("/")[1:-1]:
                if segment == "..":
                    if resolved:
                        resolved.pop()
                elif segment != ".":
                    resolved.append(segment)
            found = self.folders[base] = [tuple(resolved[: len(resolved) - n]) for n in range(len(resolved) + 1)]
        return found

    def other_key(self, base: str, url: str, fetched: bool) -> tuple[object, ...]:
        # an absolute URL (scheme://host...) resolves the same from every page
        return (fetched, "" if _ABSOLUTE.match(url) else base, url)

    def check_url(self, page: BuiltPage, use: UrlUse) -> Iterator[Problem]:
        url = use.url
        scheme = scheme_of(url)
        host = urlsplit(url).netloc.lower() if scheme or url.startswith("//") else ""
        # an absolute URL leaves the site for another host, or for another path of its host
        # (a project site under /p/ shares github.io with other sites)
        leaves = bool(host) and (not self.address.is_own(host) or url_of(self.site, self.address, page, url) is None)
        if scheme in (None, "http", "https") and leaves and use.fetched:
            return  # another host's resource: resource-third-party (verbatim.resources)
        if scheme == "http" and leaves:
            yield self.problem(page, use, "link-insecure", f"insecure link {url}", f"use https://{url[7:]}")
            return
        if (scheme == "https" and leaves) or (scheme == "mailto" and not use.fetched):
            return
        if scheme not in (None, "http", "https"):
            if url.lower() in INERT_URLS and not use.fetched:
                return
            yield self.problem(
                page,
                use,
                "link-scheme",
                f"link {_short(url)} uses the {scheme}: scheme",
                "link only to https:// addresses (or mailto:); put code in the site's own files",
            )
            return
        if leaves:  # a scheme-relative //host
            yield self.problem(page, use, "link-scheme", f"link {_short(url)} has no scheme", f"write https:{url}")
            return
        yield from self.check_internal(page, use)

    def check_internal(self, page: BuiltPage, use: UrlUse) -> Iterator[Problem]:
        resolved = url_of(self.site, self.address, page, use.url)
        if resolved is None:
            yield self.problem(
                page,
                use,
                "link-missing-page",
                f"link {use.url} leads outside the site",
                f"the site is served under {self.address.prefix}: link by a relative path",
            )
            return
        path, fragment = resolved
        target = target_file(self.site, path)
        if target is None:
            yield self.missing(page, use, path)
            return
        if fragment and self.site.is_page(target):
            yield from self.check_fragment(page, use, target, fragment)

    def missing(self, page: BuiltPage, use: UrlUse, path: str) -> Problem:
        if _is_markdown(path):  # MkDocs left the link as written: no such page in docs_dir
            closest = self.closest_page(page, use.url)
            hint = "MkDocs rewrites a link to a .md file only when it is relative and the page exists"
            hint = f"did you mean {closest}? ({hint})" if closest else hint
            return self.problem(page, use, "link-missing-page", f"link {use.url} leads to no page in docs_dir", hint)
        is_page = path == "" or path.endswith("/") or "." not in posixpath.basename(path)
        hint = "only files under docs_dir are copied into the site (not overrides/, dotfiles or templates/)"
        closest = _closest(path, sorted(self.site.files))
        if closest:
            hint = f"did you mean {closest}? ({hint})"
        code = "link-missing-page" if is_page else "link-missing-asset"
        return self.problem(
            page, use, code, f"link {use.url} leads to no {'page' if is_page else 'file'} in the built site", hint
        )

    def closest_page(self, page: BuiltPage, url: str) -> str:
        """The docs page most like ``url``, as a link from ``page``'s Markdown would name it."""
        project = self.site.project
        if project is None or not page.src_path:
            return ""
        here = posixpath.dirname(page.src_path)
        pages = sorted({posixpath.relpath(source, here or ".") for source in project.sources.values()})
        return _closest(url.partition("#")[0].lstrip("/"), pages)

    def check_fragment(self, page: BuiltPage, use: UrlUse, target: str, fragment: str) -> Iterator[Problem]:
        fragment = fragment.split(":~:", 1)[0]  # a text directive is not an id
        if not fragment or fragment.lower() == "top":
            return
        ids = self.page_ids(target)
        if ids is None:
            self.claims.append(AnchorClaim(page.path, page.src_path, target, fragment, _needles(use)))
            return
        if fragment in ids:
            return
        path, line, column = self.position(page, _needles(use))
        yield _missing_anchor(page.path, target, fragment, ids, (path, line, column))

    def check_search_index(self) -> Iterator[Problem]:
        """Search results link to the index's locations: each must lead to a page and id."""
        index_file = self.site.root / _SEARCH_INDEX
        if _SEARCH_INDEX not in self.site.files or not self.site.pages:
            return
        try:
            documents = json.loads(index_file.read_text(encoding="utf-8")).get("docs", [])
        except (OSError, ValueError, AttributeError):
            yield Problem(
                _SEARCH_INDEX, 1, 1, "link-missing-page", "the search index cannot be read", "rebuild the site"
            )
            return
        home = self.site.pages.get("index.html") or BuiltPage("index.html", LexborHTMLParser(""))
        base = self.address.prefix + page_url_path(home.path)
        folders = self.folders_of(base)
        for document in documents:
            location = str(document.get("location", "")) if isinstance(document, dict) else ""
            if _is_relative(location) and self.known_good(base, folders, location, False):
                continue  # check_internal is check_url for a relative URL: the memo holds
            title = str(document.get("title", "")) if isinstance(document, dict) else ""
            use = UrlUse("search", "location", location, location, False, label=title)
            for problem in self.check_internal(home, use):
                yield Problem(_SEARCH_INDEX, 1, 1, problem.code, problem.message, problem.hint)


def check_links(site: BuiltSite, locate: Locate) -> Iterator[Problem]:
    """Every link problem of a loaded site (see the module docstring)."""
    checker = LinkChecker(site, locate)
    for path in sorted(site.pages):
        yield from checker.check_page(site.pages[path])
    yield from checker.check_search_index()


def settle_claims(
    site: BuiltSite, claims: Iterable[AnchorClaim], ids: dict[str, frozenset[str]], locate: Locate
) -> Iterator[Problem]:
    """``link-missing-anchor`` for each claim whose target page (its ids in ``ids``, every
    page of the site read) lacks the id."""
    for claim in claims:
        found = ids.get(claim.target, frozenset())
        if claim.fragment in found:
            continue
        page = BuiltPage(claim.page, LexborHTMLParser(""), claim.src_path)  # locate reads no tree
        position = _position(site, page, claim.needles, locate)
        yield _missing_anchor(claim.page, claim.target, claim.fragment, found, position)


def _position(site: BuiltSite, page: BuiltPage, needles: Iterable[str], locate: Locate) -> tuple[str, int, int]:
    """The first needle found in the page's sources; a 1:1 answer means not found."""
    found: tuple[str, int, int] | None = None
    for needle in needles:
        if not needle.strip():
            continue
        found = locate(site, page, needle)
        if found[1:] != (1, 1):
            return found
    return found if found is not None else locate(site, page, page.path)


_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def _is_markdown(path: str) -> bool:
    return path.lower().endswith(_MARKDOWN_SUFFIXES)


def _needles(use: UrlUse) -> tuple[str, ...]:
    fragment = use.url.partition("#")[2]
    # the fragment before the link's words: a short text ("b") stands in many places
    return (use.value, use.url, f"#{fragment}" if fragment else "", use.node_text)


def _missing_anchor(
    page: str, target: str, fragment: str, ids: frozenset[str], position: tuple[str, int, int]
) -> Problem:
    same_case = sorted(i for i in ids if i.lower() == fragment.lower())
    hint = f"anchors are case-sensitive: #{same_case[0]}" if same_case else _closest_hint(fragment, sorted(ids))
    where = "this page" if target == page else target
    return Problem(*position, "link-missing-anchor", f"#{fragment} is not an id on {where}", hint)


def fetched_attributes(page: BuiltPage) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) of each attribute the browser fetches by itself, in the
    order url_attributes gives them (read once a page for the link and the request check)."""
    return [(tag, attribute, value) for _, tag, attribute, value, fetched in url_attributes(page) if fetched]


def _is_relative(url: str) -> bool:
    """No scheme and no host: resolved against the page (what url_of's first branch does)."""
    return url.startswith(("../", "#")) or (scheme_of(url) is None and not url.startswith("//"))


def _short(url: str, limit: int = 60) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def _closest(word: str, choices: list[str]) -> str:
    from rapidfuzz import fuzz, process

    found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=70)
    return str(found[0]) if found else ""


def _closest_hint(fragment: str, ids: list[str]) -> str:
    closest = _closest(fragment, ids)
    if closest:
        return f"did you mean #{closest}?"
    if not ids:
        return "the page has no ids"
    # the theme's own ids (Material's __drawer, __nav_2...) last: a writer links to sections
    shown = sorted(ids, key=lambda i: (i.startswith("__"), i))[:8]
    return "no close id; the page's ids: " + ", ".join(shown)
