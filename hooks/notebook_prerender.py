"""Execute the companion notebooks side by side before the pages render, not one by one.

mkdocs-jupyter executes a notebook when it renders its page, and MkDocs renders pages
one after another: every notebook on one core while the others idle. So the build
fills mkdocs-jupyter's cache first, one worker process per notebook (hooks/notebook_worker.py),
as many at a time as there are cores; the plugin then finds every entry and only reads
it. Same calls, same entry, same page: the notebooks a reader downloads are untouched
(they are the generated source, which the plugin copies), and a notebook that fails
here is left to the plugin, which runs it again and stops the build with its own error.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path, PurePath

from computed_pages.compute import runner

# What the build logs of the notebooks; tests/bench.py reads both lines.
POOL_LOG = "executed %d notebooks in %.1f s (sum %.1f s) on %d workers"
PAGES_LOG = "mkdocs-jupyter rendered %d notebook pages in %.1f s"
_HERE = Path(__file__).resolve().parents[1]  # the folder holding hooks/: importable from there
log = logging.getLogger("mkdocs.computed_pages.notebooks")  # MkDocs shows "mkdocs.*" loggers
PLUGIN = "mkdocs-jupyter"
# The options of the plugin's nb2html call (mkdocs-jupyter 0.26.3, on_pre_page), by name.
CONVERT_OPTIONS = (
    "kernel_name",
    "theme",
    "allow_errors",
    "show_input",
    "no_input",
    "no_prompt",
    "remove_tag_config",
    "highlight_extra_classes",
    "include_requirejs",
    "custom_mathjax_url",
)


@dataclass(frozen=True)
class NotebookJob:
    notebook: Path
    cache_entry: Path  # where the plugin looks for it
    spec: str  # the worker's argument: JSON


def jobs(notebooks: list[Path], plugin_config) -> list[NotebookJob]:
    """The notebooks whose executed page the plugin's cache lacks."""
    from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

    if not (plugin_config["cache"] and plugin_config["execute"]):
        return []  # nothing to execute, or nowhere the plugin would find the result
    out = []
    for notebook in notebooks:
        if any(PurePath(notebook).match(p) for p in plugin_config["execute_ignore"]):
            continue  # the plugin converts it without executing: nothing to gain
        key = _compute_cache_key(str(notebook), plugin_config, True)
        entry = _get_cache_path(
            plugin_config["cache_dir"], key
        ).resolve()  # from the cwd, as the plugin
        if entry.exists():
            continue
        options = {name: plugin_config[name] for name in CONVERT_OPTIONS}
        spec = {
            "notebook": str(notebook),
            "options": {"execute": True, **options},
            "toc_depth": plugin_config["toc_depth"],
            "cache_entry": str(entry),
        }
        out.append(NotebookJob(notebook, entry, json.dumps(spec)))
    return out


def prerender(notebooks: list[Path], config, limit: float) -> None:
    """Fill the plugin's cache for `notebooks`, on as many workers as cores."""
    _started.clear()  # a new build (under `mkdocs serve`, the last one may have failed)
    _rendered.clear()
    plugin = config.plugins.get(PLUGIN)
    todo = jobs(notebooks, plugin.config) if plugin else []
    if not todo:
        return
    workers = max(1, min(len(todo), os.cpu_count() or 1))
    start = time.perf_counter()
    failed = threading.Event()
    seconds = runner.run_all(todo, lambda job: _run(job, limit, failed), workers)
    done = [s for s in seconds if s is not None]
    log.info(
        POOL_LOG,
        len(done),
        time.perf_counter() - start,
        sum(done),
        workers,
    )


def _run(job: NotebookJob, limit: float, failed: threading.Event) -> float | None:
    """The worker's seconds, or None when it failed (the plugin will say why)."""
    if failed.is_set():
        return None  # the build stops at the failed notebook's page: the rest is wasted
    # Called from `-c`, not run with `-m`: the build makes warnings of `__main__` errors
    # (computed_pages/notebook_warnings.py), which is meant for the notebooks' code only.
    command = [sys.executable, "-c", "from hooks.notebook_worker import main; main()", job.spec]
    done = runner.run_child(command, _HERE, dict(os.environ), limit)
    if done is None or done.returncode != 0 or not done.stdout.strip():
        why = "time limit" if done is None else (done.stderr.strip().splitlines() or ["?"])[-1]
        log.info("notebook %s left to mkdocs-jupyter (%s)", job.notebook.name, why)
        if not failed.is_set():
            failed.set()
            runner.kill_all()  # the other notebooks running now: the build will stop anyway
        return None
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    for line in outcome["log"]:
        log.info(line)
    return outcome["seconds"]


# How long mkdocs-jupyter spends on the notebook pages as MkDocs renders them, one after
# another: with every entry prerendered, reading them; otherwise also executing. The
# bench (tests/bench.py) counts it as work that could have been spread over the cores.
_started: dict[str, float] = {}
_rendered: list[float] = []


def page_starts(page) -> None:
    """Between on_page_markdown and on_page_content the plugin renders the page."""
    if page.file.src_uri.endswith(".ipynb"):
        _started[page.file.src_uri] = time.perf_counter()


def page_rendered(page) -> None:
    started = _started.pop(page.file.src_uri, None)
    if started is not None:
        _rendered.append(time.perf_counter() - started)


def report_pages() -> None:
    if _rendered:
        log.info(PAGES_LOG, len(_rendered), sum(_rendered))
    _rendered.clear()
    _started.clear()
