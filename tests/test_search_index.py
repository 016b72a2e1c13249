"""The search index's extra fields (hooks/search_scope.py): names of Greek letters,
the other spelling of British/US pairs, and the glossary phrases a section uses.
They live in the index only: no page shows them. (Ranking in Chromium:
tests/browser/test_search.py.)"""

from __future__ import annotations

import json
import re

import pytest

from hooks import search_scope


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("the limit 2/λ with step η", ["eta", "lambda"]),
        ("regularisation and generalised", ["generalized", "regularization"]),
        ("we standardise x", ["standardize"]),
        ("optimizers minimize", ["minimise", "optimisers"]),
        ("the nearest neighbours", ["neighbors"]),
        ("noise, raise, precise, otherwise", []),  # -ise words that are not -ize words
    ],
)
def test_synonyms_name_what_the_text_writes_otherwise(text, wanted):
    assert sorted(set(search_scope.synonyms(text))) == wanted


def test_uses_are_counted_up_to_a_cap():
    assert search_scope.synonyms("η " * 10) == ["eta"] * search_scope.REPEAT


def test_phrases_find_glossary_phrases_with_plurals_and_hyphens():
    patterns = {
        "learning rate": re.compile(r"\blearning[\s-]+rate(?:s|es)?\b", re.I),
        "k-fold cross-validation": re.compile(r"\bk-fold[\s-]+cross-validation(?:s|es)?\b", re.I),
    }
    entries = [
        search_scope.glossary.Entry("learning rate", "d", "s"),
        search_scope.glossary.Entry("k-fold cross-validation", "d", "s"),
        search_scope.glossary.Entry("epoch", "d", "s"),  # one word: not a phrase
    ]
    built = search_scope.phrase_patterns(entries)
    assert set(built) == set(patterns)
    text = "Two Learning rates, one learning\nrate; a rate of learning; k-fold cross-validation."
    assert search_scope.phrases(text, built) == ["k-fold cross-validation"] + ["learning rate"] * 2


def test_the_built_index_carries_the_fields_and_no_page_shows_them(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    assert set(search_scope.FIELDS) <= set(index["config"]["fields"])
    docs = index["docs"]
    assert all(set(search_scope.FIELDS) <= set(doc) for doc in docs)
    with_lambda = [doc for doc in docs if "λ" in doc["text"]]
    assert with_lambda and all("lambda" in doc["synonyms"].split() for doc in with_lambda)
    assert any("learning rate" in doc["phrases"] for doc in docs)
    page = (built_site / "learning-rate" / "index.html").read_text("utf-8")
    assert "synonyms" not in page and "lambda lambda" not in page


def test_an_index_without_the_declared_fields_is_refused():
    with pytest.raises(RuntimeError, match="lacks the fields"):
        search_scope.enrich({"config": {"fields": {"title": {}}}, "docs": []}, {})
