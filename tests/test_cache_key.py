"""The cache key is derived from the files the worker runs, and superseded entries go.

The key (computed_pages/compute/cache_key.py) hashes what the worker imports, found by
reading the imports; nothing is listed by hand. Stage-level tests: no MkDocs build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from computed_pages.build import BuildFailed
from computed_pages.compute import cache_key
from tests.conftest import ROOT
from tests.engine_project import GOOD, make_project, plan_and_compute

WORKER_SIDE = [  # what draws, saves and checks a figure: an edit must recompute
    "computed_pages/compute/worker.py",
    "computed_pages/compute/figure_theme.py",
    "computed_pages/compute/figure_layout.py",
    "computed_pages/compute/svg_minify.py",
    "computed_pages/compute/finite_values.py",
    "computed_pages/compute/slider_frames.py",
    "computed_pages/compute/slider_landmarks.py",
    "computed_pages/themes.py",
    "snippets/regression.py",
    "snippets/learning_rate.py",
]
BUILD_SIDE = [  # runs the worker or uses its output: an edit recomputes nothing
    "computed_pages/compute/runner.py",
    "computed_pages/compute/cache_key.py",
    "computed_pages/build.py",
    "computed_pages/render/slider_html.py",
    "computed_pages/plan/requests.py",
    "hooks/engine.py",
    "mkdocs_hooks.py",
    "snippets/kmeans_k.py",  # another module: learning_rate does not import it
]


@pytest.fixture
def engine_copy(tmp_path, monkeypatch) -> Path:
    """The engine, its adapters and the snippets copied, the key computed from the copy."""
    for part in ("computed_pages", "hooks", "snippets"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs_hooks.py", tmp_path)
    monkeypatch.setattr(cache_key, "ENGINE", tmp_path / "computed_pages")
    return tmp_path


def test_the_key_hashes_what_the_worker_imports_and_nothing_of_the_build(engine_copy):
    hashed = {
        p.relative_to(engine_copy).as_posix()
        for p in cache_key.imported_files(engine_copy, [cache_key.WORKER, "snippets.learning_rate"])
    }
    assert set(WORKER_SIDE) <= hashed
    assert not hashed & set(BUILD_SIDE)


@pytest.mark.parametrize("path", WORKER_SIDE + BUILD_SIDE)
def test_an_edit_recomputes_exactly_when_the_worker_runs_the_file(engine_copy, path):
    before = cache_key.fingerprint(engine_copy, "learning_rate")
    edited = engine_copy / path
    edited.write_text(edited.read_text() + "\n# an edit\n")
    changed = cache_key.fingerprint(engine_copy, "learning_rate") != before
    assert changed == (path in WORKER_SIDE)


def test_superseded_entries_are_gone_after_a_build(tmp_path):
    page = {"a.md": "# A\n\n![The line](figure:good.plot_answer)\n"}
    root = make_project(tmp_path, page, {"good": GOOD})
    first = plan_and_compute(root).runs["good"].cache_dir(root)
    stale_module = root / ".cache" / "snippets" / "removed-0123456789abcdef"
    stale_module.mkdir()
    (root / "snippets" / "good.py").write_text(GOOD.replace("42.0", "43.0"))
    second = plan_and_compute(root).runs["good"].cache_dir(root)
    assert second != first
    assert sorted((root / ".cache" / "snippets").iterdir()) == [second]


def test_a_file_the_key_cannot_see_stops_the_build(tmp_path):
    """An import the walk cannot read (importlib) would leave the key blind to its edits."""
    hidden = 'import importlib\n\nimportlib.import_module("snippets.helper")\n' + GOOD
    root = make_project(
        tmp_path, {"a.md": "{{ hidden.answer }}\n"}, {"hidden": hidden, "helper": ""}
    )
    with pytest.raises(
        BuildFailed, match=r"the worker ran snippets/helper\.py, which the cache key does not hash"
    ):
        plan_and_compute(root)
