"""NaN and infinity never reach a page: the build stops, naming page, line and snippet."""

from __future__ import annotations

import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

from tests.conftest import ROOT, mkdocs

sys.path.insert(0, str(ROOT / "hooks"))

import finite_values  # noqa: E402


def build(project):
    done = mkdocs("build", "--strict", "--site-dir", str(project / "site"), cwd=project)
    return done.returncode, done.stdout + done.stderr


def test_a_nan_in_a_quoted_value_names_page_and_line(project_copy):
    snippet = project_copy / "snippets" / "regression.py"
    text = snippet.read_text()
    assert "rmse=float(np.sqrt(final))," in text
    snippet.write_text(text.replace("rmse=float(np.sqrt(final)),", 'rmse=float("nan"),'))
    page = project_copy / "docs" / "model-parameters.md"
    line = next(
        number
        for number, content in enumerate(page.read_text().splitlines(), start=1)
        if "{{ regression.rmse" in content
    )
    code, log = build(project_copy)
    assert code != 0
    assert f"docs/model-parameters.md:{line}: {{{{ regression.rmse }}}} is nan" in log, log
    assert "snippets/regression.py" in log, log


def test_a_figure_drawn_from_nan_names_snippet_function_and_page(project_copy):
    snippet = project_copy / "snippets" / "regression.py"
    snippet.write_text(
        snippet.read_text()
        + "\n\n_plot_fit = plot_fit\n\n\ndef plot_fit(result):\n"
        + "    figure = _plot_fit(result)\n"
        + "    figure.axes[0].plot([0.0, 1.0], [0.0, float('nan')], label='broken')\n"
        + "    return figure\n"
    )
    code, log = build(project_copy)
    assert code != 0
    assert "plot_fit() draws NaN or infinite data" in log, log
    assert "line 'broken'" in log and "snippets/regression.py" in log, log
    assert "used at docs/" in log, log


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
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match=r"docs/p\.md:3: \{\{ m\.x \}\} is"):
        finite_values.check_value(value, "docs/p.md:3", "m", "x")
    finite_values.check_value(1.5, "docs/p.md:3", "m", "x")
    finite_values.check_value(True, "docs/p.md:3", "m", "x")
