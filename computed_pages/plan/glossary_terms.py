"""Every `[[term]]` of a page checked against the glossary before anything is rendered."""

from __future__ import annotations

from collections.abc import Iterator

from computed_pages.plan import markdown_scan
from computed_pages.render.glossary import TERM, Glossary, unknown_term


def unknown_terms(glossary: Glossary, markdown: str) -> Iterator[tuple[int, str]]:
    """(line, message) for each term the glossary lacks."""
    for line, match in markdown_scan.find_in_prose(markdown, TERM):
        wanted = match["term"] or match["text"]
        if glossary.lookup(wanted) is None:
            yield line, unknown_term(glossary, wanted)
