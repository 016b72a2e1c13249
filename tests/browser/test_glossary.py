"""Glossary terms show their definition on hover and on keyboard focus, and
lead to their entry on the glossary page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TERM = ".gl .gl-term"


@pytest.fixture(scope="module")
def term_pages(built_site, site_pages) -> list[str]:
    pages = [
        path
        for path in site_pages
        if 'class="gl-term' in (built_site / path / "index.html").read_text("utf-8")
    ]
    assert pages, "no page links a glossary term"
    return pages


def test_a_term_shows_its_tip_on_hover_and_on_keyboard_focus(tabs, term_pages):
    page = tabs["default"].page
    for path in term_pages:
        tabs["default"].open(path)
        term = page.locator(TERM).first
        tip = term.locator("xpath=following-sibling::*[contains(@class, 'gl-tip')]")
        # expect() waits for the state (a hover is applied on the browser's next frame).
        expect(tip, f"/{path}: the tip shows before anything happens").to_be_hidden()
        term.hover()
        expect(tip, f"/{path}: hovering the term shows no tip").to_be_visible()
        page.mouse.move(0, 0)
        expect(tip, f"/{path}: the tip stays after the pointer left").to_be_hidden()
        # Reached by Tab: step back from the term with Shift+Tab, then Tab again.
        term.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert term.evaluate("a => a === document.activeElement"), (
            f"/{path}: Tab does not reach the term"
        )
        expect(tip, f"/{path}: keyboard focus shows no tip").to_be_visible()


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
