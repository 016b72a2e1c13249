"""`make bench`'s clean build against its floor: read from the build's own log lines."""

from __future__ import annotations

import pytest

from hooks import notebook_prerender
from tests.bench import clean_build

MODULES = (
    "computed 22 snippet modules in 40.0 s (sum 76.0 s) on 2 workers; "
    "phone variants of the figures: 9.0 s of the sum"
)


def test_the_floor_is_the_larger_of_render_and_work_over_cores():
    log = "\n".join(
        [
            MODULES,  # the format of computed_pages/compute/run_modules.py
            notebook_prerender.POOL_LOG % (8, 20.0, 38.0, 2),
            notebook_prerender.PAGES_LOG % (8, 1.0),
        ]
    )
    b = clean_build(71.0, log, 2)
    assert (b.module_work, b.notebook_work, b.notebook_pages) == (76.0, 38.0, 1.0)
    assert b.render == pytest.approx(71.0 - 40.0 - 20.0 - 1.0)
    assert b.work == pytest.approx(10.0 + 76.0 + 38.0 + 1.0)
    assert b.floor == pytest.approx(125.0 / 2) and b.ratio == pytest.approx(71.0 / 62.5)
    # One core: the same work, twice the floor.
    assert clean_build(71.0, log, 1).floor == pytest.approx(125.0)


def test_notebooks_executed_as_their_pages_render_count_as_work_not_render():
    """Before the notebooks had a pool, mkdocs-jupyter ran them one by one in the render."""
    log = MODULES + "\n" + notebook_prerender.PAGES_LOG % (8, 60.0)
    b = clean_build(110.0, log, 2)
    assert b.notebook_work == 0.0 and b.render == pytest.approx(10.0)
    assert b.floor == pytest.approx((10.0 + 76.0 + 60.0) / 2)
