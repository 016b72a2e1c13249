"""A build killed mid-compute, then run again, equals the session's clean build byte for byte.

The killed build runs in a copy of the project that has the session build's
warm cache except for the entries of a few snippet modules, so the kill lands
while those compute and the second attempt computes only them. Its output is
compared with the session's own build (`built_site`: in CI, a build from a
fresh clone with no cache at all), dated the same way.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hooks.engine import commit_time  # (how the session build was dated)
from tests.conftest import BUILD_ENV, ROOT
from tests.processes import snippet_workers, wait_for
from tests.project_files import copy_project

# The module whose entries the copy loses: one with many slider frames to draw, so the
# build is still computing when it is killed (one module is enough for that, and each
# more module costs the suite its whole compute and notebooks again).
RECOMPUTED = ("learning_rate",)


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
def test_a_build_killed_mid_compute_then_rebuilt_equals_a_clean_build(tmp_path, built_site):
    """A SIGKILL mid-compute leaves no half-written cache entry and changes no output byte.

    The build is killed (SIGKILL, no chance to clean up) while a worker is
    writing a cache entry; its workers must end by themselves; every cache
    entry left behind is complete; a second attempt then builds what the
    session's clean build built, byte for byte.
    """
    killed = copy_project(tmp_path / "killed", with_cache=True)
    cache = killed / ".cache" / "snippets"
    for module in RECOMPUTED:
        for entry in cache.glob(f"{module}-*"):
            shutil.rmtree(entry)
    # The copy has no .git: date it as the session build in the project was dated.
    env = {**BUILD_ENV, "SOURCE_DATE_EPOCH": commit_time(ROOT)}
    victim = _start_build(killed, env)
    try:
        wait_for(
            lambda: victim.poll() is not None or _writing_an_entry(cache),
            "a worker writing a cache entry",
        )
        assert victim.poll() is None, "the build ended before it could be killed mid-compute"
        victim.kill()
        victim.wait()
        wait_for(lambda: not snippet_workers(killed), "the workers ended with their build", 120)
        assert list(cache.glob(".partial-*")), "the kill should have left a scratch folder"
        for entry in cache.glob("*-" + "?" * 16):  # module-key; the scratch folders start with "."
            if entry.name.startswith("."):
                continue
            stored = json.loads((entry / "values.json").read_text())  # complete, or not there
            for figure in stored["sizes"]:
                assert (entry / f"{figure}.light.svg").is_file(), entry
                assert (entry / f"{figure}.dark.svg").is_file(), entry
        _finish(_start_build(killed, env), killed)
        log = (killed / "build.log").read_text()
        assert "computed snippets/learning_rate.py" in log, "the lost entry was not recomputed"
        assert not list(cache.glob(".partial-*")), "the next build left the killed one's scratch"
        a, b = built_site, killed / "site"
        assert _files(a) == _files(b), _files(a) ^ _files(b)
        differing = [
            f"{name}: {_first_difference(a / name, b / name)}"
            for name in sorted(_files(a))
            if not filecmp.cmp(a / name, b / name, shallow=False)
        ]
        assert not differing, "\n".join(differing)
    finally:  # a failed check must not leave a build running into the next test
        if victim.poll() is None:
            victim.kill()
            victim.wait()
