"""A mistyped name gets a suggestion, and an error points at the first use (on throwaway copies)."""

from __future__ import annotations

import ast

from computed_pages.suggest import closest
from tests.conftest import build_copy
from tests.markdown_pages import FIGURE, VALUE, find_in_prose


def append_line(page, line: str) -> int:
    """Append `line` to a page; return its line number."""
    text = page.read_text().rstrip("\n") + "\n\n" + line + "\n"
    page.write_text(text)
    return len(text.splitlines())


def test_a_mistyped_number_name_suggests_the_field(project_copy):
    page = project_copy / "docs" / "model-parameters.md"
    line = append_line(page, "The slope is {{ regression.slope_lstsp:.2f }}.")
    code, log = build_copy(project_copy)
    assert code != 0
    assert f"docs/model-parameters.md:{line}:" in log, log
    assert "did you mean 'slope_lstsq'?" in log, log


def test_a_mistyped_module_name_suggests_the_module(project_copy):
    page = project_copy / "docs" / "model-parameters.md"
    line = append_line(page, "The slope is {{ regresion.slope_lstsq:.2f }}.")
    code, log = build_copy(project_copy)
    assert code != 0
    assert f"docs/model-parameters.md:{line}: no snippet module snippets/regresion.py" in log, log
    assert "did you mean 'regression'?" in log, log


def test_a_figure_named_without_plot_prefix_suggests_the_plot_function(project_copy):
    page = project_copy / "docs" / "model-parameters.md"
    line = append_line(page, "![The fit](figure:regression.fit)")
    code, log = build_copy(project_copy)
    assert code != 0
    assert f"docs/model-parameters.md:{line}: snippets/regression.py has no function fit()" in log
    assert "did you mean 'plot_fit'?" in log, log


def test_a_mistyped_glossary_term_suggests_the_term(project_copy):
    page = project_copy / "docs" / "hyperparameters.md"
    line = append_line(page, "Choose the [[learnig rate]] first.")
    code, log = build_copy(project_copy)
    assert code != 0
    assert f"docs/hyperparameters.md:{line}: 'learnig rate' is not a glossary term" in log, log
    assert "did you mean 'learning rate'?" in log, log


def test_no_suggestion_when_nothing_is_close():
    assert closest("flux_capacitor", ["slope", "intercept"]) is None
    assert closest("paths", ["compute", "plot_paths", "plot_loss"]) == "plot_paths"


def uses_by_module(docs) -> dict[str, dict[str, list[tuple[int, str]]]]:
    """module -> page -> [(line, "figure" or "value")] of every use."""
    found: dict = {}
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text()
        for kind, pattern in (("figure", FIGURE), ("value", VALUE)):
            for line, match in find_in_prose(text, pattern):
                found.setdefault(match["module"], {}).setdefault(page, []).append((line, kind))
    return found


def test_a_failing_snippet_is_reported_at_its_first_use_on_the_page(project_copy):
    """A number quoted above the figure is the first use, not the figure line."""
    candidates = [
        (module, page, min(uses))
        for module, pages in sorted(uses_by_module(project_copy / "docs").items())
        for page, uses in pages.items()
        if len(pages) == 1 and min(uses)[1] == "value" and ("figure" in {k for _, k in uses})
    ]
    assert candidates, "the test needs a page that quotes a number of a module above its figure"
    module, page, (first_line, _) = candidates[0]
    source = project_copy / "snippets" / f"{module}.py"
    lines = source.read_text().splitlines()
    compute = next(
        n for n in ast.parse(source.read_text()).body if getattr(n, "name", "") == "compute"
    )
    first = compute.body[0]
    lines.insert(
        first.lineno - 1, " " * first.col_offset + "raise RuntimeError('deliberately broken')"
    )
    source.write_text("\n".join(lines) + "\n")
    code, log = build_copy(project_copy)
    assert code != 0 and "deliberately broken" in log, log
    where = f"docs/{page.relative_to(project_copy / 'docs').as_posix()}:{first_line}"
    assert f"used at {where})" in log, log
