"""The engine's steps, in order: plan the pages, compute the modules, render the pages.

    build = plan(pages, config)       # read every page; check every reference
    compute(build)                    # run what the cache lacks; collect every failure
    figure_files(build)               # the SVG files to publish
    notebooks(build, pages, url_of)   # each page's companion notebook
    render_markdown(build, page, ...) # values, figures, sliders, glossary, reading time

Every failure of plan and compute is collected, and the step stops with all of
them at once (`BuildFailed`), page by page, each with its file and line. An
adapter (hooks/engine.py for MkDocs, stage.py for a folder of Markdown) calls
these steps; nothing here knows which generator runs.
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from computed_pages import suggest
from computed_pages.compute import cache_key, finite_values, runner
from computed_pages.config import EngineConfig
from computed_pages.errors import EngineError
from computed_pages.plan import glossary_terms, markdown_scan, slider_requests, snippet_sources
from computed_pages.plan.pages import page_url
from computed_pages.plan.requests import FIGURE, VALUE, SourcePage, page_title, uses
from computed_pages.plan.slider_requests import SliderRequests, figure_name
from computed_pages.render import (
    claim_markers,
    figure_html,
    glossary,
    notebook_builder,
    number_text,
    reading_time,
    slider_html,
)
from computed_pages.themes import PHONE_SUFFIX as PHONE
from computed_pages.themes import THEMES
from computed_pages.urls import relative_url

log = logging.getLogger("mkdocs.hooks.executable_pages")  # MkDocs shows "mkdocs.*" loggers

GENERATED = Path(".cache") / "generated"  # notebooks are written here, never into docs/


class BuildFailed(EngineError):
    """Several problems, each a line naming its file and line, sorted page by page."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: p.sort_key)
        count = len(self.problems)
        head = "" if count == 1 else f"{count} problems stop the build:\n"
        super().__init__(head + "\n".join(p.message for p in self.problems))


@dataclass(frozen=True)
class Problem:
    page: str  # the page where it shows ("docs/x.md"), "" if none
    line: int
    message: str  # starts with the file and line to fix

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.page, self.line, self.message)


@dataclass
class ModuleRun:
    """What the pages ask of one snippet module, and what it produced."""

    name: str
    first_use: str  # "docs/page.md:12", for error messages
    figures: set[str] = field(default_factory=set)
    key: str = ""
    values: dict = field(default_factory=dict)
    sizes: dict = field(default_factory=dict)

    def cache_dir(self, root: Path) -> Path:
        return root / ".cache" / "snippets" / f"{self.name}-{self.key}"

    def site_path(self, figure: str, theme: str, variant: str = "") -> str:
        return f"figures/{self.name}.{figure}{variant}.{self.key}.{theme}.svg"

    def variant(self, figure: str, theme: str, page_url: str, sizes: dict) -> figure_html.Variant:
        """One theme's desktop and phone files of `figure`, as URLs relative to the page."""

        def url(variant: str) -> str:
            path = self.site_path(figure, theme, variant)
            return f"{relative_url(path, page_url)}#only-{theme}"

        return figure_html.Variant(url(""), sizes["size"], url(PHONE), sizes["phone_size"])


@dataclass
class Build:
    """One build's state, from plan to render: nothing lives in module globals."""

    config: EngineConfig
    glossary: glossary.Glossary
    runs: dict[str, ModuleRun] = field(default_factory=dict)
    page_modules: dict[str, list[str]] = field(default_factory=dict)  # page -> modules with figures
    sliders: SliderRequests = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, src_uri: str, line: int) -> str:
        return f"{self.config.docs_name}/{src_uri}:{line}"

    def fail(self, src_uri: str, line: int, message: str) -> None:
        self.problems.append(Problem(f"{self.config.docs_name}/{src_uri}", line, message))

    def stop_if_failed(self) -> None:
        if self.problems:
            raise BuildFailed(self.problems)


# ---------------------------------------------------------------- plan


def plan(pages: list[SourcePage], config: EngineConfig) -> Build:
    """Read every page into requests and check them against the snippet sources."""
    build = Build(config, glossary.Glossary.read(config.docs_dir))
    for page in pages:
        _plan_page(build, page)
        for line, message in glossary_terms.unknown_terms(build.glossary, page.markdown):
            build.fail(page.src_uri, line, f"{build.where(page.src_uri, line)}: {message}")
    return build


def _plan_page(build: Build, page: SourcePage) -> None:
    root = build.config.root
    # Every use in page order, so a module's "used at" is its first use (a number above a figure counts).
    for line, match in uses(page.markdown):
        where = build.where(page.src_uri, line)
        try:
            run = _register(build, match["module"], where)
            if "func" not in match.groupdict():
                continue  # a {{ value }}: checked once compute() has run
            if not match["alt"].strip():
                raise EngineError(
                    f"{where}: figure {match['module']}.{match['func']} has no alt text; say what it shows"
                )
            try:
                functions = snippet_sources.top_level_functions(root, run.name)
            except SyntaxError as error:
                raise EngineError(
                    f"snippets/{run.name}.py:{error.lineno}: SyntaxError: {error.msg} (used at {where})"
                ) from error
            if match["func"] not in functions:
                plots = sorted(f for f in functions if f.startswith("plot_"))
                raise EngineError(
                    f"{where}: snippets/{run.name}.py has no function {match['func']}()"
                    f"{suggest.did_you_mean(match['func'], plots or functions)}; "
                    f"figure:{run.name}.NAME needs the full name of a plot function (it has: {', '.join(plots)})"
                )
            run.figures.add(figure_name(match, run.name, root, where, build.sliders))
        except EngineError as error:
            build.fail(page.src_uri, line, str(error))
            continue
        modules = build.page_modules.setdefault(page.src_uri, [])
        if run.name not in modules:
            modules.append(run.name)


def _register(build: Build, module: str, where: str) -> ModuleRun:
    root = build.config.root
    if not snippet_sources.module_path(root, module).is_file():
        known = [path.stem for path in (root / "snippets").glob("*.py") if path.stem != "__init__"]
        raise EngineError(
            f"{where}: no snippet module snippets/{module}.py{suggest.did_you_mean(module, known)}"
        )
    if module not in build.runs:
        build.runs[module] = ModuleRun(module, where)
    return build.runs[module]


# ---------------------------------------------------------------- compute


def _read_entry(values_file: Path) -> dict | None:
    try:  # entries are renamed into place whole; an unreadable one is computed again
        return json.loads(values_file.read_text())
    except (OSError, ValueError):
        return None


def compute(build: Build, pages: list[SourcePage]) -> None:
    """Run the modules whose cached output is missing, in parallel, one process each;
    then check every quoted value. Stops with every problem of plan and compute."""
    root = build.config.root
    todo, failed = [], set()
    for run in build.runs.values():
        try:
            run.key = cache_key.fingerprint(root, run.name)
        except (SyntaxError, ValueError) as error:
            line = getattr(error, "lineno", None)
            at = f"snippets/{run.name}.py" + (f":{line}" if line else "")
            message = getattr(error, "msg", None) if isinstance(error, SyntaxError) else None
            text = f"SyntaxError: {message}" if message else str(error)
            build.problems.append(_module_problem(run, f"{at}: {text} (used at {run.first_use})"))
            failed.add(run.name)
            continue
        cached = run.cache_dir(root) / "values.json"
        figures_present = all(
            (run.cache_dir(root) / f"{f}{v}.{t}.svg").exists()
            for f in run.figures
            for t in THEMES
            for v in ("", PHONE)
        )
        stored = _read_entry(cached) if figures_present else None
        if stored:
            run.values, run.sizes = stored["values"], stored["sizes"]
        else:
            todo.append(run)
    if todo:
        failed |= _run_workers(build, todo)
    for page in pages:
        _check_values(build, page, failed)
    build.stop_if_failed()
    # Only after a build that planned and computed every page: an entry of a module left
    # out by a failure is still wanted.
    cache_key.prune(
        root / ".cache" / "snippets", {run.cache_dir(root).name for run in build.runs.values()}
    )
    slider_requests.prune_specs(root, build.sliders)


def _module_problem(run: ModuleRun, message: str) -> Problem:
    page, _, line = run.first_use.rpartition(":")
    return Problem(page, int(line), message)


def _run_workers(build: Build, todo: list[ModuleRun]) -> set[str]:
    """Run `todo`; return the names of the modules that failed (each a problem of `build`)."""
    root, limit = build.config.root, build.config.snippet_time_limit
    workers = max(1, min(len(todo), os.cpu_count() or 1))
    start = time.perf_counter()
    outcomes = runner.run_all(
        todo,
        lambda run: runner.run(root, run.name, run.cache_dir(root), run.figures, limit),
        workers,
    )
    for run, outcome in zip(todo, outcomes, strict=True):
        if "error" in outcome:
            error = outcome["error"]
            location = (
                f"{error['file']}:{error['line']}" if error["file"] else f"snippets/{run.name}.py"
            )
            log.debug(error["traceback"])
            build.problems.append(
                _module_problem(
                    run,
                    f"{location}: {error['message']} (in snippet module {run.name}, used at {run.first_use})",
                )
            )
            continue
        run.values, run.sizes = outcome["values"], outcome["sizes"]
        unhashed = cache_key.unhashed(root, run.name, outcome["imported"])
        if unhashed:  # the key would miss edits to these: a stale figure later, so stop now
            build.problems.append(
                _module_problem(
                    run,
                    f"snippets/{run.name}.py: the worker ran {', '.join(unhashed)}, which the "
                    "cache key does not hash (an import compute/cache_key.py cannot read)",
                )
            )
    failed = {run.name for run, outcome in zip(todo, outcomes, strict=True) if "error" in outcome}
    if failed:
        return failed
    log.info(  # only once every module succeeded
        "computed %d snippet modules in %.1f s (sum %.1f s) on %d workers; "
        "phone variants of the figures: %.1f s of the sum",
        len(todo),
        time.perf_counter() - start,
        sum(outcome.get("seconds", 0.0) for outcome in outcomes),
        workers,
        sum(outcome.get("phone_seconds", 0.0) for outcome in outcomes),
    )
    return failed


def _check_values(build: Build, page: SourcePage, failed: set[str]) -> None:
    """Every `{{ module.name:spec }}` of a page names a finite number that formats."""
    for line, match in markdown_scan.find_in_prose(page.markdown, VALUE):
        run = build.runs.get(match["module"])
        if run is None or run.name in failed:
            continue  # its module is missing or failed: reported already
        try:
            quoted_value(build, run, match, build.where(page.src_uri, line))
        except EngineError as error:
            build.fail(page.src_uri, line, str(error))


def quoted_value(build: Build, run: ModuleRun, match: re.Match, where: str) -> str:
    """A computed number as the page shows it, HTML-escaped."""
    name, spec = match["name"], match["spec"] or ""
    if name not in run.values:
        known = ", ".join(sorted(run.values))
        raise EngineError(
            f"{where}: compute() of snippets/{run.name}.py gives no number "
            f"called '{name}'{suggest.did_you_mean(name, run.values)} (it gives: {known})"
        )
    finite_values.check_value(run.values[name], where, run.name, name)
    try:
        return html.escape(number_text.format_number(run.values[name], spec))  # < & "
    except ValueError as error:
        raise EngineError(f"{where}: format '{spec}' for {name}: {error}") from error


# ---------------------------------------------------------------- files to publish


def figure_files(build: Build) -> list[tuple[str, Path]]:
    """(path in the site, cached file) of every figure and slider frame."""
    root = build.config.root
    files = []
    for run in build.runs.values():
        for figure in slider_html.with_frames(
            run.name, sorted(run.figures), run.cache_dir(root), build.sliders
        ):
            for theme in THEMES:
                for variant in ("", PHONE):
                    path = run.cache_dir(root) / f"{figure}{variant}.{theme}.svg"
                    files.append((run.site_path(figure, theme, variant), path))
    return files


def notebook_stem(page_uri: str) -> str:
    """`model-parameters.md` -> `model-parameters`; the home page's notebook is `home`."""
    stem = posixpath.splitext(page_uri)[0]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/") or "home"
    return stem.replace("/", "-")


def notebook_uri(page_uri: str) -> str:
    return f"notebooks/{notebook_stem(page_uri)}.ipynb"


@dataclass(frozen=True)
class Notebook:
    page_uri: str  # the page it recomputes
    src_uri: str  # "notebooks/<stem>.ipynb", relative to its folder
    folder: Path  # where it was written


def notebooks(build: Build, pages: dict[str, SourcePage]) -> list[Notebook]:
    """Write each page's companion notebook (unchanged bytes are left alone)."""
    out = []
    for page_uri, modules in build.page_modules.items():
        out.append(_write_notebook(build, pages[page_uri], modules))
    return out


def _write_notebook(build: Build, page: SourcePage, modules: list[str]) -> Notebook:
    root = build.config.root
    title = page_title(page.markdown, page.src_uri)
    parts = []
    for name in modules:
        run = build.runs[name]
        code = "\n\n".join(
            snippet_sources.notebook_source(root, module)
            for module in snippet_sources.with_dependencies(root, name)
        )
        quoted = sorted(
            {
                m["name"]
                for _, m in markdown_scan.find_in_prose(page.markdown, VALUE)
                if m["module"] == name
            }
        )
        parts.append(
            notebook_builder.NotebookPart(
                name,
                code,
                slider_html.plain_figures(run.figures),
                quoted,
                slider_html.notebook_cells(name, run.figures, f"result_{name}", build.sliders),
            )
        )
    src_uri = notebook_uri(page.src_uri)
    # Relative, never site_url: the notebook's bytes are mkdocs-jupyter's cache key, so they
    # must be the same under `mkdocs serve`, `mkdocs build` and a deploy with a site_url.
    # (The notebook's page gets the URL a Markdown page of the same name would get.)
    as_page = page_url(src_uri.replace(".ipynb", ".md"), build.config.use_directory_urls)
    link = relative_url(page.url, as_page).rstrip("/") + "/"  # pages are folders
    text = notebook_builder.build_notebook(title, link, parts)
    folder = root / GENERATED
    path = folder / src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")  # unchanged bytes keep mkdocs-jupyter's cache valid
    return Notebook(page.src_uri, src_uri, folder)


# ---------------------------------------------------------------- render


def render_markdown(build: Build, page: SourcePage, url_of: Callable[[str], str]) -> str:
    """A page's Markdown with everything computed written in, in this order:

    1. figures, sliders and values (a slider writes `[[what is it?|term]]`);
    2. the "Run this page yourself" box, for a page with figures;
    3. glossary links, the glossary page's entries (so 1. and 2. get theirs);
    4. claim markers removed (they are for the tests);
    5. the reading time, from the words of the finished page.

    `url_of(src_uri)` is a source file's URL in the built site.
    """
    markdown = _computed_content(build, page)
    if page.src_uri in build.page_modules:
        markdown += _notebook_box(page, url_of)
    to_glossary = relative_url(url_of(glossary.GLOSSARY_PAGE), page.link_base)
    markdown = glossary.link_terms(
        build.glossary, markdown, page.src_uri, to_glossary, build.config.docs_name
    )
    markdown = claim_markers.remove_markers(markdown)
    return reading_time.fill_reading_time(markdown, f"{build.config.docs_name}/{page.src_uri}")


def _computed_content(build: Build, page: SourcePage) -> str:
    root = build.config.root

    def figure(match: re.Match, line: int) -> str:
        # One line of HTML, so the line numbers of everything below stay those of the source.
        run = build.runs[match["module"]]
        if match["slider"]:
            where = build.where(page.src_uri, line)
            return slider_html.render(
                match, run, page.url, root, where, build.sliders, page.link_base
            )
        name = match["func"]
        sizes = {"size": run.sizes[name], "phone_size": run.sizes[name + PHONE]}
        images = figure_html.pictures(
            [run.variant(name, theme, page.link_base, sizes) for theme in THEMES],
            match["alt"].strip(),
        )
        caption = match["caption"] and html.escape(match["caption"])
        caption = f"<figcaption>{caption}</figcaption>" if caption else ""
        # A tap opens the figure full size (the light variant: readable on a browser's white page).
        full_size = relative_url(run.site_path(name, "light"), page.link_base)
        return (
            f'<figure class="computed-figure"><a href="{full_size}" title="Open the figure full size">'
            f"{images}</a>{caption}</figure>"
        )

    def value(match: re.Match, line: int) -> str:
        run = build.runs[match["module"]]
        return quoted_value(build, run, match, build.where(page.src_uri, line))

    markdown = markdown_scan.substitute_in_prose(page.markdown, FIGURE, figure)
    return markdown_scan.substitute_in_prose(markdown, VALUE, value)


def _notebook_box(page: SourcePage, url_of: Callable[[str], str]) -> str:
    stem = notebook_stem(page.src_uri)
    notebook_page = url_of(notebook_uri(page.src_uri))
    executed = relative_url(notebook_page, page.link_base)
    download = relative_url(f"{notebook_page}{stem}.ipynb", page.link_base)
    return (
        '\n\n!!! example "Run this page yourself"\n\n'
        f'    <a href="{download}" download>Download the notebook</a> (`{stem}.ipynb`) that recomputes every '
        f'figure and number on this page, or <a href="{executed}">read it executed</a> '
        "as it ran when this site was built. It needs only numpy and matplotlib.\n"
    )
