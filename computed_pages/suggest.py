"""'Did you mean ...?' for a mistyped name in a page: a close match, or nothing."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(wanted: str, known: Iterable[str]) -> str | None:
    """The known name most like `wanted`, if any is close enough to be a likely typo."""
    known = list(known)
    matches = difflib.get_close_matches(wanted, known, n=1, cutoff=0.6)
    if not matches:  # `paths` for `plot_paths`: the name without its prefix is still a match
        matches = [name for name in known if name.endswith(f"_{wanted}")][:1]
    return matches[0] if matches else None


def did_you_mean(wanted: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' to append to an error message, or '' when nothing is close."""
    match = closest(wanted, known)
    return f" (did you mean '{match}'?)" if match else ""
