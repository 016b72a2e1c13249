"""The strict build: computed numbers and figures land in the pages, nothing leaves the site."""

from __future__ import annotations

import html
import importlib
import json
import re
import subprocess
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from computed_pages.build import notebook_stem  # (the hook's own naming rule)
from computed_pages.plan.requests import FIGURE as CAPTIONED  # with caption and slider
from computed_pages.render.number_text import (
    format_number,  # (powers of ten typeset: test_number_text)
)
from tests.conftest import ROOT, mkdocs
from tests.markdown_pages import FIGURE, VALUE, find_in_prose, pages
from tests.site_address import is_own, published_address

DOCS = ROOT / "docs"


class ImageCollector(HTMLParser):
    """The attributes of every <img> in a page."""

    def __init__(self):
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))

    @classmethod
    def of(cls, text: str) -> list[dict]:
        collector = cls()
        collector.feed(text)
        return collector.images


def page_html(site, page) -> str:
    relative = page.relative_to(DOCS).with_suffix("")
    path = site / "index.html" if relative.name == "index" else site / relative / "index.html"
    return path.read_text(encoding="utf-8")


@cache
def computed(module: str):
    return importlib.import_module(f"snippets.{module}").compute()


# The site's own markup, as a page would show it if a hook had not replaced it.
LEFTOVER_MARKUP = [
    re.compile(r"\{\{\s*\w+\.\w+"),
    re.compile(r"\[\[[^\]]+\]\]"),
    re.compile(r"\(?figure:\w+\.\w+"),
    re.compile(r"--8(&lt;|<)--"),
]


def test_no_markup_is_left_unprocessed(built_site):
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        body = re.sub(
            r"<(pre|code)\b.*?</\1>", "", text, flags=re.S
        )  # code may show markup literally
        for leftover in LEFTOVER_MARKUP:
            found = leftover.search(body)
            assert not found, f"{path.relative_to(built_site)} still contains {found.group(0)!r}"


def pages_with(pattern) -> list:
    return [p for p in pages() if any(find_in_prose(p.read_text(encoding="utf-8"), pattern))]


@pytest.mark.parametrize("page", pages_with(VALUE), ids=lambda p: p.name)
def test_every_quoted_number_is_the_computed_one(built_site, page):
    quoted = list(find_in_prose(page.read_text(encoding="utf-8"), VALUE))
    rendered = html.unescape(re.sub(r"<[^>]+>", "", page_html(built_site, page)))
    for _, match in quoted:
        value = getattr(computed(match["module"]), match["name"])
        expected = format_number(value, match["spec"] or "")
        assert expected in rendered, f"{page.name}: {match.group(0)} should read {expected}"


@pytest.mark.parametrize("page", pages_with(FIGURE), ids=lambda p: p.name)
def test_figures_have_both_variants_alt_text_and_a_notebook(built_site, page):
    figures = list(find_in_prose(page.read_text(encoding="utf-8"), FIGURE))
    rendered = page_html(built_site, page)
    images = ImageCollector.of(rendered)
    page_dir = (
        built_site if page.stem == "index" else built_site / page.relative_to(DOCS).with_suffix("")
    )
    for _, match in figures:
        for theme in ("light", "dark"):
            pattern = re.compile(
                rf"{match['module']}\.{match['func']}(~\w+)?\.\w+\.{theme}\.svg#only-{theme}$"
            )
            found = [img for img in images if pattern.search(img.get("src", ""))]
            assert found, f"{page.name}: no {theme} image for {match.group(0)}"
            img = found[0]
            assert len(img.get("alt", "")) > 20, (
                f"{page.name}: alt text too short to say what the figure shows"
            )
            assert img.get("loading") == "lazy" and img.get("width") and img.get("height")
            svg = (page_dir / img["src"].split("#")[0]).resolve()
            assert svg.is_file() and svg.read_text().startswith("<?xml"), svg
    stem = notebook_stem(page.relative_to(DOCS).as_posix())
    notebook = nbformat.read(built_site / "notebooks" / stem / f"{stem}.ipynb", as_version=4)
    nbformat.validate(notebook)
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    for _, match in figures:
        assert f"def {match['func']}(" in code, f"the notebook lacks {match['func']}"
        assert "from snippets" not in code, "the notebook must run without this repository"
    executed = (built_site / "notebooks" / stem / "index.html").read_text(encoding="utf-8")
    assert executed.count("<img") >= len(figures), "the executed notebook shows no figure output"
    assert f"{stem}.ipynb" in rendered, "the page does not link its notebook"


def _docstring(code: str) -> str:
    return code.split('"""')[1] if code.startswith('"""') else ""


def test_each_notebook_section_opens_with_its_own_module(built_site):
    """Under a module's heading, each module it imports comes under a label naming it,
    and the module's own code last (review 23: the learning-rate section opened with
    the docstring of regression.py, which it imports)."""
    for path in sorted((built_site / "notebooks").glob("*/*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        headings = [
            (i, match[1])
            for i, cell in enumerate(cells)
            if cell.cell_type == "markdown"
            and (match := re.fullmatch(r"## `snippets/(\w+)\.py`", cell.source))
        ]
        assert headings, f"{path.name}: no module heading"
        for i, module in headings:
            shown, j = [], i + 1
            while cells[j].cell_type == "markdown":  # a label, then the code it names
                (name,) = re.findall(r"`snippets/(\w+)\.py`", cells[j].source)
                shown.append((name, cells[j + 1].source))
                j += 2
            shown = shown or [(module, cells[j].source)]
            assert shown[-1][0] == module, f"{path.name}: {module}'s own code is not last"
            for name, code in shown:
                own = _docstring((ROOT / "snippets" / f"{name}.py").read_text(encoding="utf-8"))
                assert own and _docstring(code) == own, (
                    f"{path.name}: the code labelled snippets/{name}.py is not that module"
                )


def test_a_notebook_draws_a_module_s_figures_in_its_page_s_order(built_site):
    """Round 33: the learning-rate notebook drew plot_conditioning before plot_rates,
    the reverse of the page (figures were sorted by name)."""
    checked = 0
    for page in pages_with(FIGURE):
        stem = notebook_stem(page.relative_to(DOCS).as_posix())
        notebook = nbformat.read(built_site / "notebooks" / stem / f"{stem}.ipynb", as_version=4)
        drawn = re.findall(
            r"^(\w+)\(result_(\w+)\);$",
            "\n".join(c.source for c in notebook.cells if c.cell_type == "code"),
            flags=re.M,
        )
        shown = [
            (m["func"], m["module"])
            for _, m in find_in_prose(page.read_text(encoding="utf-8"), CAPTIONED)
            if not m["slider"]
        ]
        for module in {m for _, m in shown}:
            on_page = list(dict.fromkeys(f for f, m in shown if m == module))
            in_notebook = [f for f, m in drawn if m == module and f in on_page]
            assert in_notebook == on_page, f"{stem}: {module} drawn as {in_notebook}"
            checked += len(on_page) > 1
    assert checked >= 3, checked


def test_notebook_figures_carry_their_page_captions(built_site):
    """A figure a page captions is drawn in the notebook under that caption (as a
    comment), and the notebook page makes it the figure's alt text: rounds 24 and 25
    found the alt texts said only which call drew the figure."""
    checked = 0
    for page in pages_with(FIGURE):
        stem = notebook_stem(page.relative_to(DOCS).as_posix())
        cells = nbformat.read(built_site / "notebooks" / stem / f"{stem}.ipynb", as_version=4)
        code = [c.source for c in cells.cells if c.cell_type == "code" and c.source.strip()]
        calls = {source.splitlines()[-1]: source for source in code}
        shown = (built_site / "notebooks" / stem / "index.html").read_text(encoding="utf-8")
        for _, match in find_in_prose(page.read_text(encoding="utf-8"), CAPTIONED):
            if match["slider"] or not match["caption"]:
                continue
            cell = calls[f"{match['func']}(result_{match['module']});"]
            said = " ".join(line[2:] for line in cell.splitlines()[:-1])
            words = re.sub(r"\{\{[^}]*\}\}", " ", match["caption"]).split()
            assert said.startswith("The page's caption: ") and all(w in said for w in words)
            assert html.escape(said[:60], quote=True) in shown, f"{stem}: alt lacks {said!r}"
            checked += 1
    assert checked >= 10, checked


def test_generated_files_stay_out_of_docs():
    tracked = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "docs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    generated = [p for p in tracked if p.endswith((".svg", ".ipynb", ".png"))]
    assert not generated, f"generated files in docs/: {generated}"
    assert not list(DOCS.rglob("*.ipynb")) and not list((DOCS).rglob("figures"))


HOST_ATTRIBUTE = re.compile(
    r'<(?!a\b)(\w+)\b[^>]*?\b(?:src|href|srcset|poster|data)="(?P<url>(?:https?:)?//[^"]*)', re.I
)
CSS_URL = re.compile(r"url\(\s*['\"]?(?P<url>(?:https?:)?//[^'\")\s]*)", re.I)
SCRIPT_IMPORT = re.compile(r"""import\s*\(?\s*['"](?P<url>(?:https?:)?//[^'"]*)""", re.I)


def from_another_host(site: Path, address: str | None) -> list[str]:
    """What the pages and stylesheets of `site` load from off the site published at `address`."""
    offending = []
    for path in site.rglob("*"):
        if path.suffix not in {".html", ".css"}:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (HOST_ATTRIBUTE, CSS_URL, SCRIPT_IMPORT):
            offending += [
                f"{path.relative_to(site)}: {m.group(0)[:80]}"
                for m in pattern.finditer(text)
                if not is_own(m["url"], address)  # a deploy's canonical links name the site
            ]
    return offending


def test_built_pages_load_nothing_from_another_host(built_site):
    offending = from_another_host(built_site, published_address())
    assert not offending, "\n".join(offending)


SCRIPT_FILE = re.compile(r"<script\b(?P<attributes>[^>]*\bsrc=[^>]*)>")


def test_no_script_file_holds_the_first_paint(built_site):
    # A classic <script src> in the page makes the browser wait for it before painting;
    # Lighthouse counted the theme's bundle and the site's scripts against First
    # Contentful Paint (overrides/main.html defers them; README, "Speed and weight").
    blocking = [
        f"{path.relative_to(built_site)}: {m.group(0)}"
        for path in built_site.rglob("*.html")
        for m in SCRIPT_FILE.finditer(path.read_text(encoding="utf-8"))
        if not re.search(r"\b(defer|async)\b|type=\"?module", m["attributes"])
    ]
    assert not blocking, "\n".join(blocking)


def test_the_site_s_own_published_address_is_not_another_host(tmp_path):
    (tmp_path / "index.html").write_text(
        '<link rel="canonical" href="https://owner.example/repo/a/">'
        '<link href="https://owner.example/repo-other/x.css" rel="stylesheet">'
        '<img src="https://cdn.example/i.png">'
    )
    found = "\n".join(from_another_host(tmp_path, "https://owner.example/repo/"))
    assert "repo-other" in found and "cdn.example" in found and "repo/a/" not in found, found
    assert "repo/a/" in "\n".join(from_another_host(tmp_path, None))


def test_the_host_check_would_catch_a_cdn(tmp_path):
    for snippet in (
        '<script src="https://cdn.example/x.js">',
        '<link href="//fonts.example/css" rel="stylesheet">',
        "<style>@font-face{src:url(https://x/f.woff)}</style>",
        '<script>import("https://esm.sh/m")</script>',
    ):
        assert any(p.search(snippet) for p in (HOST_ATTRIBUTE, CSS_URL, SCRIPT_IMPORT)), snippet
    assert not HOST_ATTRIBUTE.search('<a href="https://example.org/paper">paper</a>')


def test_a_rebuild_recomputes_nothing(project_copy):
    # In a copy with the session build's cache: a build in the project itself
    # would write its .cache while tests on the other worker copy it.
    again = mkdocs("build", "--strict", "--site-dir", "site", cwd=project_copy)
    assert again.returncode == 0, again.stderr
    log = again.stdout + again.stderr
    assert "computed snippets/" not in log, (
        "a figure was recomputed although its code did not change"
    )
    assert "Converting notebook" not in log, "a notebook was re-executed although it did not change"


def test_figure_cache_key_follows_imported_modules():

    from computed_pages.plan import snippet_sources

    assert snippet_sources.with_dependencies(ROOT, "regression")[-1] == "regression"
    for module in (p.stem for p in (ROOT / "snippets").glob("*.py") if p.stem != "__init__"):
        for dependency in snippet_sources.sibling_imports(ROOT, module):
            assert dependency in snippet_sources.with_dependencies(ROOT, module)


def test_search_index_is_built(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    titles = {doc["title"] for doc in index["docs"]}
    assert "Model parameters" in titles


def test_notebooks_are_executed_and_a_failing_cell_fails_the_build():
    """mkdocs-jupyter defaults to not executing and to allowing errors: both are overridden."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    Loader.add_constructor("!ENV", lambda loader, node: None)  # site_url: !ENV [SITE_URL, null]
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)
    plugin = next(
        p["mkdocs-jupyter"]
        for p in config["plugins"]
        if isinstance(p, dict) and "mkdocs-jupyter" in p
    )
    assert plugin["execute"] is True
    assert plugin["allow_errors"] is False
    assert plugin["include_source"] is True
    assert config["strict"] is True
