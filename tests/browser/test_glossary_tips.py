"""Glossary tooltips are never clipped and always inside the viewport, at phone and
desktop width; a tap on a touch screen opens one without leaving the page; Escape
closes it. (Hover and keyboard focus: test_glossary.py.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.fixture_page import URL

from .tab import Tab

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}

# Every term of the page in turn: centred on screen, focused (which opens its
# tip), then its tip's box is measured. "Visible" is what the browser shows at a
# point: the tip itself or something inside it. A tip clipped by a table's scroll
# box, or covered by anything, shows something else there.
_TIPS = """() => {
  const problems = []
  // Terms in folded blocks ("Deeper: ...") count too: a reader opens the block to read them.
  for (const details of document.querySelectorAll("details")) details.open = true
  const terms = [...document.querySelectorAll(".gl .gl-term")]
  for (const [index, term] of terms.entries()) {
    const tip = term.parentElement.querySelector(".gl-tip")
    term.scrollIntoView({block: "center", inline: "center"})
    term.focus({preventScroll: true})
    const box = tip.getBoundingClientRect()
    const name = `term ${index + 1} "${term.textContent}"`
    if (!tip.checkVisibility() || box.width === 0) { problems.push(`${name}: no tip shown`); continue }
    if (box.left < 0 || box.top < 0 || box.right > innerWidth || box.bottom > innerHeight)
      problems.push(`${name}: tip at ${JSON.stringify(box)} leaves the ${innerWidth} x ${innerHeight} viewport`)
    const inset = 2
    const points = [[box.left + inset, box.top + inset], [box.right - inset, box.top + inset],
      [box.left + inset, box.bottom - inset], [box.right - inset, box.bottom - inset],
      [(box.left + box.right) / 2, (box.top + box.bottom) / 2]]
    for (const [x, y] of points) {
      const seen = document.elementFromPoint(x, y)
      if (!seen || !tip.contains(seen)) {
        problems.push(`${name}: at (${Math.round(x)}, ${Math.round(y)}) the reader sees `
          + `${seen ? seen.outerHTML.slice(0, 80) : "nothing"}, not the tip`)
        break
      }
    }
    term.blur()
  }
  return {count: terms.length, problems}
}"""


@pytest.fixture(scope="module", params=list(WIDTHS))
def sized_tab(request, browser, site_url):
    touch = request.param == "phone"
    tab = Tab(
        browser.new_context(viewport=WIDTHS[request.param], is_mobile=touch, has_touch=touch),
        site_url,
    )
    yield request.param, tab
    tab.close()


def test_every_tip_opens_inside_the_viewport_unclipped(sized_tab, site_pages):
    width, tab = sized_tab
    problems, seen = [], 0
    for path in site_pages:
        tab.open(path)
        found = tab.page.evaluate(_TIPS)
        seen += found["count"]
        problems += [f"{width} /{path}: {problem}" for problem in found["problems"]]
    assert seen > 100, f"only {seen} glossary terms found on the whole site"
    assert not problems, "\n".join(problems)


def test_a_tip_in_a_table_that_scrolls_is_not_clipped(browser, fixture_site):
    # The site's own tables fit a phone; the fixture's is wider than any screen.
    for width, size in WIDTHS.items():
        phone = width == "phone"
        context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone)
        tab = Tab(context, fixture_site)
        try:
            tab.open(URL)
            tab.page.wait_for_function("document.documentElement.dataset.scrollRegions === 'ready'")
            assert tab.page.locator(".scrolls-sideways .gl").count() == 1
            found = tab.page.evaluate(_TIPS)
        finally:
            tab.close()
        assert found["count"] == 1 and not found["problems"], f"{width}: {found}"


@pytest.fixture(scope="module")
def touch_tab(browser, site_url):
    tab = Tab(
        browser.new_context(viewport=WIDTHS["phone"], is_mobile=True, has_touch=True), site_url
    )
    yield tab
    tab.close()


def test_a_tap_opens_the_tip_and_its_link_leads_to_the_entry(touch_tab):
    page = touch_tab.page
    touch_tab.open("")
    term = page.locator(".gl .gl-term").first
    tip = page.locator(".gl").first.locator(".gl-tip")
    term.scroll_into_view_if_needed()
    term.tap()
    expect(tip, "the first tap shows no definition").to_be_visible()
    assert page.url == touch_tab.site_url, f"the first tap left the page for {page.url}"
    # A tap elsewhere closes it.
    page.locator("h1").tap()
    expect(tip, "a tap outside leaves the tip open").to_be_hidden()
    term.tap()
    expect(tip).to_be_visible()
    tip.locator("a.gl-more").tap()
    page.wait_for_url("**/glossary/#*")
    anchor = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert page.evaluate(f"!!document.getElementById({anchor!r})"), page.url


def test_escape_closes_a_tip_that_hover_or_focus_opened(tabs):
    tab = tabs["default"]
    tab.open("")
    page = tab.page
    term = page.locator(".gl .gl-term").first
    tip = page.locator(".gl").first.locator(".gl-tip")
    term.hover()
    expect(tip).to_be_visible()
    page.keyboard.press("Escape")
    expect(tip, "Escape leaves the hovered tip open").to_be_hidden()
    page.mouse.move(0, 0)
    term.focus()
    expect(tip, "the tip does not open again on focus").to_be_visible()
    page.keyboard.press("Escape")
    expect(tip, "Escape leaves the focused tip open").to_be_hidden()
    assert term.evaluate("a => a === document.activeElement"), "Escape moved the focus"
