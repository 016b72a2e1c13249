"""At phone width a table wider than the screen says that it scrolls and every
column can be scrolled fully into view; no glossary term breaks at its hyphen
(docs/javascripts/scroll_regions.js, docs/stylesheets/scroll_regions.css)."""

from __future__ import annotations

import pytest

from tests.fixture_page import URL

from .tab import Tab

pytestmark = pytest.mark.browser

WIDTH = 390

# Every table's scroll box: does it overflow, does it say so (the hint line above
# it shown, the fading edge marked, focusable), and once scrolled to its end does
# its last column lie inside the box and the screen.
_TABLES = """() => [...document.querySelectorAll(".md-typeset__scrollwrap")].map((box, i) => {
  const overflows = box.scrollWidth > box.clientWidth + 1
  const hint = box.previousElementSibling
  const said = {hint: !!hint && hint.classList.contains("scroll-hint") && hint.checkVisibility()
                      && /scroll/i.test(hint.textContent),
                more: box.dataset.more || "", tabindex: box.getAttribute("tabindex")}
  box.scrollLeft = box.scrollWidth
  const edge = box.getBoundingClientRect()
  const last = Math.max(...[...box.querySelectorAll("tr > :last-child")]
    .map(cell => cell.getBoundingClientRect().right))
  box.scrollLeft = 0
  return {table: i + 1, overflows, said, last, right: Math.min(edge.right, innerWidth)}
})"""

# Every glossary term with a hyphen: one line box, so never "k-" / "means".
_BROKEN_TERMS = """() => [...document.querySelectorAll(".gl-whole")]
  .filter(term => term.getClientRects().length > 1).map(term => term.textContent)"""


def table_problems(tab: Tab, path: str) -> tuple[int, list[str]]:
    """How many tables of a page scroll sideways, and what is wrong with any table."""
    tab.open(path)
    tab.page.wait_for_function("document.documentElement.dataset.scrollRegions === 'ready'")
    problems, wide = [], 0
    for table in tab.page.evaluate(_TABLES):
        where = f"/{path} table {table['table']}"
        if table["overflows"]:
            wide += 1
            said = table["said"]
            if not (said["hint"] and said["more"] == "right" and said["tabindex"] == "0"):
                problems.append(f"{where} scrolls sideways without saying so: {said}")
        if table["last"] > table["right"] + 0.5:
            problems.append(
                f"{where}: scrolled to its end, its last column ends at "
                f"{table['last']:.0f} px, cut off at {table['right']:.0f}"
            )
    broken = tab.page.evaluate(_BROKEN_TERMS)
    if broken:
        problems.append(f"/{path}: terms broken across lines: {broken}")
    return wide, problems


def test_every_table_fits_a_phone_or_says_it_scrolls(phone, site_pages):
    problems = []
    for path in site_pages:
        problems += table_problems(phone, path)[1]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [WIDTH, 1280])
def test_a_table_wider_than_the_screen_says_it_scrolls(browser, fixture_site, width):
    phone = width == WIDTH
    viewport = {"width": width, "height": 844}
    tab = Tab(
        browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone), fixture_site
    )
    try:
        wide, problems = table_problems(tab, URL)
    finally:
        tab.close()
    assert wide == 1, "the fixture's wide table fits: the check checked nothing"
    assert not problems, "\n".join(problems)


def test_terms_with_a_hyphen_stay_whole_at_desktop_width(tabs, site_pages):
    problems = []
    for path in site_pages:
        tabs["default"].open(path)
        broken = tabs["default"].page.evaluate(_BROKEN_TERMS)
        if broken:
            problems.append(f"/{path}: {broken}")
    assert not problems, "\n".join(problems)
