"""One lesson, said the same way: the pages that state it use its words, no page contradicts it.

Issue 16 found the central lesson stated four ways. The definition lives in full on
/hyperparameters/ and in short on the home page, the comparison table and the glossary;
these tests keep the wording from drifting apart again, and keep out the phrasings the
issue found wrong (each a scope left unsaid). One test per page, so `-k page` checks one.
"""

from __future__ import annotations

import ast
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
    r"falls over the whole run": "say 'falls over the run as a whole' (late epochs tick up)",
    r"never changes (?:it|the learning rate)\b": "schedules and tuners such as "
    "population-based training change it during a run; say the algorithm does not adjust it "
    "to lower the training loss",
    r"(?:has|have) nothing to say about": "review 3, C1: judged by the training loss, more "
    "steps and a larger rate below the limit look better; it cannot judge whether that "
    "closer fit generalises",
    r"\bon any data\b": "review 3, U1: the k-means cost 'generally' falls as K grows "
    "(Hastie et al. 2009, §14.3.11); say 'generally' or 'tends to'",
    r"nested cross-validation removes the bias": "review 3, C6: it removes the optimism; "
    "it can lean low (Hastie et al., §7.10.1)",
    r"always looks? better": "review 4, C1: below the limit a larger rate is not better at "
    "every step, and the training loss ticks up late; say 'tend to look better'",
    r"gives the most probable line": "review 4, C5: least squares is the maximum-likelihood "
    "line; 'most probable' is the posterior mode, which needs a prior",
    r"hyperparameters are chosen on held-out data\.": "review 4, C3: most often on held-out "
    "data; some by another criterion on the training data, or by a rule, budget or hand",
    r"η\\?\*": "review 5, 12: write the stability limit 2/λ_max, not η*: a star means the "
    "optimum everywhere else on the site",
    r"second of the three routes": "review 5, 8: a rule-computed learning rate is route 3, "
    "a convention applied to the data",
}
# The References page quotes these phrasings in "Common misconceptions", to correct them.
QUOTED_ON = {
    "references.md": set(WRONG) - {r"\bthe tests (?:show|check|prove)", r"falls over the whole run"}
}


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
        "Estimated from the training data**, in two ways: - *By a different criterion*",
        "Fixed by convention, budget or hand",
    ):
        assert route in text, f"docs/hyperparameters.md lacks the route {route!r}"
    home = one_line((DOCS / "index.md").read_text(encoding="utf-8"))
    # Review 17, finding 1: the cell names data (held-out or training), not a loss.
    assert "sometimes the training data itself; never the [[test set]]" in home


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


# Panels by position (review 3, F1): at 390 px every two-panel figure is drawn stacked, so
# "left" and "right" are false on phones. Name a panel by its title instead.
BY_POSITION = re.compile(
    r"\b(?:left|right) panels?\b|\b(?:left|right):|\((?:left|right)\)|\bon the (?:left|right)\b",
    re.I,
)


@pytest.mark.parametrize("page", pages(), ids=[p.relative_to(DOCS).as_posix() for p in pages()])
def test_no_page_names_a_panel_by_its_position(page):
    text = page.read_text(encoding="utf-8")
    found = [
        f"{page.relative_to(ROOT)}:{number}: {match[0]!r}"
        for number, line, is_prose in prose_lines(text)
        if is_prose
        for match in BY_POSITION.finditer(line)
    ]
    assert not found, "name the panel by its title:\n" + "\n".join(found)


def _strings_outside_docstrings(source: str) -> list[tuple[int, str]]:
    """Every string literal of a module except docstrings: alt texts, outcomes, titles."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize("module", sorted((ROOT / "snippets").glob("*.py")), ids=lambda p: p.name)
def test_no_snippet_string_names_a_panel_by_its_position(module):
    found = [
        f"{module.relative_to(ROOT)}:{line}: {match[0]!r}"
        for line, value in _strings_outside_docstrings(module.read_text(encoding="utf-8"))
        for match in BY_POSITION.finditer(value)
    ]
    assert not found, "name the panel by its title:\n" + "\n".join(found)
