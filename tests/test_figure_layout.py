"""The glue's two variants of a figure: desktop as drawn, phone stacked; both legible."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from computed_pages.compute import (
    figure_layout,
    figure_theme,
    svg_minify,
)


def _two_panels():
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
    x = np.geomspace(1e-4, 1, 50)
    left.plot(x, x**2, label="a curve with a long label")
    left.plot(x, x, label="another curve, also long")
    left.set(xscale="log", yscale="log", title="Left")
    left.legend(loc="upper left", ncols=2, fontsize=7.5)  # too small and too wide on purpose
    right.plot(x, 1 - x)
    right.set(title="Right")
    return figure, left, right


@pytest.mark.parametrize("theme", figure_theme.THEMES)
def test_both_variants_meet_the_text_budget_and_the_phone_stacks(tmp_path, theme):
    with plt.style.context(figure_theme.THEMES[theme]):
        figure, left, right = _two_panels()
        sizes = figure_theme.save_variants(figure, tmp_path, "f", theme)
        # Stacked: the right panel is now under the left one, as wide as the phone allows.
        assert right.get_position().y1 < left.get_position().y0
        plt.close(figure)
    assert sizes["f.phone"][0] < sizes["f"][0]
    for stem, layout in (("f", figure_theme.DESKTOP), ("f.phone", figure_theme.PHONE)):
        svg = (tmp_path / f"{stem}.{theme}.svg").read_text(encoding="utf-8")
        rendered = svg_minify.smallest_font(svg) * figure_layout.px_per_unit(
            layout, svg_minify.viewbox_width(svg)
        )
        assert rendered >= layout.min_text_px, (stem, rendered)
        texts = svg_minify.text_nodes(svg)
        assert "10⁻⁴" in texts, texts  # plain text, not mathtext at 70 % size
        assert "a curve with a long label" in texts


def test_a_figure_that_cannot_meet_the_budget_stops_the_build(tmp_path):
    with plt.style.context(figure_theme.THEMES["light"]):
        figure, ax = plt.subplots(figsize=(4, 3))
        ax.set_title("x" * 400)  # a title far wider than any screen: scaled down, never legible
        with pytest.raises(ValueError, match="under the budget"):
            figure_theme.save_svg(figure, tmp_path / "f.svg", figure_theme.PHONE)
        plt.close(figure)


def test_a_collapsed_layout_stops_the_build(tmp_path):
    with plt.style.context(figure_theme.THEMES["light"]):
        figure, ax = plt.subplots(figsize=(4, 3), layout="constrained")
        ax.set_ylabel("\n" * 60 + "y")  # a label taller than the figure: no room for the axes
        with pytest.raises(ValueError, match="collapsed"):
            figure_theme.save_svg(figure, tmp_path / "f.svg", figure_theme.PHONE)
        plt.close(figure)


def _two_panels_with_legends_below():
    """Two panels whose legends hang below them, under a long x label (as in the
    "Coefficient paths" figure of /beyond-the-u-curve/)."""
    figure, panels = plt.subplots(1, 2, figsize=(9, 3.9), layout="constrained")
    x = np.geomspace(1e-3, 10, 40)
    for ax in panels:
        for k in range(5):
            ax.plot(x, np.tanh(x) * k, label=f"w[{k}]: ridge at λ" if k == 0 else f"w[{k}]")
        ax.set(xscale="log", xlabel="λ  (gradient descent: 1 / (η t))", ylabel="value")
        ax.secondary_xaxis("top").set_xlabel("gradient-descent step t")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncols=2)
    return figure


def test_a_legend_below_its_panel_clears_the_labels_raised_after_it_was_placed(tmp_path):
    """The phone variant stacks panels and moves legends below them before the
    text is raised to the budget; they are placed again once the labels grew."""
    with plt.style.context(figure_theme.THEMES["light"]):  # the layout is the same in both
        figure = _two_panels_with_legends_below()
        figure_theme.save_variants(figure, tmp_path, "f", "light")  # the phone variant last
        assert figure_layout.legend_overlaps(figure) == []
        for ax in figure.axes:  # each legend is under its own panel's x label
            legend = ax.get_legend().get_window_extent()
            assert legend.y1 < ax.xaxis.label.get_window_extent().y0
        plt.close(figure)


def test_a_legend_over_a_label_stops_the_build(tmp_path):
    with plt.style.context(figure_theme.THEMES["light"]):
        figure, ax = plt.subplots(figsize=(4, 3), layout="constrained")
        ax.plot([0, 1], label="a curve")
        ax.set_xlabel("the x label")
        ax.legend(loc="center", bbox_to_anchor=(0.5, -0.12))  # on top of the x label
        with pytest.raises(ValueError, match="overlaps 'the x label'"):
            figure_theme.save_svg(figure, tmp_path / "f.svg", figure_theme.DESKTOP)
        plt.close(figure)
