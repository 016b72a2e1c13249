"""The opening block's `<!-- reading-time -->` becomes "about N minutes".

N comes from the words of the page's main text (computed_pages/plan/page_text.py: prose outside code,
folded "Deeper" blocks and the opening block itself), so it follows every edit instead of
being typed. It runs after the glossary step (render/page.py), so the glossary page's generated entries
count and glossary tooltips (hidden text) do not. A page whose opening block lacks the marker, or that has a marker anywhere
else, fails the build with file and line: a reading time that is missing or in the wrong
place would otherwise go unnoticed. A page with no opening block at all is left alone
here; tests/test_page_structure.py reports it.
"""

from __future__ import annotations

from computed_pages.errors import EngineError
from computed_pages.plan import page_text


def fill_reading_time(markdown: str, where: str) -> str:
    page = page_text.outline(markdown)
    if page.markers_outside:
        lines = ", ".join(str(n) for n in page.markers_outside)
        raise EngineError(
            f"{where}:{page.markers_outside[0]}: {page_text.READING_MARKER} outside the opening "
            f'block (line {lines}); it belongs after "{page_text.READING_TIME}" in the '
            f'`!!! abstract "{page_text.OPENING_TITLE}"` block right after the H1'
        )
    if page.opening is None:
        return markdown
    if not page.opening.marker_lines:
        raise EngineError(
            f"{where}:{page.opening.first_line}: the opening block lacks "
            f'"{page_text.READING_TIME} {page_text.READING_MARKER}"'
        )
    minutes = page_text.reading_minutes(page_text.word_count(page_text.main_text(markdown)))
    lines = markdown.split("\n")
    for number in page.opening.marker_lines:
        lines[number - 1] = lines[number - 1].replace(
            page_text.READING_MARKER, f"about {minutes} minute{'s' if minutes != 1 else ''}"
        )
        # "You need" and "Reading time" are two lines of one paragraph: a hard break keeps
        # them on two lines on the page.
        above = number - 2
        if above >= 0 and lines[above].strip() and not lines[above].endswith("  "):
            lines[above] = lines[above].rstrip() + "  "
    return "\n".join(lines)
