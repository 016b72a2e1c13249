"""A tiny project to run the engine's stages on directly: a few pages and snippet modules.

No MkDocs and no site: `plan_and_compute` runs what a build runs before any page is
rendered, so a test of a failure or of the cache takes seconds instead of a build.
"""

from __future__ import annotations

from pathlib import Path

from computed_pages import build as engine
from computed_pages.config import EngineConfig
from computed_pages.plan.pages import read_pages

GLOSSARY = """\
- term: learning rate
  definition: How far each step moves.
  source: Goodfellow et al. (2016)
"""

GOOD = '''"""Computes one number and draws one line."""

from dataclasses import dataclass

import matplotlib.pyplot as plt


@dataclass
class Result:
    answer: float


def compute() -> Result:
    return Result(42.0)


def plot_answer(result: Result):
    figure, axes = plt.subplots(figsize=(3, 2))
    axes.plot([0, 1], [0, result.answer])
    return figure
'''


def make_project(root: Path, pages: dict[str, str], snippets: dict[str, str]) -> Path:
    """Write `pages` (docs/<name>) and `snippets` (snippets/<name>.py) under `root`."""
    (root / "docs" / "_data").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "_data" / "glossary.yml").write_text(GLOSSARY)
    (root / "snippets").mkdir(exist_ok=True)
    (root / "snippets" / "__init__.py").write_text("")
    for name, text in snippets.items():
        (root / "snippets" / f"{name}.py").write_text(text)
    for name, text in pages.items():
        (root / "docs" / name).write_text(text)
    return root


def make_mkdocs_project(root: Path, pages: dict[str, str], snippets: dict[str, str]) -> Path:
    """`make_project` plus the least an MkDocs build with this project's hooks needs: a
    mkdocs.yml naming mkdocs_hooks.py, formulas marked, and the glossary page."""
    hooks = Path(__file__).resolve().parent.parent / "mkdocs_hooks.py"
    (root / "mkdocs.yml").parent.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        f"site_name: tiny\nstrict: true\nhooks:\n  - {hooks}\nexclude_docs: |\n  /_data/\n"
        "markdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n"
    )
    glossary = {"glossary.md": "# Glossary\n\n<!-- glossary:entries -->\n"}
    return make_project(root, {**glossary, **pages}, snippets)


def plan_and_compute(root: Path, time_limit: float = 120.0) -> engine.Build:
    config = EngineConfig(root, root / "docs", time_limit)
    pages = read_pages(config.docs_dir)
    build = engine.plan(pages, config)
    engine.compute(build, pages)
    return build
