"""Text from data files and snippets, inserted into Markdown so that it reads as written.

`<`, `>` and `&` in a glossary definition or a snippet's string are text, not
markup: escaped outside code spans (Markdown shows code spans literally and
escapes them itself, so escaping there would show `&lt;`).
"""

from __future__ import annotations

import html
import re

_CODE_SPAN = re.compile(r"(`+).+?\1")


def escape_markdown_text(markdown: str) -> str:
    """Escape HTML's special characters in `markdown`, leaving code spans as they are."""
    out, start = [], 0
    for match in _CODE_SPAN.finditer(markdown):
        out += [html.escape(markdown[start : match.start()], quote=False), match.group(0)]
        start = match.end()
    out.append(html.escape(markdown[start:], quote=False))
    return "".join(out)
