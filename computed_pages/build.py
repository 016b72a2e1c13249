"""The engine's steps, in order: plan the pages, compute the modules, render the pages.

    build = plan(pages, config)        # plan/planner.py: read every page, check every reference
    compute(build, pages)              # compute/run_modules.py: run what the cache lacks
    figure_files(build)                # render/site_files.py: the SVG files to publish
    notebooks(build, pages)            # render/site_files.py: each page's companion notebook
    render_markdown(build, page, ...)  # render/page.py: values, figures, sliders, glossary, ...

Every failure of plan and compute is collected, and the step stops with all of
them at once (`BuildFailed`), page by page, each with its file and line. An
adapter (hooks/engine.py for MkDocs, stage.py for a folder of Markdown) calls
these steps; nothing here knows which generator runs.
"""

from __future__ import annotations

from computed_pages.compute.run_modules import compute
from computed_pages.plan.planner import plan
from computed_pages.render.page import render_markdown
from computed_pages.render.site_files import (
    Notebook,
    figure_files,
    notebook_stem,
    notebook_uri,
    notebooks,
)
from computed_pages.render.values import quoted_value
from computed_pages.state import Build, BuildFailed, ModuleRun, Problem

STEPS = (plan, compute, figure_files, notebooks, render_markdown)  # in this order
# The build's state between them: state.Build (its problems: state.Problem, BuildFailed).

__all__ = [
    "Build",
    "BuildFailed",
    "ModuleRun",
    "Notebook",
    "Problem",
    "compute",
    "figure_files",
    "notebook_stem",
    "notebook_uri",
    "notebooks",
    "plan",
    "quoted_value",
    "render_markdown",
]
