"""Links, requests and the <head> on the built site (verbatim.links, .resources, .head).

Three levels: small HTML strings for each family of fault; the fixture trees built with
MkDocs (each bad line reports its code there, the good twin stays clean); the real site
(clean, and a planted Google Font is caught). Escaping: a hostile description builds
into an inert attribute with overrides/main.html, and fires head-injected with the old,
unescaped template (tests/fixtures/check/unescaped-main.html).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from conftest import ROOT, build_site
from test_check_content import BAD, GOOD, expectations
from verbatim.built import BuiltPage, BuiltSite, Project, load_site, parse_page
from verbatim.head import check_head
from verbatim.links import CODES as LINK_CODES
from verbatim.links import check_links, parse_srcset
from verbatim.locate import locate
from verbatim.problems import Problem
from verbatim.project import load_project
from verbatim.resources import CODES as RESOURCE_CODES
from verbatim.resources import check_resources

Check = Callable[[BuiltSite, Callable[[BuiltSite, BuiltPage, str], tuple[str, int, int]]], Iterable[Problem]]
CANONICAL = '<link rel="canonical" href="https://h.test/p/page/">'


def nowhere(site: BuiltSite, page: BuiltPage, needle: str) -> tuple[str, int, int]:
    return page.path, 1, 1


def site_of(body: str, head: str = CANONICAL, files: Iterable[str] = ()) -> BuiltSite:
    page = parse_page("page/index.html", f"<!doctype html><html><head>{head}</head><body>{body}</body></html>")
    return BuiltSite(Path("/nonexistent"), {page.path: page}, frozenset({page.path, *files}))


def codes(check: Check, body: str, **kwargs: object) -> list[str]:
    return [p.code for p in check(site_of(body, **kwargs), nowhere)]  # type: ignore[arg-type]


# --- links --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript&#58;alert(1)",
        "data:text/html,hi",
        "file:///etc/hostname",
        "ftp://example.org/",
        "vbscript:msgbox",
        "//example.org/x",
    ],
)
@pytest.mark.parametrize(
    "element",
    ['<a href="{}">x</a>', '<form action="{}"></form>', '<button formaction="{}">x</button>', '<area href="{}">'],
)
def test_every_other_scheme_is_link_scheme(href: str, element: str) -> None:
    assert codes(check_links, element.format(href)) == ["link-scheme"]


@pytest.mark.parametrize(
    "href",
    ["https://example.org/", "mailto:a@example.org", "javascript:void(0)", "#", "#top", "https://h.test/elsewhere/"],
)
def test_https_mailto_and_inert_links_pass(href: str) -> None:
    assert codes(check_links, f'<a href="{href}">x</a>') == []


def test_http_is_insecure() -> None:
    assert codes(check_links, '<a href="http://example.org/">x</a>') == ["link-insecure"]


@pytest.mark.parametrize(
    ("element", "code"),
    [
        ('<a href="../missing/">x</a>', "link-missing-page"),
        ('<a href="../overrides/main.html">x</a>', "link-missing-asset"),
        ('<a href="../.hidden.md">x</a>', "link-missing-page"),
        ('<img src="../img/gone.png">', "link-missing-asset"),
        ('<img srcset="../a.png 1x, ../gone.png 2x">', "link-missing-asset"),
        ('<video poster="../gone.jpg"></video>', "link-missing-asset"),
        ('<object data="../gone.svg"></object>', "link-missing-asset"),
        ('<form action="../nowhere/"></form>', "link-missing-page"),
        ('<svg><use xlink:href="../gone.svg#icon"></use></svg>', "link-missing-asset"),
        ('<a href="/other/">outside the project path</a>', "link-missing-page"),
        ('<meta http-equiv="refresh" content="0; url=../gone/">', "link-missing-page"),
    ],
)
def test_a_url_into_nothing_is_reported(element: str, code: str) -> None:
    assert codes(check_links, element, files={"a.png"}) == [code]


@pytest.mark.parametrize(
    "element",
    [
        '<a href="../">home</a>',
        '<a href="../other/">dir</a>',
        '<a href="../other">dir, no slash</a>',
        '<a href="/p/other/">under the prefix</a>',
        '<a href="https://h.test/p/other/">own host</a>',
        '<img srcset="../a.png 1x, ../a%20b.png 2x">',
        '<form action="../other/"></form>',
        '<a href="../other/#Intro">exact case</a>',
        '<a href="#own">own id</a>',
        '<a href="#named">named</a>',
        '<a href="https://example.org/#:~:text=words">fragment directive</a>',
    ],
)
def test_urls_into_the_site_resolve(element: str) -> None:
    other = parse_page("other/index.html", '<h2 id="Intro">x</h2>')
    site = site_of(
        f'<span id="own"></span><a name="named"></a>{element}',
        files={"index.html", "other/index.html", "a.png", "a b.png"},
    )
    site = BuiltSite(site.root, {**site.pages, other.path: other}, site.files)
    assert list(check_links(site, nowhere)) == []


def test_missing_anchor_has_the_case_hint() -> None:
    other = parse_page("other/index.html", '<h2 id="Intro">x</h2>')
    site = site_of('<a href="../other/#intro">x</a>', files={"other/index.html"})
    site = BuiltSite(site.root, {**site.pages, other.path: other}, site.files)
    [problem] = check_links(site, nowhere)
    assert (problem.code, problem.hint) == ("link-missing-anchor", "anchors are case-sensitive: #Intro")


def test_srcset_candidates() -> None:
    assert parse_srcset("a.png 1x, b,c.png 2x,d.png") == ["a.png", "b,c.png", "d.png"]


# --- resources ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "element",
    [
        '<script src="https://cdn.test/x.js"></script>',
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
        '<link rel="preload" href="https://cdn.test/f.woff2" as="font">',
        '<link rel="prefetch" href="//cdn.test/next.html">',
        '<link rel="icon" href="https://cdn.test/favicon.png">',
        '<link rel="manifest" href="https://cdn.test/m.json">',
        '<link rel="preconnect" href="https://fonts.gstatic.com">',
        '<img src="https://pixel.test/p.gif">',
        '<img srcset="a.png 1x, https://img.test/b.png 2x">',
        '<iframe src="https://frame.test/"></iframe>',
        '<video src="https://v.test/a.mp4"></video>',
        '<video poster="https://v.test/p.jpg"></video>',
        '<audio src="https://a.test/a.mp3"></audio>',
        '<object data="https://o.test/x.swf"></object>',
        '<embed src="https://e.test/x">',
        '<a href="../" ping="https://ping.test/">x</a>',
        '<svg><image href="https://svg.test/i.png"/></svg>',
        '<svg><use xlink:href="https://use.test/s.svg#i"/></svg>',
        "<style>@import 'https://x.test/a.css';</style>",
        '<style>b{background:url( "//y.test/b.png" )}</style>',
        "<style>@font-face{src:url(https://f.test/a.woff2)}</style>",
        '<span style="background:url(https://z.test/c.png)">x</span>',
        "<script>new Image().src = 'https://beacon.test/p?x=1';</script>",
        '<script>fetch("https://t.test/a")</script>',
        "<script>fetch(`https://t.test/${a}`)</script>",
        '<script>navigator.sendBeacon("//s.test/")</script>',
        "<script>importScripts('https://w.test/w.js')</script>",
        "<script>x=new XMLHttpRequest();x.open('GET','https://x.test/')</script>",
        '<script type="module">import("https:\\/\\/m.test/m.js")</script>',
    ],
)
def test_a_request_to_another_host_is_resource_third_party(element: str) -> None:
    assert codes(check_resources, element, files={"a.png"}) == ["resource-third-party"]


@pytest.mark.parametrize(
    "element",
    [
        '<a href="https://example.org/">an outgoing link</a>',
        '<img src="../a.png">',
        '<img src="https://h.test/p/a.png">',
        '<script>var here = "../search/";</script>',
        '<script type="application/json">{"url": "https://json.test/"}</script>',
        '<style>b{background:url("data:image/svg+xml;utf8,<svg/>")}</style>',
        '<link rel="canonical" href="https://elsewhere.test/">',
    ],
)
def test_the_sites_own_requests_and_outgoing_links_pass(element: str) -> None:
    assert codes(check_resources, element, files={"a.png"}) == []


def test_a_port_is_part_of_the_host() -> None:
    head = '<link rel="canonical" href="http://127.0.0.1:8000/page/">'
    assert codes(check_resources, '<img src="http://127.0.0.1:8000/a.png">', head=head) == []
    assert codes(check_resources, '<img src="http://127.0.0.1:9000/a.png">', head=head) == ["resource-third-party"]


# --- the fixture trees, built -------------------------------------------------------------

BUILT_CODES = set(LINK_CODES) | set(RESOURCE_CODES)


def built_problems(config: Path, dest: Path) -> list[Problem]:
    result = build_site(dest, config=config, cwd=config.parent) if config.parent == GOOD else None
    if result is None:  # the bad tree does not build strict: it is full of faults
        import subprocess
        import sys

        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(dest), "--config-file", str(config)],
            cwd=config.parent,
            capture_output=True,
            check=True,
            timeout=120,
        )
    else:
        assert result.returncode == 0, result.stderr
    _, project = load_project(config, dest)
    site = load_site(dest, project)
    return [*check_links(site, locate), *check_resources(site, locate), *check_head(site, locate)]


def test_bad_built_links_report_exactly_what_they_expect(tmp_path: Path) -> None:
    page = BAD / "docs" / "built-links.md"
    problems = built_problems(BAD / "mkdocs.yml", tmp_path / "site")
    actual = sorted((p.line, p.code) for p in problems if p.path == "docs/built-links.md")
    expected = [(line, code) for line, code in expectations(page) if code in BUILT_CODES]
    assert actual == expected, "\n".join(map(str, problems))
    assert {code for _, code in expected} >= {
        "link-scheme",
        "link-missing-asset",
        "link-missing-page",
        "resource-third-party",
    }


def test_good_tree_built_is_clean(tmp_path: Path) -> None:
    assert built_problems(GOOD / "mkdocs.yml", tmp_path / "site") == []


# --- the real site ------------------------------------------------------------------------


def test_real_site_links_requests_and_head_are_clean(built_site: Path) -> None:
    started = time.perf_counter()
    site = load_site(built_site)
    loaded = time.perf_counter()
    problems = [*check_links(site, nowhere), *check_resources(site, nowhere), *check_head(site, nowhere)]
    finished = time.perf_counter()
    print(
        f"\n{len(site.pages)} pages, {len(site.files)} files: loaded in {loaded - started:.3f} s, "
        f"links, resources and head checked in {finished - loaded:.3f} s"
    )
    assert problems == []


# --- escaping and head-injected -----------------------------------------------------------

HOSTILE = [
    '"><script>alert(1)</script>',
    '" onfocus="alert(1)',
    '"><meta http-equiv="refresh" content="0;url=https://evil.test/">',
    "</title><script>alert(1)</script>",
]


def hostile_site(tmp_path: Path, value: str, main_html: Path) -> Path:
    """A small Material site whose page takes ``value`` as its title and description."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "overrides" / "partials", project / "overrides" / "partials")
    shutil.copy(main_html, project / "overrides" / "main.html")
    quoted = value.replace("'", "''")
    (project / "docs" / "index.md").write_text("# Home\n\n[The page](page.md)\n", encoding="utf-8")
    (project / "docs" / "page.md").write_text(
        f"---\ntitle: '{quoted}'\ndescription: '{quoted}'\n---\n\n# A page\n\nText.\n", encoding="utf-8"
    )
    (project / "mkdocs.yml").write_text(
        "site_name: Hostile\nsite_url: https://h.test/p/\ntheme:\n  name: material\n  custom_dir: overrides\n"
        "  font: false\nnav:\n  - Home: index.md\n  - Page: page.md\n",
        encoding="utf-8",
    )
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(project / "site")],
        cwd=project,
        capture_output=True,
        check=True,
        timeout=120,
    )
    return project / "site"


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_description_builds_into_an_inert_attribute(tmp_path: Path, value: str) -> None:
    built = hostile_site(tmp_path, value, ROOT / "overrides" / "main.html")
    site = load_site(built)
    assert list(check_head(site, nowhere)) == []
    tree = site.pages["page/index.html"].tree
    for selector in (
        'meta[name="description"]',
        'meta[property="og:description"]',
        'meta[name="twitter:description"]',
        'meta[property="og:title"]',
    ):
        node = tree.css_first(selector)
        assert node is not None and node.attributes.get("content") == value, selector
    title = tree.css_first("title")
    assert title is not None and title.text() == f"{value} - Hostile"
    assert tree.css("head script") == [] or all("alert" not in s.text() for s in tree.css("script"))


@pytest.mark.parametrize("value", HOSTILE)
def test_an_unescaped_template_fires_head_injected(tmp_path: Path, value: str) -> None:
    built = hostile_site(tmp_path, value, ROOT / "tests" / "fixtures" / "check" / "unescaped-main.html")
    problems = [p for p in check_head(load_site(built), nowhere) if p.path == "page/index.html"]
    assert [p.code for p in problems][:1] == ["head-injected"], problems


@pytest.mark.parametrize("base", ["/p/themes/x/", "/p/", "/p/404.html", "/p/a/b/c.html", "/"])
@pytest.mark.parametrize(
    "reference",
    ["../../assets/a.css", "../", "./", "..", ".", "x", "x/", "/y/z", "../../../../q", "a/./b/../c", "", "../x/.."],
)
def test_join_path_resolves_as_rfc_3986(base: str, reference: str) -> None:
    from urllib.parse import urljoin, urlsplit

    from verbatim.links import join_path

    assert join_path(base, reference) == urlsplit(urljoin("https://h.test" + base, reference)).path


def test_a_link_to_a_markdown_page_that_is_not_there_names_the_closest_page() -> None:
    """MkDocs leaves a .md link it cannot resolve as written: the hint names the docs page
    most like it, as the writer's page would link it."""
    html = '<!doctype html><html><head></head><body><a href="../glossry.md#agi">x</a></body></html>'
    page = parse_page("guide/a/index.html", html, "guide/a.md")
    sources = {"guide/a/index.html": "guide/a.md", "glossary/index.html": "glossary.md"}
    project = Project(Path("/p"), Path("/p/mkdocs.yml"), Path("/p/docs"), sources=sources)
    site = BuiltSite(Path("/nonexistent"), {page.path: page}, frozenset({page.path, "glossary/index.html"}), project)
    [problem] = check_links(site, nowhere)
    assert problem.code == "link-missing-page"
    assert problem.message == "link ../glossry.md#agi leads to no page in docs_dir"
    assert problem.hint.startswith("did you mean ../glossary.md? (MkDocs rewrites a link to a .md file only")


def test_a_missing_anchor_lists_the_page_s_sections_before_the_theme_s_ids() -> None:
    body = '<div id="__drawer"></div><div id="__nav_2"></div><h2 id="results">R</h2><a href="#qqqqqqqq">x</a>'
    [problem] = check_links(site_of(body), nowhere)
    assert problem.hint == "no close id; the page's ids: results, __drawer, __nav_2"
