"""The page that teaches a term comes first for it in Material's search, however
often other pages use its words (hooks/search_scope.py, field `teaches`; the
glossary's `taught`). Ranked by Material's own worker in Node (tests/search_ranking.py),
on the built site's index: no browser."""

from __future__ import annotations

import copy
import json

import pytest

from hooks import search_scope
from tests.conftest import ROOT
from tests.search_ranking import ranked_pages

# Each query is a term whose glossary entry names its page, and another page that
# already uses the words; the test pads that page's sections with more uses.
TAUGHT_AND_RIVAL = {
    "tuning parameter": ("vocabulary/", "choosing-hyperparameters/"),
    "learning rate": ("learning-rate/", "beyond-the-u-curve/"),
    "weight decay": ("capacity/", "beyond-the-u-curve/"),
    "epoch": ("epochs/", "beyond-the-u-curve/"),
    "double descent": ("beyond-the-u-curve/", "epochs/"),
    "validation set": ("choosing-hyperparameters/", "epochs/"),
}


@pytest.fixture(scope="module")
def raw_index(built_site) -> dict:
    """The built index without the hook's fields: as Material's plugin writes it."""
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    for doc in index["docs"]:
        for field in search_scope.FIELDS:
            doc.pop(field, None)
    return index


def _glossary():
    entries = search_scope.glossary.load(ROOT / "docs" / search_scope.glossary.GLOSSARY_FILE)
    return search_scope.phrase_patterns(entries), search_scope.taught_terms(entries)


def test_the_taught_page_stays_first_when_another_page_uses_the_term_more(raw_index):
    patterns, taught = _glossary()
    padded = copy.deepcopy(raw_index)
    for query, (_, rival) in TAUGHT_AND_RIVAL.items():
        for doc in padded["docs"]:
            if doc["location"].split("#")[0] == rival:  # every section of it, twelve more uses
                doc["text"] += f" <p>{f'{query}, ' * 12}</p>"
    queries = list(TAUGHT_AND_RIVAL)
    before = ranked_pages(search_scope.enrich(copy.deepcopy(raw_index), patterns, taught), queries)
    after = ranked_pages(search_scope.enrich(padded, patterns, taught), queries)
    for query, (page, _rival) in TAUGHT_AND_RIVAL.items():
        assert before[query][0] == page, (query, before[query][:3])
        assert after[query][0] == page, (query, after[query][:3])
    # That the padding is strong enough to matter is shown below: without the field it
    # wins. (Not asserted per query: how far a padded rival climbs depends on how much
    # its own sections already say, which any wording change moves.)


def test_without_the_taught_field_padding_would_win(raw_index):
    """The check above can fail: counting uses alone lets the padded page win."""
    patterns, _ = _glossary()
    padded = copy.deepcopy(raw_index)
    for doc in padded["docs"]:
        if doc["location"].split("#")[0] == "choosing-hyperparameters/":
            doc["text"] += f" <p>{'tuning parameter, ' * 12}</p>"
    found = ranked_pages(search_scope.enrich(padded, patterns, {}), ["tuning parameter"])
    assert found["tuning parameter"][0] == "choosing-hyperparameters/", found


def test_a_taught_page_that_never_uses_the_term_stops_the_build(raw_index):
    patterns, _ = _glossary()
    with pytest.raises(RuntimeError, match="never uses it"):
        search_scope.enrich(raw_index, patterns, {"epochs/": [("double descent of tuning",)]})
    with pytest.raises(RuntimeError, match="no page"):
        search_scope.enrich(raw_index, patterns, {"no-such-page/": [("epoch",)]})
