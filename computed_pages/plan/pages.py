"""The pages of a docs folder, read from disk (the stage command; MkDocs hands its own)."""

from __future__ import annotations

import posixpath
from pathlib import Path

from computed_pages.plan.requests import SourcePage


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL a Markdown page at `src_uri` gets in the site (MkDocs' and Zensical's rule)."""
    stem = posixpath.splitext(src_uri)[0]
    if not use_directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def read_pages(docs_dir: Path, use_directory_urls: bool = True) -> list[SourcePage]:
    """Every Markdown page under `docs_dir`, in path order; `_data/` holds no pages."""
    pages = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        src_uri = path.relative_to(docs_dir).as_posix()
        if src_uri.startswith("_"):
            continue
        pages.append(
            SourcePage(
                src_uri, path.read_text(encoding="utf-8"), page_url(src_uri, use_directory_urls)
            )
        )
    return pages
