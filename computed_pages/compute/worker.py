"""Run one snippet module in a fresh process: compute, draw, save.

Protocol of a snippet module `snippets/<name>.py` (see CONTRIBUTING.md):
`compute()` returns a dataclass of results; each `plot_<what>(result)`
returns a matplotlib Figure. Scalars of the result are the numbers that
pages may quote.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import numbers
import sys
import traceback
import warnings
from pathlib import Path

# A warning while a snippet computes or draws (numpy's divide by zero, matplotlib's
# ignored argument) stops the build like an exception, as pytest's `filterwarnings =
# ["error"]` stops the tests: a NaN or inf on the way is a mistake, not a page. A module
# that expects a warning says so in code, around the line that warns:
#     with warnings.catch_warnings():
#         warnings.simplefilter("ignore", RuntimeWarning)  # why it is expected
WARNING_HINT = (
    "; a warning stops the build like an error: fix its cause, or, if it is expected, "
    "wrap that line in `with warnings.catch_warnings(): warnings.simplefilter('ignore', "
    "<Category>)` with a comment saying why"
)


def run(root: str, module: str, figure_names: list[str], out_dir: str) -> dict:
    """Return {"values": ..., "sizes": ...} or {"error": ...}; never raises."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return _run(Path(root), module, figure_names, Path(out_dir))
    except Exception as error:  # reported to the build, which stops with it
        return {"error": _describe(error, Path(root))}


def _run(root: Path, module_name: str, figure_names: list[str], out_dir: Path) -> dict:
    if str(root) not in sys.path:  # the snippets package of the project being built
        sys.path.insert(0, str(root))
    import matplotlib.pyplot as plt

    from computed_pages.compute import figure_theme
    from computed_pages.compute.figure_theme import THEMES, save_variants
    from computed_pages.compute.finite_values import check_figure
    from computed_pages.compute.slider_frames import draw, is_slider

    module = importlib.import_module(f"snippets.{module_name}")
    result = module.compute()
    values = _scalars(result)
    sizes = {}
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in figure_names:
        if is_slider(name):  # every position of a slider figure
            sizes[name] = draw(root, module, module_name, result, name, out_dir)
            continue
        for theme, style in THEMES.items():
            with plt.style.context(style):
                figure = getattr(module, name)(result)
                check_figure(figure, f"snippets/{module_name}.py", name)  # no NaN on a page
                sizes.update(save_variants(figure, out_dir, name, theme))
                plt.close(figure)
    (out_dir / "values.json").write_text(
        json.dumps({"values": values, "sizes": sizes}, sort_keys=True)
    )
    return {
        "values": values,
        "sizes": sizes,
        "phone_seconds": figure_theme.phone_seconds,
        "imported": _project_files(root),
    }


def _project_files(root: Path) -> list[str]:
    """The engine's and the snippets' files this process ran: the build checks that its
    cache key (compute/cache_key.py, found by reading imports) hashed every one."""
    bases = [Path(__file__).resolve().parents[1], (root / "snippets").resolve()]
    files = set()
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and any(base in Path(path).resolve().parents for base in bases):
            files.add(str(Path(path).resolve()))
    return sorted(files)


def _scalars(result) -> dict:
    """The numbers and strings a page may quote: the scalar fields of the result."""
    if not dataclasses.is_dataclass(result):
        raise TypeError(f"compute() must return a dataclass, got {type(result).__name__}")
    values = {}
    for field in dataclasses.fields(result):
        value = getattr(result, field.name)
        if isinstance(value, bool | str):
            values[field.name] = value
        elif isinstance(value, numbers.Integral):
            values[field.name] = int(value)
        elif isinstance(value, numbers.Real):
            values[field.name] = float(value)
    return values


def _describe(error: Exception, root: Path) -> dict:
    """Name the deepest frame inside the project, so the message points at the snippet line."""
    frames = traceback.extract_tb(error.__traceback__)
    snippets_dir = str(root / "snippets")
    inside = [f for f in frames if f.filename.startswith(snippets_dir)]
    if (
        isinstance(error, SyntaxError)
        and error.filename
        and error.filename.startswith(snippets_dir)
    ):
        file, line = error.filename, error.lineno
    elif inside:
        file, line = inside[-1].filename, inside[-1].lineno
    elif hasattr(error, "snippet_function"):  # found wrong after the function returned
        code = error.snippet_function.__code__
        file, line = code.co_filename, code.co_firstlineno
    else:
        file, line = None, None
    return {
        "file": str(Path(file).relative_to(root)) if file else None,
        "line": line,
        "message": f"{type(error).__name__}: {error}",
        "hint": WARNING_HINT if isinstance(error, Warning) else "",
        "traceback": "".join(traceback.format_exception(error)),
    }


if __name__ == "__main__":
    # Usage: python -m computed_pages.compute.worker ROOT MODULE OUT_DIR [FIGURE ...];
    # prints the outcome as JSON.
    from computed_pages.compute import orphans

    orphans.end_with_build()  # no orphan: this process group ends with the build
    root_arg, module_arg, out_arg, *figures = sys.argv[1:]
    print(json.dumps(run(root_arg, module_arg, figures, out_arg)))
