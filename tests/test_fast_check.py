"""The fast loop (`make check PAGE=...`) keeps every check of `make test` that concerns its page.

Structural and cheap: one collection of the suite (no build, no test run) lists, for every
test, the pages and modules its parameters name and the pages whose fast loop keeps it
(tests/fast_check.py --list). A mistake the strict build catches (an unknown glossary term,
a missing include, a snippet that raises or warns, a mistyped `{{ }}` name) stops the fast
loop at its first step, the same build `make test` checks (the `built_site` fixture).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from tests import fast_check
from tests.conftest import BUILD_ENV, ROOT
from tests.markdown_pages import pages

PAGE = "learning-rate.md"  # a page with a slider, quoted numbers, includes, claims, formulas
# Each kind of mistake on that page, and a test of the full run that fails on it: the
# fast loop must keep that test.
MISTAKES = {
    "a slider with too few positions": "tests/test_sliders.py::"
    "test_every_slider_reaches_what_its_page_names_and_opens_on_the_chosen_one"
    "[learning-rate:plot_descent]",
    "a slider outcome that says something false": "tests/test_sliders.py::"
    "test_claim_outcomes_say_what_each_position_shows[learning-rate:plot_descent]",
    "a wrong quoted number": "tests/test_build.py::"
    f"test_every_quoted_number_is_the_computed_one[{PAGE}]",
    "a figure without its variants or notebook": "tests/test_build.py::"
    f"test_figures_have_both_variants_alt_text_and_a_notebook[{PAGE}]",
    "a Python fence that escapes testing": "tests/test_fences.py::"
    f"test_python_fences_are_run_or_are_tested_includes[{PAGE}]",
    "an include of a missing section": f"tests/test_includes.py::test_includes_resolve[{PAGE}]",
    "a false claim": "tests/test_learning_rate.py::"
    "test_claim_just_below_the_limit_converges_and_just_above_diverges[0]",
    "a false claim checked in another test file": "tests/test_sliders.py::"
    "test_claim_slider_descent_regimes",
    "a claim marker naming no check": "tests/test_claims.py::test_every_marked_claim_has_its_check",
    "a warning in compute()": "tests/test_learning_rate.py::"
    "test_claim_far_above_the_limit_diverges_faster[0]",
    "no opening block": f"tests/test_page_structure.py::"
    f"test_the_page_opens_with_what_you_will_learn[{PAGE}]",
    "too many words": "tests/test_page_structure.py::"
    f"test_the_main_text_stays_within_the_word_budget[{PAGE}]",
    "a nav label unlike the title": "tests/test_page_structure.py::"
    "test_nav_labels_equal_page_titles",
    "math as ASCII art": f"tests/test_no_ascii_math.py::test_no_page_writes_math_as_ascii_art[{PAGE}]",
    "a formula left untypeset": "tests/test_formulas.py::"
    f"test_every_formula_of_every_page_is_typeset[{PAGE}]",
    "a lesson stated without its scope": "tests/test_one_lesson.py::"
    f"test_no_page_states_a_lesson_without_its_scope[{PAGE}]",
    "a broken link": "tests/test_links.py::test_every_link_resolves",
    "a citation of no entry": "tests/test_citations.py::test_every_citation_resolves_to_an_entry",
}
# Parametrized by a snippet file, but about the engine's cache key, not a page.
NOT_ABOUT_A_PAGE = ("tests/test_cache_key.py::",)


@pytest.fixture(scope="module")
def listing(tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("fast-check") / "listing.jsonl"
    done = subprocess.run(
        [sys.executable, "tests/fast_check.py", "--list", str(out)],
        cwd=ROOT,
        env=BUILD_ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and out.exists(), done.stdout + done.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_every_kind_of_page_mistake_meets_a_test_the_fast_loop_keeps(listing):
    kept = {row["node"] for row in listing if PAGE in row["kept_for"]}
    collected = {row["node"] for row in listing}
    gone = {kind: node for kind, node in MISTAKES.items() if node not in collected}
    assert not gone, f"no such test any more (update MISTAKES): {gone}"
    missed = {kind: node for kind, node in MISTAKES.items() if node not in kept}
    assert not missed, f"`make check PAGE=docs/{PAGE}` would miss: {missed}"


def test_a_page_s_checks_run_for_that_page_only(listing):
    for row in listing:
        if row["pages"] and not row["modules"]:
            assert row["kept_for"] == row["pages"], row["node"]


def test_every_test_naming_a_page_or_module_in_its_parameters_is_recognised(listing):
    """A new kind of parameter (a page's stem, a module in a tuple) must not slip through."""
    names = [re.escape(page.name) for page in pages()] + sorted(fast_check.MODULES)
    named = re.compile(rf"\b(?:{'|'.join(names)})\b")
    module_tests = {f"tests/test_{name}.py::" for name in fast_check.MODULES}
    unread = [
        row["node"]
        for row in listing
        if row["params"]
        and not (row["pages"] or row["modules"])
        and named.search(row["params"])
        and not row["node"].startswith((*module_tests, *NOT_ABOUT_A_PAGE))
    ]
    assert not unread, f"fast_check.concerns() does not read these parameters: {unread}"


def test_every_check_of_the_built_site_is_kept_or_left_to_the_full_run_with_a_reason(listing):
    everywhere = {page.relative_to(ROOT / "docs").as_posix() for page in pages()}
    unsorted = [
        row["node"]
        for row in listing
        if not row["params"]
        and "built_site" in row["fixtures"]
        and "project_copy" not in row["fixtures"]  # breaks a copy: builds, the full run's
        and set(row["kept_for"]) != everywhere
        and row["node"] not in fast_check.FULL_RUN_ONLY
    ]
    assert not unsorted, (
        "add each to fast_check.SITE_WIDE (cheap, any page can break it) or to "
        f"FULL_RUN_ONLY with the reason: {unsorted}"
    )
    stale = set(fast_check.FULL_RUN_ONLY) - {row["node"] for row in listing}
    assert not stale, f"FULL_RUN_ONLY names tests that no longer exist: {stale}"


def test_a_page_s_code_fences_run_in_its_fast_loop_only(listing):
    fences = [row for row in listing if row["node"].startswith("docs/")]
    assert fences, "no page has a code fence pytest-codeblocks runs"
    for row in fences:
        page = row["node"].split("::")[0].removeprefix("docs/")
        assert row["kept_for"] == [page], row["node"]
