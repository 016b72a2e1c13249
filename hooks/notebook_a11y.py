"""MkDocs hook: accessible markup for the pages mkdocs-jupyter renders.

Two repairs of its HTML, for any notebook page:

- Code and text output (<pre>) scroll sideways but cannot take keyboard
  focus, so a keyboard user cannot scroll them (axe:
  scrollable-region-focusable). They get tabindex="0", as Material's own
  code blocks have.
- Its table of contents is made from a Markdown rendering of the notebook,
  whose heading ids differ from the ids in the page (a heading in `code`
  even becomes an empty, dead link). The contents are rebuilt from the
  headings actually in the page.
"""

from __future__ import annotations

import html
import re

from mkdocs.structure.toc import get_toc

PRE = re.compile(r"<pre(?P<attributes>\s[^>]*)?>")
HEADING = re.compile(
    r'<h(?P<level>[1-6]) id="(?P<id>[^"]+)"[^>]*>(?P<inner>.*?)</h(?P=level)>', re.S
)
ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)


def on_page_content(content: str, page, config, files) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return content
    content = PRE.sub(_focusable, content)
    page.toc = get_toc(_nest(list(_headings(content))))
    return content


def _focusable(match: re.Match) -> str:
    attributes = match["attributes"] or ""
    if "tabindex=" in attributes:
        return match.group(0)
    return f'<pre{attributes} tabindex="0">'


def _headings(content: str):
    for match in HEADING.finditer(content):
        text = re.sub(r"<[^>]+>", "", ANCHOR_LINK.sub("", match["inner"]))
        yield {
            "level": int(match["level"]),
            "id": match["id"],
            "name": html.escape(" ".join(html.unescape(text).split())),
            "children": [],
        }


def _nest(flat: list[dict]) -> list[dict]:
    """Flat headings into the tree MkDocs' table of contents expects."""
    root: list[dict] = []
    stack: list[dict] = []
    for token in flat:
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root
