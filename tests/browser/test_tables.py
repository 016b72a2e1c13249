"""At phone width a table wider than the screen says that it scrolls and every
column can be scrolled fully into view; no glossary term breaks at its hyphen
(docs/javascripts/scroll_regions.js, docs/stylesheets/scroll_regions.css). A table a
page asks to stack is, at phone width, one labelled block per row that is still a
table to a screen reader, and an ordinary table at desktop width
(computed_pages/render/stacked_tables.py)."""

from __future__ import annotations

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from tests.fixture_page import URL

from .tab import Tab

pytestmark = pytest.mark.browser

WIDTH = 390

# Every table's scroll box: does it overflow, does it say so (the hint line above
# it shown, the fading edge marked, focusable), and once scrolled to its end does
# its last column lie inside the box and the screen.
_TABLES = """() => [...document.querySelectorAll(".md-typeset__scrollwrap")].map((box, i) => {
  const overflows = box.scrollWidth > box.clientWidth + 1
  const hint = box.previousElementSibling
  const said = {hint: !!hint && hint.classList.contains("scroll-hint") && hint.checkVisibility()
                      && /scroll/i.test(hint.textContent),
                more: box.dataset.more || "", tabindex: box.getAttribute("tabindex")}
  box.scrollLeft = box.scrollWidth
  const edge = box.getBoundingClientRect()
  // A header row clipped to a 1 px box (a stacked table's, on a phone: its names are in
  // every cell's label) is out of sight, wherever its cells' boxes lie.
  const inSight = cell => !(cell.closest("thead")?.getBoundingClientRect().width <= 1)
  const last = Math.max(...[...box.querySelectorAll("tr > :last-child")].filter(inSight)
    .map(cell => cell.getBoundingClientRect().right))
  box.scrollLeft = 0
  return {table: i + 1, overflows, said, last, right: Math.min(edge.right, innerWidth)}
})"""

# Every glossary term with a hyphen: one line box, so never "k-" / "means".
_BROKEN_TERMS = """() => [...document.querySelectorAll(".gl-whole")]
  .filter(term => term.getClientRects().length > 1).map(term => term.textContent)"""


def table_problems(tab: Tab, path: str) -> tuple[int, list[str]]:
    """How many tables of a page scroll sideways, and what is wrong with any table."""
    tab.open(path)
    tab.page.wait_for_function("document.documentElement.dataset.scrollRegions === 'ready'")
    problems, wide = [], 0
    for table in tab.page.evaluate(_TABLES):
        where = f"/{path} table {table['table']}"
        if table["overflows"]:
            wide += 1
            said = table["said"]
            if not (said["hint"] and said["more"] == "right" and said["tabindex"] == "0"):
                problems.append(f"{where} scrolls sideways without saying so: {said}")
        if table["last"] > table["right"] + 0.5:
            problems.append(
                f"{where}: scrolled to its end, its last column ends at "
                f"{table['last']:.0f} px, cut off at {table['right']:.0f}"
            )
    broken = tab.page.evaluate(_BROKEN_TERMS)
    if broken:
        problems.append(f"/{path}: terms broken across lines: {broken}")
    return wide, problems


def test_every_table_fits_a_phone_or_says_it_scrolls(phone, site_pages):
    problems = []
    for path in site_pages:
        problems += table_problems(phone, path)[1]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [WIDTH, 1280])
def test_a_table_wider_than_the_screen_says_it_scrolls(browser, fixture_site, width):
    phone = width == WIDTH
    viewport = {"width": width, "height": 844}
    tab = Tab(
        browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone), fixture_site
    )
    try:
        wide, problems = table_problems(tab, URL)
    finally:
        tab.close()
    assert wide == 1, "the fixture's wide table fits: the check checked nothing"
    assert not problems, "\n".join(problems)


def test_terms_with_a_hyphen_stay_whole_at_desktop_width(tabs, site_pages):
    problems = []
    for path in site_pages:
        tabs["default"].open(path)
        broken = tabs["default"].page.evaluate(_BROKEN_TERMS)
        if broken:
            problems.append(f"/{path}: {broken}")
    assert not problems, "\n".join(problems)


# A table a page asks to stack (<div class="stacked-table" markdown>): what the reader
# sees of it. Cells are checked as laid out: their box, the label their ::before shows.
_STACKED = """() => [...document.querySelectorAll(".stacked-table table")].map((table, i) => {
  const box = table.closest(".md-typeset__scrollwrap")
  const headers = [...table.querySelectorAll("thead th")].map(th => th.textContent.trim())
  const shown = [...table.querySelectorAll("tbody td")].filter(td => td.cellIndex > 0).map(td => {
    const before = getComputedStyle(td, "::before")
    return {column: headers[td.cellIndex], label: before.display === "none" ? "" : before.content,
            width: td.getBoundingClientRect().width}
  })
  const thead = table.querySelector("thead").getBoundingClientRect()
  return {table: i + 1, labelled: table.hasAttribute("data-stacked"),
          display: getComputedStyle(table).display,
          rows: getComputedStyle(table.querySelector("tbody tr")).display,
          scrolls: box.scrollWidth > box.clientWidth + 1, boxWidth: box.clientWidth,
          theadShown: thead.width > 1 && thead.height > 1, shown}
})"""


@pytest.fixture(scope="module")
def stacked_pages(built_site) -> list[str]:
    """The pages of the built site with a table the build labelled for stacking."""
    pages = sorted(
        "" if p.parent == built_site else f"{p.parent.relative_to(built_site).as_posix()}/"
        for p in built_site.rglob("index.html")
        if "<table data-stacked" in p.read_text(encoding="utf-8")
    )
    assert "comparison/" in pages, "the comparison table no longer stacks: nothing checked"
    return pages


def _stacked_tables(tab: Tab, path: str) -> list[dict]:
    tab.open(path)
    tab.page.wait_for_function("document.documentElement.dataset.scrollRegions === 'ready'")
    return tab.page.evaluate(_STACKED)


def test_a_stacked_table_is_labelled_blocks_on_a_phone(phone, stacked_pages):
    problems = []
    for path in stacked_pages:
        tables = _stacked_tables(phone, path)
        assert phone.page.evaluate("innerWidth") == WIDTH
        for t in tables:
            where = f"/{path} stacked table {t['table']}"
            if not t["labelled"] or t["display"] != "block" or t["rows"] != "block":
                problems.append(f"{where} is not stacked: {t['display']}, rows {t['rows']}")
            if t["scrolls"] or t["theadShown"]:
                problems.append(
                    f"{where}: scrolls {t['scrolls']}, header row shown {t['theadShown']}"
                )
            for cell in t["shown"]:
                # ::before's content is `"label" / ""`: shown, but not read twice
                if not cell["label"].startswith(f'"{cell["column"]}"'):
                    problems.append(f"{where}: a {cell['column']!r} cell shows {cell['label']!r}")
                if cell["width"] < t["boxWidth"] * 0.75:
                    problems.append(f"{where}: a cell is {cell['width']:.0f} px wide, not a block")
    assert not problems, "\n".join(problems)


def test_a_stacked_table_stays_a_table_to_a_screen_reader_on_a_phone(phone, stacked_pages):
    # Chromium's own accessibility tree, as a screen reader gets it; then axe on the table.
    phone.open(stacked_pages[0])
    session = phone.context.new_cdp_session(phone.page)
    try:
        tree = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    roles = [node["role"]["value"] for node in tree if not node.get("ignored")]
    table = phone.page.locator(".stacked-table table").first
    cells = table.locator("td").count()
    assert roles.count("cell") >= cells > 0, f"{cells} cells, roles: {sorted(set(roles))}"
    headers = table.locator("th").count()
    assert roles.count("columnheader") >= headers > 0, f"{headers} headers: {sorted(set(roles))}"
    phone.page.evaluate(AXE_SCRIPT)
    violations = phone.page.evaluate(
        "() => axe.run('.stacked-table', {resultTypes: ['violations']}).then(r => r.violations)"
    )
    assert not violations, [(v["id"], v["nodes"][0]["target"]) for v in violations]


def test_a_stacked_table_is_an_ordinary_table_at_desktop_width(tabs, stacked_pages):
    tab = tabs["default"]
    problems = []
    for path in stacked_pages:
        tables = _stacked_tables(tab, path)
        assert tab.page.evaluate("innerWidth") >= 1280
        for t in tables:
            if t["display"] == "block" or t["rows"] != "table-row" or not t["theadShown"]:
                layout = {key: value for key, value in t.items() if key != "shown"}
                problems.append(f"/{path} stacked table {t['table']} is not a table: {layout}")
            shown = {cell["label"] for cell in t["shown"]}
            if shown - {"none", "normal"}:
                problems.append(f"/{path} stacked table {t['table']} shows labels {shown}")
    assert not problems, "\n".join(problems)
