#!/usr/bin/env python3
"""Time the content checker against `mkdocs build` on synthetic sites (`make bench`).

For each size (100, 1,000 and 10,000 pages by default) it writes a site into a
temporary folder: a 1 MB source text with quoted speech, and pages that each carry
10 quotations (8 inline, a speaker's block and the publisher's block) and 10
cross-links to section anchors of other pages, all true, so the checker must prove
every one of them and report nothing.  It prints, per size:

* the checker's wall-clock seconds as `make check` runs it (a fresh interpreter,
  imports included), best of a few runs;
* `mkdocs build` of the same site without the hook, and with it, and the ratio of the
  checker to the build; the share the hook adds is its own time (logged at DEBUG)
  against the rest of the same build, which other processes' load cannot skew;
* for the real site, the checker's seconds from the repository root.

Goals on the project's 2-core machine: the real site under 0.5 s; 1,000 pages under
3 s; 10,000 pages at most 12 times 1,000; the hook adds at most 20% to a build.
This is a benchmark that prints figures, not a test: nothing here fails on time.

    python scripts/bench_check.py [--sizes 100 1000 10000] [--no-build] [--build-max N]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT / "scripts" / "check_content.py"
HOOK = ROOT / "overrides" / "hooks" / "check_content.py"

SPEAKER = "Ada Example"
PUBLISHER = "The Bench"
SECTIONS = 10
PAGES_PER_FOLDER = 100


# ---------------------------------------------------------------------------
# The synthetic source: Zipf-distributed invented words, one paragraph a line
# ---------------------------------------------------------------------------

def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ren", "sa", "tu", "vel", "dor", "ia", "ne", "pho", "rix",
                 "ta", "mun", "ce", "bra", "go", "li", "ex", "ston"]
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
            return " ".join(words[start:start + size])
    words = line.split()
    while True:  # a contiguous run that does not cross the source's quotation marks
        start = rng.randrange(len(words))
        run = []
        for word in words[start:start + rng.randint(6, 12)]:
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
        "---", f"title: Page {number}", f"description: Synthetic page {number} of {count}.",
        "---", "", f"# Page {number}", "",
        "A synthetic page: ten quotations and ten cross-links, every one of them true.", "",
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
            out += [f'The source says "{words}", which this page discusses at some length, with',
                    "*emphasis*, `code` and a line that wraps.", ""]
        out += [f"See [section {section} of page {target}]({link}#s-{rng.randint(1, SECTIONS)}).",
                ""]
    return "\n".join(out)


def make_site(folder: Path, pages: int, source_bytes: int, *, hook: bool) -> Path:
    rng = random.Random(20251125)
    (folder / "sources").mkdir(parents=True)
    source = make_source(rng, source_bytes)
    (folder / "sources" / "bench.txt").write_text("\n".join(source) + "\n", encoding="utf-8")
    (folder / "sources" / "bench.yml").write_text(
        f"publisher: {PUBLISHER}\nspeakers:\n  - name: {SPEAKER}\n", encoding="utf-8")
    docs = folder / "docs"
    docs.mkdir()
    index = ["# Bench", ""] + [f"- [Part {part}]({page_path(part * PAGES_PER_FOLDER)})"
                               for part in range((pages + PAGES_PER_FOLDER - 1) // PAGES_PER_FOLDER)]
    (docs / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    for number in range(pages):
        path = docs / page_path(number)
        path.parent.mkdir(exist_ok=True)
        path.write_text(make_page(rng, number, pages, source), encoding="utf-8")
    hooks = f"hooks:\n  - {HOOK}\n" if hook else ""
    (folder / "mkdocs.yml").write_text(
        "site_name: Bench\n"
        "theme:\n  name: material\n  features: [navigation.prune]\n"
        f"{hooks}"
        "markdown_extensions:\n  - abbr\n  - admonition\n  - attr_list\n  - footnotes\n"
        "  - md_in_html\n  - toc:\n      permalink: true\n  - pymdownx.details\n"
        "  - pymdownx.superfences\n", encoding="utf-8")
    return folder / "mkdocs.yml"


# ---------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------

def timed(command: list[str], cwd: Path, repeat: int = 1) -> tuple[float, subprocess.CompletedProcess]:
    best, result = float("inf"), None
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for _ in range(repeat):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                                check=False)
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return best, result


def check_seconds(config: Path, cwd: Path, repeat: int) -> float:
    seconds, result = timed([sys.executable, str(CHECKER), "--config", str(config)], cwd, repeat)
    if result.returncode != 0:
        sys.exit(f"the checker found problems in the synthetic site:\n{result.stdout[:2000]}"
                 f"{result.stderr}")
    return seconds


def build_seconds(config: Path, cwd: Path) -> tuple[float, float | None]:
    """(seconds of the whole build, seconds the hook took inside it, if it ran)."""
    seconds, result = timed([sys.executable, "-m", "mkdocs", "build", "-v", "-f", str(config),
                             "-d", str(cwd / "built")], cwd)
    if result.returncode != 0 or "WARNING" in result.stderr:
        sys.exit(f"mkdocs build failed or warned:\n{result.stderr[-3000:]}")
    hook = re.search(r"check_content: \d+ problems, checked in ([\d.]+) s", result.stderr)
    return seconds, float(hook.group(1)) if hook else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--source-bytes", type=int, default=1_000_000)
    parser.add_argument("--no-build", action="store_true", help="time only the checker")
    parser.add_argument("--build-max", type=int, default=None,
                        help="skip mkdocs builds of sites larger than this many pages")
    arguments = parser.parse_args(argv)

    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the start "
          "(figures from a busy machine run slow)")
    real = check_seconds(ROOT / "mkdocs.yml", ROOT, repeat=5)
    print(f"real site: checker {real:.2f} s (goal < 0.5 s, interpreter start included)")
    print(f"{'pages':>7} {'checker s':>10} {'build s':>9} {'+hook s':>9} {'check/build':>12} "
          f"{'hook adds':>10}")
    checker_times: dict[int, float] = {}
    for size in arguments.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as temporary:
            folder = Path(temporary)
            config = make_site(folder / "plain", size, arguments.source_bytes, hook=False)
            hooked = make_site(folder / "hooked", size, arguments.source_bytes, hook=True)
            seconds = check_seconds(config, folder / "plain", repeat=3 if size <= 1000 else 1)
            checker_times[size] = seconds
            row = f"{size:>7} {seconds:>10.2f}"
            if arguments.no_build or (arguments.build_max and size > arguments.build_max):
                print(row + f" {'-':>9} {'-':>9} {'-':>12} {'-':>10}", flush=True)
                continue
            build, _ = build_seconds(config, folder / "plain")
            with_hook, hook = build_seconds(hooked, folder / "hooked")
            assert hook is not None, "the hook did not report its time"
            # The hook's share is weighed inside one build (its own timing against the
            # rest of that build), so load from other processes cannot skew it.
            print(row + f" {build:>9.1f} {with_hook:>9.1f} {seconds / build:>11.0%} "
                  f"{hook / (with_hook - hook):>+10.0%}", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    if 1000 in checker_times and 10000 in checker_times:
        print(f"10,000 pages take {checker_times[10000] / checker_times[1000]:.1f} times "
              "1,000 (goal: at most 12)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
