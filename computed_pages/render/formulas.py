"""Formulas typeset as MathML when the site is built.

Pages write LaTeX: `$\\eta < 2/\\lambda_{\\max}$` inline, `$$ ... $$` on lines of
their own for display. pymdownx.arithmatex (generic mode) marks them in the HTML;
this hook turns each into MathML with latex2mathml. Browsers render MathML
natively and screen readers read it, so a page needs no script and no font
download. A formula that cannot be typeset stops the build with its page and line.
"""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert

from computed_pages.errors import EngineError

# What arithmatex's generic mode writes; the LaTeX inside is HTML-escaped.
_INLINE = re.compile(r'<span class="arithmatex">\\\((?P<tex>.*?)\\\)</span>', re.S)
_DISPLAY = re.compile(r'<div class="arithmatex">\\\[(?P<tex>.*?)\\\]</div>', re.S)
_XMLNS = ' xmlns="http://www.w3.org/1998/Math/MathML"'
# latex2mathml is lenient: an unknown command comes out as literal text
# ("<mi>\foo</mi>"), a stray brace as "<mi>}</mi>". Either is a typo.
_LEAKED = re.compile(r">[^<]*(\\[A-Za-z]+|[{}])[^<]*<")
# A matrix's brackets come out as plain operators beside the <mtable>; marked as
# fences they stretch to its height (pmatrix, bmatrix, vmatrix, Bmatrix).
_OPEN = re.compile(r"<mo>(&#x00028;|&#x0005B;|&#x0007B;|&#x0007C;|&#x02016;)</mo>(?=<mtable)")
_BARS = re.compile(r"<mo>(&#x0007C;|&#x02016;)</mo>")
_CLOSE = re.compile(r"(?<=</mtable>)<mo>(&#x00029;|&#x0005D;|&#x0007D;|&#x0007C;|&#x02016;)</mo>")


class FormulaError(ValueError):
    pass


def _balanced(tex: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\.|[{}]", tex):
        token = match.group(0)
        depth += token == "{"
        depth -= token == "}"
        if depth < 0:
            return False
    return depth == 0


def to_mathml(tex: str, display: bool) -> str:
    """One formula as a <math> element; FormulaError says what is wrong with it."""
    if not tex.strip():
        raise FormulaError("empty formula")
    if not _balanced(tex):
        raise FormulaError("unbalanced braces { }")
    try:
        mathml = convert(tex, display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises bare StopIteration and the like
        raise FormulaError(f"{type(error).__name__} {error}".strip()) from None
    leaked = _LEAKED.search(mathml)
    if leaked:
        raise FormulaError(f"unknown command or stray brace {leaked.group(1)!r}")
    mathml = _OPEN.sub(r'<mo fence="true" form="prefix" stretchy="true">\1</mo>', mathml)
    mathml = _CLOSE.sub(r'<mo fence="true" form="postfix" stretchy="true">\1</mo>', mathml)
    # Other bars (a norm ‖x‖, an absolute value |x|) keep their size, as in LaTeX.
    mathml = _BARS.sub(r'<mo stretchy="false">\1</mo>', mathml)
    return mathml.replace(_XMLNS, "")


def source_line(markdown: str, tex: str) -> int | None:
    """The line of the page's Markdown where a formula starts (for the error message)."""
    first = tex.strip().splitlines()[0].strip() if tex.strip() else ""
    for number, line in enumerate(markdown.split("\n"), start=1):
        if first and first in line:
            return number
    return None


def typeset(content: str, markdown: str, where: str) -> str:
    """Replace every formula arithmatex marked in `content` by its MathML."""

    def replace(match: re.Match, display: bool) -> str:
        tex = html.unescape(match["tex"])
        try:
            mathml = to_mathml(tex, display)
        except FormulaError as error:
            line = source_line(markdown, tex)
            at = f"{where}:{line}" if line else where
            marks = "$$" if display else "$"
            raise EngineError(
                f"{at}: cannot typeset the formula {marks}{tex.strip()}{marks}: {error}"
            ) from None
        # A display formula wider than a phone scrolls inside its own box, not the page.
        return f'<div class="math-display">{mathml}</div>' if display else mathml

    content = _DISPLAY.sub(lambda m: replace(m, True), content)
    return _INLINE.sub(lambda m: replace(m, False), content)
