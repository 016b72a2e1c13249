"""A computed number as a page shows it: checked, formatted, escaped."""

from __future__ import annotations

import html
import re

from computed_pages import suggest
from computed_pages.compute import finite_values
from computed_pages.errors import EngineError
from computed_pages.render import number_text
from computed_pages.state import ModuleRun


def quoted_value(run: ModuleRun, match: re.Match, where: str) -> str:
    """A computed number as the page shows it, HTML-escaped."""
    name, spec = match["name"], match["spec"] or ""
    if name not in run.values:
        known = ", ".join(sorted(run.values))
        raise EngineError(
            f"{where}: compute() of snippets/{run.name}.py gives no number "
            f"called '{name}'{suggest.did_you_mean(name, run.values)} (it gives: {known})"
        )
    finite_values.check_value(run.values[name], where, run.name, name)
    try:
        return html.escape(number_text.format_number(run.values[name], spec))  # < & "
    except ValueError as error:
        raise EngineError(f"{where}: format '{spec}' for {name}: {error}") from error


# ---------------------------------------------------------------- files to publish
