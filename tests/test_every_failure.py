"""Every failure at once: three broken modules and two bad pages, five problems, each with
its file and line, page by page (the engine's stages directly; one full build at the end)."""

from __future__ import annotations

import re

import pytest

from computed_pages.build import BuildFailed
from tests.conftest import build_copy
from tests.engine_project import GOOD, make_project, plan_and_compute

RAISES = GOOD.replace("    return Result(42.0)", "    raise RuntimeError('deliberately broken')")
SYNTAX = GOOD + "\ndef broken(:\n"
IMPORTS = "from snippets.no_such_module import nothing\n" + GOOD

PAGES = {
    "a.md": "# A\n\nGood: {{ good.answer }}.\n\nRaises: {{ raises.answer }}.\n\n"
    "Syntax: {{ syntax.answer }}.\n\nImports: {{ imports.answer }}.\n",
    "b.md": "# B\n\nNo alt text:\n\n![](figure:good.plot_answer)\n",
    "c.md": "# C\n\nNo such number: {{ good.no_such_number }}.\n",
}
SNIPPETS = {"good": GOOD, "raises": RAISES, "syntax": SYNTAX, "imports": IMPORTS}


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_three_broken_modules_and_two_bad_pages_are_reported_together(tmp_path):
    root = make_project(tmp_path, PAGES, SNIPPETS)
    with pytest.raises(BuildFailed) as failed:
        plan_and_compute(root)
    problems = failed.value.problems
    a = PAGES["a.md"]
    expected = [  # page by page, in line order; each starts with the file and line to fix
        ("docs/a.md", f"snippets/raises.py:{line_of(RAISES, 'deliberately')}: RuntimeError"),
        ("docs/a.md", f"snippets/syntax.py:{len(SYNTAX.splitlines())}: SyntaxError"),
        ("docs/a.md", "snippets/imports.py:1: ModuleNotFoundError"),
        (
            "docs/b.md",
            f"docs/b.md:{line_of(PAGES['b.md'], '![](')}: figure good.plot_answer has no alt text",
        ),
        (
            "docs/c.md",
            f"docs/c.md:{line_of(PAGES['c.md'], 'no_such')}: compute() of snippets/good.py gives no number called 'no_such_number'",
        ),
    ]
    assert len(problems) == len(expected), str(failed.value)
    for problem, (page, start) in zip(problems, expected, strict=True):
        assert problem.page == page and problem.message.startswith(start), str(failed.value)
    assert f"used at docs/a.md:{line_of(a, 'raises.')}" in problems[0].message
    assert str(failed.value).startswith("5 problems stop the build:\n")


def test_a_snippet_that_raises_is_reported_and_not_cached(tmp_path):
    root = make_project(tmp_path, {"a.md": "Raises: {{ raises.answer }}.\n"}, {"raises": RAISES})
    with pytest.raises(
        BuildFailed,
        match=r"snippets/raises\.py:\d+: RuntimeError: deliberately broken \(in snippet module raises, used at docs/a\.md:1\)",
    ):
        plan_and_compute(root)
    assert not list((root / ".cache" / "snippets").glob("raises-*")), "a failed module was cached"


def test_a_snippet_with_a_syntax_error_names_its_line_not_a_traceback(tmp_path):
    root = make_project(tmp_path, {"a.md": "{{ syntax.answer }}\n"}, {"syntax": SYNTAX})
    with pytest.raises(BuildFailed) as failed:
        plan_and_compute(root)
    assert re.fullmatch(
        rf"snippets/syntax\.py:{len(SYNTAX.splitlines())}: SyntaxError: .* \(used at docs/a\.md:1\)",
        str(failed.value),
    )


@pytest.mark.slow
def test_a_build_reports_every_failure_at_once(project_copy):
    """The MkDocs adapter prints all of them: one build, not five rounds of fixing."""
    for name, text in SNIPPETS.items():
        if name != "good":
            (project_copy / "snippets" / f"{name}.py").write_text(text)
    page = project_copy / "docs" / "hyperparameters.md"
    page.write_text(
        page.read_text()
        + "\n{{ raises.answer }} {{ syntax.answer }} {{ imports.answer }}\n"
        + "\n![](figure:regression.plot_fit)\n\nThe answer is {{ regression.no_such_number }}.\n"
    )
    code, log = build_copy(project_copy)
    assert code != 0
    assert "5 problems stop the build:" in log, log
    for needle in (
        "snippets/raises.py:",
        "snippets/syntax.py:",
        "snippets/imports.py:1:",
        "has no alt text",
        "no_such_number",
    ):
        assert needle in log, log


WARNS = GOOD.replace("    return Result(42.0)", "    return Result(np.float64(42.0) / 0)").replace(
    "import matplotlib.pyplot as plt", "import matplotlib.pyplot as plt\nimport numpy as np"
)
EXPECTS_IT = WARNS.replace(
    "    return Result(np.float64(42.0) / 0)",
    "    with warnings.catch_warnings():\n"
    "        warnings.simplefilter('ignore', RuntimeWarning)  # expected: the test says so\n"
    "        infinite = np.float64(42.0) / 0\n"
    "    return Result(42.0 if np.isinf(infinite) else 0.0)",
).replace("from dataclasses", "import warnings\nfrom dataclasses")


def test_a_warning_in_compute_stops_the_build_like_an_error(tmp_path):
    """numpy's divide-by-zero warning (an inf on the way) fails the build as it fails pytest,
    with the module's line, the page that uses it and what to do; a module that expects a
    warning says so in code and builds."""
    pages = {"a.md": "# A\n\nWarns: {{ warns.answer }}. Expects it: {{ expects_it.answer }}.\n"}
    root = make_project(tmp_path, pages, {"warns": WARNS, "expects_it": EXPECTS_IT})
    with pytest.raises(BuildFailed) as failed:
        plan_and_compute(root)
    (problem,) = failed.value.problems
    assert problem.message.startswith(
        f"snippets/warns.py:{line_of(WARNS, '/ 0')}: RuntimeWarning: divide by zero"
    ), problem.message
    assert "(in snippet module warns, used at docs/a.md:3); a warning stops the build" in str(
        failed.value
    )
    assert "warnings.catch_warnings()" in problem.message


COARSE_SLIDER = (
    GOOD
    + """

def positions(result):
    values = tuple(range(1, 10))  # nine: one too few for a slider over integers
    return SimpleNamespace(values=values, default=1, marks={})


def numbers(result, value):
    return {"value": value}


def outcome(result, value):
    return "fits"


def plot_at(result, value):
    return plot_answer(result)
"""
).replace("from dataclasses", "from types import SimpleNamespace\nfrom dataclasses")


def test_a_slider_with_too_few_positions_stops_the_build(tmp_path):
    """The build holds a slider to the minimum tests/test_sliders.py checks (and CONTRIBUTING
    states), so the fast loop's build and the full run agree."""
    page = (
        '# A\n\n![At {value}: {outcome}.](figure:coarse.plot_at "Caption.")'
        '{slider="learning rate" positions=positions numbers=numbers outcome=outcome}\n'
    )
    root = make_project(tmp_path, {"a.md": page}, {"coarse": COARSE_SLIDER})
    line = line_of(COARSE_SLIDER, "def positions")
    with pytest.raises(
        BuildFailed,
        match=rf"snippets/coarse\.py:{line}: ValueError: positions\(\) gives 9 positions; a "
        r"slider over integer values needs at least 10",
    ):
        plan_and_compute(root)
