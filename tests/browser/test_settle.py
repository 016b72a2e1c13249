"""The wait before axe runs ends when the page is still, so axe sees the settled colours."""

from __future__ import annotations

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from .tab import Tab

pytestmark = pytest.mark.browser

# Text that fades from black to a pale grey on white, too pale to read (WCAG 1.4.3).
FADING = """<!doctype html><html lang="en"><head><title>fade</title><style>
  body { background: #fff; }
  p { color: #000; transition: color 1.5s linear; }
  p.faded { color: #ddd; }
</style></head><body><main><p>Text that fades to a colour too pale to read.</p></main></body></html>"""


def test_axe_after_settle_sees_the_end_of_a_fade_and_fails_its_contrast(browser, site_url):
    tab = Tab(browser.new_context(), site_url)
    try:
        tab.page.set_content(FADING)
        tab.page.evaluate("document.querySelector('p').classList.add('faded')")
        tab.settle()
        colour = tab.page.evaluate("getComputedStyle(document.querySelector('p')).color")
        assert colour == "rgb(221, 221, 221)", f"settle() returned mid-fade, at {colour}"
        tab.page.evaluate(AXE_SCRIPT)
        found = tab.page.evaluate(
            "axe.run({runOnly: ['color-contrast']}).then(r => r.violations.map(v => v.id))"
        )
        assert found == ["color-contrast"], "a colour that fails when settled must still fail"
    finally:
        tab.close()
