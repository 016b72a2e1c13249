"""Folded code (the code that draws a figure, the code behind a slider) opens as any code block.

A closed block is not rendered (docs/stylesheets/site.css, for page speed); opened,
it must show its code with Material's copy button, in both themes.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["epochs/", "choosing-hyperparameters/"])
def test_a_folded_code_block_opens_with_its_code_and_copy_button(tabs, path):
    for tab in tabs.values():
        tab.open(path)
        folded = tab.page.locator("details:has(> .highlight)")
        assert folded.count() >= 1, f"/{path}: no folded code block"
        for block in folded.all():
            code = block.locator("> .highlight code")
            expect(code).to_be_hidden()
            block.locator("> summary").click()
            expect(block).to_have_attribute("open", "")
            expect(code).to_be_visible()
            assert "def " in code.inner_text()
            expect(block.locator("> .highlight button[data-md-type=copy]")).to_be_attached()
            assert code.bounding_box()["height"] > 0
