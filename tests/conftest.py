"""Shared fixtures: the project root, one strict build of the site, and throwaway copies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

# The repository root is on the path (pyproject: pythonpath), so `computed_pages`,
# `hooks`, `snippets` and `tests` import as packages.
from tests.claims import pytest_runtest_makereport  # noqa: F401  (claims name their page)
from tests.project_files import copy_project

ROOT = Path(__file__).resolve().parent.parent

BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}


def mkdocs(*args: str, cwd: Path = ROOT, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the venv's mkdocs; output is kept for the assertions and for failure messages."""
    command = [str(Path(sys.executable).with_name("mkdocs")), *args]
    return subprocess.run(
        command, cwd=cwd, env=BUILD_ENV, capture_output=True, text=True, timeout=timeout
    )


def build_copy(project: Path) -> tuple[int, str]:
    """Build a (broken on purpose) copy of the project: exit code and the whole log."""
    done = mkdocs("build", "--strict", "--site-dir", str(project / "site"), cwd=project)
    return done.returncode, done.stdout + done.stderr


def _build_site(site: Path) -> str | None:
    """Build into `site` strictly; the log when the build fails."""
    done = mkdocs("build", "--strict", "--site-dir", str(site))
    if done.returncode == 0:
        return None
    log = f"{done.stdout}\n{done.stderr}"
    errors = [line for line in log.splitlines() if line.startswith("ERROR")]
    return "\n".join([*errors, "", "the whole log:", log])  # what to fix first, then the rest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id) -> Path:
    """The site built once with `mkdocs build --strict`, as CI and `make build` do.

    `make test` runs two pytest-xdist workers: the first to get here builds the
    site, the other waits on a lock and then reads the same site (or fails with
    the same log), so the suite builds it once.
    """
    if os.environ.get("PREBUILT_SITE"):  # `make check` built it just before, the same way
        return Path(os.environ["PREBUILT_SITE"])
    # One folder for all workers of this run (plain pytest: its own base folder,
    # since the parent is shared with any other pytest run on the machine).
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent
    site, built, failed = shared / "site", shared / "site.built", shared / "site.failed"
    with FileLock(shared / "site.lock"):
        if not (built.exists() or failed.exists()):
            failure = _build_site(site)
            (built if failure is None else failed).write_text(failure or "")
    assert not failed.exists(), f"strict build failed:\n{failed.read_text()}"
    return site


def pytest_xdist_make_scheduler(config, log):
    """`make test`'s two workers: every browser test on one, each other test wherever free.

    The browser tests share one Chromium and one visit of every page (session
    fixtures), so they are one scope. (xdist's own `--dist loadgroup` marks
    groups in the node id, which pytest 9.2 no longer lets it change.)
    """
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "browser" if nodeid.startswith("tests/browser/") else nodeid

    return BrowserTestsTogether(config, log)


@pytest.fixture
def project_copy(tmp_path, built_site) -> Path:
    """A copy of the project (with the warm cache) to break on purpose."""
    return copy_project(tmp_path, with_cache=True)
