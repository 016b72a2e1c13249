"""A slider's positions, landmarks and outcomes, asked of the snippet in the worker.

The snippet's `positions(result)` returns a SliderPositions (values, default,
marks: snippets/slider_positions.py); this turns it into what the page needs:
each value as text (the frames are named and parsed from it), the default's
index and the marks as (index, label) pairs. Anything malformed stops the
build here, where the snippet's line is still known.
"""

from __future__ import annotations

from numbers import Integral, Real

# A slider needs enough positions to show a trend, more when the value is continuous (a
# float). CONTRIBUTING states these numbers; tests/test_contributing_example.py holds it to them.
MIN_POSITIONS = 10
MIN_POSITIONS_CONTINUOUS = 12


def fewest_positions(values) -> int:
    """The least number of positions a slider over these values must have."""
    continuous = any(not isinstance(value, Integral) for value in values)
    return MIN_POSITIONS_CONTINUOUS if continuous else MIN_POSITIONS


def check_enough_positions(function: str, values) -> None:
    """Stop the build on a slider too coarse to show anything, as tests/test_sliders.py does."""
    needed = fewest_positions(values)
    if len(values) < needed:
        kind = "float values" if needed == MIN_POSITIONS_CONTINUOUS else "integer values"
        raise ValueError(
            f"{function}() gives {len(values)} positions; a slider over {kind} needs at least "
            f"{needed} (CONTRIBUTING, Sliders)"
        )


def value_text(value) -> str:
    """3 -> '3'; 0.1 -> '0.1'; 0.0316227... -> its repr, so parse_value gives it back exactly."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"a slider value must be a number, got {value!r}")
    return str(int(value)) if isinstance(value, Integral) else repr(float(value))


def positions_of(module, spec: dict, result) -> tuple[list[str], int, list[tuple[int, str]]]:
    found = getattr(module, spec["positions"])(result)
    values = list(found.values)
    texts = [value_text(v) for v in values]
    if len(set(values)) != len(values) or len(set(texts)) != len(texts) or len(texts) < 2:
        raise ValueError(f"{spec['positions']}() must give two or more different values")
    if found.default not in values:
        raise ValueError(f"{spec['positions']}(): default {found.default!r} is not a value")
    marks = []
    for value, label in found.marks.items():
        if value not in values or not str(label).strip():
            raise ValueError(f"{spec['positions']}(): mark {value!r}: {label!r}")
        marks.append((values.index(value), str(label)))
    return texts, values.index(found.default), sorted(marks)


def outcome_at(module, spec: dict, result, value) -> str:
    outcome = getattr(module, spec["outcome"])(result, value)
    if not isinstance(outcome, str) or not outcome.strip():
        raise ValueError(f"{spec['outcome']}(result, {value}) must say something: {outcome!r}")
    return outcome
