"""Every notebook download link on the site serves a valid notebook."""

from __future__ import annotations

import urllib.request

import nbformat
import pytest

pytestmark = pytest.mark.browser


def test_every_notebook_download_is_a_valid_notebook(visits, site_pages):
    links = sorted({link for v in visits for link in v.notebook_links})
    notebook_pages = [p for p in site_pages if p.startswith("notebooks/")]
    assert len(links) >= len(notebook_pages) > 0, (links, notebook_pages)
    for link in links:
        assert link.startswith("http://127.0.0.1:"), link
        with urllib.request.urlopen(link, timeout=120) as response:  # a cap, for a loaded machine
            notebook = nbformat.reads(response.read().decode("utf-8"), as_version=4)
        nbformat.validate(notebook)
        assert any(cell.cell_type == "code" for cell in notebook.cells), link


def test_each_notebook_page_offers_its_download(visits):
    missing = [
        f"{v.scheme} /{v.path}"
        for v in visits
        if v.path.startswith("notebooks/") and not v.notebook_links
    ]
    assert not missing, "\n".join(missing)
