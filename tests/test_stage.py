"""The stage command writes a docs folder that needs no hook, and the comparison of its
build with the hooked one catches what a generator without hooks would drop."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests import stage_diff
from tests.conftest import BUILD_ENV, ROOT, mkdocs
from tests.engine_project import GOOD, make_project

PAGE = "# A\n\nThe answer is {{ good.answer:.1f }} ([[learning rate]]).\n\n![The line](figure:good.plot_answer)\n"


def test_the_staged_folder_has_everything_written_in(tmp_path):
    root = make_project(tmp_path, {"a.md": PAGE}, {"good": GOOD})
    out = tmp_path / "staged"
    done = subprocess.run(  # the command as `make stage` runs it, on the tiny project
        [sys.executable, "-m", "computed_pages.stage", "--root", str(root), "--out", str(out)],
        cwd=ROOT,
        env=BUILD_ENV,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "TCP" not in done.stderr
    text = (out / "a.md").read_text()
    assert "The answer is 42.0" in text and "{{" not in text and "[[" not in text
    assert 'class="gl-tip"' in text and 'class="computed-figure"' in text
    figures = sorted(p.name for p in (out / "figures").iterdir())
    assert len(figures) == 4 and all(name.startswith("good.plot_answer.") for name in figures)
    assert all(f"figures/{name}" in text for name in figures)  # each linked from the page
    assert (out / "notebooks" / "a" / "a.ipynb").is_file()  # the download
    executed = (out / "notebooks" / "a.md").read_text()
    assert "result_good" in executed and "data:image/svg+xml;base64" in executed  # ran, drew
    assert not (out / "_data").exists()


def test_links_for_a_generator_that_rewrites_them_are_relative_to_the_source_file(tmp_path):
    from dataclasses import replace

    from computed_pages import build as engine
    from computed_pages.config import EngineConfig
    from computed_pages.plan.pages import read_pages
    from computed_pages.stage import site_url_of

    (tmp_path / "docs" / "sub").mkdir(parents=True)  # a page one folder down
    root = make_project(tmp_path, {"sub/a.md": PAGE}, {"good": GOOD})
    config = EngineConfig(root, root / "docs", 120.0)
    pages = read_pages(config.docs_dir)
    build = engine.plan(pages, config)
    engine.compute(build, pages)
    url_of = site_url_of(True)
    as_site = engine.render_markdown(build, pages[0], url_of)
    as_source = engine.render_markdown(build, replace(pages[0], links_from="sub/a.md"), url_of)
    assert 'src="../../figures/' in as_site and 'href="../../glossary/#learning-rate"' in as_site
    assert 'src="../figures/' in as_source and 'href="../glossary/#learning-rate"' in as_source


def _site(root, pages: dict[str, str], files: dict[str, bytes] | None = None):
    for name, body in pages.items():
        (root / name).mkdir(parents=True, exist_ok=True)
        (root / name / "index.html").write_text(
            f'<article class="md-content__inner md-typeset">{body}</article>'
        )
    for name, data in (files or {}).items():
        (root / name).write_bytes(data)
    return root


def test_the_comparison_reports_a_missing_page_number_figure_and_tooltip(tmp_path, capsys):
    tip = '<span class="gl"><a>rate</a><span class="gl-tip" role="tooltip"><span>rate: how far</span></span></span>'
    page = f'<p>slope 2.50 {tip}</p><img src="../f.svg" alt="x">'
    a = _site(tmp_path / "a", {"p": page, "q": "<p>q</p>"}, {"f.svg": b"<svg/>"})
    same = _site(tmp_path / "same", {"p": page, "q": "<p>q</p>"}, {"f.svg": b"<svg/>"})
    assert stage_diff.main([str(a), str(same)]) == 0
    b = _site(tmp_path / "b", {"p": "<p>slope 2.51</p>"}, {"f.svg": b"<svg>other</svg>"})
    assert stage_diff.main([str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "q/index.html: missing from the staged build" in out
    assert "the text differs" in out and "2.50" in out
    assert "figure images differ" in out and "glossary tooltips differ" in out


@pytest.mark.slow
def test_the_staged_docs_build_without_hooks_and_match_the_site(built_site, tmp_path):
    """`make stage`, then plain MkDocs with no hook (staged.yml): nothing is lost."""
    out = tmp_path / "staged-docs"
    done = subprocess.run(
        [sys.executable, "-m", "computed_pages.stage", "--out", str(out)],
        cwd=ROOT,
        env=BUILD_ENV,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    config = tmp_path / "staged.yml"
    config.write_text(
        (ROOT / "staged.yml")
        .read_text()
        .replace("INHERIT: mkdocs.yml", f"INHERIT: {ROOT / 'mkdocs.yml'}")
        .replace("docs_dir: build/staged-docs", f"docs_dir: {out}")
        .replace("site_dir: build/staged-site", f"site_dir: {tmp_path / 'site'}")
        + f"theme:\n  custom_dir: {ROOT / 'overrides'}\n"
    )
    built = mkdocs("build", "--strict", "-f", str(config))
    assert built.returncode == 0, built.stdout + built.stderr
    assert stage_diff.differences(built_site, tmp_path / "site") == []
