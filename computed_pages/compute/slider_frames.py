"""Draw every position of a slider figure, in the snippet worker's process.

A slider is named to the worker like a figure, as `<plot function>~<hash>`
(see render/slider_html.py); what it asks for (the positions, numbers and outcome
functions) waits in a small JSON spec file that the build wrote beforehand.
The positions function gives the values, the default and the marks
(slider_landmarks.py). For each value: the numbers function gives the 1-3
numbers shown beside the figure, the outcome function says in words what it
shows, and the plot function draws the frame in both themes. The default
position is saved under the slider's own name, so the cache check and the
no-JavaScript page treat it as an ordinary figure; other positions are saved
as `<name>.<index>`. Everything about the positions lands in `<name>.json`.
"""

from __future__ import annotations

import json
import math
import re
from numbers import Integral
from pathlib import Path

SEPARATOR = "~"
_INTEGER = re.compile(r"[+-]?\d+")


def is_slider(figure_name: str) -> bool:
    return SEPARATOR in figure_name


def spec_path(root: Path, module: str, name: str) -> Path:
    # Beside .cache/snippets/, not in it: that folder holds only <module>-<key> entries.
    return Path(root) / ".cache" / "slider-specs" / f"{module}.{name}.json"


def frame_name(name: str, index: int, default: int) -> str:
    """The default position is the slider's own name; others get their index."""
    return name if index == default else f"{name}.{index}"


def parse_value(text: str) -> int | float:
    """'3' -> 3 (an int, for degrees, epochs and K); '0.5' or '1e-4' -> float."""
    return int(text) if _INTEGER.fullmatch(text) else float(text)


def numbers_at(module, spec: dict, result, value) -> list[tuple[str, int | float]]:
    """The numbers function's answer as (label, number) pairs; all must be finite."""
    numbers = getattr(module, spec["numbers"])(result, value)
    pairs = []
    for label, number in numbers.items():
        number = int(number) if isinstance(number, Integral) else float(number)
        if not math.isfinite(number):
            raise ValueError(f"{spec['numbers']}(result, {value}) gave {label} = {number}")
        pairs.append((label, number))
    if not 1 <= len(pairs) <= 3:
        raise ValueError(f"{spec['numbers']}() must give 1 to 3 numbers, gave {len(pairs)}")
    return pairs


def draw(root: Path, module, module_name: str, result, name: str, out_dir: Path):
    """Draw and save every frame of one slider; return the default frame's size."""
    import matplotlib.pyplot as plt

    from computed_pages.compute.figure_theme import PHONE_SUFFIX, THEMES, save_variants
    from computed_pages.compute.finite_values import check_figure
    from computed_pages.compute.slider_landmarks import (
        check_enough_positions,
        outcome_at,
        positions_of,
    )

    spec = json.loads(spec_path(root, module_name, name).read_text(encoding="utf-8"))
    plot = getattr(module, spec["plot"])
    values, default, marks = positions_of(module, spec, result)
    try:
        check_enough_positions(spec["positions"], [parse_value(text) for text in values])
    except ValueError as error:
        error.snippet_function = getattr(module, spec["positions"])  # the line to report
        raise
    positions = []
    for index, text in enumerate(values):
        value = parse_value(text)
        numbers = numbers_at(module, spec, result, value)
        outcome = outcome_at(module, spec, result, value)
        for theme, style in THEMES.items():
            with plt.style.context(style):
                figure = plot(result, value)
                check_figure(figure, f"snippets/{module_name}.py", f"{spec['plot']}({text})")
                frame = frame_name(name, index, default)
                sizes = save_variants(figure, out_dir, frame, theme)
                plt.close(figure)
        positions.append(
            {
                "value": text,
                "numbers": numbers,
                "outcome": outcome,
                "size": sizes[frame],
                "phone_size": sizes[f"{frame}{PHONE_SUFFIX}"],
            }
        )
    drawn = {"default": default, "marks": marks, "positions": positions}
    (out_dir / f"{name}.json").write_text(json.dumps(drawn), encoding="utf-8")
    return positions[default]["size"]
