"""NaN and infinity never reach a page: not as a quoted number, not in a figure.

Called from two places: the render stage (computed_pages/build.py), before a number is
written into a page, and the snippet worker, after each figure function has
drawn. A figure may leave a gap on purpose by *masking* values
(`numpy.ma.masked_invalid`, `numpy.ma.masked_where`): masked values are what a
snippet meant not to show; a bare NaN or infinity is taken as an accident.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from computed_pages.errors import EngineError


class NonFiniteError(ValueError):
    """A number that is NaN or infinite was about to be published."""


def check_value(value, where: str, module: str, name: str) -> None:
    """Stop before a quoted number that is NaN or infinite is written into a page."""
    if isinstance(value, Real) and not isinstance(value, bool) and not math.isfinite(value):
        raise EngineError(
            f"{where}: {{{{ {module}.{name} }}}} is {value}: compute() of snippets/{module}.py "
            "gave a non-finite number, and a page never shows NaN or infinity"
        )


def _unmasked_bad(values) -> int:
    """How many values are NaN or infinite and not masked on purpose."""
    array = np.ma.asarray(values, dtype=float)
    return int(np.count_nonzero(~np.isfinite(array.filled(0.0))))


def _drawn_data(figure):
    """(description, values) for every array of data the figure's artists draw."""
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    for number, ax in enumerate(figure.axes, start=1):
        panel = f"panel {number}" + (f" ({ax.get_title()})" if ax.get_title() else "")
        for line in ax.findobj(Line2D, include_self=False):
            label = line.get_label()
            if label.startswith("_child") and not len(line.get_xdata(orig=True)):
                continue
            yield f"{panel}, line {label!r}", line.get_xdata(orig=True)
            yield f"{panel}, line {label!r}", line.get_ydata(orig=True)
        for collection in ax.findobj(Collection, include_self=False):
            yield f"{panel}, points {collection.get_label()!r}", collection.get_offsets()
        for image in ax.findobj(AxesImage, include_self=False):
            yield f"{panel}, image", image.get_array()
        for patch in ax.patches:
            if isinstance(patch, Rectangle):
                yield (
                    f"{panel}, bar",
                    [patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()],
                )


def check_figure(figure, snippet: str, function: str) -> None:
    """Stop if a figure draws NaN or infinity that its snippet did not mask on purpose."""
    problems = []
    for what, values in _drawn_data(figure):
        try:
            bad = _unmasked_bad(values)
        except (TypeError, ValueError):  # categorical or date data: not numbers to check
            continue
        if bad:
            problems.append(f"{what}: {bad} non-finite value{'s' if bad > 1 else ''}")
    if problems:
        raise NonFiniteError(
            f"{snippet}: {function}() draws NaN or infinite data ({'; '.join(problems[:3])}). "
            "Fix the computation, or mask values meant as gaps with numpy.ma.masked_invalid"
        )
