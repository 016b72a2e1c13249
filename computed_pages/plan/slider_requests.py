"""A slider's request, as its page writes it: `{slider=...}` after a figure reference.

The attributes are read and checked here, against the snippet's source (its
functions), before anything runs; render/slider_html.py documents the syntax
and writes the HTML once the worker has drawn the positions.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from computed_pages.compute.slider_frames import SEPARATOR, spec_path
from computed_pages.errors import EngineError
from computed_pages.plan.snippet_sources import top_level_functions

# Appended to the figure pattern (requests.FIGURE): the optional block after a figure.
ATTRIBUTES = r"(?P<slider>\{slider=[^}\n]*\})?"
SLIDER_FUNCTIONS = ("positions", "numbers", "outcome")  # each names a function of the snippet
_REQUIRED = ("slider", *SLIDER_FUNCTIONS)
_KNOWN = {*_REQUIRED, "unit"}


@dataclass
class SliderRequest:
    """What a page asked of one slider, and (after compute) what the worker drew."""

    slider: str  # "text|term" or "term": the control's label and its glossary term
    plot: str
    positions: str
    numbers: str
    outcome: str
    alt: str
    unit: str = ""
    drawn: dict | None = None  # slider_frames.draw's JSON: positions, default, marks


SliderRequests = dict[tuple[str, str], SliderRequest]  # (module, slider name) -> request


def parse_attributes(block: str, where: str) -> dict[str, str]:
    """`{slider="learning rate" positions=f numbers=g outcome=h}` -> a dict of strings."""
    try:
        words = shlex.split(block[1:-1])
    except ValueError as error:
        raise EngineError(f"{where}: slider attributes: {error}") from error
    attributes = {}
    for word in words:
        key, equals, value = word.partition("=")
        if not equals or key not in _KNOWN:
            raise EngineError(
                f"{where}: slider attribute '{word}' is not one of "
                f"{', '.join(sorted(_KNOWN))} (as key=value)"
            )
        attributes[key] = value
    missing = [key for key in _REQUIRED if not attributes.get(key)]
    if missing:
        raise EngineError(f"{where}: the slider lacks {', '.join(missing)}")
    return attributes


def figure_name(match, module: str, root: Path, where: str, requests: SliderRequests) -> str:
    """The name the worker knows a figure by: the plot function, or for a
    slider `<plot>~<hash of what the page asked>`, so that other functions are
    a new figure and are drawn, while a prose edit changes nothing. (The
    positions themselves come from compute(): the module's code is in the
    cache key already.)"""
    if not match["slider"]:
        return match["func"]
    attributes = parse_attributes(match["slider"], where)
    functions = top_level_functions(root, module)
    for key in SLIDER_FUNCTIONS:
        if attributes[key] not in functions:
            raise EngineError(
                f"{where}: {key}={attributes[key]}: snippets/{module}.py has no function "
                f"{attributes[key]}()"
            )
    if "{value}" not in match["alt"]:
        raise EngineError(f"{where}: a slider's alt text must name the value: put {{value}} in it")
    spec = {"plot": match["func"], **{key: attributes[key] for key in SLIDER_FUNCTIONS}}
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
    requests[(module, name)] = SliderRequest(**{**attributes, **spec, "alt": match["alt"].strip()})
    return name


def prune_specs(root: Path, requests: SliderRequests) -> None:
    """Remove the spec files of sliders no page asks for any more."""
    wanted = {spec_path(root, module, name) for module, name in requests}
    folder = spec_path(root, "m", "n").parent
    for path in folder.glob("*.json") if folder.is_dir() else []:
        if path not in wanted:
            path.unlink(missing_ok=True)
