"""Build a page's companion notebook from the snippet modules it uses."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import nbformat


@dataclass(frozen=True)
class NotebookPart:
    """One snippet module's share of a page: its code and what the page shows of it."""

    module: str
    code: str  # the module itself, without its imports of sibling snippet modules
    figures: list[str]
    values: list[str]
    extra_cells: list[tuple[str, str]] = ()  # ("markdown" or "code", source), e.g. sliders
    # (name, code) of each snippet module it imports, dependencies first: they run before it.
    dependencies: tuple[tuple[str, str], ...] = ()
    captions: dict[str, str] = field(default_factory=dict)  # figure -> its page's caption


def build_notebook(page_title: str, page_url: str, parts: list[NotebookPart]) -> str:
    """Return the notebook as JSON text, with stable cell ids so builds are reproducible."""
    cells = [
        nbformat.v4.new_markdown_cell(
            f"# {page_title}: the code\n\n"
            f"This notebook recomputes every figure and number of the page "
            f"[{page_title}]({page_url}). It was generated from the same source files as the "
            "page and needs only `numpy` and `matplotlib`. Run all cells from the top."
        ),
        nbformat.v4.new_code_cell(
            "%matplotlib inline\n"
            "# Vector figures: sharp at any zoom, and small.\n"
            '%config InlineBackend.figure_formats = ["svg"]\n'
            "import matplotlib.pyplot as plt\n\n"
            "# 12 pt text: legible where the notebook page shows a figure at its natural size.\n"
            'plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "notebook", "font.size": 12})'
        ),
    ]
    for part in parts:
        cells.append(nbformat.v4.new_markdown_cell(f"## `snippets/{part.module}.py`"))
        # Each imported module under its own label, so no module's docstring opens
        # another module's section.
        for name, code in part.dependencies:
            cells.append(
                nbformat.v4.new_markdown_cell(f"`{part.module}.py` imports `snippets/{name}.py`:")
            )
            cells.append(nbformat.v4.new_code_cell(code.rstrip("\n")))
        if part.dependencies:
            cells.append(nbformat.v4.new_markdown_cell(f"Then `snippets/{part.module}.py` itself:"))
        cells.append(nbformat.v4.new_code_cell(part.code.rstrip("\n")))
        result = f"result_{part.module}"
        cells.append(nbformat.v4.new_code_cell(f"{result} = compute()"))
        if part.values:
            listing = ", ".join(repr(v) for v in part.values)
            cells.append(nbformat.v4.new_markdown_cell("The numbers quoted on the page:"))
            cells.append(
                nbformat.v4.new_code_cell(
                    f"for name in [{listing}]:\n    print(name, '=', getattr({result}, name))"
                )
            )
        for figure in part.figures:
            # The page's caption as a comment: the notebook page also makes it the alt text.
            text = part.captions.get(figure)
            said = f"The page's caption: {text}" if text else ""
            comment = "".join(
                f"# {line}\n" for line in textwrap.wrap(said, 86, break_on_hyphens=False)
            )
            cells.append(nbformat.v4.new_code_cell(f"{comment}{figure}({result});"))
        for kind, source in part.extra_cells:
            new_cell = (
                nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
            )
            cells.append(new_cell(source))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata.update(
        {
            "kernelspec": {
                "name": "python3",
                "display_name": "Python 3",
                "language": "python",
            },
            "language_info": {"name": "python"},
        }
    )
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number:02d}"
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"
