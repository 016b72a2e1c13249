"""Shrink matplotlib's SVG text without changing what it draws."""

from __future__ import annotations

import re


def minify(svg: str) -> str:
    """Drop comments and whitespace between tags; round coordinates to 1/100 pt."""
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"(\d+\.\d\d)\d+", r"\1", svg)
    return re.sub(r">\s+<", "><", svg)
