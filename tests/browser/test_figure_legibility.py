"""Figure text a reader can read: at 390 px and at 1280 px, light and dark.

For every displayed figure (static, every slider position, notebook outputs):
the rendered image width ÷ its SVG viewBox width × the smallest font-size in
the SVG, i.e. the smallest text in CSS px, for the file the browser chose (a
<picture> gives a phone its own variant). Budget: 11 px at 1280, 10 at 390.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import THEMES
from .tab import Tab

pytestmark = pytest.mark.browser

BUDGET = {1280: 11.0, 390: 10.0}  # smallest figure text, CSS px
MEASURE = (Path(__file__).parent / "figure_text.js").read_text(encoding="utf-8")

# Every position of every slider on the page, each measured once its frame shows.
_SWEEP = """async measure => {
  const found = []
  for (const figure of document.querySelectorAll("figure[data-slider]")) {
    const input = figure.querySelector("input[type=range]")
    // In view first: a lazy image off screen never loads, so decode() would never settle.
    figure.scrollIntoView({block: "center"})
    for (let i = Number(input.min); i <= Number(input.max); i++) {
      input.value = String(i)
      input.dispatchEvent(new Event("input", {bubbles: true}))
      const img = [...figure.querySelectorAll("img")].find(im => im.checkVisibility())
      await img.decode().catch(() => null)
      for (const r of await measure(figure)) found.push({...r, position: i})
    }
  }
  return found
}"""


@pytest.fixture(scope="module", params=[(s, w) for s in THEMES for w in BUDGET], ids=str)
def tab(request, browser, site_url):
    scheme, width = request.param
    opened = Tab(browser.new_context(viewport={"width": width, "height": 900}), site_url)
    opened.store_scheme(scheme)
    yield opened, width
    opened.close()


def _too_small(found: list[dict], budget: float, where: str) -> list[str]:
    return [
        f"{where}: {r['src'].rsplit('/', 1)[-1]}"
        + (f" (position {r['position']})" if "position" in r else "")
        + f": {r['px']:.1f} px < {budget} px ({r['box']:.0f} px wide, viewBox {r['viewBox']})"
        for r in found
        if not r["px"] >= budget
    ]


def test_the_smallest_figure_text_meets_the_budget(tab, site_pages):
    tab, width = tab
    problems, measured = [], 0
    for path in site_pages:
        tab.open(path)
        found = tab.page.evaluate(f"({MEASURE})()")
        measured += len(found)
        problems += _too_small(found, BUDGET[width], f"{width} px /{path}")
    assert measured > 0, "no figure measured"
    assert not problems, "\n".join(problems)


def test_every_slider_position_meets_the_budget(tab, site_pages, built_site):
    tab, width = tab
    problems, measured = [], 0
    for path in site_pages:
        if "data-slider=" not in (built_site / path / "index.html").read_text(encoding="utf-8"):
            continue
        tab.open(path)
        found = tab.page.evaluate(f"({_SWEEP})(root => ({MEASURE})(root))")
        measured += len(found)
        problems += _too_small(found, BUDGET[width], f"{width} px /{path}")
    assert measured > 0, "no slider measured"
    assert not problems, "\n".join(problems)
