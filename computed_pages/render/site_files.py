"""The files a build adds to the site: figures from the cache, and one notebook per page."""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from pathlib import Path

from computed_pages.plan import markdown_scan, snippet_sources
from computed_pages.plan.pages import page_url
from computed_pages.plan.requests import FIGURE, VALUE, SourcePage, page_title
from computed_pages.plan.slider_requests import SLIDER_FUNCTIONS, SliderRequests, parse_attributes
from computed_pages.render import notebook_builder, slider_html
from computed_pages.render.values import quoted_value
from computed_pages.state import Build
from computed_pages.themes import PHONE_SUFFIX as PHONE
from computed_pages.themes import THEMES
from computed_pages.urls import relative_url

GENERATED = Path(".cache") / "generated"  # notebooks are written here, never into docs/


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


def sliders_on_page(page: SourcePage, module: str, figures, requests: SliderRequests) -> list[str]:
    """The module's slider figures that this page shows. A module's slider may live on
    another page (home quotes the epochs module): the page's notebook then offers no
    function for a slider the page does not have."""
    asked = set()
    for _, match in markdown_scan.find_in_prose(page.markdown, FIGURE):
        if match["module"] == module and match["slider"]:
            attributes = parse_attributes(match["slider"], page.src_uri)
            asked.add((match["func"], *(attributes[key] for key in SLIDER_FUNCTIONS)))
    shown = []
    for figure in sorted(f for f in figures if slider_html.is_slider(f)):
        spec = requests[(module, figure)]
        if (spec.plot, *(getattr(spec, key) for key in SLIDER_FUNCTIONS)) in asked:
            shown.append(figure)
    return shown


def _in_page_order(page: SourcePage, module: str, figures: list[str]) -> list[str]:
    """The figures as the page shows them, so the notebook draws them in the order the
    reader met them; those the page does not show come last, by name."""
    first_line: dict[str, int] = {}
    for line, match in markdown_scan.find_in_prose(page.markdown, FIGURE):
        if match["module"] == module:
            first_line.setdefault(match["func"], line)
    return sorted(figures, key=lambda f: (f not in first_line, first_line.get(f, 0), f))


def _figure_captions(build: Build, page: SourcePage, module: str) -> dict[str, str]:
    """Each plain figure's caption as its page shows it, numbers inserted: the notebook
    prints it above the call that draws the figure, so the figure is described there too."""
    captions = {}
    for line, match in markdown_scan.find_in_prose(page.markdown, FIGURE):
        if match["module"] != module or match["slider"] or not match["caption"]:
            continue
        where = build.where(page.src_uri, line)
        captions[match["func"]] = VALUE.sub(
            lambda m, where=where: html.unescape(quoted_value(build.runs[m["module"]], m, where)),
            match["caption"],
        )
    return captions


def _write_notebook(build: Build, page: SourcePage, modules: list[str]) -> Notebook:
    root = build.config.root
    title = page_title(page.markdown, page.src_uri)
    parts = []
    for name in modules:
        run = build.runs[name]
        *dependencies, _ = snippet_sources.with_dependencies(root, name)  # itself comes last
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
                snippet_sources.notebook_source(root, name),
                _in_page_order(page, name, slider_html.plain_figures(run.figures)),
                quoted,
                slider_html.notebook_cells(
                    name,
                    sliders_on_page(page, name, run.figures, build.sliders),
                    f"result_{name}",
                    build.sliders,
                ),
                tuple((d, snippet_sources.notebook_source(root, d)) for d in dependencies),
                _figure_captions(build, page, name),
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
