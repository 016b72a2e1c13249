"""The MkDocs adapter of the engine: pages in from MkDocs, computed pages and files out.

MkDocs events map to the engine's steps (computed_pages/build.py):

- on_config: the engine's settings (`extra: computed_pages:`), checked;
- on_files: plan every page, compute, then add the figures and notebooks to the
  site in memory (nothing is written into docs/);
- on_page_markdown: render the page;
- on_page_content: typeset its formulas.

An EngineError becomes MkDocs' PluginError here, and nowhere else.
"""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from computed_pages import build as engine
from computed_pages import config as engine_config
from computed_pages import kernel_transport
from computed_pages.errors import EngineError
from computed_pages.notebook_warnings import make_notebook_warnings_errors
from computed_pages.plan.requests import SourcePage
from computed_pages.render import asset_minify, formulas, stacked_tables
from hooks import build_log, notebook_prerender

_build: engine.Build | None = None  # this build's state, from on_files to the last page
_config: engine_config.EngineConfig | None = None


def _plugin_errors(event):
    """Report the engine's errors as MkDocs reports a plugin's: the build stops with the message."""

    @functools.wraps(event)
    def wrapper(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except EngineError as error:
            raise PluginError(str(error)) from error

    return wrapper


@_plugin_errors
def on_config(config):
    global _config
    root = Path(config.config_file_path).parent
    os.environ.setdefault("MPLBACKEND", "Agg")
    # serve: a repeated error is shown again; the first ERROR line names file and line
    build_log.forget_earlier_builds(Path(config.docs_dir))
    kernel_transport.use_ipc(root / ".cache")  # no TCP warning
    make_notebook_warnings_errors()  # a warning in a notebook cell fails it, as in the worker
    os.environ.setdefault("SOURCE_DATE_EPOCH", commit_time(root))
    _config = engine_config.from_settings(
        root,
        Path(config.docs_dir),
        config.extra.get(engine_config.SECTION),
        f"extra: {engine_config.SECTION}: in mkdocs.yml",
        config.use_directory_urls,
    )
    engine_config.reject_loose_settings(config.extra, "extra: in mkdocs.yml")
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


@_plugin_errors
def on_files(files: Files, config) -> Files:
    global _build
    pages = [
        SourcePage(file.src_uri, file.content_string, file.url)
        for file in files.documentation_pages()
        if file.src_uri.endswith(".md")
    ]
    _build = engine.plan(pages, _config)
    engine.compute(_build, pages)
    for site_path, cached in engine.figure_files(_build):
        files.append(File.generated(config, site_path, abs_src_path=str(cached)))
    notebooks = engine.notebooks(_build, {page.src_uri: page for page in pages})
    for notebook in notebooks:
        # A plain File with its own source folder, not File.generated: mkdocs-jupyter's
        # wrapper loses the source path of generated files.
        files.append(
            File(notebook.src_uri, str(notebook.folder), config.site_dir, config.use_directory_urls)
        )
    # Executed side by side now, rather than one by one as their pages render.
    paths = [notebook.folder / notebook.src_uri for notebook in notebooks]
    notebook_prerender.prerender(paths, config, _config.snippet_time_limit)
    return files


@_plugin_errors
def on_page_markdown(markdown: str, page, config, files: Files) -> str:
    if not page.file.src_uri.endswith(".md"):
        return markdown  # notebook pages: their "markdown" is the notebook's JSON
    return engine.render_markdown(
        _build,
        SourcePage(page.file.src_uri, markdown, page.url),
        lambda src_uri: files.get_file_from_path(src_uri).url,
    )


@_plugin_errors
def on_page_content(content: str, page, config, files) -> str:
    """The engine's steps on a page's HTML: formulas as MathML, opted-in tables labelled."""
    where = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    if 'class="arithmatex"' in content:
        content = formulas.typeset(content, page.markdown or "", where)
    return stacked_tables.label_cells(content, where)


def on_post_build(config) -> None:
    """The site's own stylesheets and scripts, copied by MkDocs from docs/, minified."""
    asset_minify.minify_copies(Path(config["docs_dir"]), Path(config["site_dir"]))
