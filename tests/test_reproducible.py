"""Two builds of the same sources are byte-identical, even when one was killed mid-compute.

Each build runs in its own copy of the project with no `.cache/` (every
figure computed, every notebook executed) and no `.git/` (so both date the
build the same way, by the hooks' fallback). The two run at the same time:
most of a build is spent waiting for snippet processes and notebook kernels.
"""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUILD_ENV
from tests.processes import snippet_workers, wait_for
from tests.project_files import copy_project


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _first_difference(a: Path, b: Path) -> str:
    left, right = a.read_bytes(), b.read_bytes()
    at = next(
        (i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y),
        min(len(left), len(right)),
    )
    start = max(0, at - 60)
    return f"at byte {at}: {left[start : at + 60]!r} vs {right[start : at + 60]!r}"


def _start_build(project: Path, env: dict) -> subprocess.Popen:
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    with (project / "build.log").open("w") as log:  # a file: a full pipe would stall the build
        return subprocess.Popen(
            [mkdocs, "build", "--strict", "--site-dir", "site"],
            cwd=project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def _finish(build: subprocess.Popen, project: Path) -> None:
    build.wait()
    assert build.returncode == 0, (project / "build.log").read_text()


def _writing_an_entry(cache: Path) -> bool:
    """A worker has written part of a cache entry into its scratch folder."""
    try:
        return any(any(scratch.iterdir()) for scratch in cache.glob(".partial-*"))
    except FileNotFoundError:  # renamed into place while we looked
        return False


@pytest.mark.slow
def test_a_clean_build_equals_one_killed_mid_compute_then_rebuilt(tmp_path):
    """Two builds from scratch are byte-identical, and a SIGKILL mid-compute changes nothing.

    The second build is killed (SIGKILL, no chance to clean up) while a worker
    is writing a cache entry; its workers must end by themselves; every cache
    entry left behind is complete; a second attempt then builds what the
    clean build built, byte for byte.
    """
    env = {k: v for k, v in BUILD_ENV.items() if k != "SOURCE_DATE_EPOCH"}
    clean, killed = (copy_project(tmp_path / name) for name in ("clean", "killed"))
    clean_build = _start_build(clean, env)
    victim = _start_build(killed, env)
    try:
        cache = killed / ".cache" / "snippets"
        wait_for(
            lambda: victim.poll() is not None or _writing_an_entry(cache),
            "a worker writing a cache entry",
        )
        assert victim.poll() is None, "the build ended before it could be killed mid-compute"
        victim.kill()
        victim.wait()
        wait_for(lambda: not snippet_workers(killed), "the workers ended with their build", 120)
        assert list(cache.glob(".partial-*")), "the kill should have left a scratch folder"
        for entry in cache.glob("*-*"):
            if entry.name.startswith("."):
                continue
            stored = json.loads((entry / "values.json").read_text())  # complete, or not there
            for figure in stored["sizes"]:
                assert (entry / f"{figure}.light.svg").is_file(), entry
                assert (entry / f"{figure}.dark.svg").is_file(), entry
        _finish(_start_build(killed, env), killed)
        assert not list(cache.glob(".partial-*")), "the next build left the killed one's scratch"
        _finish(clean_build, clean)
        a, b = (copy / "site" for copy in (clean, killed))
        assert _files(a) == _files(b), _files(a) ^ _files(b)
        differing = [
            f"{name}: {_first_difference(a / name, b / name)}"
            for name in sorted(_files(a))
            if not filecmp.cmp(a / name, b / name, shallow=False)
        ]
        assert not differing, "\n".join(differing)
    finally:  # a failed check must not leave a build running into the next test
        for build in (clean_build, victim):
            if build.poll() is None:
                build.kill()
                build.wait()
