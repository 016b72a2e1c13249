"""The glossary's intro names the entries no page links to; this keeps that list true.

Cheap on purpose: it reads docs/*.md and docs/_data/glossary.yml, no build.
"""

from __future__ import annotations

import re
from pathlib import Path

from computed_pages.render.glossary import GLOSSARY_PAGE, TERM, Glossary

DOCS = Path(__file__).resolve().parent.parent / "docs"
# The intro's sentence: "... no page but this glossary links to them: A, B, ... and Z."
NAMED = re.compile(r"no page but this glossary links to them:\s*(?P<names>[^.]+)\.")


def named_in_intro() -> set[str]:
    text = " ".join((DOCS / GLOSSARY_PAGE).read_text(encoding="utf-8").split())
    match = NAMED.search(text)
    assert match, f"{GLOSSARY_PAGE}: the intro no longer names the unlinked entries"
    return {name.strip() for name in re.split(r",\s*|\s+and\s+", match["names"]) if name.strip()}


def unlinked_entries() -> set[str]:
    glossary = Glossary.read(DOCS)
    linked = set()
    for page in DOCS.rglob("*.md"):
        for match in TERM.finditer(page.read_text(encoding="utf-8")):
            entry = glossary.lookup(match["term"] or match["text"])
            if entry is not None:
                linked.add(entry.term)
    return {entry.term for entry in glossary.by_spelling.values()} - linked


def test_the_glossary_intro_names_exactly_the_entries_no_page_links_to():
    named, computed = named_in_intro(), unlinked_entries()
    assert named == computed, (
        f"glossary intro names {sorted(named - computed)} that a page now links to, "
        f"and omits {sorted(computed - named)} that no page links to"
    )
