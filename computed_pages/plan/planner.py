"""Plan: every page read into requests and checked against the snippet sources, nothing run."""

from __future__ import annotations

from computed_pages import suggest
from computed_pages.config import EngineConfig
from computed_pages.errors import EngineError
from computed_pages.plan import glossary_terms, snippet_sources
from computed_pages.plan.requests import SourcePage, uses
from computed_pages.plan.slider_requests import figure_name
from computed_pages.render import glossary
from computed_pages.state import Build, ModuleRun


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
