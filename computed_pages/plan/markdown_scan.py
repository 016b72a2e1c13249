"""Find and replace inline markup in Markdown prose, never inside code.

The hooks add three kinds of inline markup (computed values, figures and
glossary terms). Code fences and inline code must stay literal, so every
substitution goes through `substitute_in_prose`, which skips them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")


def prose_lines(markdown: str) -> Iterator[tuple[int, str, bool]]:
    """Yield (line number from 1, line, is_prose) for every line."""
    fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        match = _FENCE_OPEN.match(line)
        if fence is None and match:
            fence = match.group("fence")
            yield number, line, False
        elif fence is not None:
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
            yield number, line, False
        else:
            yield number, line, True


def _split_inline_code(line: str) -> list[tuple[str, bool]]:
    """Split a line into (text, is_prose) pieces around inline code spans."""
    pieces, start = [], 0
    for match in _INLINE_CODE.finditer(line):
        pieces.append((line[start : match.start()], True))
        pieces.append((match.group(0), False))
        start = match.end()
    pieces.append((line[start:], True))
    return pieces


def find_in_prose(markdown: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, re.Match[str]]]:
    """Yield (line number, match) for every match of `pattern` in prose."""
    for number, line, is_prose in prose_lines(markdown):
        if not is_prose:
            continue
        for piece, piece_is_prose in _split_inline_code(line):
            if piece_is_prose:
                for match in pattern.finditer(piece):
                    yield number, match


def substitute_in_prose(
    markdown: str,
    pattern: re.Pattern[str],
    replace: Callable[[re.Match[str], int], str],
) -> str:
    """Replace matches of `pattern` outside code; `replace` gets the match and its line number."""
    out = []
    for number, line, is_prose in prose_lines(markdown):
        if is_prose:
            line = "".join(
                pattern.sub(lambda m, n=number: replace(m, n), piece) if piece_is_prose else piece
                for piece, piece_is_prose in _split_inline_code(line)
            )
        out.append(line)
    return "\n".join(out)
