"""Material's search finds a phrase and its first result is about it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("query", ["learning rate", "epoch"])
def test_search_finds_a_page_that_contains_the_query(tabs, query):
    tab = tabs["default"]
    tab.open("")
    search = tab.page.locator(".md-search__input")
    search.click()
    # The whole query at once, then one keyup (Material searches on keyup): typed key by
    # key, results for "e" could render first and be clicked on a slow machine.
    search.fill(query)
    search.press("End")
    first = tab.page.locator(".md-search-result__item .md-search-result__link").first
    first.wait_for()  # a state, with Playwright's default cap
    first.click()
    tab.page.wait_for_load_state()
    text = tab.page.locator("article").inner_text().lower()
    assert query in text, f"the first result for {query!r}, {tab.page.url}, lacks it"
    assert not tab.record.console_errors and not tab.record.failures, tab.record
