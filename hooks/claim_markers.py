"""MkDocs hook: claim markers are for the tests, not for readers.

A page marks a sentence about a computed result with
`<!-- claim: test_module.py::test_claim_name -->`, naming the test that backs it
(tests/claims.py reads the markers). This hook removes the markers before the
Markdown is rendered, so no test name reaches the HTML.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import markdown_scan  # noqa: E402

MARKER = re.compile(r"<!--\s*claim:\s*(?P<module>test_\w+\.py)::(?P<check>test_claim_\w+)\s*-->")
ANY_MARKER = re.compile(r"[ \t]*<!--\s*claim\b.*?-->")


def on_page_markdown(markdown: str, page, config, files) -> str:
    if not page.file.src_uri.endswith(".md"):
        return markdown
    return markdown_scan.substitute_in_prose(markdown, ANY_MARKER, lambda match, line: "")
