"""Lighthouse on every page of the site as GitHub Pages serves it (part of `make bench`).

Lighthouse is installed by the bench itself, pinned, with npm into `.tools/` (ignored by
git; no global install). Each page is audited on Lighthouse's mobile profile three times;
each category's median is compared with the budgets. Lighthouse's benchmark index of the
CPU (median of the runs) is printed beside each page: on a shared machine it shows how busy
the CPU was, which the performance score follows. For a page that misses one, the
audits that cost it points are printed, and every median run's report is kept in
`.tools/lighthouse-reports/` to read in full.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = "12.2.3"  # 13.x needs Node 22
TOOLS = ROOT / ".tools" / "lighthouse"
REPORTS = ROOT / ".tools" / "lighthouse-reports"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}  # issue 19
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "best", "seo": "seo"}


def install() -> Path | str:
    """The pinned Lighthouse's command, installed on first use; a sentence when it cannot be."""
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    manifest = TOOLS / "node_modules" / "lighthouse" / "package.json"
    if not (shutil.which("node") and shutil.which("npm")):  # Lighthouse runs on Node
        return "Node.js (node and npm) not found: Lighthouse not measured. Install Node 18-22 and rerun."
    if manifest.is_file() and json.loads(manifest.read_text())["version"] == VERSION:
        return binary
    print(f"installing lighthouse@{VERSION} into {TOOLS.relative_to(ROOT)}/ (once)", flush=True)
    TOOLS.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(TOOLS),
            "--no-save",
            "--no-package-lock",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"lighthouse@{VERSION}",
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or not binary.exists():
        return f"npm could not install lighthouse@{VERSION}:\n{done.stdout}{done.stderr}"
    return binary


def audit(binary: Path, url: str, chromium: str) -> dict:
    """One Lighthouse run (mobile, all four categories): its full JSON report."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        done = subprocess.run(
            [
                str(binary),
                url,
                f"--only-categories={','.join(CATEGORIES)}",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env={**os.environ, "CHROME_PATH": chromium},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0 or not report.is_file():
            raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
        return json.loads(report.read_text())


def scores(report: dict) -> dict[str, float]:
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def lost_points(report: dict, category: str) -> list[str]:
    """The scored audits of `category` that did not pass, as 'title (score)'."""
    out = []
    for ref in report["categories"][category]["auditRefs"]:
        result = report["audits"][ref["id"]]
        if ref["weight"] > 0 and result["score"] is not None and result["score"] < 1:
            value = f", {result['displayValue']}" if result.get("displayValue") else ""
            out.append(f"{result['title']} (score {result['score']:.2f}{value})")
    return out


def measure(base_url: str, pages: list[str], chromium: str, runs: int = 3) -> dict | str:
    """{page: {category: median score, 'fcp': s, 'lcp': s, 'lost': [...]}}, or why not."""
    binary = install()
    if isinstance(binary, str):
        return binary
    REPORTS.mkdir(parents=True, exist_ok=True)
    results = {}
    for page in pages:
        reports = [audit(binary, base_url + page, chromium) for _ in range(runs)]
        by_performance = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])
        median_run = by_performance[len(reports) // 2]
        row = {c: statistics.median(scores(r)[c] for r in reports) for c in CATEGORIES}
        audits = median_run["audits"]
        row["fcp"] = audits["first-contentful-paint"]["numericValue"] / 1000
        row["lcp"] = audits["largest-contentful-paint"]["numericValue"] / 1000
        # Lighthouse's own CPU benchmark of the machine during the runs: low when it is busy.
        row["cpu"] = statistics.median(r["environment"]["benchmarkIndex"] for r in reports)
        row["lost"] = [
            f"{c}: {item}"
            for c in CATEGORIES
            if row[c] < BUDGETS[c]
            for item in lost_points(median_run, c)
        ]
        name = (page.strip("/") or "home").replace("/", "--")
        (REPORTS / f"{name}.json").write_text(json.dumps(median_run))
        results[page or "/"] = row
        print(_line(page or "/", row), flush=True)
    return results


def header() -> str:
    cols = " ".join(f"{SHORT[c]:>5}" for c in CATEGORIES)
    return f"{'page':<40} {cols} {'FCP':>6} {'LCP':>6} {'CPU index':>9}"


def _line(page: str, row: dict) -> str:
    cols = " ".join(f"{row[c]:>5.0f}" for c in CATEGORIES)
    missed = [SHORT[c] for c in CATEGORIES if row[c] < BUDGETS[c]]
    flag = f"  misses: {', '.join(missed)}" if missed else ""
    return f"{page:<40} {cols} {row['fcp']:>5.1f}s {row['lcp']:>5.1f}s {row['cpu']:>9.0f}{flag}"


def summary(results: dict) -> list[str]:
    """The budget verdict and, for each page that misses one, what cost it."""
    budgets = ", ".join(f"{SHORT[c]} ≥ {b}" for c, b in BUDGETS.items())
    missing = {page: row for page, row in results.items() if row["lost"]}
    lines = [
        f"budgets ({budgets}): met on {len(results) - len(missing)} of {len(results)} pages",
    ]
    for c in CATEGORIES:
        values = [row[c] for row in results.values()]
        lines.append(f"  {c}: {min(values):.0f}–{max(values):.0f}")
    for page, row in missing.items():
        lines.append(f"{page} misses a budget; its median run lost points on:")
        lines += [f"    {item}" for item in row["lost"]]
    return lines
