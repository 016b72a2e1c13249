"""Relative URLs between pages and files of the built site, as MkDocs computes them."""

from __future__ import annotations

import posixpath


def _parts(path: str) -> list[str]:
    if not path.startswith("/"):
        path = "/" + path
    path = posixpath.normpath(path)[1:]
    return path.split("/") if path else []


def relative_url(url: str, other: str) -> str:
    """`url` relative to the page at `other` (mkdocs.utils.get_relative_url's rule:
    a last component with a dot is a file, so its folder counts)."""
    folder, _, last = other.rpartition("/")
    if "." in last:
        other = folder
    other_parts, dest_parts = _parts(other), _parts(url)
    common = 0
    for a, b in zip(other_parts, dest_parts, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(other_parts) - common) + dest_parts[common:]) or "."
    return relative + "/" if url.endswith("/") else relative
