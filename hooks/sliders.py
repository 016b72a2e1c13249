"""Slider figures: one figure per value of a hyperparameter, all computed at build time.

In a page, an ordinary figure reference followed by a `{slider=...}` block:

    ![Descent at η = {value}](figure:learning_rate.plot_descent "Caption"){slider="learning rate" values="0.1 0.5 0.9" default=0.5 numbers=descent_numbers unit="× 2/λ_max"}

- `slider`: the glossary term the control is labelled with (`text|term` as
  with `[[text|term]]`);
- `values`: the positions, separated by spaces (`0..15` for a run of integers);
- `default`: the position shown first, and without JavaScript;
- `numbers`: a function of the snippet, `numbers(result, value)`, returning
  1-3 `{label: number}` shown beside the figure;
- `unit` (optional): text after each value;
- `{value}` in the alt text becomes the value shown.

The plot function takes `(result, value)`. `compute()` runs once, as for any
figure; the worker then draws every position in both themes (slider_frames.py)
and caches them with the module's other figures. This module only reads the
attributes, names the frames and writes the page's HTML: the swap is done by
docs/javascripts/sliders.js with what is written here, so every number a
reader sees was computed in Python.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shlex
from pathlib import Path

from figure_html import Variant, pictures
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from slider_frames import SEPARATOR, frame_name, is_slider, parse_value, spec_path
from snippet_sources import top_level_functions

# Appended to executable_pages.FIGURE: the optional block after a figure.
ATTRIBUTES = r"(?P<slider>\{slider=[^}\n]*\})?"
THEMES = ("light", "dark")
_REQUIRED = ("slider", "values", "default", "numbers")
_KNOWN = {*_REQUIRED, "unit"}

_specs: dict[tuple[str, str], dict] = {}  # (module, slider name) -> what the page asked


def parse_attributes(block: str, where: str) -> dict[str, str]:
    """`{slider="learning rate" values="1 2" default=1}` -> a dict of strings."""
    try:
        words = shlex.split(block[1:-1])
    except ValueError as error:
        raise PluginError(f"{where}: slider attributes: {error}") from error
    attributes = {}
    for word in words:
        key, equals, value = word.partition("=")
        if not equals or key not in _KNOWN:
            raise PluginError(
                f"{where}: slider attribute '{word}' is not one of "
                f"{', '.join(sorted(_KNOWN))} (as key=value)"
            )
        attributes[key] = value
    missing = [key for key in _REQUIRED if not attributes.get(key)]
    if missing:
        raise PluginError(f"{where}: the slider lacks {', '.join(missing)}")
    return attributes


def expand_values(text: str, where: str) -> list[str]:
    """'0..3' -> ['0', '1', '2', '3']; '0.1 0.5' -> ['0.1', '0.5']."""
    values = []
    for word in text.split():
        low, dots, high = word.partition("..")
        if dots:
            values += [str(v) for v in range(int(low), int(high) + 1)]
        else:
            values.append(word)
    for value in values:
        try:
            parse_value(value)
        except ValueError:
            raise PluginError(f"{where}: slider value '{value}' is not a number") from None
    if len(values) < 2 or len(set(values)) != len(values):
        raise PluginError(f"{where}: a slider needs two or more different values")
    return values


def figure_name(match, module: str, root: Path, where: str) -> str:
    """The name the worker knows a figure by: the plot function, or for a
    slider `<plot>~<hash of what the page asked>`, so that a new list of values
    is a new figure and is drawn, while a prose edit changes nothing."""
    if not match["slider"]:
        return match["func"]
    attributes = parse_attributes(match["slider"], where)
    values = expand_values(attributes["values"], where)
    if attributes["default"] not in values:
        raise PluginError(f"{where}: default={attributes['default']} is not among the values")
    if attributes["numbers"] not in top_level_functions(root, module):
        raise PluginError(
            f"{where}: snippets/{module}.py has no function {attributes['numbers']}()"
        )
    if "{value}" not in match["alt"]:
        raise PluginError(f"{where}: a slider's alt text must name the value: put {{value}} in it")
    spec = {
        "plot": match["func"],
        "numbers": attributes["numbers"],
        "values": values,
        "default": values.index(attributes["default"]),
    }
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:10]
    name = f"{match['func']}{SEPARATOR}{digest}"
    path = spec_path(root, module, name)
    text = json.dumps(spec, sort_keys=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Complete or absent, even if the build is killed here: write aside, then rename.
        scratch = path.with_name(f".{path.name}.{os.getpid()}")
        scratch.write_text(text, encoding="utf-8")
        os.replace(scratch, path)
    _specs[(module, name)] = {**attributes, **spec, "alt": match["alt"].strip()}
    return name


def with_frames(module: str, figures: list[str]) -> list[str]:
    """Every file name to publish: each figure, and each slider's other positions."""
    names = []
    for figure in figures:
        names.append(figure)
        if is_slider(figure):
            spec = _specs[(module, figure)]
            names += [
                frame_name(figure, i, spec["default"])
                for i in range(len(spec["values"]))
                if i != spec["default"]
            ]
    return names


def format_number(number: int | float) -> str:
    """1234 -> '1,234'; 0.000123 -> '0.000123'; 1.5e-08 -> '1.5 × 10⁻⁸'."""
    if isinstance(number, int):
        return f"{number:,}"
    text = f"{number:.3g}"
    mantissa, e, exponent = text.partition("e")
    if not e:
        return text
    power = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"10{power}" if mantissa == "1" else f"{mantissa} × 10{power}"


def shown_value(spec: dict, text: str) -> str:
    unit = spec.get("unit", "")
    return f"{format_number(parse_value(text))}{' ' + unit if unit else ''}"


def _term(spec: dict) -> tuple[str, str]:
    """(text shown, glossary term) from `slider="text|term"` or `slider="term"`."""
    text, _, term = spec["slider"].partition("|")
    return text, term or text


def render(match, run, page_url: str, root: Path, where: str) -> str:
    """One line of HTML: the default frame as an ordinary figure with its numbers,
    and a range input that JavaScript unhides to swap in the other frames."""
    name = figure_name(match, run.name, root, where)  # the same name _collect gave it
    spec = _specs[(run.name, name)]
    positions = json.loads((run.cache_dir(root) / f"{name}.json").read_text(encoding="utf-8"))
    default = spec["default"]
    shown = [shown_value(spec, p["value"]) for p in positions]
    alts = [spec["alt"].replace("{value}", value) for value in shown]
    frames = [
        [
            f"{get_relative_url(run.site_path(frame_name(name, i, default), theme), page_url)}"
            f"#only-{theme}"
            for i in range(len(positions))
        ]
        for theme in THEMES
    ]
    phone_frames = [  # each frame's phone variant (hooks/figure_html.py)
        [
            f"{get_relative_url(run.site_path(frame_name(name, i, default), theme, '.phone'), page_url)}"
            f"#only-{theme}"
            for i in range(len(positions))
        ]
        for theme in THEMES
    ]
    data = {
        "frames": frames,
        "sizes": [p["size"] for p in positions],
        "phoneFrames": phone_frames,
        "phoneSizes": [p["phone_size"] for p in positions],
        "values": shown,
        "alts": alts,
        "numbers": [[format_number(n) for _, n in p["numbers"]] for p in positions],
    }
    # Brackets escaped too: the glossary hook reads this line and `[[` is its markup.
    encoded = html.escape(json.dumps(data, ensure_ascii=False), quote=True)
    encoded = encoded.replace("[", "&#91;").replace("]", "&#93;")
    ident = "slider-" + re.sub(r"[^a-z0-9]+", "-", f"{run.name}-{match['func']}".lower())
    images = pictures(
        [
            Variant(
                frames[t][default],
                positions[default]["size"],
                phone_frames[t][default],
                positions[default]["phone_size"],
            )
            for t in range(len(THEMES))
        ],
        alts[default],
    )
    text, term = _term(spec)
    numbers = "".join(
        f"<div><dt>{html.escape(label)}</dt><dd>{format_number(number)}</dd></div>"
        for label, number in positions[default]["numbers"]
    )
    caption = match["caption"] and html.escape(match["caption"])
    caption = f"<figcaption>{caption}</figcaption>" if caption else ""
    full_size = frames[0][default].split("#")[0]
    return (
        f'<figure class="computed-figure slider-figure" id="{ident}" data-slider="{encoded}">'
        f'<a class="slider-full" href="{full_size}" title="Open the figure full size">'
        f"{images}</a>"
        f'<div class="slider-control"><label for="{ident}-input">[[{text}|{term}]]: '
        f'<output id="{ident}-value">{html.escape(shown[default])}</output></label>'
        f'<input type="range" id="{ident}-input" min="0" max="{len(positions) - 1}" step="1" '
        f'value="{default}" aria-valuetext="{html.escape(shown[default], quote=True)}" hidden>'
        f"</div>"
        f'<dl class="slider-numbers" aria-live="polite">{numbers}</dl>'
        f"{caption}</figure>"
    )


def plain_figures(figures) -> list[str]:
    return sorted(f for f in figures if not is_slider(f))


def notebook_cells(module: str, figures, result: str) -> list[tuple[str, str]]:
    """For each slider: a plain function the reader can call with any value."""
    cells = []
    for figure in sorted(f for f in figures if is_slider(f)):
        spec = _specs[(module, figure)]
        text, _ = _term(spec)
        function = "slide_" + re.sub(r"\W+", "_", text.lower()).strip("_")
        values = spec["values"]
        cells.append(
            (
                "markdown",
                f"**Move the {text} yourself.** The page's slider offers {len(values)} "
                f"values, from {values[0]} to {values[-1]}. Call `{function}(value)` with "
                "any value, also one the slider does not offer: it prints the numbers shown "
                "beside the slider and draws the figure.",
            )
        )
        default = values[spec["default"]]
        cells.append(
            (
                "code",
                f"def {function}(value):\n"
                f'    """The page\'s {text} slider, at any value."""\n'
                f"    for label, number in {spec['numbers']}({result}, value).items():\n"
                '        print(f"{label}: {number:.4g}")\n'
                f"    return {spec['plot']}({result}, value)\n\n\n"
                f"{function}({default});",
            )
        )
    return cells
