"""A large site is proved page by page, in shards (verbatim.site_proof): each page read,
proved and let go, some in a forked worker. These prove that sharding changes nothing a
writer sees: the same problems at the same places, the same quotations and budget; a
link to an id on a page of another shard is still proved; a page a worker cannot read
still stops the proof with one line."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from verbatim import built, run, site_proof
from verbatim.built import BuiltPage, BuiltSite, list_site, load_site, parse_page, read_page
from verbatim.links import LinkChecker, settle_claims
from verbatim.matching import SourceIndex, load_sources
from verbatim.problems import InputError
from verbatim.project import load_mkdocs_config, load_project
from verbatim.report import Report
from verbatim.rules import VerifiedIndex
from verbatim.run import _build

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "fixtures" / "check" / "bad"
HEAD = '<!doctype html><html><head><meta charset="utf-8"><title>T</title></head><body>{}</body></html>'


def nowhere(site: BuiltSite, page: BuiltPage, needle: str) -> tuple[str, int, int]:
    return page.path, 1, 1


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bad fixture built once (its hook defers the proof to the caller, as `make check`)."""
    folder = tmp_path_factory.mktemp("bad-site")
    _build(BAD / "mkdocs.yml", folder)
    return folder


def prove(site_dir: Path, workers: int, *, loaded: bool = False) -> Report:
    _config, project = load_project(BAD / "mkdocs.yml", site_dir)
    index = load_sources(project.root / "sources")
    site = (load_site if loaded else list_site)(site_dir, project)
    return site_proof.prove_built_site(site, index, workers=workers)


def parent_scans(monkeypatch: pytest.MonkeyPatch, late: bool) -> list[str]:
    """The pages this process proves (a forked worker's are not counted here); ``late``:
    this process starts proving a second late, so the worker takes pages first."""
    parent, scanned = os.getpid(), []
    scan, start = site_proof._Scanner.scan, site_proof._Scanner.__init__

    def counted(self: site_proof._Scanner, path: str) -> site_proof.PageScan:
        if os.getpid() == parent:
            scanned.append(path)
        return scan(self, path)

    def starting(self: site_proof._Scanner, *args: object, **options: object) -> None:
        if late and os.getpid() == parent:
            time.sleep(1)
        start(self, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(site_proof._Scanner, "scan", counted)
    monkeypatch.setattr(site_proof._Scanner, "__init__", starting)
    return scanned


@pytest.mark.parametrize(("workers", "late"), [(1, False), (2, False), (2, True)], ids=["one", "two", "worker-first"])
def test_page_by_page_reports_what_a_loaded_site_reports(
    bad_site: Path, monkeypatch: pytest.MonkeyPatch, workers: int, late: bool
) -> None:
    """A loaded site (every page parsed first) reads a link's target ids from its tree;
    page by page, a target not read yet is a claim settled at the end; a worker's pages
    come back with the texts whose share of the budget this process counts."""
    loaded = prove(bad_site, workers=1, loaded=True)
    monkeypatch.setattr(site_proof, "CHUNK", 1)  # one page a chunk: neighbours land in other shards
    scanned = parent_scans(monkeypatch, late)
    paged = prove(bad_site, workers=workers)
    assert paged.pages == loaded.pages > 2
    assert (len(scanned) < paged.pages) == (workers > 1)
    if late:
        assert scanned == []  # the worker took every page while this process started
    assert paged.sorted_problems() == loaded.sorted_problems()
    assert [q.text for q in paged.quotations] == [q.text for q in loaded.quotations]
    assert paged.budget == loaded.budget
    codes = {p.code for p in loaded.problems}
    assert {"link-missing-anchor", "quote-not-found", "quote-budget"} <= codes  # the fixture is not trivial


def test_a_link_to_an_id_on_a_page_not_read_yet_is_settled_with_its_hint(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        HEAD.format('<a href="../b/#Intro">right</a> <a href="../b/#intro">wrong case</a> <a href="../b/#gone">x</a>')
    )
    (tmp_path / "b" / "index.html").write_text(HEAD.format('<h2 id="Intro">Intro</h2>'))
    site = list_site(tmp_path)
    checker = LinkChecker(site, nowhere)
    assert list(checker.check_page(site.read("a/index.html"))) == []  # b is not read: claims
    assert [c.fragment for c in checker.claims] == ["Intro", "intro", "gone"]
    ids = {"a/index.html": frozenset(), "b/index.html": frozenset({"Intro"})}
    settled = [(p.code, p.message, p.hint) for p in settle_claims(site, checker.claims, ids, nowhere)]
    assert settled == [
        ("link-missing-anchor", "#intro is not an id on b/index.html", "anchors are case-sensitive: #Intro"),
        ("link-missing-anchor", "#gone is not an id on b/index.html", "no close id; the page's ids: Intro"),
    ]


@pytest.mark.parametrize(("workers", "late"), [(1, False), (2, False), (2, True)], ids=["one", "two", "worker-first"])
def test_a_page_that_cannot_be_read_stops_the_proof(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int, late: bool
) -> None:
    """Whichever process reads it (late: the worker, as this process starts late)."""
    for number in range(4):
        (tmp_path / f"p{number}.html").write_text(HEAD.format("<p>words</p>"))
    (tmp_path / "p1.html").unlink()
    os.mkfifo(tmp_path / "p1.html")
    monkeypatch.setattr(site_proof, "CHUNK", 1)
    scanned = parent_scans(monkeypatch, late)
    index = load_sources(BAD / "sources")
    with pytest.raises(InputError) as raised:
        site_proof.prove_built_site(list_site(tmp_path), index, workers=workers)
    assert (raised.value.path, raised.value.cause) == (str(tmp_path / "p1.html"), "not a regular file")
    assert "p1.html" not in scanned or not late


def test_a_page_is_read_as_utf_8_bytes_and_refused_when_it_is_none(tmp_path: Path) -> None:
    """Pages are parsed from their bytes (faster than from text): as UTF-8, a BOM dropped as
    a browser drops it, and a page that is no UTF-8 refused as reading it as text refused it."""
    (tmp_path / "bom.html").write_bytes("\ufeff".encode() + HEAD.format("<p>Café “said”</p>").encode())
    (tmp_path / "latin.html").write_bytes(HEAD.format("<p>caf\xe9</p>").encode("latin-1"))
    site = list_site(tmp_path)
    page = site.read("bom.html")
    paragraph = page.tree.css_first("p")
    assert paragraph is not None and paragraph.text() == "Café “said”"
    assert page.tree.html == parse_page("bom.html", (tmp_path / "bom.html").read_text(encoding="utf-8")).tree.html
    with pytest.raises(InputError, match=r"cannot be read .*utf-8"):
        site.read("latin.html")


@pytest.mark.parametrize(
    ("plant", "cause"),
    [
        (lambda path: path.mkdir(), "not a regular file"),  # a folder named like a page
        (lambda path: path.symlink_to("/dev/zero"), "not a regular file"),
        (lambda path: path.symlink_to(path.parent / "gone.html"), "not a regular file"),
        (lambda path: path.write_bytes(b"<p>" + b"x" * 64), "larger than 0 MiB"),  # the limit: 64 bytes
        (lambda path: (path.write_text("<p>x</p>"), path.chmod(0o200)), None),  # unreadable (for others than root)
    ],
    ids=["folder", "device", "broken-link", "oversized", "unreadable"],
)
def test_a_built_page_is_read_once_and_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plant: Callable[[Path], object], cause: str | None
) -> None:
    monkeypatch.setattr(built, "MAX_PAGE_BYTES", 64)
    page = tmp_path / "page.html"
    plant(page)
    if cause is None and os.geteuid() == 0:
        assert read_page(page) == b"<p>x</p>"  # root reads a file of mode 200
        return
    with pytest.raises(InputError) as raised:
        read_page(page)
    assert raised.value.path == str(page)
    assert raised.value.cause == cause if cause else raised.value.cause.startswith("cannot be read ([Errno 13]")


def test_a_built_page_is_read_whole(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    markup = HEAD.format("<p>“words”</p>" * 5000).encode()
    page.write_bytes(markup)
    assert read_page(page) == markup


def test_the_site_lists_every_file_but_folders_and_follows_no_folder_link(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a" / "b").mkdir(parents=True)
    for name in ("index.html", ".nojekyll", "a/page.html", "a/b/deep.css"):
        (site / name).write_text("x")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.html").write_text("x")
    (site / "linked").symlink_to(outside, target_is_directory=True)
    (site / "a" / "alias.html").symlink_to(site / "index.html")
    (site / "broken.html").symlink_to(tmp_path / "nowhere.html")
    listed = list_site(site)
    assert listed.files == {"index.html", ".nojekyll", "a/page.html", "a/b/deep.css", "a/alias.html", "broken.html"}
    assert listed.page_paths() == ["a/alias.html", "a/page.html", "broken.html", "index.html"]


def test_a_site_folder_that_cannot_be_listed_is_reported_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "page.html").write_text(HEAD.format("<p>words</p>"))
    real_scandir = os.scandir

    def scandir(path: str) -> object:  # root lists a folder of mode 000: the refusal, simulated
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("os.scandir", scandir)
    with pytest.raises(InputError) as raised:
        list_site(tmp_path)
    assert (raised.value.path, raised.value.cause) == (str(locked), "folder cannot be read (Permission denied)")


def test_a_large_site_is_sharded_and_a_small_one_is_not() -> None:
    assert site_proof._workers(site_proof.PARALLEL_FROM - 1) == 1
    assert site_proof._workers(site_proof.PARALLEL_FROM) == min(os.cpu_count() or 1, len(os.sched_getaffinity(0)))


def test_make_check_proves_with_the_index_its_build_looked_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quote cards verified the pages' quotations while the site was built: the proof of
    the built folder asks the same index, so it searches only for what the cards never saw."""
    indexes: list[object] = []
    prove_folder = run._prove

    def spy(config_file: Path, site_dir: Path, index: SourceIndex | None = None) -> Report:
        indexes.append(index)
        return prove_folder(config_file, site_dir, index)

    monkeypatch.setattr(run, "_prove", spy)
    monkeypatch.setattr(run, "load_sources", lambda *_: pytest.fail("the sources were loaded a second time"))
    report = run.check(ROOT / "mkdocs.yml")
    [index] = indexes
    assert isinstance(index, VerifiedIndex)
    assert report.quotations and not report.problems
    assert index.lookups < index.asked  # answers the build found were asked again, not searched


def test_the_build_proves_its_output_after_every_hook_has_written_it() -> None:
    """MkDocs runs hooks in their order in mkdocs.yml: bad input is refused before anything
    reads it, and the proof of the built site comes after the hooks that rewrite it."""
    config = load_mkdocs_config(ROOT / "mkdocs.yml")
    hooks = [Path(name).stem for name in config.hooks]
    assert hooks[0] == "refuse_bad_input"
    assert hooks[-1] == "prove_site"
