"""The learner's path: every page says what it teaches, stays short, and the nav is one order.

Rules from issue 16: each page opens with the "What you will learn" block (two to four
outcomes, what it assumes, its reading time); a page's main text stays under the word
budget; nav labels equal page titles; the home page's "Where to go next" lists every
page in nav order. One test per page, so `-k page-name` checks one page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from computed_pages.errors import EngineError
from computed_pages.plan import page_text
from computed_pages.render import reading_time
from tests.markdown_pages import DOCS, ROOT, pages

WORD_BUDGET = 2_500  # words of main text per page (prose outside code, folds, opening block)
PAGES = pages()
PAGE_IDS = [page.relative_to(DOCS).as_posix() for page in PAGES]
LINK = re.compile(r"\]\((?P<target>[^)#\s]+\.md)(?:#[^)]*)?\)")


def nav_entries() -> list[tuple[str, str]]:
    """(label, page) of every page in mkdocs.yml's nav, in order."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)

    def walk(items: list) -> list[tuple[str, str]]:
        found = []
        for item in items:
            ((label, value),) = item.items()
            found.extend(walk(value) if isinstance(value, list) else [(label, value)])
        return found

    return walk(config["nav"])


def outline_of(page: Path) -> page_text.PageOutline:
    return page_text.outline(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_the_page_opens_with_what_you_will_learn(page):
    where = page.relative_to(ROOT)
    found = outline_of(page)
    assert found.title, f"{where}: no H1 title"
    assert found.opening, (
        f'{where}: no `!!! abstract "{page_text.OPENING_TITLE}"` block (common.md §2); '
        "put it right after the H1"
    )
    assert found.opening_follows_title, (
        f"{where}:{found.opening.first_line}: the opening block must come right after the H1"
    )
    assert 2 <= len(found.opening.bullets) <= 4, (
        f"{where}:{found.opening.first_line}: {len(found.opening.bullets)} outcomes; "
        "the block lists two to four"
    )
    assert found.opening.you_need, f'{where}: the opening block lacks "{page_text.YOU_NEED} …"'
    assert found.opening.has_reading_time_label and found.opening.marker_lines, (
        f'{where}: the opening block lacks "{page_text.READING_TIME} {page_text.READING_MARKER}"'
    )
    assert not found.markers_outside, f"{where}: reading-time marker outside the opening block"


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_the_main_text_stays_within_the_word_budget(page):
    words = page_text.word_count(page_text.main_text(page.read_text(encoding="utf-8")))
    assert words < WORD_BUDGET, (
        f"{page.relative_to(ROOT)}: {words:,} words of main text, budget {WORD_BUDGET:,}: fold "
        'derivations into `??? note "Deeper: …"` blocks or split the page'
    )


def test_nav_labels_equal_page_titles():
    wrong = []
    for label, target in nav_entries():
        title = outline_of(DOCS / target).title
        if label != title:
            wrong.append(f"nav label {label!r} for {target}, whose H1 is {title!r}")
    assert not wrong, "\n".join(wrong)


def test_every_page_is_in_the_nav():
    in_nav = {target for _, target in nav_entries()}
    assert set(PAGE_IDS) == in_nav, f"not in the nav: {sorted(set(PAGE_IDS) - in_nav)}"


def test_where_to_go_next_lists_every_page_in_nav_order():
    home = (DOCS / "index.md").read_text(encoding="utf-8")
    section = re.search(r"^## Where to go next\n(?P<body>.*?)(?=^## |\Z)", home, re.M | re.S)
    assert section, "docs/index.md has no '## Where to go next' section"
    listed = [m["target"] for m in LINK.finditer(section["body"])]
    listed = list(dict.fromkeys(listed))  # first mention of each page counts
    expected = [target for _, target in nav_entries() if target != "index.md"]
    assert listed == expected, f"Where to go next lists {listed}, the nav is {expected}"


# ---------------------------------------------------------------- the reading-time hook

OPENING = """# A page

!!! abstract "What you will learn"

    - one
    - two

    **You need:** nothing.
    **Reading time:** <!-- reading-time -->

"""


def test_the_reading_time_counts_the_main_text_at_150_words_a_minute():
    body = "word " * 451 + "\n\n```python\n" + "code " * 1000 + "\n```\n"
    folded = '\n??? note "Deeper: more"\n\n' + "    folded words\n" * 500
    filled = reading_time.fill_reading_time(OPENING + body + folded, "docs/x.md")
    assert "**Reading time:** about 4 minutes" in filled  # 451 words, rounded up
    assert "**You need:** nothing.  \n" in filled  # a hard break: two lines on the page


def test_a_short_page_reads_in_one_minute():
    filled = reading_time.fill_reading_time(OPENING + "Short.\n", "docs/x.md")
    assert "about 1 minute\n" in filled + "\n"


def test_an_opening_block_without_the_marker_fails_with_file_and_line():
    page = OPENING.replace(page_text.READING_MARKER, "soon")
    with pytest.raises(EngineError, match=r"docs/x\.md:3: the opening block lacks"):
        reading_time.fill_reading_time(page, "docs/x.md")


def test_a_marker_outside_the_opening_block_fails_with_file_and_line():
    page = OPENING + "Text.\n\n" + page_text.READING_MARKER + "\n"
    with pytest.raises(EngineError, match=r"docs/x\.md:13: <!-- reading-time --> outside"):
        reading_time.fill_reading_time(page, "docs/x.md")


def test_a_marker_in_code_is_still_outside_and_fails():
    page = OPENING + "```text\n" + page_text.READING_MARKER + "\n```\n"
    with pytest.raises(EngineError, match="outside the opening block"):
        reading_time.fill_reading_time(page, "docs/x.md")


def test_the_outline_sees_a_block_that_does_not_follow_the_title():
    found = page_text.outline("# T\n\nIntro.\n\n" + OPENING.split("\n", 2)[2])
    assert found.opening and not found.opening_follows_title
    assert len(found.opening.bullets) == 2 and found.opening.you_need == "nothing."


def test_main_text_leaves_out_tags_and_glossary_tooltips():
    html = (
        '<span class="gl"><a class="gl-term" href="g/#loss">loss</a><span class="gl-tip" '
        'role="tooltip"><strong>loss</strong>: many hidden words here</span></span> counts'
    )
    assert page_text.word_count(page_text.main_text(html)) == 2  # "loss counts"


def test_main_text_leaves_out_markup_that_is_not_read():
    text = page_text.main_text(
        OPENING
        + "A [[shown|term]] and [a link](x.md#y) and {{ m.v:.3f }}. <!-- claim: t.py::c -->\n"
        + "![alt words](figure:m.plot_x)\n"
    )
    # "A page" (the title), then "A shown and a link and <number>"
    assert page_text.word_count(text) == 9


def test_the_built_pages_show_their_reading_time(built_site):
    """The hook is registered and fills every marker: a page whose source has the block
    shows "Reading time: about N minute(s)" and no marker is left in the HTML."""
    shown = re.compile(r"Reading time:</strong> about (\d+) minutes?\b")
    checked = 0
    for page in PAGES:
        found = outline_of(page)
        if not (found.opening and found.opening.marker_lines):
            continue
        name = page.relative_to(DOCS).with_suffix("")
        html_path = built_site / ("index.html" if name.name == "index" else f"{name}/index.html")
        html = html_path.read_text(encoding="utf-8")
        assert page_text.READING_MARKER not in html, f"{html_path}: marker left unfilled"
        match = shown.search(html)
        assert match and int(match[1]) >= 1, f"{html_path}: no reading time shown"
        checked += 1
    assert checked >= 1
