"""The stage command: a fully expanded docs folder that any Markdown site generator builds.

    python -m computed_pages.stage --out build/staged-docs      (or: make stage)

It runs the engine's steps as the MkDocs build does (plan, compute, render), then
writes what the hooks would have added: every page with its numbers, figure and
slider HTML, glossary tooltips and reading time written in; the figures as files
under figures/; each companion notebook executed (nbclient) and rendered as a page
(nbconvert) at notebooks/<stem>.md, with the .ipynb beside it for download. The
result needs no hook and no plugin: `staged.yml` builds it with plain MkDocs, and
Zensical reads the same folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import html
import logging
import shutil
import sys
from importlib import metadata
from pathlib import Path

from computed_pages import build as engine
from computed_pages import config as engine_config
from computed_pages import kernel_transport
from computed_pages.errors import EngineError
from computed_pages.notebook_warnings import make_notebook_warnings_errors
from computed_pages.plan.pages import page_url, read_pages
from computed_pages.plan.requests import SourcePage
from computed_pages.render import asset_minify

log = logging.getLogger("mkdocs.computed_pages.stage")

NOTEBOOK_CACHE = Path(".cache") / "staged-notebooks"  # executed and rendered, by content


def site_url_of(use_directory_urls: bool):
    """A source file's URL in the staged site: a notebook is a page of the same name."""

    def url_of(src_uri: str) -> str:
        if src_uri.endswith(".ipynb"):
            src_uri = src_uri.removesuffix(".ipynb") + ".md"
        return page_url(src_uri, use_directory_urls)

    return url_of


LINKS = ("site", "source")  # links in raw HTML: relative to the page's URL, or to its file


def stage(config: engine_config.EngineConfig, out: Path, links: str = "site") -> list[Path]:
    """Write the expanded docs folder at `out` (replaced whole); return the pages written.

    `links="source"` is for a generator that rewrites links in raw HTML as it does
    Markdown links, relative to the source file (Zensical); MkDocs leaves them ("site")."""
    pages = read_pages(config.docs_dir, config.use_directory_urls)
    build = engine.plan(pages, config)
    engine.compute(build, pages)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(config.docs_dir, out, ignore=shutil.ignore_patterns("_data", "*.md"))
    asset_minify.minify_copies(config.docs_dir, out)
    url_of = site_url_of(config.use_directory_urls)
    written = []
    for page in pages:
        if links == "source":
            page = dataclasses.replace(page, links_from=page.src_uri)
        written.append(_write(out / page.src_uri, engine.render_markdown(build, page, url_of)))
    for site_path, cached in engine.figure_files(build):
        (out / site_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(cached, out / site_path)
    by_uri = {page.src_uri: page for page in pages}
    for notebook in engine.notebooks(build, by_uri):
        written.append(_stage_notebook(config, notebook, by_uri[notebook.page_uri], out))
    return written


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _stage_notebook(
    config: engine_config.EngineConfig, notebook: engine.Notebook, page: SourcePage, out: Path
) -> Path:
    """notebooks/<stem>.md (the executed notebook as HTML) and notebooks/<stem>/<stem>.ipynb."""
    stem = engine.notebook_stem(notebook.page_uri)
    source = notebook.folder / notebook.src_uri
    download = out / "notebooks" / stem / f"{stem}.ipynb"
    download.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, download)
    body = _executed_html(config, source.read_text(encoding="utf-8"))
    # Raw HTML in a Markdown page: every generator passes it through unchanged.
    return _write(
        out / "notebooks" / f"{stem}.md", f'<div class="staged-notebook">\n{body}\n</div>\n'
    )


def _executed_html(config: engine_config.EngineConfig, text: str) -> str:
    """Run the notebook and render its cells as HTML; cached by the notebook's bytes."""
    import nbformat  # the notebook tools load only when there are notebooks

    versions = "".join(f"{p}=={metadata.version(p)}" for p in ("numpy", "matplotlib", "nbconvert"))
    key = hashlib.sha256((text + versions).encode()).hexdigest()[:16]
    cached = config.root / NOTEBOOK_CACHE / f"{key}.html"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    notebook = nbformat.reads(text, as_version=4)
    make_notebook_warnings_errors()  # a warning in a cell fails it, as in the build
    work = config.root / NOTEBOOK_CACHE / "run"
    work.mkdir(parents=True, exist_ok=True)
    try:
        NotebookClient(
            notebook,
            kernel_manager_class=kernel_transport.ipc_kernel_manager_class(),  # no TCP warning
            timeout=config.snippet_time_limit,
            kernel_name="python3",
            resources={"metadata": {"path": str(work)}},
        ).execute()
    except CellExecutionError as error:  # a failing cell fails the stage, as it fails the build
        raise EngineError(f"a notebook cell failed: {error}") from error
    body = _with_alt_text(notebook, HTMLExporter(template_name="basic"))
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(body, encoding="utf-8")
    return body


_NO_ALT = 'alt="No description has been provided for this image"'


def _with_alt_text(notebook, exporter) -> str:
    """The notebook as HTML, each figure output's alt text naming the call that drew it
    (nbconvert's SVG outputs have none: it puts a placeholder there, which is replaced)."""
    alts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if any(kind.startswith("image/") for kind in output.get("data", {})):
                lines = [line.strip() for line in cell.source.strip().splitlines() if line.strip()]
                alts.append(f"The figure drawn by {lines[-1].rstrip(';')} when this notebook ran")
    exporter.log.setLevel(logging.ERROR)  # its "alternative text is missing": filled in below
    body, _ = exporter.from_notebook_node(notebook)
    if body.count(_NO_ALT) != len(alts):
        raise EngineError(
            f"{len(alts)} figure outputs but {body.count(_NO_ALT)} images without alt text"
        )
    for alt in alts:
        body = body.replace(_NO_ALT, f'alt="{html.escape(alt, quote=True)}"', 1)
    return body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m computed_pages.stage", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--out", type=Path, default=Path("build/staged-docs"), help="the folder to write (replaced)"
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="the project: snippets/ and .cache/"
    )
    parser.add_argument("--docs", type=Path, default=None, help="the pages (default: ROOT/docs)")
    parser.add_argument(
        "--links",
        choices=LINKS,
        default="site",
        help="links in the HTML written into pages: relative to the page's URL (MkDocs) "
        "or to its Markdown file (Zensical, which rewrites them)",
    )
    parser.add_argument(
        "--snippet-time-limit", type=float, default=None, help="seconds per snippet module"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-8s-  %(message)s")
    root = args.root.resolve()
    settings = (
        {} if args.snippet_time_limit is None else {"snippet_time_limit": args.snippet_time_limit}
    )
    try:
        config = engine_config.from_settings(
            root, (args.docs or root / "docs").resolve(), settings, "options"
        )
        written = stage(config, args.out.resolve(), args.links)
    except EngineError as error:
        print(f"ERROR    -  {error}", file=sys.stderr)
        return 1
    log.info("staged %d pages into %s", len(written), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
