"""Static facts about snippet modules, read without importing them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SECTION_MARKER = re.compile(r"^\s*# --8<-- \[(start|end):[\w-]+\]\s*$")
_SIBLING_IMPORT = re.compile(r"^from snippets\.(\w+) import .*$|^import snippets\.(\w+).*$")


def module_path(root: Path, name: str) -> Path:
    return root / "snippets" / f"{name}.py"


def top_level_functions(root: Path, name: str) -> set[str]:
    tree = ast.parse(module_path(root, name).read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def sibling_imports(root: Path, name: str) -> list[str]:
    """Snippet modules that `name` imports directly, in source order."""
    tree = ast.parse(module_path(root, name).read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("snippets."):
            targets = [node.module.split(".")[1]]
        elif isinstance(node, ast.Import):
            targets = [a.name.split(".")[1] for a in node.names if a.name.startswith("snippets.")]
        found += [t for t in targets if t not in found]
    return found


def with_dependencies(root: Path, name: str) -> list[str]:
    """`name` and every snippet module it imports, dependencies first."""
    ordered: list[str] = []

    def visit(current: str, stack: tuple[str, ...]) -> None:
        if current in stack:
            raise ValueError(
                f"import cycle between snippet modules: {' -> '.join((*stack, current))}"
            )
        for dependency in sibling_imports(root, current):
            if module_path(root, dependency).is_file():  # else the worker names the import's line
                visit(dependency, (*stack, current))
        if current not in ordered:
            ordered.append(current)

    visit(name, ())
    return ordered


def notebook_source(root: Path, name: str) -> str:
    """The module's code as a reader should run it: no include markers, no sibling imports."""
    lines = module_path(root, name).read_text(encoding="utf-8").splitlines()
    kept = [
        line for line in lines if not SECTION_MARKER.match(line) and not _SIBLING_IMPORT.match(line)
    ]
    # Removed markers leave gaps: keep at most two blank lines in a row, as PEP 8 does.
    return re.sub(r"\n{4,}", "\n\n\n", "\n".join(kept)).strip() + "\n"
