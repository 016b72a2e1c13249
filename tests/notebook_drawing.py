"""Draw a figure the way an executed notebook does, and report its panels' widths.

The notebook draws each figure twice (at the end of the cell, then for its SVG, cropped to
"tight") at 12 pt text; a legend wider than its panel once made constrained layout collapse
the axes, and the notebook printed a warning with the build machine's paths. Any
UserWarning raised while drawing fails the caller's test.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

NOTEBOOK_FONT_SIZE = 12


def panel_widths_as_the_notebook_draws(draw: Callable[[], Figure]) -> list[float]:
    """Each panel's width as a fraction of the figure, after drawing as a notebook does."""
    with plt.rc_context({"font.size": NOTEBOOK_FONT_SIZE}):
        fig = draw()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", UserWarning)
                fig.canvas.draw()
                fig.savefig(io.BytesIO(), format="svg", bbox_inches="tight")
            return [ax.get_position().width for ax in fig.axes]
        finally:
            plt.close(fig)
