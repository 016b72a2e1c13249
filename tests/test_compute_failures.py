"""A test that could not run because compute() failed says that, instead of calling its claim
false (tests/claims.py): N checks of one broken module give one traceback and N-1 lines."""

from __future__ import annotations

import importlib.util

import pytest

from tests import claims

WARNS = "import numpy as np\n\n\ndef compute():\n    return np.float64(1.0) / 0\n"


def test_a_failed_compute_is_named_with_its_module_and_line(tmp_path, monkeypatch):
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    (snippets / "warns.py").write_text(WARNS)
    monkeypatch.setattr(claims, "SNIPPETS", snippets)
    spec = importlib.util.spec_from_file_location("warns_probe", snippets / "warns.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with pytest.raises(RuntimeWarning) as excinfo:  # pyproject: filterwarnings = ["error"]
        module.compute()
    failure = claims.compute_failure(excinfo)
    assert failure is not None
    assert failure.describe() == (
        "compute() of snippets/warns.py failed: RuntimeWarning: divide by zero encountered "
        "in scalar divide at snippets/warns.py:5"
    )


def test_a_failed_assertion_is_a_false_claim_not_a_failed_compute():
    with pytest.raises(AssertionError) as excinfo:
        raise AssertionError("the claim is false")
    assert claims.compute_failure(excinfo) is None
