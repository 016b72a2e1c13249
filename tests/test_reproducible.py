"""Two clean builds of the same sources are byte-identical.

Each build runs in its own copy of the project with no `.cache/` (every
figure computed, every notebook executed) and no `.git/` (so both date the
build the same way, by the hooks' fallback). The two run at the same time:
most of a build is spent waiting for snippet processes and notebook kernels.
"""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUILD_ENV
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


@pytest.mark.slow
def test_two_clean_builds_are_byte_identical(tmp_path):
    env = {k: v for k, v in BUILD_ENV.items() if k != "SOURCE_DATE_EPOCH"}
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    copies = [copy_project(tmp_path / name) for name in ("a", "b")]
    builds = [
        subprocess.Popen(
            [mkdocs, "build", "--strict", "--site-dir", "site"],
            cwd=copy,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for copy in copies
    ]
    for build in builds:
        log = build.communicate(timeout=900)[0]
        assert build.returncode == 0, log
    a, b = (copy / "site" for copy in copies)
    assert _files(a) == _files(b), _files(a) ^ _files(b)
    differing = [
        f"{name}: {_first_difference(a / name, b / name)}"
        for name in sorted(_files(a))
        if not filecmp.cmp(a / name, b / name, shallow=False)
    ]
    assert not differing, "\n".join(differing)
