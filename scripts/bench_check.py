#!/usr/bin/env python3
"""Time the proof of built sites against `mkdocs build` on synthetic sites (`make bench`).

For each size (100, 1,000, 2,000 and 10,000 pages by default) it writes a site into a
temporary folder: a 1 MB source text with quoted speech, and pages that each carry
10 quotations (8 inline, a speaker's block and the publisher's block) and 10
cross-links to section anchors of other pages, all true, so the proof must prove
every one of them and report nothing.  It builds each site once with `mkdocs build`
(Material, without the proving hook), then proves the built folder with
`check_content.py --site DIR --config mkdocs.yml`, and prints per size:

* the build's seconds;
* the proof's own seconds (what the command reports: reading and parsing every built
  page, every quotation, link and rule), best of a few runs, and the command's wall
  clock (interpreter start, imports and MkDocs' config loader included);
* the proof's share of the build (its own seconds against the build's);
* the built pages' size in MB and the proof's seconds per 100 MB of them: a larger
  synthetic site has a longer nav on every page, so pages grow with the site and the
  proof is linear in what it reads, not in the count of pages;
* the command's peak memory (its worker processes included);
* with ``--instructions`` (needs valgrind), for the smallest size, the proof's CPU
  instructions a page, counted by callgrind in one process (proving the site once, less
  loading it all and proving nothing): this machine's speed drifts by a third from hour
  to hour and the count does not, so it tells whether a change made the proof cheaper
  (a few minutes under valgrind).

Goals on the project's 2-core machine: the real site proved in under 1 s; 2,000 pages
in under 4 s; linear growth; the proof at most 15 % of the build. This is a benchmark
that prints figures, not a test: nothing here fails on time.

    python scripts/bench_check.py [--sizes 100 1000 2000 10000] [--build-max N] [--instructions]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT / "scripts" / "check_content.py"

SPEAKER = "Ada Example"
PUBLISHER = "The Bench"
SECTIONS = 10
PAGES_PER_FOLDER = 100


# ---------------------------------------------------------------------------
# The synthetic source: Zipf-distributed invented words, one paragraph a line
# ---------------------------------------------------------------------------


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    syllables = [
        "ka",
        "lo",
        "mi",
        "ren",
        "sa",
        "tu",
        "vel",
        "dor",
        "ia",
        "ne",
        "pho",
        "rix",
        "ta",
        "mun",
        "ce",
        "bra",
        "go",
        "li",
        "ex",
        "ston",
    ]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def sentence(rng: random.Random, words: list[str], weights: list[float]) -> str:
    chosen = rng.choices(words, weights, k=rng.randint(8, 22))
    text = " ".join(chosen)
    if rng.random() < 0.3:
        middle = rng.randrange(2, len(chosen) - 2)
        text = " ".join(chosen[:middle]) + ", " + " ".join(chosen[middle:])
    return text[0].upper() + text[1:] + "."


def make_source(rng: random.Random, size: int) -> list[str]:
    """Paragraphs (lines) of about ``size`` characters in all; some carry quoted speech."""
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    lines, total = [], 0
    while total < size:
        parts = []
        for _ in range(rng.randint(3, 7)):
            if rng.random() < 0.25:
                said = sentence(rng, words, weights)[:-1]
                parts.append(f'"{said}," says {SPEAKER.split()[-1]}.')
            else:
                parts.append(sentence(rng, words, weights))
        line = " ".join(parts)
        lines.append(line)
        total += len(line) + 1
    return lines


def run_of_words(rng: random.Random, line: str, quoted: bool) -> str:
    """6 to 12 whole words from a line, inside its quoted speech when ``quoted``."""
    if quoted:
        spans = line.split('"')[1::2]
        if spans:
            words = rng.choice(spans).rstrip(",").split()
            size = min(len(words), rng.randint(6, 12))
            start = rng.randint(0, len(words) - size)
            return " ".join(words[start : start + size])
    words = line.split()
    while True:  # a contiguous run that does not cross the source's quotation marks
        start = rng.randrange(len(words))
        run = []
        for word in words[start : start + rng.randint(6, 12)]:
            if '"' in word:
                break
            run.append(word)
        if len(run) >= 3:
            return " ".join(run)


# ---------------------------------------------------------------------------
# The synthetic site
# ---------------------------------------------------------------------------


def page_path(number: int) -> str:
    return f"part-{number // PAGES_PER_FOLDER:03d}/page-{number:05d}.md"


def make_page(rng: random.Random, number: int, count: int, source: list[str]) -> str:
    here = Path(page_path(number)).parent
    targets = [(number + 1) % count] + [rng.randrange(count) for _ in range(SECTIONS - 1)]
    quoted_lines = [line for line in source if '"' in line]
    out = [
        "---",
        f"title: Page {number}",
        f"description: Synthetic page {number} of {count}.",
        "---",
        "",
        f"# Page {number}",
        "",
        "A synthetic page: ten quotations and ten cross-links, every one of them true.",
        "",
    ]
    for section in range(1, SECTIONS + 1):
        target = targets[section - 1]
        link = os.path.relpath(page_path(target), here).replace(os.sep, "/")
        out += [f"## Section {section} {{#s-{section}}}", ""]
        if section == 1:
            words = run_of_words(rng, rng.choice(quoted_lines), quoted=True)
            out += [f'!!! quote "{SPEAKER}"', "", f"    {words}", ""]
        elif section == 2:
            words = run_of_words(rng, rng.choice(source), quoted=False)
            out += [f'!!! quote "{PUBLISHER}"', "", f"    {words}", ""]
        else:
            words = run_of_words(rng, rng.choice(source), quoted=False)
            out += [
                f'The source says "{words}", which this page discusses at some length, with',
                "*emphasis*, `code` and a line that wraps.",
                "",
            ]
        out += [f"See [section {section} of page {target}]({link}#s-{rng.randint(1, SECTIONS)}).", ""]
    return "\n".join(out)


def make_site(folder: Path, pages: int, source_bytes: int) -> Path:
    rng = random.Random(20251125)
    (folder / "sources").mkdir(parents=True)
    source = make_source(rng, source_bytes)
    (folder / "sources" / "bench.txt").write_text("\n".join(source) + "\n", encoding="utf-8")
    (folder / "sources" / "bench.yml").write_text(
        f"publisher: {PUBLISHER}\nspeakers:\n  - name: {SPEAKER}\n", encoding="utf-8"
    )
    docs = folder / "docs"
    docs.mkdir()
    index = ["# Bench", ""] + [
        f"- [Part {part}]({page_path(part * PAGES_PER_FOLDER)})"
        for part in range((pages + PAGES_PER_FOLDER - 1) // PAGES_PER_FOLDER)
    ]
    (docs / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    for number in range(pages):
        path = docs / page_path(number)
        path.parent.mkdir(exist_ok=True)
        path.write_text(make_page(rng, number, pages, source), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Bench\n"
        "theme:\n  name: material\n  font: false\n  features: [navigation.prune]\n"
        # random runs of the source, quoted on thousands of pages, exceed the site's budget
        "extra:\n  verbatim:\n    quote_budget: 1.0\n"
        "markdown_extensions:\n  - abbr\n  - admonition\n  - attr_list\n  - footnotes\n"
        "  - md_in_html\n  - toc:\n      permalink: true\n  - pymdownx.details\n"
        "  - pymdownx.superfences\n",
        encoding="utf-8",
    )
    return folder / "mkdocs.yml"


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------


#: the peak resident memory (MB) of the last command timed, its worker processes included
last_peak_mb = 0.0


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run ``command``; its wall clock seconds and result (``last_peak_mb``: its memory)."""
    global last_peak_mb
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        # wait4 reaps the one command and tells its peak memory (its reaped workers' too)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        last_peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
        out.seek(0)
        err.seek(0)
        return seconds, subprocess.CompletedProcess(command, process.returncode, out.read(), err.read())


def build(config: Path, site: Path) -> float:
    seconds, result = timed(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)], config.parent
    )
    if result.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{result.stderr[-3000:]}")
    return seconds


def prove(config: Path, site: Path, repeat: int) -> tuple[float, float, float]:
    """(the proof's own seconds, the command's wall clock, its peak MB), best of ``repeat`` runs."""
    best_proof, best_wall, peak = float("inf"), float("inf"), 0.0
    for _ in range(repeat):
        wall, result = timed(
            [sys.executable, str(CHECKER), "--site", str(site), "--config", str(config)], config.parent
        )
        found = re.search(r"proved in ([\d.]+) s", result.stderr)
        if result.returncode != 0 or found is None:
            sys.exit(f"the proof found problems in the site:\n{result.stdout[:2000]}{result.stderr}")
        best_proof, best_wall = min(best_proof, float(found.group(1))), min(best_wall, wall)
        peak = max(peak, last_peak_mb)
    return best_proof, best_wall, peak


def prove_times(config: Path, site: Path, times: int) -> None:
    """Prove a built site ``times`` times over in this process (what callgrind counts; 0: load
    MkDocs' config and import what the proof imports, and prove nothing)."""
    from verbatim.built import list_site
    from verbatim.matching import load_sources
    from verbatim.project import load_project
    from verbatim.site_proof import budget_limit, prove_built_site

    built_config, project = load_project(config, site)
    for _ in range(times):
        index = load_sources(project.root / "sources")
        report = prove_built_site(list_site(site.resolve(), project), index, budget_limit(built_config.extra), 1)
        if report.problems:
            sys.exit(f"the proof found problems in the site: {report.problems[0]}")


def instructions_per_page(config: Path, site: Path) -> float | None:
    """The proof's instructions a page: callgrind's count for proving the site once less its
    count for loading it all and proving nothing (start-up and imports cancel out; reading
    the sources and building their tables count), over its pages; None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    counts = []
    for times in (0, 1):
        command = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__]
        _, result = timed([*command, "--prove-times", str(times), str(site), str(config)], config.parent)
        found = re.search(r"Collected : (\d+)", result.stderr)
        if result.returncode != 0 or found is None:
            sys.exit(f"callgrind failed:\n{result.stderr[-2000:]}")
        counts.append(int(found.group(1)))
    pages = sum(1 for page in site.rglob("*.html"))
    return (counts[1] - counts[0]) / pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 2000, 10000])
    parser.add_argument("--source-bytes", type=int, default=1_000_000)
    parser.add_argument("--build-max", type=int, default=None, help="skip sites larger than this")
    parser.add_argument("--instructions", action="store_true", help="count the proof's instructions a page")
    parser.add_argument("--prove-times", nargs=3, metavar=("TIMES", "SITE", "CONFIG"), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.prove_times:
        times, site, config = arguments.prove_times
        prove_times(Path(config), Path(site), int(times))
        return 0

    print(
        f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the start "
        "(figures from a busy machine run slow)",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench-real-") as temporary:
        real_build = build(ROOT / "mkdocs.yml", Path(temporary) / "site")
        real_proof, real_wall, real_peak = prove(ROOT / "mkdocs.yml", Path(temporary) / "site", repeat=3)
    print(
        f"real site: build {real_build:.1f} s, proof {real_proof:.2f} s ({real_proof / real_build:.0%} of the "
        f"build; goal < 1 s), command {real_wall:.2f} s, {real_peak:.0f} MB",
        flush=True,
    )
    print(
        f"{'pages':>7} {'build s':>9} {'proof s':>9} {'command s':>10} {'proof/build':>12} {'s/1000 pages':>13}"
        f" {'HTML MB':>8} {'s/100 MB':>9} {'peak MB':>8}",
        flush=True,
    )
    proofs: dict[int, float] = {}
    for size in arguments.sizes:
        if arguments.build_max and size > arguments.build_max:
            print(f"{size:>7} {'-':>9} {'-':>9} {'-':>10} {'-':>12} {'-':>13} {'-':>8} {'-':>9} {'-':>8}", flush=True)
            continue
        with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as temporary:
            folder = Path(temporary)
            config = make_site(folder / "project", size, arguments.source_bytes)
            seconds = build(config, folder / "site")
            proof, wall, peak = prove(config, folder / "site", repeat=3 if size <= 2000 else 1)
            html_mb = sum(page.stat().st_size for page in (folder / "site").rglob("*.html")) / 1e6
            proofs[size] = proof
            print(
                f"{size:>7} {seconds:>9.1f} {proof:>9.2f} {wall:>10.2f} {proof / seconds:>12.0%} "
                f"{proof / size * 1000:>13.2f} {html_mb:>8.0f} {proof / html_mb * 100:>9.2f} {peak:>8.0f}",
                flush=True,
            )
            counting = arguments.instructions and size == min(arguments.sizes)
            counted = instructions_per_page(config, folder / "site") if counting else None
            if counted is not None:
                print(f"{'':>7} {counted / 1e6:.1f} million instructions a page (callgrind, one process)", flush=True)
            elif counting:
                print(f"{'':>7} no valgrind: no instruction count", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    if 1000 in proofs and 10000 in proofs:
        print(f"10,000 pages take {proofs[10000] / proofs[1000]:.1f} times 1,000 (linear: 10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
