"""Copy the parts of the project a build reads, for tests and the benchmark to change freely."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = [
    "docs",
    "snippets",
    "computed_pages",
    "hooks",
    "mkdocs_hooks.py",
    "overrides",
    "mkdocs.yml",
]
# What `make check` needs in a copy; CONTRIBUTING.md: the fast loop checks pages against it.
TOOLING = ["Makefile", "pyproject.toml", "requirements", "tests", "CONTRIBUTING.md"]


def copy_project(target: Path, with_cache: bool = False, with_tooling: bool = False) -> Path:
    """Copy the sources into `target`; `with_cache` also copies `.cache/` (figures, notebooks);
    `with_tooling` adds the Makefile and tests, and links the venv (same lock: `make` reuses it)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS + (TOOLING if with_tooling else []):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    if with_cache and (ROOT / ".cache").exists():
        shutil.copytree(ROOT / ".cache", target / ".cache")
    if with_tooling:
        (target / ".venv").symlink_to(ROOT / ".venv")
    return target
