"""Shrink matplotlib's SVG text without changing what it draws or what it says.

Only markup is shortened: numbers inside tags (coordinates, paths) are rounded,
never the text between tags, since a figure's words and numbers are what the
code wrote ("λ = 0.001" must not become "λ = 0.00"). `text_nodes` lets the
build check exactly that for every figure it writes.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

_TAG = re.compile(r"<[^>]*>")
_LONG_DECIMAL = re.compile(r"(\d+\.\d\d)\d+")
# Matplotlib names one font with no fallback where it sets mathtext (10⁻¹ tick
# labels): a serif appears beside sans-serif text on systems without DejaVu.
_BARE_FONT = re.compile(r"font-family: ?'DejaVu Sans'(?=[;\"])")
FONT_STACK = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"


def minify(svg: str) -> str:
    """Drop comments and whitespace between tags; round numbers in tags to 1/100 pt."""
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = _TAG.sub(lambda tag: _LONG_DECIMAL.sub(r"\1", tag.group(0)), svg)
    svg = _BARE_FONT.sub(f"font-family: {FONT_STACK}", svg)
    return re.sub(r">\s+<", "><", svg)


def text_nodes(svg: str) -> list[str]:
    """Every <text> element's words, in document order (tspans joined)."""
    root = ElementTree.fromstring(svg)
    # Whitespace-only pieces are the indentation between <tspan>s, which minify drops.
    return [
        "".join(piece for piece in element.itertext() if piece.strip())
        for element in root.iter("{http://www.w3.org/2000/svg}text")
    ]


_FONT_SIZE = re.compile(r"font(?:-size)?: ?(?:[a-z]+ )*([\d.]+)px")
_VIEWBOX_WIDTH = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ')


def smallest_font(svg: str) -> float:
    """The smallest font size in the SVG, in its own units (pt for matplotlib)."""
    sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    if not sizes:
        raise ValueError("the SVG sets no font size")
    return min(sizes)


def viewbox_width(svg: str) -> float:
    match = _VIEWBOX_WIDTH.search(svg)
    if not match:
        raise ValueError("the SVG has no viewBox")
    return float(match.group(1))


def size_px(svg: str) -> tuple[int, int] | None:
    """(width, height) in CSS pixels of a matplotlib SVG, whose size is given in points."""
    match = re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if not match:
        return None
    return round(float(match.group(1)) * 4 / 3), round(
        float(match.group(2)) * 4 / 3
    )  # 1 pt = 4/3 px
