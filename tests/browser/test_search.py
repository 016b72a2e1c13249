"""Material's search finds what a reader types: the Greek letters by name, US
spellings, and a page that uses a phrase above one that uses a word of it
(the index's extra fields: hooks/search_scope.py)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

# The page a reader expects first for each of 20 queries. For a glossary term it is the
# page its entry names as `taught` (docs/_data/glossary.yml), which the index ranks first
# however often other pages use the term (hooks/search_scope.py; tests/test_search_ranking.py).
EXPECTED_FIRST = {
    "lambda": "capacity/",  # λ, the weight-decay strength
    "learning rate": "learning-rate/",
    "weight decay": "capacity/",
    "polynomial degree": "capacity/",
    "epoch": "epochs/",
    "overfitting": "epochs/",
    "validation set": "choosing-hyperparameters/",
    "nested cross-validation": "choosing-hyperparameters/",
    "double descent": "beyond-the-u-curve/",
    "hessian": "learning-rate/",
    "eigenvalue": "learning-rate/",
    "curvature": "learning-rate/",
    "standardize": "learning-rate/",  # the page writes "standardise"
    "evidence": "learned-hyperparameters/",
    "k-means": "hyperparameters/",
    "tuning parameter": "vocabulary/",
    "scikit-learn": "vocabulary/",
}
# Queries whose page must come in the first two: pages that use a symbol or word about as
# often as the page that explains it may rank above it (η on beyond-the-u-curve, "prior
# precision" on vocabulary, "regularisation" on beyond-the-u-curve).
EXPECTED_NEAR_TOP = {
    "eta": "learning-rate/",  # η, the learning rate
    "regularization": "glossary/",  # its entry "regularisation", as the British spelling
    "prior precision": "learned-hyperparameters/",
}
# A US spelling finds what its British spelling (the pages') finds, first page alike.
SPELLINGS = {
    "regularization": "regularisation",
    "generalization": "generalisation",
    "optimizer": "optimiser",
    "neighbor": "neighbour",
}


_ALL_LISTED = """() => {
  const meta = document.querySelector(".md-search-result__meta").textContent
  const total = Number((meta.match(/\\d+/) || ["1"])[0])
  const items = document.querySelectorAll(".md-search-result__list > .md-search-result__item")
  if (items.length >= total) return true
  document.querySelector(".md-search__scrollwrap").scrollTop = 1e9
  return false
}"""


def result_pages(tab, query: str) -> list[str]:
    """The pages Material's search lists for `query`, best first, as paths from the root."""
    tab.open("")
    search = tab.page.locator(".md-search__input")
    search.click()
    # The whole query at once, then one keyup (Material searches on keyup): typed key by
    # key, results for "e" could render first.
    search.fill(query)
    search.press("End")
    links = tab.page.locator(".md-search-result__list > .md-search-result__item > a")
    links.first.wait_for()  # a state, with Playwright's default cap
    # Material lists ten pages and renders more as the list scrolls: scroll until
    # every page the header counts ("12 matching documents") is listed.
    tab.page.wait_for_function(_ALL_LISTED)
    base = urlparse(tab.site_url).path
    pages = []
    for href in links.evaluate_all("links => links.map(a => a.href)"):
        path = urlparse(href).path.removeprefix(base)
        if path not in pages:
            pages.append(path)
    assert not tab.record.console_errors and not tab.record.failures, tab.record
    return pages


@pytest.mark.parametrize("query", ["learning rate", "epoch"])
def test_search_finds_a_page_that_contains_the_query(tabs, query):
    tab = tabs["default"]
    tab.open("")
    search = tab.page.locator(".md-search__input")
    search.click()
    search.fill(query)
    search.press("End")
    first = tab.page.locator(".md-search-result__item .md-search-result__link").first
    first.wait_for()  # a state, with Playwright's default cap
    first.click()
    tab.page.wait_for_load_state()
    text = tab.page.locator("article").inner_text().lower()
    assert query in text, f"the first result for {query!r}, {tab.page.url}, lacks it"
    assert not tab.record.console_errors and not tab.record.failures, tab.record


def test_each_query_finds_its_page_first(tabs):
    wrong = []
    for query, expected in EXPECTED_FIRST.items():
        found = result_pages(tabs["default"], query)
        if found[:1] != [expected]:
            wrong.append(f"{query!r}: expected /{expected} first, found {found[:4]}")
    for query, expected in EXPECTED_NEAR_TOP.items():
        found = result_pages(tabs["default"], query)
        if expected not in found[:2]:
            wrong.append(f"{query!r}: expected /{expected} in the first two, found {found[:4]}")
    assert not wrong, "\n".join(wrong)


def test_a_us_spelling_finds_what_the_british_one_finds(tabs):
    wrong = []
    for american, british in SPELLINGS.items():
        us, uk = result_pages(tabs["default"], american), result_pages(tabs["default"], british)
        # Each one's first page is among the other's first two: the US word matches an index
        # field of its own, whose length differs from the text's, so close scores may swap.
        if not us or not uk or us[0] not in uk[:2] or uk[0] not in us[:2]:
            wrong.append(f"{american!r} finds {us[:3]} first, {british!r} finds {uk[:3]}")
    assert not wrong, "\n".join(wrong)


def test_pages_using_a_phrase_rank_above_pages_using_a_word_of_it(tabs, built_site):
    phrase = "learning rate"
    found = result_pages(tabs["default"], phrase)

    # What the search reads of each page: its sections in the index, tags removed.
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    texts: dict[str, str] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        words = re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}").lower()
        texts[page] = texts.get(page, "") + " " + " ".join(words.split())

    def uses(path: str) -> bool:
        return phrase in texts[path]

    using = [uses(path) for path in found]
    assert True in using and False in using, found  # both kinds are listed
    assert using == sorted(using, reverse=True), (
        f"a page without {phrase!r} ranks above one with it: "
        f"{[(path, u) for path, u in zip(found, using, strict=True)]}"
    )


def test_the_index_and_worker_load_on_the_first_use_of_search_only(tabs):
    """A visit that never searches downloads neither (about half of a first visit's
    bytes); focusing the search box loads both, and search then works."""
    tab = tabs["default"]
    record = tab.open("learning-rate/")
    tab.page.wait_for_load_state("networkidle")
    heavy = [url for url in record.requests if "search_index" in url or "/workers/search" in url]
    assert not heavy, heavy
    with tab.page.context.expect_event(
        "requestfinished", lambda request: request.url.endswith("search/search_index.json")
    ):
        tab.page.locator(".md-search__input").click()
    tab.page.locator(".md-search__input").fill("hessian")
    tab.page.locator(".md-search__input").press("End")
    tab.page.locator(".md-search-result__item").first.wait_for()  # a state, Playwright's cap
    assert not tab.record.console_errors and not tab.record.failures, tab.record


def test_the_search_shortcut_key_loads_search(tabs):
    tab = tabs["default"]
    tab.open("epochs/")
    tab.page.wait_for_load_state("networkidle")
    tab.page.locator("body").press("/")  # Material's shortcut: opens and focuses search
    tab.page.locator("html[data-search-loaded]").wait_for(state="attached")
    tab.page.keyboard.type("epoch")
    tab.page.locator(".md-search-result__item").first.wait_for()
    assert not tab.record.console_errors and not tab.record.failures, tab.record
