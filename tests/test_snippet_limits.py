"""A snippet that never returns is stopped at the time limit, with everything it started."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from computed_pages.config import DEFAULT_TIME_LIMIT, LIMIT_ENV, from_settings
from computed_pages.errors import EngineError
from tests.conftest import ROOT, build_copy
from tests.processes import alive, snippet_workers

HANGS = '''"""Starts a child that sleeps, then sleeps itself: a build must not wait for either."""

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    answer: int


def compute() -> Result:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
    Path("hangs-child.pid").write_text(str(child.pid))
    time.sleep(3600)
    return Result(42)
'''


def test_a_hanging_snippet_fails_the_build_at_the_limit_and_its_tree_is_killed(project_copy):
    (project_copy / "snippets" / "hangs.py").write_text(HANGS)
    page = project_copy / "docs" / "hyperparameters.md"
    text = page.read_text() + "\nThe answer is {{ hangs.answer }}.\n"
    page.write_text(text)
    line = text.splitlines().index("The answer is {{ hangs.answer }}.") + 1
    config = project_copy / "mkdocs.yml"
    # Long enough for the snippet to start its child on a loaded machine.
    setting = "\nextra:\n  computed_pages:\n    snippet_time_limit: 15\n"
    text = config.read_text()
    config.write_text(
        text.replace("\nextra:\n", setting) if "\nextra:\n" in text else text + setting
    )
    code, log = build_copy(project_copy)
    assert code != 0
    assert "snippets/hangs.py: TimeoutError: stopped after the snippet time limit of 15 s" in log
    assert f"used at docs/hyperparameters.md:{line}" in log, log
    assert "computed snippets/hangs.py" not in log, "a snippet that failed was reported computed"
    child = int((project_copy / "hangs-child.pid").read_text())
    assert not alive(child), "the process the snippet started outlived the time limit"
    assert not snippet_workers(project_copy)
    leftovers = list((project_copy / ".cache" / "snippets").glob("hangs-*"))
    assert not leftovers, f"a stopped snippet left a cache entry: {leftovers}"


def test_the_time_limit_comes_from_the_environment_then_mkdocs_yml(monkeypatch, tmp_path):
    def limit(settings):
        return from_settings(tmp_path, tmp_path / "docs", settings, "extra").snippet_time_limit

    monkeypatch.delenv(LIMIT_ENV, raising=False)
    assert limit(None) == DEFAULT_TIME_LIMIT >= 120
    assert limit({"snippet_time_limit": 30}) == 30
    monkeypatch.setenv(LIMIT_ENV, "2.5")
    assert limit({"snippet_time_limit": 30}) == 2.5
    for bad in ("0", "-1", "soon", "nan"):
        monkeypatch.setenv(LIMIT_ENV, bad)
        with pytest.raises(EngineError, match=LIMIT_ENV):
            limit({})


def test_a_worker_ends_with_the_build_that_started_it(tmp_path):
    """SIGKILL to a build leaves no worker behind: its pipe to the build closes."""
    import subprocess

    from tests.processes import wait_for

    snippets = tmp_path / "snippets"
    snippets.mkdir()
    (snippets / "__init__.py").write_text("")
    (snippets / "hangs.py").write_text(HANGS)
    build = subprocess.Popen(  # a stand-in for the build: runs one worker, no time limit
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]);"
            "from computed_pages.compute import runner as p;"
            "from pathlib import Path as P; r = P(sys.argv[2]);"
            "p.run(r, 'hangs', r / 'entry', [], 3600)",
            str(ROOT),
            str(tmp_path),
        ],
        cwd=tmp_path,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    try:
        child = int(wait_for(lambda: _read(tmp_path / "hangs-child.pid"), "the snippet started"))
        workers = snippet_workers(tmp_path)
        assert workers, "no worker found"
    finally:
        build.kill()
        build.wait()
    wait_for(lambda: not snippet_workers(tmp_path), "the worker ended after the build died", 120)
    wait_for(lambda: not alive(child), "the snippet's child ended with it", 120)


def _read(path: Path) -> str:
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return ""
