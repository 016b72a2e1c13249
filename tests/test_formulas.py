"""Formulas ($…$, $$…$$) become MathML at build time (computed_pages/render/formulas.py), one <math>
element each, and a formula that cannot be typeset stops the build with its page and line."""

from __future__ import annotations

import re

import pytest

from computed_pages.render.formulas import FormulaError, to_mathml
from tests.conftest import ROOT, build_copy
from tests.fixture_page import FIXTURE, PAGE, formulas_in, project_with_fixture


@pytest.mark.parametrize(
    "tex",
    [
        r"0 < \eta < 2/\lambda_{\max}",
        r"w - w^* \leftarrow (I - \eta H)(w - w^*)",
        r"\frac{1}{2n} \lVert Xw - y \rVert^2",
        r"H = 2 \begin{pmatrix} \overline{x^2} & \bar{x} \\ \bar{x} & 1 \end{pmatrix}",
    ],
)
def test_a_formula_becomes_one_math_element(tex):
    mathml = to_mathml(tex, display=False)
    assert mathml.startswith('<math display="inline">') and mathml.count("<math") == 1
    assert to_mathml(tex, display=True).startswith('<math display="block">')
    assert "\\" not in mathml, mathml  # no LaTeX left over as text


@pytest.mark.parametrize(
    ("tex", "says"),
    [
        (r"\frac{1}{2", "unbalanced braces"),
        (r"x}", "unbalanced braces"),
        (r"\etta + 1", r"\etta"),
        (r"\left( x \right", "StopIteration"),
        ("  ", "empty"),
    ],
)
def test_a_broken_formula_is_refused(tex, says):
    with pytest.raises(FormulaError, match=re.escape(says)):
        to_mathml(tex, display=False)


def test_the_fixture_counts_its_formulas():
    # The counter the build test relies on: 3 display and 4 inline formulas, none in code.
    assert formulas_in(FIXTURE.read_text(encoding="utf-8")) == 7
    assert formulas_in("`$x$` and $y$ and $$") == 1
    assert formulas_in("```sh\n$ make $HOME\n```\n$z$") == 1  # a fence is code


def test_every_formula_of_a_page_is_one_math_element(tmp_path, built_site):
    project = project_with_fixture(tmp_path)
    code, log = build_copy(project)
    assert code == 0, log
    page = (project / "site" / "fixture" / "index.html").read_text(encoding="utf-8")
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    assert article.count("<math") == formulas_in(FIXTURE.read_text(encoding="utf-8"))
    assert article.count('<math display="block">') == 3
    assert article.count('<div class="math-display">') == 3
    assert "arithmatex" not in article and "\\(" not in article and "\\[" not in article
    assert "<code>$not math$</code>" in article, "a code span was typeset"
    assert "<script" not in article


@pytest.mark.parametrize("page", sorted((ROOT / "docs").glob("*.md")), ids=lambda p: p.name)
def test_every_formula_of_every_page_is_typeset(page, built_site):
    # Holds today's pages to the same rule as the fixture, whatever formulas they write.
    built = built_site / ("" if page.stem == "index" else page.stem) / "index.html"
    article = built.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>")[0]
    assert article.count("<math") == formulas_in(page.read_text(encoding="utf-8"))
    assert "arithmatex" not in article


def test_a_formula_that_cannot_be_typeset_names_its_page_and_line(tmp_path, built_site):
    text = FIXTURE.read_text(encoding="utf-8")
    broken = text.replace(r"\frac{1}{2n}", r"\frac{1}{2n", 1)
    line = next(n for n, row in enumerate(broken.splitlines(), 1) if r"\frac{1}{2n \l" in row)
    project = project_with_fixture(tmp_path, broken)
    code, log = build_copy(project)
    assert code != 0
    assert f"docs/{PAGE}:{line}: cannot typeset the formula $$J(w)" in log, log[-2000:]
    assert "unbalanced braces" in log
