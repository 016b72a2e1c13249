"""What a page asks of the snippet modules: typed requests read from its Markdown.

In a page:
    ![What the figure shows](figure:regression.plot_fit "Optional caption")
    The fitted slope is {{ regression.slope:.3f }}.

A figure may carry a `{slider=...}` block (plan/slider_requests.py). These two
patterns are the only definition of the syntax: the build, the stage command
and the tests all read pages with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from computed_pages.plan import markdown_scan
from computed_pages.plan.slider_requests import ATTRIBUTES

FIGURE = re.compile(
    r'!\[(?P<alt>[^\]]*)\]\(figure:(?P<module>\w+)\.(?P<func>\w+)(?:\s+"(?P<caption>[^"]*)")?\)'
    + ATTRIBUTES  # {slider=...}: one figure per value (plan/slider_requests.py)
)
VALUE = re.compile(r"\{\{\s*(?P<module>\w+)\.(?P<name>\w+)(?::(?P<spec>[^}\s]*))?\s*\}\}")


@dataclass(frozen=True)
class SourcePage:
    """One Markdown page as the generator found it."""

    src_uri: str  # "learning-rate.md", relative to the docs folder
    markdown: str
    url: str  # its URL in the built site ("learning-rate/"): figure links are relative to it
    # Links in the HTML written into the page are relative to `url`, as MkDocs leaves raw
    # HTML alone. A generator that rewrites them as it rewrites Markdown links (relative to
    # the source file: Zensical) gets them relative to this instead, e.g. "learning-rate.md".
    links_from: str | None = None

    @property
    def link_base(self) -> str:
        return self.url if self.links_from is None else self.links_from


def uses(markdown: str) -> list[tuple[int, re.Match[str]]]:
    """Every figure and value reference in prose, in page order (line, then column)."""
    return sorted(
        [
            *markdown_scan.find_in_prose(markdown, FIGURE),
            *markdown_scan.find_in_prose(markdown, VALUE),
        ],
        key=lambda use: (use[0], use[1].start()),
    )


def page_title(markdown: str, fallback: str) -> str:
    for _, line, is_prose in markdown_scan.prose_lines(markdown):
        if is_prose and line.startswith("# "):
            return line[2:].strip()
    return fallback
