"""One lesson, said the same way: the pages that state it use its words, no page contradicts it.

Issue 16 found the central lesson stated four ways. The definition lives in full on
/hyperparameters/ and in short on the home page, the comparison table and the glossary;
these tests keep the wording from drifting apart again, and keep out the phrasings the
issue found wrong (each a scope left unsaid). One test per page, so `-k page` checks one.
"""

from __future__ import annotations

import re

import pytest

from computed_pages.plan.markdown_scan import prose_lines  # (the build's reader: code stays code)
from tests.markdown_pages import DOCS, ROOT, pages

PARAMETER = "the numbers the training algorithm adjusts to minimise its training loss"
HYPERPARAMETER = "uses but does not adjust by minimising"
DEFINITION_PAGES = ("index.md", "hyperparameters.md", "comparison.md")
GLOSSARY = DOCS / "_data" / "glossary.yml"

# Phrasings that state a lesson without its scope (common.md §6, issue 16 items 1-4, 13, 16).
WRONG = {
    r"largest (?:step|rate|learning rate)[^.]{0,40}still converges": "say 'the limit 2/λ_max'",
    r"never hurts": "say: never makes the chosen model's validation loss worse (higher)",
    r"cannot be fooled": "say what the best checkpoint protects against, and what not",
    r"\bthe tests (?:show|check|prove)": "say what was computed and show it",
    r"widely copied tutorial": "its corrections live on /references/ (Common misconceptions)",
}
# The References page quotes these phrasings in "Common misconceptions", to correct them.
QUOTED_ON = {"references.md": set(WRONG) - {r"\bthe tests (?:show|check|prove)"}}


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", DEFINITION_PAGES)
def test_the_definition_is_said_the_same_way(name):
    text = one_line((DOCS / name).read_text(encoding="utf-8"))
    missing = [phrase for phrase in (HYPERPARAMETER,) if phrase not in text]
    if name in ("index.md", "hyperparameters.md"):
        missing += [PARAMETER] if PARAMETER not in text else []
    assert not missing, f"docs/{name} does not say the definition in its words: {missing}"


def test_the_glossary_says_the_definition_the_same_way():
    text = one_line(GLOSSARY.read_text(encoding="utf-8"))
    assert "adjusts to minimise its training [[loss]]" in text  # model parameter
    assert HYPERPARAMETER in text  # hyperparameter


def test_where_hyperparameters_come_from_names_all_three_routes():
    text = one_line((DOCS / "hyperparameters.md").read_text(encoding="utf-8"))
    for route in (
        "Compared on held-out data",
        "Estimated from the training data by a different criterion",
        "Fixed by convention, budget or hand",
    ):
        assert route in text, f"docs/hyperparameters.md lacks the route {route!r}"
    home = one_line((DOCS / "index.md").read_text(encoding="utf-8"))
    assert "sometimes another criterion on the training data; never the [[test set]]" in home


def prose_text(markdown: str) -> str:
    """The page with code lines blanked and line breaks as spaces: a phrase may span lines,
    and an offset still maps to its line."""
    lines = [line if is_prose else " " * len(line) for _, line, is_prose in prose_lines(markdown)]
    return " ".join(lines)


@pytest.mark.parametrize("page", pages(), ids=[p.relative_to(DOCS).as_posix() for p in pages()])
def test_no_page_states_a_lesson_without_its_scope(page):
    name = page.relative_to(DOCS).as_posix()
    text = prose_text(page.read_text(encoding="utf-8"))
    newline_at = [i for i, ch in enumerate(page.read_text(encoding="utf-8")) if ch == "\n"]
    found = []
    for pattern, fix in WRONG.items():
        if pattern in QUOTED_ON.get(name, set()):
            continue
        for match in re.finditer(pattern, text, re.I | re.S):
            line = 1 + sum(1 for i in newline_at if i < match.start())
            found.append(f"{page.relative_to(ROOT)}:{line}: {match[0]!r}: {fix}")
    assert not found, "\n".join(found)
