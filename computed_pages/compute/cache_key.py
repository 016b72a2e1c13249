"""The cache key of a snippet module's entry: a hash of everything its output depends on."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from computed_pages.plan.snippet_sources import module_path, with_dependencies

_COMPUTE = Path(__file__).parent
GLUE = [  # the engine files the worker runs
    _COMPUTE / "figure_theme.py",
    _COMPUTE / "figure_layout.py",
    _COMPUTE / "svg_minify.py",
    _COMPUTE / "worker.py",
    _COMPUTE / "finite_values.py",
    _COMPUTE / "slider_frames.py",
    _COMPUTE / "slider_landmarks.py",
]


def fingerprint(root: Path, name: str, glue: list[Path] = GLUE) -> str:
    """Hash of everything a module's figures and numbers depend on.

    Its own source, the snippet modules it imports (so an edit to a helper
    module invalidates the figures that use it), the build glue that draws
    and saves, and the versions of the libraries that compute and draw.
    """
    digest = hashlib.sha256()
    for module in with_dependencies(root, name):
        digest.update(module.encode() + b"\0" + module_path(root, module).read_bytes())
    for path in glue:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in ("numpy", "matplotlib"):
        digest.update(f"{package}=={metadata.version(package)}".encode())
    return digest.hexdigest()[:16]
