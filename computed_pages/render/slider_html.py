"""Slider figures: one figure per value of a hyperparameter, all computed at build time.

In a page, an ordinary figure reference followed by a `{slider=...}` block:

    ![Descent at η = {value}: {outcome}](figure:learning_rate.plot_descent "Caption"){slider="learning rate" positions=rate_positions numbers=descent_numbers outcome=descent_outcome unit="× 2/λₘₐₓ"}

- `slider`: the glossary term the control is labelled with (`text|term` as
  with `[[text|term]]`);
- `positions`: a function of the snippet, `positions(result)`, returning a
  `SliderPositions(values, default, marks)` (snippets/slider_positions.py):
  the values come from compute(), so the setting the page names is one of
  them, the slider opens on `default`, and `marks` label landmarks;
- `numbers`: `numbers(result, value)` returning 1-3 `{label: number}` shown
  beside the figure (a label ending in " (%)" shows a fraction as a percentage);
- `outcome`: `outcome(result, value)` returning what that position shows, in
  words; shown under the figure and put in the alt text for `{outcome}`;
- `unit` (optional): text after each value;
- `{value}` in the alt text becomes the value shown.

The plot function takes `(result, value)`. `compute()` runs once, as for any
figure; the worker then draws every position in both themes (compute/slider_frames.py)
and caches them with the module's other figures. This module only reads the
attributes, names the frames and writes the page's HTML: the swap is done by
docs/javascripts/sliders.js with what is written here, so every number a
reader sees was computed in Python.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from computed_pages.compute.slider_frames import frame_name, is_slider, parse_value
from computed_pages.errors import EngineError
from computed_pages.plan.slider_requests import SliderRequest, SliderRequests, figure_name
from computed_pages.render.figure_html import Variant, pictures
from computed_pages.render.number_text import typeset_power
from computed_pages.themes import THEMES
from computed_pages.urls import relative_url

PERCENT = " (%)"  # a numbers label ending so is a fraction shown as a percentage


def load_positions(request: SliderRequest, name: str, cache_dir: Path) -> dict:
    """What the worker computed for a slider (slider_frames.draw): the
    positions with their numbers and outcome, the default index, the marks."""
    request.drawn = json.loads((cache_dir / f"{name}.json").read_text(encoding="utf-8"))
    return request.drawn


def with_frames(
    module: str, figures: list[str], cache_dir: Path, requests: SliderRequests
) -> list[str]:
    """Every file name to publish: each figure, and each slider's other positions."""
    names = []
    for figure in figures:
        names.append(figure)
        if is_slider(figure):
            drawn = load_positions(requests[(module, figure)], figure, cache_dir)
            names += [
                frame_name(figure, i, drawn["default"])
                for i in range(len(drawn["positions"]))
                if i != drawn["default"]
            ]
    return names


# Below this, a measured number reads as a power of ten (glossary, Notation: one format per kind).
SMALL = 1e-3


def format_number(number: int | float, zeros: bool = True) -> str:
    """Three significant digits, trailing zeros kept for a measured number:
    1234 -> '1,234'; 0.4997 -> '0.500'; 0.00123 -> '0.00123'; 0.000123 -> '1.23 × 10⁻⁴';
    1.5e-08 -> '1.50 × 10⁻⁸'; 1e12 -> '10¹²'. A slider's value drops them
    (zeros=False): 0.5 -> '0.5', 0.0001 -> '10⁻⁴', 0.000316 -> '3.16 × 10⁻⁴'."""
    if isinstance(number, int):
        return f"{number:,}"
    if 0 < abs(number) < SMALL:  # 0.000141 -> '1.41 × 10⁻⁴', as the prose writes it
        mantissa, exponent = f"{number:.2e}".split("e")
        if not zeros:
            mantissa = mantissa.rstrip("0").rstrip(".")
        return typeset_power(f"{mantissa}e{exponent}")
    text = f"{number:#.3g}".rstrip(".") if zeros else f"{number:.3g}"
    return typeset_power(text)  # as the prose writes it (number_text.py)


def format_labelled(label: str, number: int | float) -> tuple[str, str]:
    """(label shown, number shown): 'validation accuracy (%)', 0.814 -> ('validation
    accuracy', '81.4%'), the site's one format for accuracies."""
    if label.endswith(PERCENT):
        return label.removesuffix(PERCENT), f"{number:.1%}"  # as the prose's `:.1%` writes it
    return label, format_number(number)


def shown_value(unit: str, text: str) -> str:
    """A slider value as the control shows it, with its unit."""
    return f"{format_number(parse_value(text), zeros=False)}{' ' + unit if unit else ''}"


def address_key(text: str) -> str:
    """The value as the address writes it: `?learning-rate=1.01`, `?weight-decay=0.0316`."""
    value = parse_value(text)
    return str(value) if isinstance(value, int) else f"{value:.3g}"


def _term(spec: SliderRequest) -> tuple[str, str]:
    """(text shown, glossary term) from `slider="text|term"` or `slider="term"`."""
    text, _, term = spec.slider.partition("|")
    return text, term or text


def _marks(drawn: dict, count: int) -> str:
    """The landmarks under the track, in the order of their positions, each on its own
    row so labels never overlap. A label starts at its tick in the left half and ends at
    it in the right half; once one has started at its tick, the next ones up to 60 % of
    the track start too, so labels read left to right in the order of their ticks (an
    end-aligned label just right of the middle would sit left of the one above). Further
    right a started label would have too little room on a phone and wrap inside a formula."""
    rows = []
    started = False
    for index, label in sorted(drawn["marks"]):
        at = 100 * index / (count - 1)
        started = at <= 50 or (started and at <= 60)
        side = "start" if started else "end"
        rows.append(
            f'<li class="slider-mark slider-mark-{side}" style="--at: {at:.2f}%" '
            f'data-index="{index}"><span>{html.escape(label)}</span></li>'
        )
    return f'<ul class="slider-marks" aria-hidden="true" hidden>{"".join(rows)}</ul>'


def render(
    match, run, page_url: str, root: Path, where: str, requests: SliderRequests, link_base: str = ""
) -> str:
    """One line of HTML: the default frame as an ordinary figure with its numbers,
    and a range input that JavaScript unhides to swap in the other frames.

    The frames' URLs for the script are relative to `page_url` (where the browser is);
    those in the HTML to `link_base` if given (see SourcePage.links_from)."""
    name = figure_name(match, run.name, root, where, requests)  # the name planning gave it
    spec = requests[(run.name, name)]
    drawn = spec.drawn or load_positions(spec, name, run.cache_dir(root))
    positions, default = drawn["positions"], drawn["default"]
    shown = [shown_value(spec.unit, p["value"]) for p in positions]
    keys = [address_key(p["value"]) for p in positions]
    if len(set(keys)) != len(keys):
        raise EngineError(f"{where}: two slider positions share an address value: {keys}")
    outcomes = [p["outcome"] for p in positions]
    alts = [
        spec.alt.replace("{value}", value).replace("{outcome}", outcome)
        for value, outcome in zip(shown, outcomes, strict=True)
    ]
    frames = [
        [
            f"{relative_url(run.site_path(frame_name(name, i, default), theme), page_url)}"
            f"#only-{theme}"
            for i in range(len(positions))
        ]
        for theme in THEMES
    ]
    text, term = _term(spec)
    phone_frames = [  # each frame's phone variant (render/figure_html.py)
        [
            f"{relative_url(run.site_path(frame_name(name, i, default), theme, '.phone'), page_url)}"
            f"#only-{theme}"
            for i in range(len(positions))
        ]
        for theme in THEMES
    ]
    data = {  # the contract with docs/javascripts/sliders.js; see the comment at its top
        "frames": frames,
        "sizes": [p["size"] for p in positions],
        "phoneFrames": phone_frames,
        "phoneSizes": [p["phone_size"] for p in positions],
        "values": shown,
        "keys": keys,
        "param": re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-"),
        "default": default,
        "alts": alts,
        "outcomes": outcomes,
        "numbers": [[format_labelled(*pair)[1] for pair in p["numbers"]] for p in positions],
    }
    # Brackets escaped too: the glossary step (after this one) reads this line, and `[[` is its markup.
    encoded = html.escape(json.dumps(data, ensure_ascii=False), quote=True)
    encoded = encoded.replace("[", "&#91;").replace("]", "&#93;")
    ident = "slider-" + re.sub(r"[^a-z0-9]+", "-", f"{run.name}-{match['func']}".lower())
    if link_base and link_base != page_url:
        shown_frames, shown_phone = (
            [
                [
                    f"{relative_url(run.site_path(frame_name(name, i, default), theme, variant), link_base)}"
                    f"#only-{theme}"
                    for i in range(len(positions))
                ]
                for theme in THEMES
            ]
            for variant in ("", ".phone")
        )
    else:
        shown_frames, shown_phone = frames, phone_frames
    images = pictures(
        [
            Variant(
                shown_frames[t][default],
                positions[default]["size"],
                shown_phone[t][default],
                positions[default]["phone_size"],
            )
            for t in range(len(THEMES))
        ],
        alts[default],
    )
    numbers = "".join(
        "<div><dt>{}</dt><dd>{}</dd></div>".format(*map(html.escape, format_labelled(*pair)))
        for pair in positions[default]["numbers"]
    )
    caption = match["caption"] and html.escape(match["caption"])
    caption = f"<figcaption>{caption}</figcaption>" if caption else ""
    full_size = shown_frames[0][default].split("#")[0]
    widest = max(len(value) for value in shown)  # a fixed width: the track never moves
    # Frames differ by a few px (tight bounding boxes): the box keeps the tallest frame's
    # shape, so the control under it never moves (sliders.css).
    ratio = min(w / h for w, h in (p["size"] for p in positions))
    phone_ratio = min(w / h for w, h in (p["phone_size"] for p in positions))
    shape = f"--frame-ratio: {ratio:.5f}; --frame-ratio-phone: {phone_ratio:.5f}"
    return (
        f'<figure class="computed-figure slider-figure" id="{ident}" data-slider="{encoded}">'
        f'<a class="slider-full" href="{full_size}" title="Open the figure full size" '
        f'style="{shape}">'
        f"{images}</a>"
        f'<div class="slider-control"><div class="slider-head">'
        f'<label for="{ident}-input">{html.escape(text)}</label>'
        f'<span class="slider-term">[[what is it?|{term}]]</span>'
        f'<output id="{ident}-value" for="{ident}-input" style="min-width: {widest + 1}ch">'
        f"{html.escape(shown[default])}</output></div>"
        f'<div class="slider-track">'
        f'<input type="range" id="{ident}-input" min="0" max="{len(positions) - 1}" step="1" '
        f'value="{default}" aria-valuetext="{html.escape(shown[default], quote=True)}" hidden>'
        f"{_marks(drawn, len(positions))}</div></div>"
        f'<p class="slider-outcome" aria-live="polite">{html.escape(outcomes[default])}</p>'
        f'<dl class="slider-numbers" aria-live="polite">{numbers}</dl>'
        f"{caption}</figure>"
    )


def plain_figures(figures) -> list[str]:
    return sorted(f for f in figures if not is_slider(f))


def notebook_cells(
    module: str, figures, result: str, requests: SliderRequests
) -> list[tuple[str, str]]:
    """For each slider: a plain function the reader can call with any value."""
    cells = []
    for figure in sorted(f for f in figures if is_slider(f)):
        spec = requests[(module, figure)]
        text, _ = _term(spec)
        function = "slide_" + re.sub(r"\W+", "_", text.lower()).strip("_")
        positions = spec.drawn["positions"]
        values = [p["value"] for p in positions]
        first, last = (shown_value(spec.unit, values[i]) for i in (0, -1))
        cells.append(
            (
                "markdown",
                f"**Move the {text} yourself.** The page's slider offers {len(values)} "
                f"values, from {first} to {last} (`{spec.positions}({result})`). "
                f"Call `{function}(value)` with any value, also one the slider does not "
                "offer: it prints what the slider shows beside the figure and draws it.",
            )
        )
        default = values[spec.drawn["default"]]
        cells.append(
            (
                "code",
                f"def {function}(value):\n"
                f'    """The page\'s {text} slider, at any value."""\n'
                f"    print({spec.outcome}({result}, value))\n"
                f"    for label, number in {spec.numbers}({result}, value).items():\n"
                # A label ending in " (%)" holds a fraction: print it as the page shows it.
                f"        if label.endswith({PERCENT!r}):\n"
                f'            print(f"{{label.removesuffix({PERCENT!r})}}: {{number:.1%}}")\n'
                "        else:\n"
                '            print(f"{label}: {number:.4g}")\n'
                f"    return {spec.plot}({result}, value)\n\n\n"
                f"{function}({default});",
            )
        )
    return cells
