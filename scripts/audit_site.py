"""Speed budget: Lighthouse scores and the bytes each page loads (`make audit`).

Builds the site for the address it is then served at (as the deploy workflow
builds it for GitHub Pages), serves it under /age-of-research/ on 127.0.0.1
with gzip as Pages does (scripts/pages_server.py), and runs Lighthouse 12
(pinned in scripts/package.json) with its default mobile preset - a mid-range
phone on a slow 4G line, simulated - against Debian's Chromium, on the home
page and one theme page. Each page is measured several times and the run with
the median performance score is reported, as Lighthouse's docs advise.

Prints the four category scores and the bytes each page loads by type (sent
over the wire, gzip, and unpacked), and exits 1 if the budget in README.md's
"Speed budget" section is not held. A benchmark, not a test: it needs npm and
takes about a minute.

    python scripts/audit_site.py [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from pages_server import DEFAULT_PREFIX, PagesServer

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
LIGHTHOUSE = SCRIPTS / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "", "theme": "themes/jaggedness/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]

# The budget README.md states. Scores are Lighthouse's 0-1; bytes are what
# travels over the wire (gzip), in KiB, per page on a first visit.
SCORE_BUDGET = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
KIB_BUDGET = {"HTML": 15, "CSS": 30, "JS": 40, "search index": 25, "total": 120}

# A Lighthouse JSON report, or a part of one: deep, and read here by key only.
Report = dict[str, Any]

CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM_PATH"), os.environ.get("CHROME_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("audit: no Chromium found (set CHROMIUM_PATH)")


def ensure_lighthouse() -> None:
    """Install the pinned Lighthouse from scripts/package-lock.json when missing."""
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        sys.exit("audit: npm is needed to install Lighthouse (scripts/package.json)")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=SCRIPTS, check=True)


def build(site_dir: Path, site_url: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    env.setdefault("SOURCE_DATE_EPOCH", "1764028800")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def lighthouse(url: str, report: Path) -> Report:
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": chromium()},
        check=True,
    )
    result: Report = json.loads(report.read_text())
    return result


def median_run(runs: list[Report]) -> Report:
    """The run whose performance score is the median (upper median for even counts)."""
    ranked = sorted(runs, key=lambda run: run["categories"]["performance"]["score"])
    return ranked[len(ranked) // 2]


def kind(request: Report) -> str:
    if request["url"].endswith("search/search_index.json"):
        return "search index"
    return {"Document": "HTML", "Stylesheet": "CSS", "Script": "JS"}.get(request["resourceType"], "other")


def bytes_by_kind(run: Report) -> dict[str, tuple[int, int]]:
    """Transfer (wire) and resource (unpacked) bytes per kind, from Lighthouse's network log."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for request in run["audits"]["network-requests"]["details"]["items"]:
        if request["url"].startswith("data:"):
            continue  # inline icons in the CSS, already counted with it
        totals[kind(request)][0] += request.get("transferSize") or 0
        totals[kind(request)][1] += request.get("resourceSize") or 0
    totals["total"] = [sum(wire for wire, _ in totals.values()), sum(unpacked for _, unpacked in totals.values())]
    return {name: (wire, unpacked) for name, (wire, unpacked) in totals.items()}


def audit_page(name: str, url: str, runs: int, workdir: Path) -> bool:
    results = [lighthouse(url, workdir / f"{name}-{n}.json") for n in range(runs)]
    run = median_run(results)
    performance = [r["categories"]["performance"]["score"] for r in results]
    print(f"\n{name}: {url}")
    print(
        f"  Lighthouse {run['lighthouseVersion']}, mobile preset, "
        f"{run['environment']['hostUserAgent'].split(' ')[-2]}; "
        f"performance over {runs} runs: {', '.join(f'{p:.2f}' for p in performance)} "
        f"(median {statistics.median(performance):.2f})"
    )
    held = True
    for category in CATEGORIES:
        score = run["categories"][category]["score"]
        ok = score >= SCORE_BUDGET[category]
        held &= ok
        print(f"  {category:<15} {score:.2f}   budget >= {SCORE_BUDGET[category]:.2f}  {'ok' if ok else 'OVER BUDGET'}")
    for warning in run.get("runWarnings", []):
        print(f"  warning: {warning}")
    benchmarks = ", ".join(str(round(r["environment"]["benchmarkIndex"])) for r in results)
    print(
        f"  CPU benchmark index per run: {benchmarks} (Lighthouse's simulation assumes "
        f"a desktop-class CPU; a busy machine scores lower and slower)"
    )
    metrics = run["audits"]["metrics"]["details"]["items"][0]
    print(
        f"  FCP {metrics['firstContentfulPaint']} ms, LCP {metrics['largestContentfulPaint']} ms, "
        f"TBT {metrics['totalBlockingTime']} ms, CLS {metrics['cumulativeLayoutShift']:.3f}, "
        f"SI {metrics['speedIndex']} ms"
    )
    print(f"  {'bytes':<15} {'wire (gzip)':>12} {'unpacked':>10}   budget (wire)")
    for kind_name, (wire, unpacked) in sorted(bytes_by_kind(run).items(), key=lambda item: item[0] == "total"):
        budget = KIB_BUDGET.get(kind_name)
        ok = budget is None or wire <= budget * 1024
        held &= ok
        limit = f"<= {budget} KiB  {'ok' if ok else 'OVER BUDGET'}" if budget else ""
        print(f"  {kind_name:<15} {wire:>12,} {unpacked:>10,}   {limit}")
    return held


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument("--keep", type=Path, help="keep the Lighthouse JSON reports here")
    args = parser.parse_args()
    ensure_lighthouse()
    with tempfile.TemporaryDirectory(prefix="audit-") as scratch:
        workdir = Path(scratch)
        site_dir = workdir / "site"
        site_dir.mkdir()
        with PagesServer(site_dir, prefix=DEFAULT_PREFIX) as server:
            build(site_dir, server.url)
            # Every page is audited, even after one is over budget: all() of a generator would stop there.
            verdicts = [audit_page(name, server.url + path, args.runs, workdir) for name, path in PAGES.items()]
            held = all(verdicts)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for report in workdir.glob("*.json"):
                shutil.copy2(report, args.keep / report.name)
    print("\nBudget held." if held else "\nBudget NOT held.")
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
