"""Computed numbers in prose: powers of ten typeset, everything else as Python formats it."""

from __future__ import annotations

import pytest

from computed_pages.render.number_text import format_number


@pytest.mark.parametrize(
    "value,spec,text",
    [
        (2.9e-11, ".1e", "2.9 × 10⁻¹¹"),
        (1e-8, ".0e", "10⁻⁸"),
        (3.2e12, ".1e", "3.2 × 10¹²"),
        (-4.5e-3, ".1e", "−4.5 × 10⁻³"),  # U+2212, as the figures write it
        (-0.0067, "+.2%", "−0.67%"),
        (0.0125, "+.2%", "+1.25%"),
        (-3, "d", "−3"),
        (0.8143, ".1%", "81.4%"),
        (1234567, ",d", "1,234,567"),
        (0.02589, ".5f", "0.02589"),
        ("text", "", "text"),
    ],
)
def test_format_number(value, spec, text):
    assert format_number(value, spec) == text
