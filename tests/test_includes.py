"""Every include resolves to a file and section, and every snippet module is used by a page."""

from __future__ import annotations

import re

import pytest

from computed_pages.plan import snippet_sources  # (the build's own reading of sibling imports)
from tests.markdown_pages import FIGURE, ROOT, VALUE, find_in_prose, includes, pages

SNIPPET_MODULES = sorted(p.stem for p in (ROOT / "snippets").glob("*.py") if p.stem != "__init__")


def sections(path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    starts = set(re.findall(r"^# --8<-- \[start:([\w-]+)\]\s*$", text, re.M))
    ends = set(re.findall(r"^# --8<-- \[end:([\w-]+)\]\s*$", text, re.M))
    assert starts == ends, f"{path.name}: unbalanced sections {starts ^ ends}"
    return starts


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_includes_resolve(page):
    for line, path, section in includes(page):
        target = ROOT / path
        where = f"{page.relative_to(ROOT)}:{line}"
        assert target.is_file(), f"{where}: no file {path}"
        if section:
            assert section in sections(target), f"{where}: {path} has no section '{section}'"


@pytest.mark.parametrize("module", SNIPPET_MODULES)
def test_every_snippet_module_is_used_by_a_page(module):
    used = set()
    for page in pages():
        text = page.read_text(encoding="utf-8")
        used |= {m["module"] for _, m in find_in_prose(text, FIGURE)}
        used |= {m["module"] for _, m in find_in_prose(text, VALUE)}
        used |= {p.split("/")[-1].removesuffix(".py") for _, p, _ in includes(page)}
    # A helper module (e.g. slider_positions) counts through the modules that import it.
    used |= {d for m in list(used) for d in snippet_sources.with_dependencies(ROOT, m)}
    assert module in used, f"snippets/{module}.py is not used by any page"
