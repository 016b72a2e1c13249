"""Compute: the modules without a cache entry run in workers; every quoted value checked."""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

from computed_pages.compute import cache_key, runner
from computed_pages.errors import EngineError
from computed_pages.plan import markdown_scan, slider_requests
from computed_pages.plan.requests import VALUE, SourcePage
from computed_pages.render.values import quoted_value
from computed_pages.state import Build, ModuleRun, Problem
from computed_pages.themes import PHONE_SUFFIX as PHONE
from computed_pages.themes import THEMES

log = logging.getLogger("mkdocs.computed_pages")  # MkDocs shows "mkdocs.*" loggers


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
                    f"{location}: {error['message']} (in snippet module {run.name}, "
                    f"used at {run.first_use}){error.get('hint', '')}",
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
            quoted_value(run, match, build.where(page.src_uri, line))
        except EngineError as error:
            build.fail(page.src_uri, line, str(error))
