"""Tables a page asks to stack on narrow screens: each cell labelled with its column.

A page opts in by wrapping a Markdown table in `<div class="stacked-table" markdown>`
and `</div>` (md_in_html). Below a breakpoint, docs/stylesheets/scroll_regions.css
shows each row as a block: its first cell as the heading, every other cell under the
name of its column. CSS can only show that name from an attribute of the cell, so this
step writes it there, into the HTML the build publishes: `data-label="<header text>"`.

The CSS changes the `display` of the table's parts, which makes some browsers stop
exposing them as a table to screen readers; explicit roles (table, rowgroup, row,
columnheader, cell) keep the table's semantics whatever the layout. `data-stacked` on
the table says that this step ran: the CSS stacks only such tables, so a build without
this step (the staged folder) shows an ordinary table, never unlabelled blocks.

Generic: it knows HTML tables, nothing of what they say.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from computed_pages.errors import EngineError

WRAPPER_CLASS = "stacked-table"
_WRAPPER = re.compile(r'<div class="(?:[^"]* )?stacked-table(?: [^"]*)?"[^>]*>')
_TABLE = re.compile(r"\s*<table(?:\s[^>]*)?>.*?</table>", re.S)
_SECTION = re.compile(r"<(?P<name>thead|tbody)(?:\s[^>]*)?>(?P<body>.*?)</(?P=name)>", re.S)
_ROW = re.compile(r"<tr(?:\s[^>]*)?>(?P<body>.*?)</tr>", re.S)
_HEADER = re.compile(r"<th(?=[\s>])[^>]*>(?P<body>.*?)</th>", re.S)
_CELL_TAG = re.compile(r"<td(?=[\s>])(?P<attrs>[^>]*)>")
_ROLES = {"table": "table", "thead": "rowgroup", "tbody": "rowgroup", "tr": "row"}
_ROLES |= {"th": "columnheader", "td": "cell"}
_PART_TAG = re.compile(r"<(?P<name>table|thead|tbody|tr|th|td)(?=[\s>])(?P<attrs>[^>]*)>")


class _ShownText(HTMLParser):
    """The text of an HTML fragment as a reader sees it in place: without the contents
    of tooltips and of parts hidden from everyone (a glossary term's definition is not
    part of a column's name)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._open: list[bool] = []  # per open element: is it hidden?

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        hidden = attributes.get("role") == "tooltip" or attributes.get("aria-hidden") == "true"
        if tag not in ("br", "img", "input", "wbr", "hr"):  # void elements never close
            self._open.append(hidden)

    def handle_endtag(self, tag) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data) -> None:
        if not any(self._open):
            self.parts.append(data)


def shown_text(fragment: str) -> str:
    parser = _ShownText()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


def _labelled(table: str, where: str, number: int) -> str:
    sections = {m["name"]: m["body"] for m in _SECTION.finditer(table)}
    header_rows = _ROW.findall(sections.get("thead", ""))
    if len(header_rows) != 1:
        raise EngineError(
            f"{where}: stacked table {number} needs one header row, it has {len(header_rows)}"
        )
    labels = [shown_text(cell) for cell in _HEADER.findall(header_rows[0])]
    if not all(labels):
        raise EngineError(
            f"{where}: stacked table {number}: every column needs a header to label its cells, "
            f"got {labels}"
        )

    def label_row(row: re.Match) -> str:
        column = -1

        def label_cell(cell: re.Match) -> str:
            nonlocal column
            column += 1
            if column >= len(labels):
                raise EngineError(
                    f"{where}: stacked table {number}: a row has more cells than the "
                    f"{len(labels)} column headers"
                )
            if column == 0:  # the row's heading: it needs no label
                return cell.group(0)
            return f'<td{cell["attrs"]} data-label="{html.escape(labels[column], quote=True)}">'

        return _CELL_TAG.sub(label_cell, row.group(0))

    def label_body(section: re.Match) -> str:
        return _ROW.sub(label_row, section.group(0)) if section["name"] == "tbody" else section[0]

    table = _SECTION.sub(label_body, table)

    def with_role(tag: re.Match) -> str:
        extra = " data-stacked" if tag["name"] == "table" else ""
        return f'<{tag["name"]}{tag["attrs"]}{extra} role="{_ROLES[tag["name"]]}">'

    return _PART_TAG.sub(with_role, table)


def label_cells(content: str, where: str) -> str:
    """Every table in a `stacked-table` wrapper of a page's HTML, labelled and given roles.

    `where` names the page in errors: a wrapper with no table right inside it (the
    `markdown` attribute forgotten, say) stops the build."""
    if WRAPPER_CLASS not in content:
        return content
    out, start = [], 0
    for number, wrapper in enumerate(_WRAPPER.finditer(content), start=1):
        table = _TABLE.match(content, wrapper.end())
        if table is None:
            raise EngineError(
                f'{where}: stacked table {number}: its <div class="{WRAPPER_CLASS}" markdown> '
                "holds no table (is the `markdown` attribute there, the table right inside it?)"
            )
        out += [content[start : table.start()], _labelled(table.group(0), where, number)]
        start = table.end()
    out.append(content[start:])
    return "".join(out)
