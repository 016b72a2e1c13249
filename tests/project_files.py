"""Copy the parts of the project a build reads, for tests and the benchmark to change freely."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ["docs", "snippets", "hooks", "overrides", "mkdocs.yml"]


def copy_project(target: Path, with_cache: bool = False) -> Path:
    """Copy the sources into `target`; `with_cache` also copies `.cache/` (figures, notebooks)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    if with_cache and (ROOT / ".cache").exists():
        shutil.copytree(ROOT / ".cache", target / ".cache")
    return target
