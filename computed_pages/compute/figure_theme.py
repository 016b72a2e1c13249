"""Light and dark matplotlib themes, and deterministic SVG output.

Snippets draw with the cycle colours "C0".."C4" and never pick their own
text or background colours, so the same plotting code yields a variant for
each of Material's palettes ("default" and "slate").
"""

from __future__ import annotations

import io
import time
import warnings
from pathlib import Path

import matplotlib
from cycler import cycler

from computed_pages.compute.figure_layout import (
    DESKTOP,
    PHONE,
    Layout,
    fit_legends,
    legend_overlaps,
    place_legends_below,
    plain_log_labels,
    px_per_unit,
    raise_small_text,
    stack_panels,
)
from computed_pages.compute.svg_minify import (
    minify,
    size_px,
    smallest_font,
    text_nodes,
    viewbox_width,
)
from computed_pages.themes import PHONE_SUFFIX
from computed_pages.themes import THEMES as THEME_NAMES

matplotlib.use("Agg")

# Okabe-Ito colours: distinguishable with the common colour-vision
# deficiencies. The dark variant uses lighter tones for contrast on slate.
_LIGHT_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#7A5C00"]
_DARK_COLOURS = ["#56B4E9", "#F0A35E", "#4FD1A5", "#E8A0C8", "#F0E442"]

_COMMON = {
    "figure.dpi": 100,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial"],
    "font.size": 10.5,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.linewidth": 0.6,
    "lines.linewidth": 1.8,
    "legend.frameon": True,
    "legend.framealpha": 0.85,
    "svg.fonttype": "none",  # text as <text>: about a third smaller than glyph outlines
    "svg.hashsalt": "parameters-vs-hyperparameters",  # stable ids across builds
    "savefig.transparent": True,
}

THEMES: dict[str, dict] = {  # in the order of THEME_NAMES
    "light": {
        **_COMMON,
        "text.color": "#1f2328",
        "axes.labelcolor": "#1f2328",
        "axes.edgecolor": "#57606a",
        "xtick.color": "#1f2328",
        "ytick.color": "#1f2328",
        "grid.color": "#d0d7de",
        "legend.facecolor": "#ffffff",
        "legend.edgecolor": "#d0d7de",
        "axes.prop_cycle": cycler(color=_LIGHT_COLOURS),
    },
    "dark": {
        **_COMMON,
        "text.color": "#e6e8ee",
        "axes.labelcolor": "#e6e8ee",
        "axes.edgecolor": "#9aa0ad",
        "xtick.color": "#e6e8ee",
        "ytick.color": "#e6e8ee",
        "grid.color": "#3a3f4d",
        "legend.facecolor": "#1e2029",
        "legend.edgecolor": "#3a3f4d",
        "axes.prop_cycle": cycler(color=_DARK_COLOURS),
    },
}
assert tuple(THEMES) == THEME_NAMES

# Volatile metadata (date, creator) would make two builds differ.
_NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


def save_variants(figure, out_dir: Path, name: str, theme: str) -> dict[str, tuple[int, int]]:
    """Save the desktop variant as drawn, then the same Figure stacked for a phone.

    Returns the sizes by file stem: {name: desktop size, name + PHONE_SUFFIX: phone size}.
    """
    global phone_seconds
    sizes = {name: save_svg(figure, out_dir / f"{name}.{theme}.svg", DESKTOP)}
    start = time.perf_counter()
    stack_panels(figure)
    phone = f"{name}{PHONE_SUFFIX}"
    sizes[phone] = save_svg(figure, out_dir / f"{phone}.{theme}.svg", PHONE)
    phone_seconds += time.perf_counter() - start
    return sizes


phone_seconds = 0.0  # this process's time on phone variants, for the build log (make bench)


def save_svg(figure, path: Path, layout: Layout) -> tuple[int, int]:
    """Write `figure` as a small, reproducible SVG legible in `layout`; return its (width, height) in px.

    Text below the layout's budget is raised until the saved file meets it
    (the tight bounding box decides the final width, so it is measured, not
    guessed); the file's words must be exactly matplotlib's own.
    """
    plain_log_labels(figure)
    floor_pt = layout.min_text_px * _SAFETY / px_per_unit(layout, figure.get_figwidth() * 72)
    for attempt in range(4):
        raise_small_text(figure, floor_pt)
        place_legends_below(figure, again=attempt > 0)  # under labels of their final size
        fit_legends(figure)  # a legend it moves is made anew, at the default size:
        raise_small_text(figure, floor_pt)  # raised again
        buffer = io.StringIO()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            figure.savefig(
                buffer, format="svg", metadata=_NO_METADATA, bbox_inches="tight", pad_inches=0.05
            )
        collapsed = [w for w in caught if "axes sizes collapsed" in str(w.message)]
        if collapsed:  # panels squeezed to nothing: a broken figure, whatever its text size
            raise ValueError(f"{path.name}: {collapsed[0].message}")
        raw = buffer.getvalue()
        svg = minify(raw)
        if text_nodes(svg) != text_nodes(raw):  # never ship words the code did not write
            raise ValueError(f"{path.name}: minify changed the figure's text")
        rendered = smallest_font(svg) * px_per_unit(layout, viewbox_width(svg))
        if rendered >= layout.min_text_px:
            break
        floor_pt *= layout.min_text_px * _SAFETY / rendered
    else:
        raise ValueError(
            f"{path.name}: its smallest text renders at {rendered:.1f} px in the {layout.name} "
            f"layout, under the budget of {layout.min_text_px} px"
        )
    overlaps = legend_overlaps(figure)
    if overlaps:
        raise ValueError(f"{path.name}: {'; '.join(overlaps)}")
    path.write_text(svg, encoding="utf-8")
    size = size_px(svg)
    if size is None:
        raise ValueError("matplotlib wrote an SVG without a size")
    return size


_SAFETY = 1.03  # rounding: aim a little above the budget
