"""MkDocs hook: keep code listings out of the search index.

Every page downloads the whole index on its first visit; code blocks are the
largest part of it and the prose around them already says what they do.
Material's search skips any element marked `data-search-exclude`.
"""

from __future__ import annotations

import re

_CODE_BLOCK = re.compile(r'<div class="language-[\w-]+ highlight"')


def on_page_content(html: str, page, config, files) -> str:
    return _CODE_BLOCK.sub(lambda m: m.group(0) + " data-search-exclude", html)
