"""Every notebook download link on the site serves a valid notebook; on a phone, a
notebook figure wider than the screen says that it scrolls (javascripts/scroll_regions.js)."""

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


# Every notebook figure's box: does it overflow, and does it say so (the hint line above
# it shown, the fading edge marked, focusable).
_FIGURES = """() => [...document.querySelectorAll(".nb-figure")].map((box, i) => {
  const hint = box.previousElementSibling
  return {figure: i + 1, overflows: box.scrollWidth > box.clientWidth + 1,
          hint: !!hint && hint.classList.contains("scroll-hint") && hint.checkVisibility(),
          more: box.dataset.more || "", tabindex: box.getAttribute("tabindex")}
})"""


def test_a_notebook_figure_wider_than_a_phone_says_it_scrolls(phone, site_pages):
    problems, wide = [], 0
    for path in (p for p in site_pages if p.startswith("notebooks/")):
        phone.open(path)
        phone.page.wait_for_function("document.documentElement.dataset.scrollRegions === 'ready'")
        for figure in phone.page.evaluate(_FIGURES):
            if figure["overflows"]:
                wide += 1
                if not (figure["hint"] and figure["more"] == "right" and figure["tabindex"] == "0"):
                    problems.append(f"/{path} figure {figure['figure']}: {figure}")
    assert wide, "no notebook figure is wider than a phone: the check checked nothing"
    assert not problems, "\n".join(problems)
