"""Glossary terms show their definition on hover and on keyboard focus, and
lead to their entry on the glossary page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TERM = ".gl .gl-term"


@pytest.fixture(scope="module")
def term_pages(built_site, site_pages) -> list[str]:
    pages = [
        path
        for path in site_pages
        if 'class="gl-term"' in (built_site / path / "index.html").read_text("utf-8")
    ]
    assert pages, "no page links a glossary term"
    return pages


def test_a_term_shows_its_tip_on_hover_and_on_keyboard_focus(tabs, term_pages):
    page = tabs["default"].page
    for path in term_pages:
        tabs["default"].open(path)
        term = page.locator(TERM).first
        tip = term.locator("xpath=following-sibling::*[contains(@class, 'gl-tip')]")
        assert tip.is_hidden(), f"/{path}: the tip shows before anything happens"
        term.hover()
        assert tip.is_visible(), f"/{path}: hovering the term shows no tip"
        page.mouse.move(0, 0)
        assert tip.is_hidden(), f"/{path}: the tip stays after the pointer left"
        # Reached by Tab: step back from the term with Shift+Tab, then Tab again.
        term.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert term.evaluate("a => a === document.activeElement"), (
            f"/{path}: Tab does not reach the term"
        )
        assert tip.is_visible(), f"/{path}: keyboard focus shows no tip"


def test_a_term_links_to_its_glossary_entry(tabs, term_pages):
    # One click through the browser; tests/test_links.py checks every term's target.
    page, path = tabs["default"].page, term_pages[0]
    tabs["default"].open(path)
    term = page.locator(TERM).first
    href = term.get_attribute("href")
    term.click()
    page.wait_for_load_state()
    assert "#" in page.url, f"/{path}: {href} names no entry"
    tag = page.evaluate(
        "(document.getElementById(decodeURIComponent(location.hash.slice(1))) || {}).tagName"
    )
    assert tag in ("H2", "H3", "H4"), f"/{path}: {href} lands on {tag}"
