"""'Open the figure full size' opens the figure the reader sees (their theme) in a
dialog over the page: the address and the scroll position stay, Escape closes it
and the focus returns to the link (docs/javascripts/full_size.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import THEMES
from .tab import Tab

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
PAGE = "capacity/"  # static figures and a slider
# The image the reader sees in the link, once loaded (figures load lazily).
_SHOWN = """link => {
  const img = [...link.querySelectorAll("img")].find(img => img.checkVisibility())
  return img && img.complete && img.naturalWidth > 0 && img.currentSrc.split("#")[0]
}"""


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("scheme", THEMES)
def test_full_size_opens_over_the_page_in_the_readers_theme(browser, site_url, size, scheme):
    phone = size == "phone"
    tab = Tab(browser.new_context(viewport=SIZES[size], is_mobile=phone, has_touch=phone), site_url)
    try:
        tab.store_scheme(scheme)
        tab.open(PAGE)
        page = tab.page
        links = page.locator("figure.computed-figure > a")
        assert links.count() >= 2
        for index in (0, links.count() - 1):  # the first figure and the last (a slider's)
            link = links.nth(index)
            link.scroll_into_view_if_needed()
            shown = page.wait_for_function(_SHOWN, arg=link.element_handle()).json_value()
            assert f".{'dark' if scheme == 'slate' else 'light'}." in shown, shown
            place = page.evaluate("scrollY")
            link.tap() if phone else link.click()
            dialog = page.locator("dialog.full-size")
            expect(dialog).to_have_attribute("open", "")
            image = dialog.locator("img")
            expect(image).to_have_attribute("src", shown)
            page.wait_for_function(
                "() => { const img = document.querySelector('dialog.full-size img');"
                " return img.complete && img.naturalWidth > 0 }"
            )
            assert image.evaluate("img => img.checkVisibility()"), "the figure is not shown"
            assert page.url == site_url + PAGE, f"the page was left for {page.url}"
            assert page.evaluate("scrollY") == place, "the page moved under the dialog"
            page.keyboard.press("Escape")
            expect(dialog).not_to_have_attribute("open", "")
            assert link.evaluate("a => a === document.activeElement"), "focus did not return"
            assert page.evaluate("scrollY") == place, "closing moved the page"
        assert not tab.record.console_errors and not tab.record.failures, tab.record
    finally:
        tab.close()
