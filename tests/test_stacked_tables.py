"""The render step behind stacked tables (computed_pages/render/stacked_tables.py), on the
HTML Python-Markdown writes for a page (md_in_html and tables, as mkdocs.yml has them)."""

from __future__ import annotations

import re

import markdown
import pytest

from computed_pages.errors import EngineError
from computed_pages.render.stacked_tables import label_cells

_PAGE = """Before.

<div class="stacked-table" markdown>
| aspect | model *parameter* | "hyper" & co |
|:---|---|--:|
| **what** | [a link](x.md) | 2 \\| 3 |
| who | | `c|d` |
</div>

| plain | table |
|---|---|
| stays | as it is |
"""


def html_of(page: str) -> str:
    return markdown.markdown(page, extensions=["md_in_html", "tables"])


def test_every_cell_but_the_first_of_a_row_is_labelled_with_its_column():
    out = label_cells(html_of(_PAGE), "x.md")
    stacked = out.split('<div class="stacked-table">')[1].split("</table>")[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", stacked, re.S)[1:]
    labels = [
        [re.search(r'data-label="([^"]*)"|$', tag)[1] or "" for tag in re.findall("<td[^>]*>", row)]
        for row in rows
    ]
    assert labels == [["", "model parameter", "&quot;hyper&quot; &amp; co"]] * 2


def test_the_table_keeps_its_roles_and_says_it_was_labelled():
    out = label_cells(html_of(_PAGE), "x.md")
    stacked = out.split('<div class="stacked-table">')[1].split("</div>")[0]
    assert re.search(r'<table data-stacked role="table">', stacked)
    assert stacked.count('role="rowgroup"') == 2
    assert stacked.count('role="row"') == 3
    assert stacked.count('role="columnheader"') == 3
    assert stacked.count('role="cell"') == 6
    assert 'style="text-align: right;" data-label=' in stacked  # other attributes kept


def test_a_table_outside_a_wrapper_and_a_page_without_one_are_untouched():
    out = label_cells(html_of(_PAGE), "x.md")
    assert out.split("</div>")[1] == html_of(_PAGE).split("</div>")[1]
    plain = html_of("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert label_cells(plain, "x.md") is plain


def test_a_label_is_the_header_as_shown_without_a_tooltip():
    header = (
        '<th>the <a class="gl-term" href="g/#k">k<span class="gl-tip" role="tooltip">'
        "<span>the number of <em>clusters</em></span></span></a> of k-means</th>"
    )
    table = (
        f'<div class="stacked-table"><table><thead><tr><th>x</th>{header}</tr></thead>'
        "<tbody><tr><td>1</td><td>2</td></tr></tbody></table></div>"
    )
    assert 'data-label="the k of k-means"' in label_cells(table, "x.md")


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ('<div class="stacked-table">\n| a | b |\n</div>', "holds no table"),
        (
            '<div class="stacked-table"><table><thead><tr><th>a</th><th></th></tr></thead>'
            "</table></div>",
            "every column needs a header",
        ),
        (
            '<div class="stacked-table"><table><thead><tr><th>a</th></tr></thead>'
            "<tbody><tr><td>1</td><td>2</td></tr></tbody></table></div>",
            "more cells than the 1 column headers",
        ),
    ],
)
def test_a_wrapper_the_step_cannot_label_stops_the_build(page, message):
    with pytest.raises(EngineError, match=rf"^docs/x\.md: stacked table 1.*{message}"):
        label_cells(page, "docs/x.md")
