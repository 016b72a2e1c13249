"""NaN and infinity never reach a page: the build stops, naming page, line and snippet."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from computed_pages.compute import finite_values
from tests.conftest import build_copy

# A module and a page of their own: breaking a module the site uses would make the
# build recompute it and every module that imports it (most of this test's time).
PROBE = """\
from dataclasses import dataclass

import matplotlib.pyplot as plt


@dataclass(frozen=True)
class Probe:
    error: float


def compute():
    return Probe(error={error})


def plot_line(result):
    figure, ax = plt.subplots()
    ax.plot([0.0, 1.0], [0.0, {end}], label="broken")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return figure
"""


def add_probe(project, error="0.5", end="1.0", page_text=""):
    (project / "snippets" / "probe.py").write_text(PROBE.format(error=error, end=end))
    page = project / "docs" / "probe.md"
    page.write_text("# Probe\n\n" + page_text)
    return page


def test_a_nan_in_a_quoted_value_names_page_and_line(project_copy):
    add_probe(project_copy, error='float("nan")', page_text="The error is {{ probe.error:.2f }}.\n")
    code, log = build_copy(project_copy)
    assert code != 0
    assert "docs/probe.md:3: {{ probe.error }} is nan" in log, log
    assert "snippets/probe.py" in log, log


def test_a_figure_drawn_from_nan_names_snippet_function_and_page(project_copy):
    add_probe(project_copy, end='float("nan")', page_text="![A line](figure:probe.plot_line)\n")
    code, log = build_copy(project_copy)
    assert code != 0
    assert "plot_line() draws NaN or infinite data" in log, log
    assert "line 'broken'" in log and "snippets/probe.py" in log, log
    assert "used at docs/probe.md:3" in log, log


def test_the_probe_builds_when_its_numbers_are_finite(project_copy):
    """The two failures above come from the NaN, not from the probe itself."""
    add_probe(
        project_copy,
        page_text="The error is {{ probe.error:.2f }}.\n\n![A line](figure:probe.plot_line)\n",
    )
    code, log = build_copy(project_copy)
    assert code == 0, log


def test_masked_values_are_a_gap_on_purpose():
    figure, ax = plt.subplots()
    ax.plot([1, 2, 3], np.ma.masked_invalid([1.0, np.nan, 3.0]))
    finite_values.check_figure(figure, "snippets/x.py", "plot_x")  # no error
    ax.plot([1, 2], [np.inf, 1.0], label="bare")
    with pytest.raises(finite_values.NonFiniteError, match="line 'bare'"):
        finite_values.check_figure(figure, "snippets/x.py", "plot_x")
    plt.close(figure)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_values_stop_the_build(value):
    from computed_pages.errors import EngineError

    with pytest.raises(EngineError, match=r"docs/p\.md:3: \{\{ m\.x \}\} is"):
        finite_values.check_value(value, "docs/p.md:3", "m", "x")
    finite_values.check_value(1.5, "docs/p.md:3", "m", "x")
    finite_values.check_value(True, "docs/p.md:3", "m", "x")
