"""Shrink matplotlib's SVG text without changing what it draws."""

from __future__ import annotations

import re


def minify(svg: str) -> str:
    """Drop comments and whitespace between tags; round coordinates to 1/100 pt."""
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"(\d+\.\d\d)\d+", r"\1", svg)
    return re.sub(r">\s+<", "><", svg)


def size_px(svg: str) -> tuple[int, int] | None:
    """(width, height) in CSS pixels of a matplotlib SVG, whose size is given in points."""
    match = re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if not match:
        return None
    return round(float(match.group(1)) * 4 / 3), round(
        float(match.group(2)) * 4 / 3
    )  # 1 pt = 4/3 px
