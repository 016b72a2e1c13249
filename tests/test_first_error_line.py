"""The first ERROR line a contributor sees carries the file, the line and what is wrong.

MkDocs prints an empty "Error reading page 'x.md':" before the message of an error
raised while a page is rendered; hooks/build_log.py folds it into the next line.
Built on a tiny project (tests/engine_project.py), not a copy of the site.
"""

from __future__ import annotations

import logging
from pathlib import Path

from hooks.build_log import FoldEmptyPageError
from tests.conftest import mkdocs
from tests.engine_project import make_mkdocs_project


def first_error(log: str) -> str:
    return next(line for line in log.splitlines() if line.startswith("ERROR"))


def test_a_page_that_fails_while_rendered_names_file_and_line_first(tmp_path):
    page = "# Tiny\n\nA formula: $\\frac{1}{2$.\n"
    project = make_mkdocs_project(tmp_path, {"index.md": page}, {})
    done = mkdocs("build", "--strict", cwd=project)
    assert done.returncode != 0
    assert first_error(done.stdout + done.stderr) == (
        "ERROR   -  docs/index.md:3: cannot typeset the formula $\\frac{1}{2$: unbalanced braces { }"
    ), done.stderr


def record(message: str) -> logging.LogRecord:
    return logging.LogRecord("mkdocs.commands.build", logging.ERROR, "", 0, message, (), None)


def test_another_plugin_s_error_gets_the_page_it_was_reading():
    fold = FoldEmptyPageError(Path("docs"))
    assert not fold.filter(record("Error reading page 'x.md':"))
    message = record("some plugin failed")
    assert fold.filter(message) and message.getMessage() == "docs/x.md: some plugin failed"
    already = record("a message without a page")  # nothing held back: left as it is
    assert fold.filter(already) and already.getMessage() == "a message without a page"
    with_text = record("Error reading page 'x.md': KeyError: 'y'")  # not empty: kept
    assert fold.filter(with_text)


def test_a_missing_include_names_the_line_of_its_include(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "x.md").write_text('# X\n\n```python\n--8<-- "snippets/a.py:trian"\n```\n')
    fold = FoldEmptyPageError(tmp_path / "docs")
    message = record("Error reading page 'x.md': Snippet section 'trian' could not be located")
    assert fold.filter(message)
    assert message.getMessage() == "docs/x.md:4: Snippet section 'trian' could not be located"
