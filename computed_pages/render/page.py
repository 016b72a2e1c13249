"""Render: a page's Markdown with everything computed written in, in a fixed order."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from computed_pages.plan import markdown_scan
from computed_pages.plan.requests import FIGURE, VALUE, SourcePage
from computed_pages.render import (
    claim_markers,
    figure_html,
    glossary,
    reading_time,
    slider_html,
)
from computed_pages.render.site_files import notebook_stem, notebook_uri
from computed_pages.render.values import quoted_value
from computed_pages.state import Build
from computed_pages.themes import PHONE_SUFFIX as PHONE
from computed_pages.themes import THEMES
from computed_pages.urls import relative_url


def render_markdown(build: Build, page: SourcePage, url_of: Callable[[str], str]) -> str:
    """A page's Markdown with everything computed written in, in this order:

    1. figures, sliders and values (a slider writes `[[what is it?|term]]`);
    2. the "Run this page yourself" box, for a page with figures;
    3. glossary links, the glossary page's entries (so 1. and 2. get theirs);
    4. claim markers removed (they are for the tests);
    5. the reading time, from the words of the finished page.

    `url_of(src_uri)` is a source file's URL in the built site.
    """
    markdown = _computed_content(build, page)
    if page.src_uri in build.page_modules:
        markdown += _notebook_box(page, url_of)
    to_glossary = relative_url(url_of(glossary.GLOSSARY_PAGE), page.link_base)
    markdown = glossary.link_terms(
        build.glossary, markdown, page.src_uri, to_glossary, build.config.docs_name
    )
    markdown = claim_markers.remove_markers(markdown)
    return reading_time.fill_reading_time(markdown, f"{build.config.docs_name}/{page.src_uri}")


def _computed_content(build: Build, page: SourcePage) -> str:
    root = build.config.root

    def figure(match: re.Match, line: int) -> str:
        # One line of HTML, so the line numbers of everything below stay those of the source.
        run = build.runs[match["module"]]
        if match["slider"]:
            where = build.where(page.src_uri, line)
            return slider_html.render(
                match, run, page.url, root, where, build.sliders, page.link_base
            )
        name = match["func"]
        sizes = {"size": run.sizes[name], "phone_size": run.sizes[name + PHONE]}
        images = figure_html.pictures(
            [run.variant(name, theme, page.link_base, sizes) for theme in THEMES],
            match["alt"].strip(),
        )
        caption = match["caption"] and html.escape(match["caption"])
        caption = f"<figcaption>{caption}</figcaption>" if caption else ""
        # A tap opens the figure full size (the light variant: readable on a browser's white page).
        full_size = relative_url(run.site_path(name, "light"), page.link_base)
        return (
            f'<figure class="computed-figure"><a href="{full_size}" title="Open the figure full size">'
            f"{images}</a>{caption}</figure>"
        )

    def value(match: re.Match, line: int) -> str:
        run = build.runs[match["module"]]
        return quoted_value(run, match, build.where(page.src_uri, line))

    markdown = markdown_scan.substitute_in_prose(page.markdown, FIGURE, figure)
    return markdown_scan.substitute_in_prose(markdown, VALUE, value)


def _notebook_box(page: SourcePage, url_of: Callable[[str], str]) -> str:
    stem = notebook_stem(page.src_uri)
    notebook_page = url_of(notebook_uri(page.src_uri))
    executed = relative_url(notebook_page, page.link_base)
    download = relative_url(f"{notebook_page}{stem}.ipynb", page.link_base)
    return (
        '\n\n!!! example "Run this page yourself"\n\n'
        f'    <a href="{download}" download>Download the notebook</a> (`{stem}.ipynb`) that recomputes every '
        f'figure and number on this page, or <a href="{executed}">read it executed</a> '
        "as it ran when this site was built. It needs only numpy and matplotlib.\n"
    )
