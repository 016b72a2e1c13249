"""Shared fixtures: the project root, one strict build of the site, and throwaway copies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.claims import pytest_runtest_makereport  # noqa: E402, F401  (claims name their page)
from tests.project_files import copy_project  # noqa: E402  (needs ROOT on the path)

BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}


def mkdocs(*args: str, cwd: Path = ROOT, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the venv's mkdocs; output is kept for the assertions and for failure messages."""
    command = [str(Path(sys.executable).with_name("mkdocs")), *args]
    return subprocess.run(
        command, cwd=cwd, env=BUILD_ENV, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built once with `mkdocs build --strict`, as CI and `make build` do."""
    site = tmp_path_factory.mktemp("site")
    done = mkdocs("build", "--strict", "--site-dir", str(site))
    assert done.returncode == 0, f"strict build failed:\n{done.stdout}\n{done.stderr}"
    return site


@pytest.fixture
def project_copy(tmp_path, built_site) -> Path:
    """A copy of the project (with the warm cache) to break on purpose."""
    return copy_project(tmp_path, with_cache=True)
