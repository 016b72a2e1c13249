"""Bad input fails the build loudly, naming the file and line (on a throwaway copy)."""

from __future__ import annotations

import ast
import re

from tests.conftest import build_copy


def first_figure_page(project):
    for page in sorted((project / "docs").rglob("*.md")):
        match = re.search(r"\]\(figure:(\w+)\.", page.read_text())
        if match:
            return page, match.group(1)
    raise AssertionError("no page with a figure")


def test_a_snippet_that_raises_names_its_file_line_and_page(project_copy):
    page, module = first_figure_page(project_copy)
    source = project_copy / "snippets" / f"{module}.py"
    lines = source.read_text().splitlines()
    compute = next(
        n for n in ast.parse(source.read_text()).body if getattr(n, "name", "") == "compute"
    )
    first = compute.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):  # skip a docstring
        first = compute.body[1]
    line = first.lineno  # the broken statement goes here, pushing the old one down
    lines.insert(line - 1, " " * first.col_offset + "raise RuntimeError('deliberately broken')")
    source.write_text("\n".join(lines) + "\n")
    code, log = build_copy(project_copy)
    assert code != 0
    assert f"snippets/{module}.py:{line}:" in log, log
    assert "deliberately broken" in log
    assert f"computed snippets/{module}.py" not in log, (
        "a snippet that raised was reported computed"
    )
    assert f"docs/{page.relative_to(project_copy / 'docs').as_posix()}" in log, log


def test_a_snippet_with_a_syntax_error_names_its_line(project_copy):
    _, module = first_figure_page(project_copy)
    source = project_copy / "snippets" / f"{module}.py"
    source.write_text(source.read_text() + "\ndef broken(:\n")
    code, log = build_copy(project_copy)
    line = len(source.read_text().splitlines())
    assert code != 0 and f"snippets/{module}.py:{line}: SyntaxError" in log, log
    assert "Traceback" not in log, (
        "a contributor's syntax error must not look like a crash of the build"
    )


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


def test_an_undefined_glossary_term_names_page_and_line(project_copy):
    page = project_copy / "docs" / "hyperparameters.md"
    lines = page.read_text().splitlines()
    lines.append("")
    lines.append("A [[flux capacitor]] is not in the glossary.")
    page.write_text("\n".join(lines) + "\n")
    code, log = build_copy(project_copy)
    assert code != 0
    assert f"docs/hyperparameters.md:{len(lines)}" in log and "flux capacitor" in log, log


def test_a_figure_without_alt_text_fails(project_copy):
    page = project_copy / "docs" / "model-parameters.md"
    page.write_text(page.read_text() + "\n![](figure:regression.plot_fit)\n")
    code, log = build_copy(project_copy)
    assert code != 0 and "alt text" in log and "docs/model-parameters.md" in log, log


def test_an_unknown_number_names_page_and_line(project_copy):
    page = project_copy / "docs" / "model-parameters.md"
    text = page.read_text() + "\nThe answer is {{ regression.no_such_number:.2f }}.\n"
    page.write_text(text)
    code, log = build_copy(project_copy)
    line = text.splitlines().index("The answer is {{ regression.no_such_number:.2f }}.") + 1
    assert code != 0 and f"docs/model-parameters.md:{line}" in log and "no_such_number" in log, log


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
