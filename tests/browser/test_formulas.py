"""Formulas render as MathML with no request and no axe violation, and a display
formula wider than a phone scrolls inside its own box (fixture page:
tests/fixtures/math_and_wide_table.md, built into a copy of the project)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.fixture_page import FIXTURE, URL, formulas_in

from .conftest import THEMES
from .tab import Tab, axe_findings

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}

# Each <math>: its laid-out box, and for display formulas their scroll box.
_FORMULAS = """() => [...document.querySelectorAll("article math")].map(math => {
  const box = math.getBoundingClientRect()
  const region = math.closest(".math-display")
  return {display: math.getAttribute("display"), width: box.width, height: box.height,
          region: region && {scroll: region.scrollWidth, client: region.clientWidth,
                             tabindex: region.getAttribute("tabindex"),
                             hint: region.previousElementSibling?.className === "scroll-hint",
                             right: region.getBoundingClientRect().right}}
})"""


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("scheme", THEMES)
def test_formulas_render_offline_and_pass_axe(browser, fixture_site, size, scheme):
    phone = size == "phone"
    tab = Tab(
        browser.new_context(viewport=SIZES[size], is_mobile=phone, has_touch=phone), fixture_site
    )
    try:
        tab.store_scheme(scheme)
        visit = tab.visit(URL)
        page = tab.page
        page.wait_for_function("document.documentElement.dataset.scrollRegions === 'ready'")
        formulas = page.evaluate(_FORMULAS)
        width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        tab.close()
    assert len(formulas) == formulas_in(FIXTURE.read_text(encoding="utf-8")), formulas
    assert all(f["width"] > 0 and f["height"] > 0 for f in formulas), formulas
    hosts = {urlparse(url).hostname for url in visit.record.requests} - {"127.0.0.1"}
    assert not hosts, f"requests to {hosts}"
    assert not visit.record.console_errors and not visit.record.failures, visit.record
    found = axe_findings([visit])
    assert not found, "\n".join(found)
    assert width <= SIZES[size]["width"], f"the page is {width} px wide"
    displays = [f["region"] for f in formulas if f["display"] == "block"]
    assert len(displays) == 3 and all(d["right"] <= SIZES[size]["width"] for d in displays)
    widest = max(displays, key=lambda d: d["scroll"])
    if phone:  # the long formula scrolls inside its box, which says so and takes focus
        assert widest["scroll"] > widest["client"], widest
        assert widest["tabindex"] == "0" and widest["hint"], widest
