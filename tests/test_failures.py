"""Bad input fails the build loudly, naming the file and line (on a throwaway copy).

Only failures that need MkDocs are built here: a missing include (pymdownx.snippets), a
broken link (MkDocs' validation), a failing notebook cell (mkdocs-jupyter). The engine's
own failures (a snippet that raises, a syntax error, a figure without alt text, an unknown
number or glossary term) are tested on its stages: tests/test_every_failure.py, which
also builds once to show that the build reports them all together.
"""

from __future__ import annotations

import re

from tests.conftest import build_copy


def first_figure_page(project):
    for page in sorted((project / "docs").rglob("*.md")):
        match = re.search(r"\]\(figure:(\w+)\.", page.read_text())
        if match:
            return page, match.group(1)
    raise AssertionError("no page with a figure")


def test_a_missing_include_section_fails(project_copy):
    page = project_copy / "docs" / "model-parameters.md"
    page.write_text(
        page.read_text()
        + '\n```python title="x"\n--8<-- "snippets/regression.py:no_such_section"\n```\n'
    )
    code, log = build_copy(project_copy)
    assert code != 0 and "no_such_section" in log, log


def test_a_missing_include_file_fails(project_copy):
    page = project_copy / "docs" / "model-parameters.md"
    page.write_text(
        page.read_text() + '\n```python title="x"\n--8<-- "snippets/no_such_file.py"\n```\n'
    )
    code, log = build_copy(project_copy)
    assert code != 0 and "no_such_file.py" in log, log


def test_a_broken_internal_link_fails(project_copy):
    page = project_copy / "docs" / "model-parameters.md"
    page.write_text(page.read_text() + "\nSee [nowhere](no-such-page.md).\n")
    code, log = build_copy(project_copy)
    assert code != 0 and "no-such-page.md" in log and "model-parameters.md" in log, log


def test_a_failing_notebook_cell_fails_the_build(project_copy):
    builder = project_copy / "computed_pages" / "render" / "notebook_builder.py"
    text = builder.read_text()
    anchor = "    notebook = nbformat.v4.new_notebook(cells=cells)"
    assert anchor in text
    failing = (
        "    cells.append(nbformat.v4.new_code_cell(\"raise RuntimeError('a failing cell')\"))\n"
    )
    builder.write_text(text.replace(anchor, failing + anchor))
    code, log = build_copy(project_copy)
    assert code != 0 and "a failing cell" in log, log
