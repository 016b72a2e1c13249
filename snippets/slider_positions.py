"""The values a slider on the page offers, taken from a computed result.

Each slider's positions come from a function `positions(result)`, so the values
the page talks about (the setting chosen on validation, a limit) are computed
too, and the slider opens on the one the page is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SliderPositions:
    """The values a slider offers, the one it opens on, and the labelled ones."""

    values: tuple  # ints or floats, in the order the slider offers them
    default: int | float  # the position shown first: the one the page is about
    marks: dict = field(default_factory=dict)  # {value: label}: "chosen on validation"

    def __post_init__(self):
        """Check that every landmark is one of the values."""
        # Loud at build time: a landmark that is not a position cannot be shown.
        if len(set(self.values)) != len(self.values) or len(self.values) < 2:
            raise ValueError(
                f"a slider needs two or more different values: {self.values!r}"
            )
        missing = [v for v in (self.default, *self.marks) if v not in self.values]
        if missing:
            raise ValueError(f"not among the slider's values: {missing}")


def positions_with(base, landmarks, default, marks=None):
    """`base` and the `landmarks`, sorted, each once: a slider that reaches them."""
    values = sorted({*base, *landmarks, default, *(marks or {})})
    return SliderPositions(tuple(values), default, dict(marks or {}))
