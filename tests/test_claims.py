"""Every claim on a page has a check, and every check still has its claim.

The checks themselves (tests named test_claim_*) live beside the other tests of
their snippet and run on that snippet's compute() result; tests/claims.py
explains the marker. A failing check names its claim's page, line and sentence.
"""

from __future__ import annotations

from tests.claims import checks, claims, malformed_markers

# Pages that say nothing about a computed result of their own: every number on
# them is inserted, or they have none.
NO_CLAIMS = {"glossary.md", "hyperparameters.md", "references.md", "vocabulary.md"}


def test_markers_are_well_formed():
    bad = malformed_markers()
    assert not bad, (
        "claim markers must read <!-- claim: test_<module>.py::test_claim_<name> -->:\n"
        + "\n".join(bad)
    )


def test_every_marked_claim_has_its_check():
    defined = {(c.module, c.name) for c in checks()}
    missing = [c for c in claims() if (c.module, c.check) not in defined]
    assert not missing, "marked claims whose check does not exist:\n" + "\n".join(
        f"{c.describe()}\n    names {c.node}, which is not a test_claim_* function in tests/"
        for c in missing
    )


def test_every_check_backs_a_claim_that_is_still_on_its_pages():
    problems = []
    for check in checks():
        if not check.pages:
            problems.append(
                f"{check.node} (tests/{check.module}:{check.line}): its docstring must start "
                "with the pages whose claims it backs, e.g. 'epochs.md: the training loss ...'"
            )
            continue
        marked_on = {
            c.page.name for c in claims() if (c.module, c.check) == (check.module, check.name)
        }
        for page in check.pages:
            if page not in marked_on:
                problems.append(
                    f"docs/{page}: no marker names {check.node} any more, so its claim "
                    f"(“{check.statement}”) no longer appears on that page: restore the claim "
                    "and its marker, or delete the check"
                )
        for page in sorted(marked_on - set(check.pages)):
            problems.append(
                f"docs/{page}: marks a claim with {check.node}, whose docstring does not list "
                "that page"
            )
    assert not problems, "\n".join(problems)


def test_every_page_with_computed_results_marks_its_claims():
    pages = {p.name for p in (claims()[0].page.parent).glob("*.md")} if claims() else set()
    marked = {c.page.name for c in claims()}
    unmarked = sorted(pages - marked - NO_CLAIMS)
    assert not unmarked, f"pages with computed results but no marked claim: {unmarked}"


def test_each_claim_quotes_a_sentence():
    empty = [c.where for c in claims() if len(c.sentence) < 12]
    assert not empty, f"a claim marker must stand right after its sentence: {empty}"
