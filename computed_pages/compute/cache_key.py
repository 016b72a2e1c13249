"""The key of a snippet module's cache entry, and the removal of superseded entries.

The key hashes every file the worker runs for the module: found by walking the
imports (`import x`, `from x import y`, also inside functions) from the worker
and from the snippet module, restricted to the project's own packages
(`computed_pages` and `snippets`). Nothing is listed by hand, so an edit to any
file that draws, saves or checks a figure recomputes it, and an edit to the
build side (runner, adapters, render) does not. The versions of the libraries
that compute and draw are hashed too.
"""

from __future__ import annotations

import ast
import hashlib
import re
import shutil
from functools import cache
from importlib import metadata
from pathlib import Path

from computed_pages.compute.runner import SCRATCH_PREFIX
from computed_pages.plan.snippet_sources import with_dependencies

ENGINE = Path(__file__).resolve().parents[1]  # computed_pages/
WORKER = "computed_pages.compute.worker"
LIBRARIES = ("numpy", "matplotlib")
_PACKAGES = ("computed_pages", "snippets")
ENTRY = re.compile(r"^(?P<module>\w+)-(?P<key>[0-9a-f]{16})$")  # .cache/snippets/<module>-<key>


def _file_of(module: str, root: Path) -> Path | None:
    """The source file of a dotted module of the project, or None if it is not ours."""
    top, *rest = module.split(".")
    if top not in _PACKAGES:
        return None
    base = (ENGINE.parent if top == "computed_pages" else Path(root).resolve()) / top
    path = base.joinpath(*rest)
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    return None


def _imports(path: Path) -> set[str]:
    """Dotted names this file imports, each with its parent packages (they run too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pkg import name`: name may be a submodule or an attribute; both are tried.
            found = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in found:
            parts = name.split(".")
            names.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return names


def imported_files(root: Path, modules: list[str]) -> list[Path]:
    """Every project file that importing `modules` runs, sorted."""
    seen: set[Path] = set()
    todo = [path for m in modules if (path := _file_of(m, root))]
    todo += [_file_of(p, root) for m in modules for p in _parents(m) if _file_of(p, root)]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo += [found for name in _imports(path) if (found := _file_of(name, root))]
    return sorted(seen)


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def fingerprint(root: Path, name: str) -> str:
    """Hash of every file the worker runs for snippet module `name`, and the libraries."""
    with_dependencies(root, name)  # an import cycle between snippet modules stops here
    digest = hashlib.sha256()
    for path in imported_files(root, [WORKER, f"snippets.{name}"]):
        digest.update(_label(path, root).as_posix().encode() + b"\0" + path.read_bytes())
    for package in LIBRARIES:
        digest.update(f"{package}=={_version(package)}".encode())
    return digest.hexdigest()[:16]


@cache
def _version(package: str) -> str:
    return metadata.version(package)


def unhashed(root: Path, name: str, ran: list[str]) -> list[str]:
    """The files a worker ran (its sys.modules, within the project) that the key left out."""
    hashed = {path.resolve() for path in imported_files(root, [WORKER, f"snippets.{name}"])}
    missing = [Path(path).resolve() for path in ran if Path(path).resolve() not in hashed]
    return sorted(_label(path, root).as_posix() for path in missing)


def _label(path: Path, root: Path) -> Path:
    """`path` as the project names it: computed_pages/... or snippets/..."""
    return path.relative_to(ENGINE.parent if ENGINE in path.parents else Path(root).resolve())


def prune(cache_dir: Path, keep: set[str]) -> list[Path]:
    """Remove the entries of `cache_dir` (.cache/snippets) that this build did not use:
    superseded keys and modules no page uses any more. Returns what was removed."""
    removed = []
    for path in sorted(cache_dir.glob("*-*")) if cache_dir.is_dir() else []:
        if (
            ENTRY.match(path.name)
            and path.name not in keep
            and not path.name.startswith(SCRATCH_PREFIX)
        ):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed
