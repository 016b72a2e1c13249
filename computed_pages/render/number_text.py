"""How a computed number reads in prose: Python's format spec, typeset.

`{{ m.x:.1e }}` gives '2.9 × 10⁻¹¹', not '2.9e-11': the sliders write small and large
magnitudes the same way (sliders.format_number), and one kind of number should read
one way everywhere on the site. A negative number starts with the minus sign (U+2212),
as in the figures (matplotlib's axes.unicode_minus), not with a hyphen.
"""

from __future__ import annotations

import re

MINUS = "\u2212"  # the typeset minus sign
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_E_NOTATION = re.compile(r"^(?P<mantissa>[-+]?\d+(?:\.\d+)?)[eE](?P<exponent>[-+]?\d+)$")


def format_number(value, spec: str) -> str:
    """format(value, spec), with e-notation written as a power of ten."""
    return typeset_power(format(value, spec))


def typeset_power(text: str) -> str:
    """'2.9e-11' -> '2.9 × 10⁻¹¹', '1e-08' -> '10⁻⁸', '-0.67' -> '−0.67'; other text as it is."""
    match = _E_NOTATION.match(text)
    if match:
        power = str(int(match["exponent"])).translate(_SUPERSCRIPT)
        mantissa = match["mantissa"]
        text = f"10{power}" if float(mantissa) == 1 else f"{mantissa} × 10{power}"
    return MINUS + text[1:] if text.startswith("-") else text
