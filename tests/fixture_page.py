"""A copy of the project with the fixture page added (formulas and a wide table)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from computed_pages.plan.markdown_scan import (
    prose_lines,  # (the build's own reader: code stays code)
)
from tests.project_files import ROOT, copy_project

FIXTURE = ROOT / "tests" / "fixtures" / "math_and_wide_table.md"
PAGE = "fixture.md"  # where the copy holds it, in docs/
URL = "fixture/"
_CODE_SPAN = re.compile(r"(`+).+?\1")
_DISPLAY = re.compile(r"^[ \t]*\$\$\n.*?\n[ \t]*\$\$$", re.S | re.M)  # also in folded blocks
# Inline math may wrap onto the next line of its paragraph, as Markdown lets it.
_INLINE = re.compile(r"(?<![\\$])\$(?!\s)(?:[^$\n]|\n(?![ \t]*\n))+?(?<!\s)\$")


def formulas_in(markdown: str) -> int:
    """How many formulas a page writes: $$ blocks, then $…$ outside code (fences, spans)."""
    markdown = "\n".join(line for _, line, prose in prose_lines(markdown) if prose)
    displays = len(_DISPLAY.findall(markdown))
    rest = _CODE_SPAN.sub("", _DISPLAY.sub("", markdown))
    return displays + len(_INLINE.findall(rest))


def project_with_fixture(target: Path, page_text: str | None = None) -> Path:
    """The project copied to `target` (warm cache) with the fixture page, or `page_text`."""
    project = copy_project(target, with_cache=True)
    if page_text is None:
        shutil.copy2(FIXTURE, project / "docs" / PAGE)
    else:
        (project / "docs" / PAGE).write_text(page_text, encoding="utf-8")
    return project
