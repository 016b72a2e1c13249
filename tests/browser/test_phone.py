"""At phone width (390 px) no page scrolls sideways and every figure fits."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WIDTH = 390

# Boxes of displayed images and figures, each measured after scrolling to it. A
# notebook figure is shown at its natural size (its text legible) in a box that
# scrolls sideways: the box must fit, not the image in it.
_BOXES = """() => [...document.querySelectorAll("img:not(.nb-figure img), figure, .nb-figure")]
  .filter(element => element.checkVisibility())
  .map(element => {
    element.scrollIntoView({block: "center"})
    const box = element.getBoundingClientRect()
    return {what: element.outerHTML.slice(0, 90), left: box.left, right: box.right}
  })"""


def test_nothing_scrolls_sideways_and_figures_fit(phone, site_pages):
    problems = []
    for path in site_pages:
        phone.open(path)
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            problems.append(f"/{path}: the page is {width} px wide")
        for box in phone.page.evaluate(_BOXES):
            if box["left"] < -0.5 or box["right"] > WIDTH + 0.5:
                problems.append(f"/{path}: {box}")
    assert not problems, "\n".join(problems)
