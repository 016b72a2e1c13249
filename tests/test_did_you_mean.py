"""A mistyped name gets a suggestion, and an error points at the first use.

These run the engine's plan and compute stages on a tiny project (tests/engine_project.py):
what is tested is the message, not MkDocs, so no site is built.
"""

from __future__ import annotations

import pytest

from computed_pages.build import BuildFailed
from computed_pages.suggest import closest
from tests.engine_project import GOOD, make_project, plan_and_compute

RAISES = GOOD.replace("    return Result(42.0)", "    raise RuntimeError('deliberately broken')")


def fails_with(tmp_path, page: str, snippets: dict[str, str] | None = None) -> str:
    """The build's message for a project with one page `docs/a.md`."""
    root = make_project(tmp_path, {"a.md": page}, snippets or {"good": GOOD})
    with pytest.raises(BuildFailed) as failed:
        plan_and_compute(root)
    return str(failed.value)


def test_a_mistyped_number_name_suggests_the_field(tmp_path):
    message = fails_with(tmp_path, "# A\n\nThe answer is {{ good.anwser:.2f }}.\n")
    assert message.startswith(
        "docs/a.md:3: compute() of snippets/good.py gives no number called 'anwser'"
    )
    assert "did you mean 'answer'?" in message


def test_a_mistyped_module_name_suggests_the_module(tmp_path):
    message = fails_with(tmp_path, "# A\n\nThe answer is {{ goood.answer }}.\n")
    assert message.startswith("docs/a.md:3: no snippet module snippets/goood.py")
    assert "did you mean 'good'?" in message


def test_a_figure_named_without_plot_prefix_suggests_the_plot_function(tmp_path):
    message = fails_with(tmp_path, "# A\n\n![The line](figure:good.answer)\n")
    assert message.startswith("docs/a.md:3: snippets/good.py has no function answer()")
    assert "did you mean 'plot_answer'?" in message


def test_a_mistyped_glossary_term_suggests_the_term(tmp_path):
    message = fails_with(tmp_path, "# A\n\nChoose the [[learnig rate]] first.\n")
    assert message.startswith("docs/a.md:3: 'learnig rate' is not a glossary term")
    assert "did you mean 'learning rate'?" in message


def test_no_suggestion_when_nothing_is_close():
    assert closest("flux_capacitor", ["slope", "intercept"]) is None
    assert closest("paths", ["compute", "plot_paths", "plot_loss"]) == "plot_paths"


def test_a_failing_snippet_is_reported_at_its_first_use_on_the_page(tmp_path):
    """A number quoted above the figure is the first use, not the figure line."""
    page = "# A\n\nThe answer: {{ raises.answer }}.\n\n![The line](figure:raises.plot_answer)\n"
    message = fails_with(tmp_path, page, {"raises": RAISES})
    assert "deliberately broken" in message
    assert message.endswith("used at docs/a.md:3)")
