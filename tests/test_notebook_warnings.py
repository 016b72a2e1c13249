"""A warning raised by a notebook's code fails its cell, as it fails the snippet worker and
pytest; the kernel's own warnings do not (computed_pages/notebook_warnings.py)."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from computed_pages import kernel_transport
from computed_pages.notebook_warnings import NOTEBOOK_CODE_WARNINGS, make_notebook_warnings_errors

WARNS = "import numpy as np\nnp.float64(1.0) / 0"
EXPECTED = (
    "import warnings\nimport numpy as np\nwith warnings.catch_warnings():\n"
    "    warnings.simplefilter('ignore', RuntimeWarning)  # expected here\n"
    "    np.float64(1.0) / 0"
)


def run(tmp_path, *cells: str) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(
        notebook,
        kernel_manager_class=kernel_transport.ipc_kernel_manager_class(),
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()


def test_a_warning_in_a_cell_fails_it_and_an_expected_one_does_not(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONWARNINGS", "default")  # what a contributor's shell may hold
    make_notebook_warnings_errors()
    make_notebook_warnings_errors()  # once is enough
    assert os.environ["PYTHONWARNINGS"] == f"default,{NOTEBOOK_CODE_WARNINGS}"
    run(tmp_path, EXPECTED)  # the kernel starts and stops without its own warnings failing it
    with pytest.raises(CellExecutionError, match="RuntimeWarning.*divide by zero encountered"):
        run(tmp_path, WARNS)
