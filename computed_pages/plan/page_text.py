"""Read a page's structure: its opening block and the words of its main text.

Every page opens, right after its H1, with

    !!! abstract "What you will learn"

        - two to four outcomes

        **You need:** what it assumes, with links.
        **Reading time:** <!-- reading-time -->

The reading-time hook fills in the marker and the structure tests check the
block; both read it here, so they cannot disagree about what a page says.
Pure text in, dataclasses out: no MkDocs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from computed_pages.plan.markdown_scan import prose_lines

OPENING_TITLE = "What you will learn"
OPENING_HEAD = re.compile(r'^!!!\s+abstract\s+"What you will learn"\s*$')
READING_MARKER = "<!-- reading-time -->"
YOU_NEED = "**You need:**"
READING_TIME = "**Reading time:**"
# Silent reading of expository text runs at about 240 words a minute (Brysbaert 2019); 150
# is a learner's pace, with time to study the figures, sliders and formulas between the words
# (review 12 found 200 too fast for the longest pages).
WORDS_PER_MINUTE = 150

_H1 = re.compile(r"^# \S")
_FOLDED = re.compile(r"^(?P<indent>\s*)\?\?\?\+?\s")
_COMMENT = re.compile(r"<!--.*?-->")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_GLOSSARY = re.compile(r"\[\[([^\]|\\]*)(?:\\?\|[^\]]*)?\]\]")  # [[shown|term]]: the shown words
_VALUE = re.compile(r"\{\{[^}]*\}\}")
# After the glossary step a term is a link plus a hidden tooltip: the tooltip is not read.
_TOOLTIP = re.compile(r'<span class="gl-tip"[^>]*>.*?</span>')
_TAG = re.compile(r"<[^>]+>")
_ATTRIBUTES = re.compile(r"\{[:#.][^}]*\}|\{ *#[^}]*\}")
_WORD = re.compile(r"[^\W_][\w'’.,%-]*")


@dataclass(frozen=True)
class OpeningBlock:
    first_line: int  # the `!!! abstract` line, from 1
    last_line: int  # the last indented line of the block
    bullets: tuple[str, ...]
    you_need: str  # the text after "You need:", "" if the label is missing
    has_reading_time_label: bool
    marker_lines: tuple[int, ...]  # lines of the block holding the reading-time marker


@dataclass(frozen=True)
class PageOutline:
    title: str | None  # the H1's text
    title_line: int | None
    opening: OpeningBlock | None  # the block, wherever it sits
    opening_follows_title: bool  # nothing but blank lines between the H1 and the block
    markers_outside: tuple[int, ...]  # reading-time markers anywhere else


def _indented_block_end(lines: list[str], head: int) -> int:
    """Index of the last line of the indented body under lines[head] (blank lines inside allowed)."""
    end = head
    for index in range(head + 1, len(lines)):
        if not lines[index].strip():
            continue
        if lines[index].startswith((" ", "\t")):
            end = index
        else:
            break
    return end


def outline(markdown: str) -> PageOutline:
    lines = markdown.split("\n")
    prose = {number for number, _, is_prose in prose_lines(markdown) if is_prose}
    title_index = next(
        (i for i, line in enumerate(lines) if i + 1 in prose and _H1.match(line)), None
    )
    head = next((i for i, line in enumerate(lines) if OPENING_HEAD.match(line)), None)
    opening = None
    if head is not None:
        end = _indented_block_end(lines, head)
        body = [line.strip() for line in lines[head + 1 : end + 1]]
        bullets = tuple(line[2:].strip() for line in body if line.startswith(("- ", "* ")))
        you_need = next(
            (line[len(YOU_NEED) :].strip() for line in body if line.startswith(YOU_NEED)), ""
        )
        opening = OpeningBlock(
            first_line=head + 1,
            last_line=end + 1,
            bullets=bullets,
            you_need=you_need,
            has_reading_time_label=any(line.startswith(READING_TIME) for line in body),
            marker_lines=tuple(
                i + 1 for i in range(head + 1, end + 1) if READING_MARKER in lines[i]
            ),
        )
    inside = set(opening.marker_lines) if opening else set()
    outside = tuple(
        i + 1 for i, line in enumerate(lines) if READING_MARKER in line and i + 1 not in inside
    )
    follows = (
        title_index is not None
        and head is not None
        and head > title_index
        and not any(line.strip() for line in lines[title_index + 1 : head])
    )
    return PageOutline(
        title=lines[title_index][2:].strip() if title_index is not None else None,
        title_line=title_index + 1 if title_index is not None else None,
        opening=opening,
        opening_follows_title=follows,
        markers_outside=outside,
    )


def main_text(markdown: str) -> str:
    """The prose a reader reads on the main line: no code, no folded `???` block, no opening
    block, no figure markup or link targets, no HTML comments, tags or glossary tooltips.
    Works on the Markdown as written and as the other hooks leave it."""
    lines = markdown.split("\n")
    skip: set[int] = set()
    page = outline(markdown)
    if page.opening:
        skip.update(range(page.opening.first_line, page.opening.last_line + 1))
    for index, line in enumerate(lines):
        if _FOLDED.match(line):
            indent = len(line) - len(line.lstrip())
            end = index
            for after in range(index + 1, len(lines)):
                text = lines[after]
                if not text.strip():
                    continue
                if len(text) - len(text.lstrip()) > indent:
                    end = after
                else:
                    break
            skip.update(range(index + 1, end + 2))
    kept = [
        line
        for number, line, is_prose in prose_lines(markdown)
        if is_prose and number not in skip and not line.lstrip().startswith("--8<--")
    ]
    text = _COMMENT.sub(" ", "\n".join(kept))
    text = _TAG.sub(" ", _TOOLTIP.sub(" ", text))
    text = _IMAGE.sub(" ", text)
    text = _LINK_TARGET.sub("]", text)
    text = _GLOSSARY.sub(r"\1", text)
    text = _VALUE.sub(" 0 ", text)  # a computed number reads as one word
    return _ATTRIBUTES.sub(" ", text)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def reading_minutes(words: int) -> int:
    """Whole minutes at WORDS_PER_MINUTE, rounded up, at least 1."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
