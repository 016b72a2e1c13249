"""The one file mkdocs.yml names under `hooks:` (MkDocs 1.6 and ProperDocs).

Each MkDocs event calls, in this order, the engine's adapter (hooks/engine.py:
computed numbers, figures, sliders, glossary, notebooks, formulas) and the
patches of other tools' HTML (the rest of hooks/). The order is written here,
not in mkdocs.yml. This file sits beside mkdocs.yml because MkDocs puts a hook
file's folder on the import path while loading it: from here, the engine
(`computed_pages`) and the adapters (`hooks`) import as packages.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

from hooks import (
    code_spans,
    engine,
    notebook_a11y,
    notebook_pages,
    notebook_prerender,
    search_scope,
)


def on_config(config):
    return engine.on_config(config)


@event_priority(100)  # before mkdocs-jupyter wraps the notebooks added here
def on_files(files, config):
    return engine.on_files(files, config)


def on_page_markdown(markdown, page, config, files):
    markdown = engine.on_page_markdown(markdown, page, config, files)
    notebook_prerender.page_starts(page)  # the time mkdocs-jupyter takes, for the bench
    return notebook_pages.on_page_markdown(markdown, page, config, files)  # search: no notebooks


def on_page_content(html, page, config, files):
    notebook_prerender.page_rendered(page)
    html = engine.on_page_content(html, page, config, files)  # formulas, stacked tables
    html = notebook_a11y.on_page_content(html, page, config, files)
    html = search_scope.on_page_content(html, page, config, files)
    return code_spans.on_page_content(html, page, config, files)


def on_post_page(output, page, config):
    return notebook_pages.on_post_page(output, page, config)


def on_post_build(config):
    engine.on_post_build(config)  # minified stylesheets and scripts
    search_scope.on_post_build(config)
    notebook_prerender.report_pages()
