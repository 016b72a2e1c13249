"""Read the pages' Markdown the way the tests need: fences, includes, references."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from computed_pages.plan.markdown_scan import find_in_prose  # the build's reader: code stays code
from computed_pages.plan.requests import VALUE  # the build's own pattern of a quoted value

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["VALUE", "find_in_prose"]
DOCS = ROOT / "docs"
FENCE = re.compile(r"^(?P<indent>\s*)(?P<marks>`{3,}|~{3,})\s*(?P<info>.*)$")
INCLUDE = re.compile(r'^\s*--8<--\s+"(?P<path>[^":]+)(?::(?P<section>[\w-]+))?"\s*$')
FIGURE = re.compile(r"\]\(figure:(?P<module>\w+)\.(?P<func>\w+)")


@dataclass
class Fence:
    page: Path
    line: int  # of the opening fence, from 1
    info: str
    body: list[str]
    marker_before: str  # the nearest non-blank line above, e.g. "<!--pytest.mark.skip-->"

    @property
    def where(self) -> str:
        page = self.page.relative_to(ROOT) if self.page.is_relative_to(ROOT) else self.page.name
        return f"{page}:{self.line}"


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def fences(page: Path) -> list[Fence]:
    lines = page.read_text(encoding="utf-8").splitlines()
    found, open_fence = [], None
    for number, line in enumerate(lines, start=1):
        match = FENCE.match(line)
        if open_fence is None and match:
            above = next(
                (lines[i].strip() for i in range(number - 2, -1, -1) if lines[i].strip()), ""
            )
            open_fence = Fence(page, number, match["info"].strip(), [], above)
            closing = match["marks"]
        elif open_fence is not None:
            if (
                line.strip()
                and set(line.strip()) == {closing[0]}
                and len(line.strip()) >= len(closing)
            ):
                found.append(open_fence)
                open_fence = None
            else:
                open_fence.body.append(line)
    return found


def includes(page: Path) -> list[tuple[int, str, str | None]]:
    """(line, path, section) of every snippet include on a page."""
    result = []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        match = INCLUDE.match(line)
        if match:
            result.append((number, match["path"], match["section"]))
    return result
