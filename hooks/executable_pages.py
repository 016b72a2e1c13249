"""MkDocs hook: pages that quote computed numbers and show computed figures.

In a page:
    ![What the figure shows](figure:regression.plot_fit "Optional caption")
    The fitted slope is {{ regression.slope:.3f }}.

For each snippet module a page refers to, `compute()` runs once per build in
a fresh process (modules run in parallel), its figures are drawn in a light
and a dark variant, and everything is cached under `.cache/snippets/` by a
hash of the code that produced it. Figures and the companion notebooks are
added to the site in memory: nothing is written into `docs/`.
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).parent))  # the glue modules beside this file

import build_log  # noqa: E402
import figure_html  # noqa: E402
import finite_values  # noqa: E402
import kernel_transport  # noqa: E402
import markdown_scan  # noqa: E402
import notebook_builder  # noqa: E402
import number_text  # noqa: E402
import sliders  # noqa: E402
import snippet_process  # noqa: E402
import snippet_sources  # noqa: E402
import suggest  # noqa: E402

log = logging.getLogger("mkdocs.hooks.executable_pages")

HOOKS_DIR = Path(__file__).parent
GLUE = [
    HOOKS_DIR / "figure_theme.py",
    HOOKS_DIR / "figure_layout.py",
    HOOKS_DIR / "svg_minify.py",
    HOOKS_DIR / "snippet_worker.py",
    HOOKS_DIR / "finite_values.py",
    HOOKS_DIR / "slider_frames.py",
    HOOKS_DIR / "slider_landmarks.py",
]
FIGURE = re.compile(
    r'!\[(?P<alt>[^\]]*)\]\(figure:(?P<module>\w+)\.(?P<func>\w+)(?:\s+"(?P<caption>[^"]*)")?\)'
    + sliders.ATTRIBUTES  # {slider=...}: one figure per value (hooks/sliders.py)
)
VALUE = re.compile(r"\{\{\s*(?P<module>\w+)\.(?P<name>\w+)(?::(?P<spec>[^}\s]*))?\s*\}\}")
THEMES = ("light", "dark")
PHONE = ".phone"  # figure_theme.PHONE_SUFFIX: each figure's phone variant


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
            return f"{get_relative_url(path, page_url)}#only-{theme}"

        return figure_html.Variant(url(""), sizes["size"], url(PHONE), sizes["phone_size"])


_runs: dict[str, ModuleRun] = {}
_page_modules: dict[str, list[str]] = {}  # page src_uri -> modules with figures there, in order


def on_config(config):
    os.environ.setdefault("MPLBACKEND", "Agg")
    build_log.forget_earlier_builds()  # serve: a repeated error is shown again
    kernel_transport.use_ipc(Path(config.config_file_path).parent / ".cache")  # no TCP warning
    os.environ.setdefault("SOURCE_DATE_EPOCH", commit_time(Path(config.config_file_path).parent))
    return config


def commit_time(root: Path) -> str:
    """Date builds by the last commit, so two builds of one commit are identical.

    Only the project's own repository counts: a copy without .git (or placed
    inside some other repository) always gets "0", wherever it lies.
    """

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    try:
        top = git("rev-parse", "--show-toplevel")
        if not top or Path(top) != root.resolve():
            return "0"
        return git("log", "-1", "--format=%ct") or "0"
    except OSError:  # no git installed
        return "0"


@event_priority(100)  # before mkdocs-jupyter wraps the notebooks we add here
def on_files(files: Files, config) -> Files:
    root = Path(config.config_file_path).parent
    _runs.clear()
    _page_modules.clear()
    for page in files.documentation_pages():
        if page.src_uri.endswith(".md"):
            _collect(page, root, config)
    try:
        limit = snippet_process.time_limit(config.extra)
    except ValueError as error:
        raise PluginError(str(error)) from error
    _compute_all(root, limit)
    for run in _runs.values():
        for figure in sliders.with_frames(run.name, sorted(run.figures), run.cache_dir(root)):
            for theme in THEMES:
                for variant in ("", PHONE):
                    path = run.cache_dir(root) / f"{figure}{variant}.{theme}.svg"
                    site_path = run.site_path(figure, theme, variant)
                    files.append(File.generated(config, site_path, abs_src_path=str(path)))
    for page_uri, modules in _page_modules.items():
        files.append(_notebook_file(page_uri, modules, files, root, config))
    return files


def _where(config, page: File, line: int) -> str:
    return f"{Path(config.docs_dir).name}/{page.src_uri}:{line}"


def _collect(page: File, root: Path, config) -> None:
    text = page.content_string
    # Every use in page order, so a module's "used at" is its first use (a number above a figure counts).
    uses = sorted(
        [(line, m) for line, m in markdown_scan.find_in_prose(text, FIGURE)]
        + [(line, m) for line, m in markdown_scan.find_in_prose(text, VALUE)],
        key=lambda use: (use[0], use[1].start()),
    )
    for line, match in uses:
        where = _where(config, page, line)
        run = _register(match["module"], where, root)
        if "func" not in match.groupdict():
            continue  # a {{ value }}: checked once compute() has run
        if not match["alt"].strip():
            raise PluginError(
                f"{where}: figure {match['module']}.{match['func']} has no alt text; say what it shows"
            )
        try:
            functions = snippet_sources.top_level_functions(root, run.name)
        except SyntaxError as error:
            raise PluginError(
                f"snippets/{run.name}.py:{error.lineno}: SyntaxError: {error.msg} (used at {where})"
            ) from error
        if match["func"] not in functions:
            plots = sorted(f for f in functions if f.startswith("plot_"))
            raise PluginError(
                f"{where}: snippets/{run.name}.py has no function {match['func']}()"
                f"{suggest.did_you_mean(match['func'], plots or functions)}; "
                f"figure:{run.name}.NAME needs the full name of a plot function (it has: {', '.join(plots)})"
            )
        run.figures.add(sliders.figure_name(match, run.name, root, where))
        modules = _page_modules.setdefault(page.src_uri, [])
        if run.name not in modules:
            modules.append(run.name)


def _register(module: str, where: str, root: Path) -> ModuleRun:
    if not snippet_sources.module_path(root, module).is_file():
        known = [path.stem for path in (root / "snippets").glob("*.py") if path.stem != "__init__"]
        raise PluginError(
            f"{where}: no snippet module snippets/{module}.py{suggest.did_you_mean(module, known)}"
        )
    if module not in _runs:
        _runs[module] = ModuleRun(module, where)
    return _runs[module]


def _read_entry(values_file: Path) -> dict | None:
    try:  # entries are renamed into place whole; an unreadable one is computed again
        return json.loads(values_file.read_text())
    except (OSError, ValueError):
        return None


def _compute_all(root: Path, limit: float) -> None:
    """Run the modules whose cached output is missing, in parallel, one process each."""
    todo = []
    for run in _runs.values():
        try:
            run.key = snippet_sources.fingerprint(root, run.name, GLUE)
        except (SyntaxError, ValueError) as error:
            raise PluginError(
                f"snippets/{run.name}.py: {error} (used at {run.first_use})"
            ) from error
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
    if not todo:
        return
    workers = max(1, min(len(todo), os.cpu_count() or 1))
    start = time.perf_counter()
    outcomes = snippet_process.run_all(
        todo, lambda run: _run_in_subprocess(run, root, limit), workers
    )
    for run, outcome in zip(todo, outcomes, strict=True):
        if "error" in outcome:
            error = outcome["error"]
            location = (
                f"{error['file']}:{error['line']}" if error["file"] else f"snippets/{run.name}.py"
            )
            log.debug(error["traceback"])
            raise PluginError(
                f"{location}: {error['message']} (in snippet module {run.name}, used at {run.first_use})"
            )
        run.values, run.sizes = outcome["values"], outcome["sizes"]
    log.info(  # only once every module succeeded
        "computed %d snippet modules in %.1f s (sum %.1f s) on %d workers; "
        "phone variants of the figures: %.1f s of the sum",
        len(todo),
        time.perf_counter() - start,
        sum(outcome.get("seconds", 0.0) for outcome in outcomes),
        workers,
        sum(outcome.get("phone_seconds", 0.0) for outcome in outcomes),
    )


def _run_in_subprocess(run: ModuleRun, root: Path, limit: float) -> dict:
    # A fresh interpreter sees the snippet source as it is now, even under `mkdocs serve`.
    worker = HOOKS_DIR / "snippet_worker.py"
    return snippet_process.run(worker, root, run.name, run.cache_dir(root), run.figures, limit)


def notebook_stem(page_uri: str) -> str:
    """`model-parameters.md` -> `model-parameters`; the home page's notebook is `home`."""
    stem = posixpath.splitext(page_uri)[0]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/") or "home"
    return stem.replace("/", "-")


def _notebook_file(page_uri: str, modules: list[str], files: Files, root: Path, config) -> File:
    page = files.get_file_from_path(page_uri)
    title = _page_title(page.content_string, page_uri)
    parts = []
    for name in modules:
        run = _runs[name]
        code = "\n\n".join(
            snippet_sources.notebook_source(root, module)
            for module in snippet_sources.with_dependencies(root, name)
        )
        quoted = sorted(
            {
                m["name"]
                for _, m in markdown_scan.find_in_prose(page.content_string, VALUE)
                if m["module"] == name
            }
        )
        parts.append(
            notebook_builder.NotebookPart(
                name,
                code,
                sliders.plain_figures(run.figures),
                quoted,
                sliders.notebook_cells(name, run.figures, f"result_{name}"),
            )
        )
    src_uri = f"notebooks/{notebook_stem(page_uri)}.ipynb"
    src_dir = root / ".cache" / "generated"
    notebook = File(src_uri, str(src_dir), config.site_dir, config.use_directory_urls)
    # Relative, never site_url: the notebook's bytes are mkdocs-jupyter's cache key, so they
    # must be the same under `mkdocs serve`, `mkdocs build` and a deploy with a site_url.
    # (The notebook's page gets the URL a Markdown page of the same name would get.)
    as_page = File(src_uri.replace(".ipynb", ".md"), None, "", config.use_directory_urls)
    page_url = get_relative_url(page.url, as_page.url).rstrip("/") + "/"  # pages are folders
    text = notebook_builder.build_notebook(title, page_url, parts)
    path = src_dir / src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")  # unchanged bytes keep mkdocs-jupyter's cache valid
    # A plain File with its own source folder, not File.generated: mkdocs-jupyter's
    # wrapper loses the source path of generated files.
    return notebook


def _page_title(markdown: str, fallback: str) -> str:
    for _, line, is_prose in markdown_scan.prose_lines(markdown):
        if is_prose and line.startswith("# "):
            return line[2:].strip()
    return fallback


def on_page_markdown(markdown: str, page, config, files: Files) -> str:
    src_uri = page.file.src_uri
    if not src_uri.endswith(".md"):
        return markdown

    def figure(match: re.Match, line: int) -> str:
        # One line of HTML, so the line numbers of everything below stay those of the source.
        run = _runs[match["module"]]
        if match["slider"]:
            where = _where(config, page.file, line)
            return sliders.render(match, run, page.url, Path(config.config_file_path).parent, where)
        name = match["func"]
        sizes = {"size": run.sizes[name], "phone_size": run.sizes[name + PHONE]}
        images = figure_html.pictures(
            [run.variant(name, theme, page.url, sizes) for theme in THEMES], match["alt"].strip()
        )
        caption = match["caption"] and html.escape(match["caption"])
        caption = f"<figcaption>{caption}</figcaption>" if caption else ""
        # A tap opens the figure full size (the light variant: readable on a browser's white page).
        full_size = get_relative_url(run.site_path(name, "light"), page.url)
        return (
            f'<figure class="computed-figure"><a href="{full_size}" title="Open the figure full size">'
            f"{images}</a>{caption}</figure>"
        )

    def value(match: re.Match, line: int) -> str:
        run = _runs[match["module"]]
        name, spec = match["name"], match["spec"] or ""
        if name not in run.values:
            known = ", ".join(sorted(run.values))
            raise PluginError(
                f"{_where(config, page.file, line)}: compute() of snippets/{run.name}.py gives no number "
                f"called '{name}'{suggest.did_you_mean(name, run.values)} (it gives: {known})"
            )
        finite_values.check_value(run.values[name], _where(config, page.file, line), run.name, name)
        try:
            return html.escape(number_text.format_number(run.values[name], spec))  # < & "
        except ValueError as error:
            raise PluginError(
                f"{_where(config, page.file, line)}: format '{spec}' for {name}: {error}"
            ) from error

    markdown = markdown_scan.substitute_in_prose(markdown, FIGURE, figure)
    markdown = markdown_scan.substitute_in_prose(markdown, VALUE, value)
    if src_uri in _page_modules:
        markdown += _notebook_box(page, files)
    return markdown


def _notebook_box(page, files: Files) -> str:
    stem = notebook_stem(page.file.src_uri)
    notebook_page = files.get_file_from_path(f"notebooks/{stem}.ipynb")
    executed = get_relative_url(notebook_page.url, page.url)
    download = get_relative_url(f"{notebook_page.url}{stem}.ipynb", page.url)
    return (
        '\n\n!!! example "Run this page yourself"\n\n'
        f'    <a href="{download}" download>Download the notebook</a> (`{stem}.ipynb`) that recomputes every '
        f'figure and number on this page, or <a href="{executed}">read it executed</a> '
        "as it ran when this site was built. It needs only numpy and matplotlib.\n"
    )
