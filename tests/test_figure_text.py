"""Figure text is what the code wrote.

The build compares the text of every figure file it writes with matplotlib's
own SVG of that figure (computed_pages/compute/figure_theme.py) and stops if they differ; these
tests show that check can fail, and redraw figures of the built site with the
shrinking switched off to compare every text node with the files served.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from computed_pages.compute import (
    figure_theme,
    svg_minify,
)
from computed_pages.compute.slider_frames import parse_value, spec_path
from computed_pages.compute.slider_landmarks import positions_of
from tests.conftest import ROOT

# <module>.<figure>[.<frame index>][.phone].<cache key>.<theme>.svg
FILE = re.compile(
    r"(?P<module>\w+)\.(?P<figure>\w+(?:~\w+)?)(?:\.(?P<index>\d+))?(?P<phone>\.phone)?"
    r"\.(?P<key>\w+)\.(?P<theme>light|dark)\.svg"
)
REDRAWN = ("regression", "capacity")  # fast modules; capacity holds the λ = 0.001 frames


def test_minify_keeps_text_and_rounds_only_markup():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10.123456 5">\n'
        '<text x="1.23456" style="font-size: 10.5px">λ = 0.001 and 3.14159</text>\n'
        "<text><tspan style=\"font-size: 7px; font-family: 'DejaVu Sans'\">10</tspan>\n"
        "  <tspan>⁻³</tspan></text></svg>"
    )
    small = svg_minify.minify(svg)
    assert svg_minify.text_nodes(small) == ["λ = 0.001 and 3.14159", "10⁻³"]
    assert svg_minify.text_nodes(small) == svg_minify.text_nodes(svg)
    assert 'x="1.23"' in small and "10.12 5" in small  # markup still shrinks
    assert "font-family: 'DejaVu Sans';" not in small and "sans-serif" in small


def test_the_build_stops_when_shrinking_changes_a_figure_text(tmp_path, monkeypatch):
    with plt.style.context(figure_theme.THEMES["light"]):  # text as <text>, as the build saves it
        figure, ax = plt.subplots(figsize=(4, 3))
        ax.set_title("λ = 0.001")
        monkeypatch.setattr(figure_theme, "minify", lambda svg: svg.replace("0.001", "0.00"))
        with pytest.raises(ValueError, match="changed the figure's text"):
            figure_theme.save_svg(figure, tmp_path / "f.svg", figure_theme.DESKTOP)
        plt.close(figure)


class _Slider:
    """One slider figure: its spec and its positions, asked of the snippet once."""

    def __init__(self, module, figure: str, result):
        name = module.__name__.split(".")[-1]
        self.spec = json.loads(spec_path(ROOT, name, figure).read_text())
        self.values, self.default, _ = positions_of(module, self.spec, result)  # as the worker

    def redrawn(self) -> set[str | None]:
        """Which frames to redraw: the default (index None), the first and the last, and
        every frame whose value is below 0.01, where rounding a title such as
        "λ = 0.001" would show (issue 17). Every frame's text is already compared by the
        build itself (figure_theme.save_svg); this independent redraw samples, so that it
        does not cost minutes of the suite."""
        small = {str(i) for i, v in enumerate(self.values) if abs(parse_value(v)) < 0.01}
        return {None, "0", str(len(self.values) - 1), *small}


def _draw(module, figure: str, index: str | None, result, slider: _Slider | None):
    """The Figure the build drew for this file: a plot, or one slider frame."""
    if slider is None:
        return getattr(module, figure)(result)
    position = slider.default if index is None else int(index)
    return getattr(module, slider.spec["plot"])(result, parse_value(slider.values[position]))


@pytest.mark.parametrize("module_name", REDRAWN)
def test_every_text_node_of_each_figure_file_is_matplotlibs_own(
    built_site, module_name, tmp_path, monkeypatch
):
    files = sorted((built_site / "figures").glob(f"{module_name}.*.svg"))
    assert files, f"no figure of {module_name} in the built site"
    module = importlib.import_module(f"snippets.{module_name}")
    result = module.compute()
    monkeypatch.setattr(figure_theme, "minify", lambda svg: svg)  # matplotlib's own output
    drawn: dict[tuple, Path] = {}
    sliders: dict[str, _Slider] = {}
    compared, mismatches = 0, []
    for path in files:
        match = FILE.fullmatch(path.name)
        assert match, path.name
        slider = None
        if "~" in match["figure"]:
            if match["figure"] not in sliders:
                sliders[match["figure"]] = _Slider(module, match["figure"], result)
            slider = sliders[match["figure"]]
            if match["index"] not in slider.redrawn():
                continue
        # One redraw per figure or frame: the themes change colours, never text, so
        # the light drawing's text is what both theme files must hold.
        group = (match["figure"], match["index"])
        if group not in drawn:
            with plt.style.context(figure_theme.THEMES["light"]):
                figure = _draw(module, match["figure"], match["index"], result, slider)
                stem = f"f{len(drawn)}"
                figure_theme.save_variants(figure, tmp_path, stem, "light")
                plt.close(figure)
            drawn[group] = tmp_path / stem
        own = Path(f"{drawn[group]}{match['phone'] or ''}.light.svg")
        served = svg_minify.text_nodes(path.read_text(encoding="utf-8"))
        compared += 1
        if served != svg_minify.text_nodes(own.read_text(encoding="utf-8")):
            mismatches.append(path.name)
    assert not mismatches, mismatches
    assert compared >= 4, f"only {compared} figure files of {module_name} compared"


def test_the_weight_decay_frames_say_what_the_code_wrote(built_site):
    """The frames once titled "λ = 0.00" (issue 17): each title names its λ in full."""
    titles = set()
    for path in (built_site / "figures").glob("capacity.plot_lambda_fit~*.svg"):
        titles.update(t for t in svg_minify.text_nodes(path.read_text()) if "λ = " in t)
    assert any("λ = 0.001" in t for t in titles), sorted(titles)
    assert not any(re.search(r"λ = 0\.00(?!\d)", t) for t in titles), sorted(titles)
