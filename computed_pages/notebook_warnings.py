"""A warning in a notebook the build runs stops the build, as it does in the snippet worker.

The kernel is another process, so the rule travels in its environment: PYTHONWARNINGS
with `error:::__main__` turns a warning raised by the notebook's own code (numpy's divide
by zero, matplotlib's ignored argument: both are attributed to the cell that called them,
whose module is `__main__`) into an exception, which fails the cell and so the build
(`allow_errors: false`). Warnings of the kernel's own machinery (ipykernel's modules)
stay warnings: they are not the project's. A notebook that expects a warning says so in
code, as a snippet module does (`warnings.catch_warnings()`).
"""

from __future__ import annotations

import os

NOTEBOOK_CODE_WARNINGS = "error:::__main__"


def make_notebook_warnings_errors() -> None:
    """Set the rule for every kernel this process starts from now on (kept if already set)."""
    rules = [r for r in os.environ.get("PYTHONWARNINGS", "").split(",") if r]
    if NOTEBOOK_CODE_WARNINGS not in rules:  # last: the last matching rule wins
        os.environ["PYTHONWARNINGS"] = ",".join([*rules, NOTEBOOK_CODE_WARNINGS])
