"""Benchmark: build speed, page weight and Lighthouse, printed as medians and ratios (`make bench`).

Runs on a throwaway copy of the project so the working tree and its cache are
untouched. Page weight and Lighthouse are measured on the site as GitHub Pages
serves it (tests/pages_server.py: under a sub-path, gzip for text types). Timings are wall-clock medians over --runs builds; the ratios, not
the seconds, are what to compare across machines. `--only clean` times the clean build
alone against its floor, max(render, work / cores) (CleanBuild), with the load around it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]  # the bench modules, and the engine they use

import bench_lighthouse  # noqa: E402
import bench_sliders  # noqa: E402
import bench_suite  # noqa: E402
from pages_server import PagesServer  # noqa: E402
from project_files import copy_project  # noqa: E402

MKDOCS = Path(sys.executable).with_name("mkdocs")
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "MPLBACKEND": "Agg",
    "PYTHONDONTWRITEBYTECODE": "1",
}
PAGE_BUDGET_KB = 120  # issue 19: a first visit read to its end, at phone and desktop width
FIGURE_BUDGET_KB = 60


def build(project: Path, env: dict = ENV) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(project / "site")],
        cwd=project,
        env=env,
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
        parallel = POOL_LINE.search(clean_log)
        phone = re.search(r"phone variants of the figures: ([\d.]+) s", clean_log)
        return {
            "clean": clean_time,
            "reference": reference_time,
            "prose": prose_time,
            "snippet": snippet_time,
            "reference_recomputed": recomputed(reference_log),
            "prose_recomputed": recomputed(prose_log),
            "snippet_recomputed": recomputed(snippet_log),
            "parallel": parallel.groups() if parallel else None,
            "phone": float(phone.group(1)) if phone else None,
            "floor": clean_build(clean_time, clean_log, os.cpu_count() or 1),
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


POOL_LINE = re.compile(
    r"computed (\d+) snippet modules in ([\d.]+) s \(sum ([\d.]+) s\) on (\d+) workers"
)
NOTEBOOK_POOL_LINE = re.compile(r"executed (\d+) notebooks in ([\d.]+) s \(sum ([\d.]+) s\)")
NOTEBOOK_PAGES_LINE = re.compile(r"mkdocs-jupyter rendered (\d+) notebook pages in ([\d.]+) s")
JOB_LINE = re.compile(r"computed snippets/(\w+)\.py in ([\d.]+) s")


@dataclass(frozen=True)
class CleanBuild:
    """A clean build against its floor, from its wall time and what its log says.

    The build logs its two pools (snippet modules, then the notebooks: wall time and the
    sum of their jobs' times) and the time mkdocs-jupyter takes over the notebook pages
    as MkDocs renders them one by one (executing any notebook the pool did not). Work is
    all of it: each pool's jobs, the notebook pages, and `render`, the rest of the
    build (start-up, plan, Markdown to HTML, writing the site), which runs in one process.
    The floor is max(render, work / cores): no schedule beats either.
    """

    seconds: float  # the build's wall time
    module_pool: float  # wall time of the snippet modules' pool
    module_work: float  # sum of its jobs' times
    notebook_pool: float  # wall time of the notebooks' pool (0: none ran in it)
    notebook_work: float  # sum of its jobs' times
    notebook_pages: float  # mkdocs-jupyter's time on the notebook pages, one after another
    cores: int

    @property
    def render(self) -> float:
        return self.seconds - self.module_pool - self.notebook_pool - self.notebook_pages

    @property
    def work(self) -> float:
        return self.render + self.module_work + self.notebook_work + self.notebook_pages

    @property
    def floor(self) -> float:
        return max(self.render, self.work / self.cores)

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor


def clean_build(seconds: float, log: str, cores: int) -> CleanBuild:
    pool = POOL_LINE.search(log)
    if not pool:
        sys.exit("the clean build computed no snippet module (no pool line in its log)")
    notebooks = NOTEBOOK_POOL_LINE.search(log)
    pages = NOTEBOOK_PAGES_LINE.search(log)
    return CleanBuild(
        seconds,
        float(pool[2]),
        float(pool[3]),
        float(notebooks[2]) if notebooks else 0.0,
        float(notebooks[3]) if notebooks else 0.0,
        float(pages[2]) if pages else 0.0,
        cores,
    )


def print_floor(b: CleanBuild) -> None:
    print(
        f"clean build {b.seconds:.1f} s = modules' pool {b.module_pool:.1f} s "
        f"({b.module_work:.1f} s of work) + notebooks' pool {b.notebook_pool:.1f} s "
        f"({b.notebook_work:.1f} s of work) + notebook pages {b.notebook_pages:.1f} s "
        f"+ render {b.render:.1f} s\n"
        f"work {b.work:.1f} s on {b.cores} cores; floor max(render, work / cores) = "
        f"{b.floor:.1f} s; ratio {b.ratio:.2f} ({'met' if b.ratio <= 1.5 else 'NOT met'}: "
        "budget 1.5)"
    )


def clean_report(runs: int) -> None:
    """Only the clean build, `runs` times: time, work, cores, floor and ratio, with the load."""
    cores = os.cpu_count() or 1
    print(f"== clean build against its floor ({runs} runs, {cores} cores)")
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp))
        for _ in range(runs):
            shutil.rmtree(project / ".cache", True)
            before = load()
            seconds, log = build(project)
            print_floor(clean_build(seconds, log, cores))
            print(f"load {before} before, {load()} after")
            slowest = sorted(JOB_LINE.findall(log), key=lambda j: -float(j[1]))[:4]
            print("slowest modules: " + ", ".join(f"{m} {float(t):.1f} s" for m, t in slowest))


def snippet_times() -> dict[str, float]:
    """CPU seconds of each module's compute() on one core (one BLAS thread), median of 3."""
    one_core = {**ENV, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    times = {}
    for path in sorted((ROOT / "snippets").glob("*.py")):
        # __init__ and slider_positions carry no page's computation
        if "\ndef compute(" not in path.read_text():
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


def built_site(target: Path, site_url: str) -> Path:
    """A strict build of a copy of the project (warm cache), published at `site_url`."""
    project = copy_project(target, with_cache=True)
    build(project, {**ENV, "SITE_URL": site_url})
    return project / "site"


def page_weights(base: str, pages: list[str], width: int = 1280) -> list[tuple[str, int, int, int]]:
    """(page, requests, bytes transferred, bytes decoded) of each page's first visit, in Chromium
    `width` px wide (390: a phone, which downloads the figures' phone variants), read to its
    end: scrolled down a screen at a time until every lazy figure has loaded. The search
    index and worker load on first use of search (overrides/partials/lazy_search.html), which
    this visit does not make.

    The server compresses as GitHub Pages does, so 'transferred' is what a reader downloads
    (response bodies; headers left out).
    """
    from browser_check import FLAGS, find_chromium
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=FLAGS)
        for page_path in pages:
            context = browser.new_context(viewport={"width": width, "height": 900})
            tab = context.new_page()
            requests = []
            # On the context, not the page: it also sees a worker's requests.
            context.on("requestfinished", lambda request, found=requests: found.append(request))
            tab.goto(base + page_path, wait_until="load")
            tab.evaluate(_READ_TO_END)
            tab.wait_for_load_state("networkidle")
            responses = [r.response() for r in requests]
            results.append(
                (
                    page_path or ".",
                    len(requests),
                    sum(r.sizes()["responseBodySize"] for r in requests),
                    sum(len(response.body()) for response in responses if response),
                )
            )
            context.close()
        browser.close()
    return results


# Scroll a screen at a time, two frames per step (lazy images start loading), until the
# bottom stays put and every image has loaded: states, not a fixed wait.
_READ_TO_END = """async () => {
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
  for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y)
    await frames()
  }
  // Displayed images only: the other theme's variant (display: none) never loads.
  await Promise.all([...document.images].filter(i => i.getClientRects().length && !i.complete)
    .map(i => new Promise(r => { i.onload = i.onerror = r })))
}"""


def weight_report(base: str, pages: list[str]) -> None:
    """Each page's first visit at phone and desktop width, against the budget."""
    print(
        f"\n== first visit read to its end, empty cache, served as GitHub Pages serves {base} "
        f"(gzip; budget {PAGE_BUDGET_KB} KB transferred)"
    )
    for width in (390, 1280):  # a phone gets the figures' phone variants
        weights = page_weights(base, pages, width)
        print(f"\n{width} px wide")
        print(f"{'page':<40} {'requests':>8} {'transferred':>12} {'decoded':>9}")
        for page, requests, compressed, raw in weights:
            flag = "" if compressed <= PAGE_BUDGET_KB * 1024 else "  over budget"
            print(
                f"{page:<40} {requests:>8} {compressed / 1024:>9.1f} KB {raw / 1024:>6.0f} KB{flag}"
            )
        heaviest = max(weights, key=lambda w: w[2])
        print(f"heaviest: {heaviest[0]} at {heaviest[2] / 1024:.1f} KB transferred")


def site_pages(site: Path) -> list[str]:
    return sorted(
        "" if f == Path(".") else f"{f.as_posix()}/"
        for f in (p.parent.relative_to(site) for p in site.rglob("index.html"))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement (median)")
    parser.add_argument("--skip-speed", action="store_true", help="no build timings")
    parser.add_argument(
        "--served-only", action="store_true", help="only page weight and Lighthouse, as served"
    )
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="runs per page (median)")
    parser.add_argument(
        "--only",
        choices=["weight", "clean"],
        help="weight: only each page's first-visit weight, on a built site (no timings); "
        "clean: only --runs clean builds, each against its floor",
    )
    parser.add_argument(
        "--site", type=Path, help="with --only weight: this built site instead of a fresh build"
    )
    parser.add_argument(
        "--port", type=int, default=0, help="with --only weight: serve on this port"
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows as it comes, even in a log

    if args.only == "clean":
        clean_report(args.runs)
        return
    if args.only == "weight":
        with tempfile.TemporaryDirectory() as tmp:
            only_weight(Path(tmp) / "project", args.site, args.port)
        return

    if args.served_only:
        args.skip_speed = True
    else:
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
        print_floor(s["floor"])
        if s["phone"] is not None:
            print(
                f"clean build: the figures' phone variants take {s['phone']:.1f} s of that "
                f"work ({s['phone'] / float(s['parallel'][2]) if s['parallel'] else 0:.0%})"
            )

    if not args.skip_speed and not args.served_only:
        from bench_contributor import report as contributor_loop

        contributor_loop(args.runs)

    if not args.served_only:
        print("\n== compute() of each snippet module, CPU seconds on one core (median of 3)")
        for module, seconds in snippet_times().items():
            print(f"{module:<40} {seconds:6.2f} s{'' if seconds <= 1.0 else '  over a second'}")

    with tempfile.TemporaryDirectory() as tmp:
        frames_cost = () if args.skip_speed else (build, copy_project)  # two clean builds
        served(Path(tmp) / "project", args.lighthouse_runs, frames_cost)

    if not args.served_only:
        bench_suite.report()


def served(target: Path, lighthouse_runs: int, frames_cost=()) -> None:
    """Page weight and Lighthouse of every page, served as GitHub Pages serves a project site."""
    site = target / "site"
    server = PagesServer(site, "/repo/")  # the port is known before the build needs it
    built_site(target, server.url)
    pages = site_pages(site)
    with server:
        weight_report(server.url, pages)

        print(f"\n== figure files (budget {FIGURE_BUDGET_KB} KB each)")
        figures = sorted((site / "figures").glob("*.svg"))
        largest = max(figures, key=lambda f: f.stat().st_size)
        over = [f.name for f in figures if f.stat().st_size > FIGURE_BUDGET_KB * 1024]
        print(
            f"{len(figures)} files; largest {largest.name} at {largest.stat().st_size / 1024:.1f} KB; "
            f"over budget: {', '.join(over) or 'none'}"
        )

        bench_sliders.report(site, server.url, *frames_cost)

        print(
            f"\n== Lighthouse {bench_lighthouse.VERSION}, mobile, every page (median of "
            f"{lighthouse_runs}); load average {load()} at the start"
        )
        print(bench_lighthouse.header())
        from browser_check import find_chromium

        results = bench_lighthouse.measure(server.url, pages, find_chromium(), lighthouse_runs)
        if isinstance(results, str):
            print(results)
            return
        print(f"load average {load()} at the end")
        print("\n".join(bench_lighthouse.summary(results)))


def only_weight(target: Path, site: Path | None, port: int = 0) -> None:
    """Page weight alone: of `site` as built, or of a fresh build of a copy."""
    if site is None:
        server = PagesServer(target / "site", "/repo/", port)
        site = built_site(target, server.url)
    else:
        server = PagesServer(site.resolve(), "/repo/", port)
    with server:
        weight_report(server.url, site_pages(site))


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


if __name__ == "__main__":
    main()
