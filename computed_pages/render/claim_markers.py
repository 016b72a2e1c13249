"""Claim markers are for the tests, not for readers.

A page marks a sentence about a computed result with
`<!-- claim: test_module.py::test_claim_name -->`, naming the test that backs it
(tests/claims.py reads the markers). This hook removes the markers before the
Markdown is rendered, so no test name reaches the HTML.
"""

from __future__ import annotations

import re

from computed_pages.plan import markdown_scan

MARKER = re.compile(r"<!--\s*claim:\s*(?P<module>test_\w+\.py)::(?P<check>test_claim_\w+)\s*-->")
ANY_MARKER = re.compile(r"[ \t]*<!--\s*claim\b.*?-->")


def remove_markers(markdown: str) -> str:
    return markdown_scan.substitute_in_prose(markdown, ANY_MARKER, lambda match, line: "")
