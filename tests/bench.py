"""Benchmark: build speed and page weight, printed as medians and ratios (`make bench`).

Runs on a throwaway copy of the project so the working tree and its cache are
untouched. Timings are wall-clock medians over --runs builds; the ratios, not
the seconds, are what to compare across machines.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import bench_sliders  # noqa: E402
from project_files import copy_project  # noqa: E402

MKDOCS = Path(sys.executable).with_name("mkdocs")
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "MPLBACKEND": "Agg",
    "PYTHONDONTWRITEBYTECODE": "1",
}
PAGE_BUDGET_KB = 150
FIGURE_BUDGET_KB = 60
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".ipynb", ".txt", ".map"}


def build(project: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(project / "site")],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout + done.stderr


def recomputed(log: str) -> list[str]:
    modules = re.findall(r"computed snippets/(\w+)\.py", log)
    notebooks = re.findall(r"Converting notebook .*?/notebooks/([\w-]+)\.ipynb", log)
    return sorted(modules) + [f"notebook:{n}" for n in sorted(notebooks)]


def median_build(project: Path, runs: int, before=None) -> tuple[float, str]:
    times, log = [], ""
    for _ in range(runs):
        if before:
            before()
        elapsed, log = build(project)
        times.append(elapsed)
    return statistics.median(times), log


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def speed(runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp))
        clean_time, clean_log = median_build(
            project, runs, lambda: shutil.rmtree(project / ".cache", True)
        )
        reference_time, reference_log = median_build(project, runs)
        page = project / "docs" / "model-parameters.md"
        counter = iter(range(10_000))
        prose_time, prose_log = median_build(
            project, runs, lambda: append(page, f"\nAn edited sentence, number {next(counter)}.\n")
        )
        snippet = project / "snippets" / "regression.py"
        snippet_time, snippet_log = median_build(
            project, runs, lambda: append(snippet, f"\n# an edit, number {next(counter)}\n")
        )
        parallel = re.search(
            r"computed (\d+) snippet modules in ([\d.]+) s \(sum ([\d.]+) s\) on (\d+) workers",
            clean_log,
        )
        return {
            "clean": clean_time,
            "reference": reference_time,
            "prose": prose_time,
            "snippet": snippet_time,
            "reference_recomputed": recomputed(reference_log),
            "prose_recomputed": recomputed(prose_log),
            "snippet_recomputed": recomputed(snippet_log),
            "parallel": parallel.groups() if parallel else None,
            "site": None,
        }


SNIPPET_TIMER = """
import importlib, statistics, sys, time
sys.path.insert(0, sys.argv[1])
module = importlib.import_module("snippets." + sys.argv[2])
times = []
for _ in range(3):
    start = time.process_time()
    module.compute()
    times.append(time.process_time() - start)
print(statistics.median(times))
"""


def snippet_times() -> dict[str, float]:
    """CPU seconds of each module's compute() on one core (one BLAS thread), median of 3."""
    one_core = {**ENV, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    times = {}
    for path in sorted((ROOT / "snippets").glob("*.py")):
        if path.stem == "__init__":
            continue
        done = subprocess.run(
            [sys.executable, "-c", SNIPPET_TIMER, str(ROOT), path.stem],
            env=one_core,
            capture_output=True,
            text=True,
            check=True,
        )
        times[path.stem] = float(done.stdout.strip())
    return times


def built_site(target: Path) -> Path:
    project = copy_project(target)
    build(project)
    return project / "site"


def compressed_size(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix in COMPRESSIBLE:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def page_weights(site: Path) -> list[tuple[str, int, int, int]]:
    """(page, requests, compressed bytes, raw bytes) on a first visit, measured in Chromium."""
    from browser_check import find_chromium
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=find_chromium(), args=["--no-sandbox"]
            )
            for page_path in pages:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                tab = context.new_page()
                urls = []
                tab.on("requestfinished", lambda request, urls=urls: urls.append(request.url))
                url = f"{base}/{'' if page_path == '.' else page_path + '/'}"
                tab.goto(url, wait_until="networkidle")
                tab.wait_for_timeout(1500)  # the search worker fetches its index after load
                files = [
                    site / re.sub(r"[?#].*$", "", u[len(base) + 1 :])
                    for u in urls
                    if u.startswith(base)
                ]
                files = [f / "index.html" if f.is_dir() else f for f in files]
                results.append(
                    (
                        page_path,
                        len(urls),
                        sum(compressed_size(f) for f in files),
                        sum(f.stat().st_size for f in files),
                    )
                )
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return results


def lighthouse(site: Path, pages: list[str]) -> dict[str, float] | str:
    binary = shutil.which("lighthouse")
    if not binary:
        return "not found: `npm install -g lighthouse@12.2.3` to measure (needs Chromium)"
    from browser_check import find_chromium

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    scores = {}
    try:
        for page in pages:
            runs = []
            for _ in range(3):
                with tempfile.NamedTemporaryFile(suffix=".json") as report:
                    subprocess.run(
                        [
                            binary,
                            f"{base}/{page}",
                            "--only-categories=performance",
                            "--output=json",
                            f"--output-path={report.name}",
                            "--quiet",
                            "--chrome-flags=--headless --no-sandbox --disable-gpu",
                        ],
                        env={**ENV, "CHROME_PATH": find_chromium()},
                        check=True,
                        capture_output=True,
                    )
                    runs.append(
                        json.loads(Path(report.name).read_text())["categories"]["performance"][
                            "score"
                        ]
                        * 100
                    )
            scores[page or "/"] = statistics.median(runs)
    finally:
        server.shutdown()
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement (median)")
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()

    print(f"== build speed (median of {args.runs} runs, {os.cpu_count()} cores)")
    if not args.skip_speed:
        s = speed(args.runs)
        ref = s["reference"]
        rows = [
            ("clean build (every figure and notebook computed)", s["clean"], None),
            ("reference: rebuild, nothing changed, no code run", ref, s["reference_recomputed"]),
            ("rebuild after editing one page's prose", s["prose"], s["prose_recomputed"]),
            ("rebuild after editing snippets/regression.py", s["snippet"], s["snippet_recomputed"]),
        ]
        for label, seconds, what in rows:
            extra = "" if what is None else f"  recomputed: {', '.join(what) or 'nothing'}"
            print(f"{label:<55} {seconds:6.2f} s  {seconds / ref:5.2f}× reference{extra}")
        verdict = "met" if s["prose"] <= 1.2 * ref else "NOT met"
        print(f"budget: prose rebuild ≤ 1.2× reference: {s['prose'] / ref:.2f}× ({verdict})")
        if s["parallel"]:
            n, wall, total, workers = s["parallel"]
            print(
                f"clean build: {n} snippet modules, {float(total):.1f} s of work in {float(wall):.1f} s "
                f"on {workers} workers ({float(total) / float(wall):.2f}× parallel speed-up)"
            )

    print("\n== compute() of each snippet module, CPU seconds on one core (median of 3)")
    for module, seconds in snippet_times().items():
        print(f"{module:<40} {seconds:6.2f} s{'' if seconds <= 1.0 else '  over a second'}")

    with tempfile.TemporaryDirectory() as tmp:
        site = built_site(Path(tmp))
        print(
            f"\n== first visit, empty cache (gzip -6 as a static host serves it; budget {PAGE_BUDGET_KB} KB)"
        )
        weights = page_weights(site)
        print(f"{'page':<40} {'requests':>8} {'compressed':>11} {'raw':>9}")
        for page, requests, compressed, raw in weights:
            flag = "" if compressed <= PAGE_BUDGET_KB * 1024 else "  over budget"
            print(
                f"{page:<40} {requests:>8} {compressed / 1024:>8.1f} KB {raw / 1024:>6.0f} KB{flag}"
            )
        heaviest = max(weights, key=lambda w: w[2])
        print(f"heaviest: {heaviest[0]} at {heaviest[2] / 1024:.1f} KB compressed")

        print(f"\n== figure files (budget {FIGURE_BUDGET_KB} KB each)")
        figures = sorted((site / "figures").glob("*.svg"))
        largest = max(figures, key=lambda f: f.stat().st_size)
        over = [f.name for f in figures if f.stat().st_size > FIGURE_BUDGET_KB * 1024]
        print(
            f"{len(figures)} files; largest {largest.name} at {largest.stat().st_size / 1024:.1f} KB; "
            f"over budget: {', '.join(over) or 'none'}"
        )

        frames_cost = () if args.skip_speed else (build, copy_project)  # two clean builds
        bench_sliders.report(site, compressed_size, QuietHandler, *frames_cost)

        print("\n== Lighthouse mobile performance (median of 3)")
        notebook = next((w[0] + "/" for w in weights if w[0].startswith("notebooks/")), "")
        scores = lighthouse(site, ["", "model-parameters/", notebook])
        if isinstance(scores, str):
            print(scores)
        else:
            for page, score in scores.items():
                print(f"{page:<40} {score:5.0f}")


if __name__ == "__main__":
    main()
