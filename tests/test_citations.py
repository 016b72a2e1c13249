"""Citations resolve both ways: every reference is cited, every citation has its reference."""

from __future__ import annotations

import re

from tests.markdown_pages import DOCS, find_in_prose

REFERENCES = DOCS / "references.md"
ENTRY = re.compile(r"^#{2,4} .*\{ *#(?P<anchor>[\w-]+) *\}\s*$", re.MULTILINE)
# A paragraph's own anchor (an attribute list on the line after it): a place on the page a
# citation may point at, not a work that must be cited.
PARAGRAPH_ANCHOR = re.compile(r"^\{ *#(?P<anchor>[\w-]+) *\}\s*$", re.MULTILINE)
CITATION = re.compile(r"\]\((?:\.\./)*references\.md#(?P<anchor>[\w-]+)\)")
SOURCES = [*sorted(DOCS.rglob("*.md")), DOCS / "_data" / "glossary.yml"]


def entries() -> set[str]:
    return {m["anchor"] for m in ENTRY.finditer(REFERENCES.read_text(encoding="utf-8"))}


def citations() -> list[tuple[str, int, str]]:
    """(file, line, anchor) of every link to an entry of the References page."""
    found = []
    for path in SOURCES:
        if path == REFERENCES:
            continue
        for line, match in find_in_prose(path.read_text(encoding="utf-8"), CITATION):
            found.append((path.relative_to(DOCS.parent).as_posix(), line, match["anchor"]))
    return found


def test_the_references_page_has_entries():
    assert len(entries()) > 10


def paragraph_anchors() -> set[str]:
    return {m["anchor"] for m in PARAGRAPH_ANCHOR.finditer(REFERENCES.read_text(encoding="utf-8"))}


def test_every_citation_resolves_to_an_entry():
    known = entries() | paragraph_anchors()
    broken = [
        f"{file}:{line}: references.md#{a}" for file, line, a in citations() if a not in known
    ]
    assert not broken, "citations of works missing from the References page:\n" + "\n".join(broken)


def test_every_work_on_the_references_page_is_cited():
    cited = {anchor for _, _, anchor in citations()}
    uncited = sorted(entries() - cited)
    assert not uncited, (
        f"{REFERENCES.relative_to(DOCS.parent)}: no page cites {uncited}; cite each one where "
        "the site relies on it, or remove it"
    )
