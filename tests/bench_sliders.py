"""Benchmark of the slider figures, called from bench.py's main().

Per slider page: the first visit (the page scrolled to each slider, whose
default frame loads, gzip as a static host serves it), the weight of a full
sweep of each slider (every frame of one theme), and the time from a key
press to the new frame painted, median over a sweep once the frames are
prefetched. Then the clean-build time the frames add: a clean build of a copy
of the project against one whose slider blocks are removed.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import statistics
import tempfile
from pathlib import Path

SWEEP_BUDGET_KB = 300
PAGE_BUDGET_KB = 150
PAINT_BUDGET_MS = 100
SLIDER_BLOCK = re.compile(r"\{slider=[^}\n]*\}")

# Wait until the shown image is frame `index`, decoded and painted; return the
# milliseconds since the last keydown on the slider.
_PAINTED = """async ([figure, index]) => {
  const data = JSON.parse(figure.dataset.slider)
  const img = [...figure.querySelectorAll("img")].find(i => i.checkVisibility())
  const want = new URL(data.frames[0][index], location.href).pathname
  while (new URL(img.src).pathname !== want) await new Promise(r => requestAnimationFrame(r))
  await img.decode()
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))
  return performance.now() - window.__keydown
}"""
_LISTEN = """figure => figure.querySelector("input").addEventListener(
  "keydown", () => { window.__keydown = performance.now() }, {capture: true})"""


def slider_pages(site: Path) -> list[str]:
    return sorted(
        p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "data-slider=" in p.read_text(encoding="utf-8")
    )


def sweep_files(site: Path, page: str) -> list[tuple[str, set[Path], Path]]:
    """(slider id, every light frame, the default light frame) for each slider of a page."""
    text = (site / page / "index.html").read_text(encoding="utf-8")
    found = []
    for ident, encoded in re.findall(r'id="(slider-[\w-]+)" data-slider="([^"]*)"', text):
        data = json.loads(html.unescape(encoded))
        frames = [(site / page / url.split("#")[0]).resolve() for url in data["frames"][0]]
        default = re.search(r'<img src="([^"#]*)', text[text.index(f'id="{ident}"') :])
        found.append((ident, set(frames), (site / page / default.group(1)).resolve()))
    return found


def compressed_size(path: Path) -> int:
    """Bytes on the wire when a static host gzips the file (GitHub Pages does)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def browser_measures(site: Path, page: str, base: str) -> dict:
    """First-visit weight with the sliders in view, and key-press-to-paint times.

    `base` is where the site is served as GitHub Pages serves it, without the final slash.
    """
    from browser_check import find_chromium
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        urls: list[str] = []
        tab.on("requestfinished", lambda request: urls.append(request.url))
        # The search index loads on the first use of search only: not part of this visit.
        tab.goto(f"{base}/{page}", wait_until="networkidle")
        files = {site / re.sub(r"[?#].*$", "", u[len(base) + 1 :]) for u in urls}
        files = {f / "index.html" if f.is_dir() else f for f in files}
        # Plus the default frame of every slider, as if the reader scrolled to each.
        for _, _, default in sweep_files(site, page):
            files.add(default)
        first_visit = sum(compressed_size(f) for f in files if f.is_file())

        figures = tab.locator("figure[data-slider]").all()
        paints = []
        for figure in figures:
            handle = figure.element_handle()
            slider = figure.locator("input[type=range]")
            last = int(slider.get_attribute("max"))
            tab.evaluate(_LISTEN, handle)
            slider.focus()
            slider.press("Home")
            for index in range(1, last + 1):  # the first sweep fetches every frame
                slider.press("ArrowRight")
                tab.evaluate(_PAINTED, [handle, index])
            slider.press("Home")
            tab.evaluate(_PAINTED, [handle, 0])
            for index in range(1, last + 1):  # the measured sweep
                slider.press("ArrowRight")
                paints.append(tab.evaluate(_PAINTED, [handle, index]))
        context.close()
        browser.close()
    return {"first_visit": first_visit, "paint_ms": statistics.median(paints)}


def frames_build_cost(build, copy_project) -> tuple[float, float]:
    """Clean-build seconds with the sliders, and with every slider block removed."""
    times = []
    for keep in (True, False):
        with tempfile.TemporaryDirectory() as tmp:
            project = copy_project(Path(tmp))
            if not keep:
                for page in (project / "docs").rglob("*.md"):
                    text = page.read_text(encoding="utf-8")
                    lines = [line for line in text.split("\n") if not SLIDER_BLOCK.search(line)]
                    page.write_text("\n".join(lines), encoding="utf-8")
            times.append(build(project)[0])
    return times[0], times[1]


FRAME_TIMER = """
import importlib, json, sys, tempfile, time
from pathlib import Path
root, module_name, plot_name, numbers_name, outcome_name, positions_name = sys.argv[1:7]
sys.path[:0] = [root]
import matplotlib.pyplot as plt
from computed_pages.compute.figure_theme import THEMES, save_variants
from computed_pages.compute.slider_frames import parse_value
module = importlib.import_module("snippets." + module_name)
result = module.compute()
start = time.process_time()
values = getattr(module, positions_name)(result).values
print(len(values))
with tempfile.TemporaryDirectory() as out:
    for value in values:
        text = repr(value)
        getattr(module, numbers_name)(result, parse_value(text))
        getattr(module, outcome_name)(result, parse_value(text))
        for theme, style in THEMES.items():
            with plt.style.context(style):
                figure = getattr(module, plot_name)(result, parse_value(text))
                save_variants(figure, Path(out), "frame", theme)  # desktop and phone, as built
                plt.close(figure)
print(time.process_time() - start)
"""


def frames_cpu_seconds(root: Path, env: dict) -> dict[str, float]:
    """CPU seconds to compute the numbers and draw every frame of each slider, one core."""
    import subprocess
    import sys

    from computed_pages.plan.markdown_scan import find_in_prose
    from computed_pages.plan.requests import FIGURE
    from computed_pages.plan.slider_requests import parse_attributes

    times = {}
    for page in sorted((root / "docs").rglob("*.md")):
        for _, match in find_in_prose(page.read_text(encoding="utf-8"), FIGURE):
            if not match["slider"]:
                continue
            attributes = parse_attributes(match["slider"], page.name)
            done = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    FRAME_TIMER,
                    str(root),
                    match["module"],
                    match["func"],
                    attributes["numbers"],
                    attributes["outcome"],
                    attributes["positions"],
                ],
                env={**env, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
                capture_output=True,
                text=True,
                check=True,
            )
            count, seconds = done.stdout.split()
            times[f"{match['module']}.{match['func']} ({4 * int(count)} frames)"] = float(seconds)
    return times


def report(site: Path, base: str, build=None, copy_project=None) -> None:
    print(
        f"\n== sliders (first visit ≤ {PAGE_BUDGET_KB} KB, sweep ≤ {SWEEP_BUDGET_KB} KB gzip, "
        f"key press to frame painted ≤ {PAINT_BUDGET_MS} ms)"
    )
    for page in slider_pages(site):
        measured = browser_measures(site, page, base.rstrip("/"))
        first = measured["first_visit"] / 1024
        flag = "" if first <= PAGE_BUDGET_KB else "  over budget"
        paint = measured["paint_ms"]
        print(f"{page:<32} first visit {first:6.1f} KB{flag}")
        print(
            f"{'':<32} key press to frame painted, median {paint:5.1f} ms"
            f"{'' if paint <= PAINT_BUDGET_MS else '  over budget'}"
        )
        for ident, frames, _ in sweep_files(site, page):
            positions, kb = len(frames), sum(compressed_size(f) for f in frames) / 1024
            flag = "" if kb <= SWEEP_BUDGET_KB else "  over budget"
            print(f"{'':<32} {ident}: {positions} positions, full sweep {kb:6.1f} KB{flag}")
    root = Path(__file__).resolve().parent.parent
    from bench import ENV

    times = frames_cpu_seconds(root, ENV)
    for name, seconds in times.items():
        print(f"drawing {name:<52} {seconds:5.1f} s CPU")
    print(
        f"all slider frames: {sum(times.values()):.1f} s CPU on one core; the build spreads "
        "them over its workers, one snippet module each"
    )
    if build and copy_project:
        with_frames, without = frames_build_cost(build, copy_project)
        print(
            f"clean build with slider frames {with_frames:.1f} s, without {without:.1f} s: "
            f"the frames add {with_frames - without:.1f} s ({with_frames / without:.2f}×)"
        )
