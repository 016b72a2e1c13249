"""No formula is written as ASCII art: math in a ```text block or in a code span is
hard to read and a screen reader spells out its pipes and arrows. Pages write
formulas as $…$ or $$…$$ (typeset as MathML: computed_pages/render/formulas.py, CONTRIBUTING)."""

from __future__ import annotations

import re

import pytest

from computed_pages.plan.markdown_scan import (
    prose_lines,  # (the build's own reader: fences stay fences)
)
from tests.markdown_pages import fences, pages
from tests.project_files import ROOT

# Characters that only math uses, in code: arrows, norms, powers and indices,
# Greek letters, relations; and a "·" or "|" used as a matrix bar beside them.
MATH_SIGNS = re.compile(r"[←→⇒‖²³ⁿᵀᵗᵢⱼ₀₁₂∇∂≈≠≤≥√∑∏∞αβγδεηθκλμνστφω]|·\s*\||\|\s*·")
PLAIN_FENCES = {"", "text", "txt", "plain", "math"}  # not a programming language
_CODE_SPAN = re.compile(r"(`+)(?P<code>.+?)\1")


def ascii_math(markdown: str, fence_bodies: list[tuple[int, str, list[str]]]) -> list[str]:
    """'line: text' for every plain fence line and every code span that writes math."""
    found = []
    for line, info, body in fence_bodies:
        if info.split(" ")[0].lower() in PLAIN_FENCES:
            found += [
                f"{line + offset}: {row.strip()}"
                for offset, row in enumerate(body, start=1)
                if MATH_SIGNS.search(row)
            ]
    for number, line, is_prose in prose_lines(markdown):
        if is_prose:
            found += [
                f"{number}: `{span['code']}`"
                for span in _CODE_SPAN.finditer(line)
                if MATH_SIGNS.search(span["code"])
            ]
    return found


def test_the_check_finds_the_known_cases():
    page = (
        "Text `η < 2/λ` and `Ridge(alpha=1.0)`.\n"
        "```text\nH = 2 · | mean of x²  mean of x |\n```\n"
        "```text\nw − w*  ←  (I − ηH)(w − w*)\n```\n"
        "```python\nf = w**2  # w²\n```\n"
        "A formula as math: $\\eta < 2/\\lambda_{\\max}$.\n"
    )
    blocks = [(2, "text", ["H = 2 · | mean of x²  mean of x |"]), (5, "text", ["w − w*  ←  ..."])]
    blocks.append((8, "python", ["f = w**2  # w²"]))
    assert ascii_math(page, blocks) == [
        "3: H = 2 · | mean of x²  mean of x |",
        "6: w − w*  ←  ...",
        "1: `η < 2/λ`",
    ]


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_no_page_writes_math_as_ascii_art(page):
    blocks = [(fence.line, fence.info, fence.body) for fence in fences(page)]
    found = ascii_math(page.read_text(encoding="utf-8"), blocks)
    where = page.relative_to(ROOT)
    assert not found, f"{where}: write these as $…$ or $$…$$ (CONTRIBUTING):\n" + "\n".join(
        f"{where}:{item}" for item in found
    )
