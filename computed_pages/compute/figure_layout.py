"""Make a drawn figure legible where it is shown: a desktop and a phone variant.

Every figure is saved twice per theme: as drawn, for a wide screen, and
redrawn for a phone (about 4.8 in wide, its side-by-side panels stacked in one
column). Neither needs anything of the plot function: the glue re-lays out the
Figure it returned. In each variant no text may render smaller than the
budget at the width the page shows it (`Layout`): text drawn smaller is raised
to the smallest size that meets it.
"""

from __future__ import annotations

import math
import warnings
import weakref
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, LogFormatterSciNotation, NullFormatter
from matplotlib.transforms import ScaledTranslation


@dataclass(frozen=True)
class Layout:
    """Where a variant is shown: the column width in CSS px, and the text budget there."""

    name: str
    column_px: float  # the content column's width (Material, measured in Chromium)
    min_text_px: float
    media: str | None  # the <source media> that picks this variant; None = the default


DESKTOP = Layout("desktop", column_px=688, min_text_px=11, media=None)  # at 1280 px
PHONE = Layout("phone", column_px=358, min_text_px=10, media="(max-width: 719px)")  # at 390 px
LAYOUTS = (DESKTOP, PHONE)

PHONE_WIDTH_IN = 4.8


def px_per_unit(layout: Layout, svg_width_pt: float) -> float:
    """CSS px per SVG unit (pt) of an image shown at its natural size or shrunk to the column."""
    natural_px = svg_width_pt * 4 / 3
    return min(natural_px, layout.column_px) / svg_width_pt


def stack_panels(figure: Figure) -> None:
    """Side-by-side panels (one row of a grid) into one column, sized for a phone.

    Each panel's legend moves below it, in one column: on a phone a legend
    inside a panel would cover the curves, and one of several columns would be
    wider than the panel.
    """
    width, height = figure.get_size_inches()
    grid_axes = [ax for ax in figure.axes if ax.get_subplotspec() is not None]
    grids = {id(ax.get_subplotspec().get_gridspec()) for ax in grid_axes}
    spec = grid_axes[0].get_subplotspec().get_gridspec() if grid_axes else None
    panels = 1
    if spec is not None and len(grids) == 1 and spec.nrows == 1 and spec.ncols > 1:
        panels = spec.ncols
    legends = {ax: ax.get_legend() for ax in figure.axes if ax.get_legend() is not None}
    rows = {ax: len(legend.texts) for ax, legend in legends.items()}
    panel = max(2.6, min(height, 3.4)) if panels > 1 else max(2.8, height * 0.8)
    extra = {  # room below a panel for its legend: a line per entry
        ax.get_subplotspec().colspan.start if ax.get_subplotspec() else 0: 0.25 * n + 0.3
        for ax, n in rows.items()
    }
    heights = [panel + extra.get(i, 0.0) for i in range(panels)]
    if panels > 1:
        column = figure.add_gridspec(panels, 1, height_ratios=heights)
        for ax in grid_axes:
            ax.set_subplotspec(column[ax.get_subplotspec().colspan.start, 0])
            # Shared axes had their inner tick labels hidden; stacked, each needs its own.
            ax.tick_params(labelleft=True, labelbottom=True)
    figure.set_size_inches(PHONE_WIDTH_IN, sum(heights) + 0.25 * _figure_legend_rows(figure))
    _PENDING.update(legends.values())  # placed by save_svg once its text has its final size


def _figure_legend_rows(figure: Figure) -> int:
    """A figure-wide legend again, below everything, in one column; its entries."""
    rows = 0
    for old in list(figure.legends):
        texts = [text.get_text() for text in old.texts]
        old.remove()
        figure.legend(old.legend_handles, texts, loc="outside lower center", ncols=1)
        rows += len(texts)
    return rows


def _measure(figure: Figure) -> None:
    """Lay the figure out to measure it. A layout that collapses here (a legend
    still too wide) is not the final one: save_svg fails on one that stays."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        figure.draw_without_rendering()


def fit_legends(figure: Figure) -> None:
    """A legend wider than its panel (text raised to the budget) goes below the panel.

    Measured without laying the figure out (a full layout pass costs as much as
    saving it): against the panel's current box, which is its grid cell before
    the first layout, a little wider than the panel will be.
    """
    renderer = figure.canvas.get_renderer()
    too_wide = {
        ax: legend
        for ax in figure.axes
        if (legend := ax.get_legend()) is not None
        and legend.get_window_extent(renderer).width > ax.get_window_extent(renderer).width
    }
    if too_wide:  # one column below; the figure grows by the tallest legend
        rows = max(len(legend.texts) for legend in too_wide.values())
        width, height = figure.get_size_inches()
        figure.set_size_inches(width, height + 0.25 * rows + 0.3)
        _legends_below(figure, too_wide)


def _legends_below(figure: Figure, legends: dict) -> None:
    """Each axes' legend again, in one column, just below its tick and axis labels.

    The gap is fixed in points below the axes' bottom edge, not as a fraction of
    the axes: constrained layout resizes the axes to make room for the legend,
    which would move a fractional anchor into the labels.
    """
    for legend in legends.values():
        legend.remove()
    _measure(figure)  # the final layout, to measure the labels below each panel
    renderer = figure.canvas.get_renderer()
    for ax, old in legends.items():
        box = ax.get_window_extent(renderer)
        below_pt = (box.y0 - ax.get_tightbbox(renderer).y0) * 72 / figure.dpi + _GAP_PT
        texts = [text.get_text() for text in old.texts]
        size = old.texts[0].get_fontsize() if old.texts else None
        anchor = ax.transAxes + ScaledTranslation(0, -below_pt / 72, figure.dpi_scale_trans)
        legend = ax.legend(
            old.legend_handles,
            texts,
            loc="upper center",
            bbox_to_anchor=(0.5, 0),
            bbox_transform=anchor,
            fontsize=size,
        )
        _BELOW.add(legend)


_GAP_PT = 4.0  # between the lowest label of a panel and the legend under it
_BELOW: weakref.WeakSet = weakref.WeakSet()  # legends placed under their panel
_PENDING: weakref.WeakSet = weakref.WeakSet()  # legends to place under their panel


def place_legends_below(figure: Figure, again: bool = False) -> None:
    """Place the legends `stack_panels` sent below their panels, under labels of the
    size the text now has (placed before the text is raised, they would sit on the
    labels that grew); `again`: also those placed before, as the text grew since."""
    legends = {
        ax: legend
        for ax in figure.axes
        if (legend := ax.get_legend()) in _PENDING or (again and legend in _BELOW)
    }
    if legends:
        _legends_below(figure, legends)


def _drawn_tick_labels(axis) -> list[Text]:
    """The tick labels the axis draws: a tick outside the view keeps an (undrawn) label
    at its place, which may be where a legend below the panel is."""
    low, high = sorted(axis.get_view_interval())
    slack = 1e-9 * (high - low)
    ticks = [
        *axis.get_major_ticks(len(axis.get_majorticklocs())),
        *axis.get_minor_ticks(len(axis.get_minorticklocs())),
    ]
    return [
        label
        for tick in ticks
        if low - slack <= tick.get_loc() <= high + slack
        for label in (tick.label1, tick.label2)
        if label.get_visible()
    ]


def legend_overlaps(figure: Figure) -> list[str]:
    """Every legend box that overlaps a tick label, an axis label or a title of any
    panel (secondary axes included), as readable descriptions; [] when none does.
    Lays the figure out first: positions read after a savefig are those of its
    72 dpi drawing, mixed with the figure's own."""
    # A legend at its default place lies inside its panel, away from every label:
    # only those anchored elsewhere (below the panel, outside the figure) can overlap.
    legends = [
        *(
            legend
            for ax in figure.axes
            if (legend := ax.get_legend()) is not None and legend._bbox_to_anchor is not None
        ),
        *figure.legends,
    ]
    if not legends:
        return []
    _measure(figure)
    renderer = figure.canvas.get_renderer()
    axes = [a for ax in figure.axes for a in (ax, *ax.child_axes)]
    labels: list[Text] = []
    for ax in axes:
        labels += [ax.title, ax._left_title, ax._right_title]
        for axis in (ax.xaxis, ax.yaxis):
            labels += [axis.label, *_drawn_tick_labels(axis)]
    found = []
    for legend in legends:
        box = legend.get_window_extent(renderer)
        for label in labels:
            if not (label.get_visible() and label.get_text().strip()):
                continue
            other = label.get_window_extent(renderer)
            width = min(box.x1, other.x1) - max(box.x0, other.x0)
            height = min(box.y1, other.y1) - max(box.y0, other.y0)
            if width > 0 and height > 0:
                found.append(
                    f"the legend {legend.texts[0].get_text()!r}… overlaps {label.get_text()!r}"
                )
    return found


def raise_small_text(figure: Figure, floor_pt: float) -> None:
    """Every text at least `floor_pt`: tick labels (via their axis, since ticks are
    recreated at draw time), then every other Text artist of the figure."""
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for which, ticks in (
                ("major", axis.get_major_ticks()),
                ("minor", axis.get_minor_ticks()),
            ):
                if ticks and ticks[0].label1.get_fontsize() < floor_pt:
                    axis.set_tick_params(which=which, labelsize=floor_pt)
    for text in figure.findobj(Text):
        if text.get_fontsize() < floor_pt:
            text.set_fontsize(floor_pt)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(value: float, _position=None) -> str:
    """10⁻³ as plain text: mathtext would set the exponent at 70 % of the label's size."""
    if value == 0:
        return "0"  # symlog axes have a linear part through 0
    if value < 0:
        return "−" + _power_of_ten(-value)
    exponent = round(math.log10(value))
    if abs(value / 10.0**exponent - 1) > 1e-9:
        return f"{value:g}"
    return "1" if exponent == 0 else f"10{str(exponent).translate(_SUPERSCRIPT)}"


def _two_and_five(value: float, _position=None) -> str:
    """Minor labels on an axis spanning under two decades: only 2× and 5× a power of ten."""
    if value <= 0:
        return ""
    mantissa = value / 10.0 ** math.floor(math.log10(value))
    return f"{value:g}" if min(abs(mantissa - 2), abs(mantissa - 5)) < 1e-6 else ""


def plain_log_labels(figure: Figure) -> None:
    """Log axes keep matplotlib's ticks, labelled 10⁻³ in plain text; the minor
    ticks lose their labels wherever two or more decades are labelled (clutter)."""
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() not in ("log", "symlog"):
                continue
            if isinstance(axis.get_major_formatter(), LogFormatterSciNotation):
                axis.set_major_formatter(FuncFormatter(_power_of_ten))
            low, high = sorted(axis.get_view_interval())
            decades = [t for t in axis.get_majorticklocs() if low <= t <= high]
            if isinstance(axis.get_minor_formatter(), LogFormatterSciNotation):
                axis.set_minor_formatter(
                    NullFormatter() if len(decades) >= 2 else FuncFormatter(_two_and_five)
                )
