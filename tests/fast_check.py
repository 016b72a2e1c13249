"""The fast loop for one page or one snippet module: `make check PAGE=docs/x.md` or `MODULE=x`.

First one strict build of the whole site (`mkdocs build --strict -q`, the build `make
test` checks: a broken page, an unknown glossary term, a snippet that raises or warns
stops here, its first ERROR line naming the file and line). Then one pytest session over
the whole suite (without the browser suite), keeping every test that concerns the page
or module, derived from the suite itself rather than listed here (`PageFilter`):
- the page's own code fences (pytest-codeblocks on docs/x.md);
- every test of `tests/test_<module>.py` for each snippet module the page uses;
- every test parametrized by that page, one of those modules or a slider of the page
  (the page checks of `make test`: structure, word budget, fences, includes, formulas,
  quoted numbers, figures and notebook, every slider test), read from its parameters
  (`concerns`); the same tests of other pages are left out;
- every claim check whose docstring names the page (tests/claims.py);
- the site-wide checks below, which any page can break and which cost little.
tests/test_fast_check.py proves the selection: every page- or module-parametrized test
is recognised, each kind of page mistake meets a test the fast loop keeps, and every
check of the built site is kept or named in FULL_RUN_ONLY with its reason (the tests
that break a copy of the project, fixture `project_copy`, are the full run's: each builds).

No coverage gate: coverage of `snippets/` is only meaningful for the full run
(`make test`). With MODULE=x, the coverage of that one module is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.claims import CHECK_PREFIX, checks  # noqa: E402
from tests.markdown_pages import FIGURE, VALUE, find_in_prose, includes  # noqa: E402

DOCS, SNIPPETS = ROOT / "docs", ROOT / "snippets"
MODULES = {path.stem for path in SNIPPETS.glob("*.py") if path.stem != "__init__"}

# Not parametrized by a page, but a new or changed page can break them; each is cheap
# (file, or file::test).
SITE_WIDE = [
    "tests/test_claims.py",  # every marker names a check, every check keeps its marker
    "tests/test_citations.py",
    "tests/test_fences.py::test_every_page_is_scanned",
    "tests/test_page_structure.py::test_nav_labels_equal_page_titles",
    "tests/test_page_structure.py::test_every_page_is_in_the_nav",
    "tests/test_page_structure.py::test_where_to_go_next_lists_every_page_in_nav_order",
    "tests/test_page_structure.py::test_the_built_pages_show_their_reading_time",
    "tests/test_one_lesson.py::test_where_hyperparameters_come_from_names_all_three_routes",
    "tests/test_one_lesson.py::test_the_glossary_says_the_definition_the_same_way",
    "tests/test_sliders.py::test_the_pages_have_five_sliders",
    "tests/test_contributing_example.py::test_every_page_titles_its_folded_code_as_the_guide_says",
    "tests/test_search_ranking.py",  # any page's wording can move a term's first result
    # the checks of the build made first (the `built_site` fixture, via PREBUILT_SITE)
    "tests/test_build.py::test_no_markup_is_left_unprocessed",
    "tests/test_build.py::test_built_pages_load_nothing_from_another_host",
    "tests/test_build.py::test_no_script_file_holds_the_first_paint",
    "tests/test_build.py::test_generated_files_stay_out_of_docs",
    "tests/test_build.py::test_search_index_is_built",
    "tests/test_links.py::test_every_link_resolves",
    "tests/test_search_index.py::test_the_built_index_carries_the_fields_and_no_page_shows_them",
    "tests/test_code_spans.py::test_the_built_code_blocks_hold_no_such_span",
    "tests/test_asset_minify.py",  # the site's own stylesheets and scripts, as served
    # a page that quotes another page's slider module must not offer its slider
    "tests/test_sliders.py::test_a_notebook_offers_only_the_sliders_its_page_shows",
]
# Tests that read the built site but are left to `make test`, and why. (Tests that break a
# copy of the project, fixture `project_copy`, are the full run's by nature: each builds.)
FULL_RUN_ONLY = {
    "tests/test_build.py::test_notebook_figures_carry_their_page_captions": (
        "checks the notebook builder and the notebook page's alt texts, as the full run builds them"
    ),
    "tests/test_build.py::test_a_notebook_draws_a_module_s_figures_in_its_page_s_order": (
        "checks the notebook builder's order, as the full run builds it"
    ),
    "tests/test_build.py::test_each_notebook_section_opens_with_its_own_module": (
        "checks the notebook builder's layout, which no page or snippet edit changes"
    ),
    "tests/test_contributing_example.py::test_the_worked_example_builds_and_passes_the_fast_loop": (
        "builds CONTRIBUTING's example in a copy and runs its fast loop"
    ),
    "tests/test_formulas.py::test_every_formula_of_a_page_is_one_math_element": (
        "builds a copy with a fixture page"
    ),
    "tests/test_formulas.py::test_a_formula_that_cannot_be_typeset_names_its_page_and_line": (
        "builds a broken copy"
    ),
    "tests/test_reproducible.py::test_a_build_killed_mid_compute_then_rebuilt_equals_a_clean_build": (
        "two clean builds"
    ),
    "tests/test_stage.py::test_the_staged_docs_build_without_hooks_and_match_the_site": (
        "the stage command and a generator build their own copy"
    ),
    "tests/test_figure_text.py::test_the_weight_decay_frames_say_what_the_code_wrote": (
        "redraws the capacity slider's frames; its page's slider tests are kept"
    ),
}


def concerns(value) -> tuple[set[Path], set[str]]:
    """The pages and snippet modules a test's parameters name: a page's Path or file name,
    a snippet module's Path or name, or a tuple holding one (a slider: page, line, match)."""
    pages: set[Path] = set()
    modules: set[str] = set()

    def visit(part) -> None:
        if isinstance(part, Path):
            path = part.resolve()
            if path.suffix == ".md" and DOCS in path.parents:
                pages.add(path)
            elif path.suffix == ".py" and SNIPPETS in path.parents:
                modules.add(path.stem)
        elif isinstance(part, str):
            if part.endswith(".md") and (DOCS / part).is_file():
                pages.add((DOCS / part).resolve())
            elif part in MODULES:
                modules.add(part)
        elif isinstance(part, tuple | list):
            for inner in part:
                visit(inner)

    visit(list(value.values()) if isinstance(value, dict) else value)
    return pages, modules


def modules_of(page: Path) -> list[str]:
    """Snippet modules a page shows, quotes or includes, in order of first use."""
    text = page.read_text(encoding="utf-8")
    found = [m["module"] for _, m in sorted(find_in_prose(text, FIGURE), key=lambda u: u[0])]
    found += [m["module"] for _, m in sorted(find_in_prose(text, VALUE), key=lambda u: u[0])]
    found += [Path(path).stem for _, path, _ in includes(page) if path.startswith("snippets/")]
    return list(dict.fromkeys(found))


def pages_using(module: str) -> list[Path]:
    return [page for page in sorted((ROOT / "docs").rglob("*.md")) if module in modules_of(page)]


class PageFilter:
    """Keep the tests that concern the chosen pages or modules (see the module docstring)."""

    def __init__(self, pages: list[Path], modules: list[str]):
        self.pages = {page.resolve() for page in pages}
        self.modules = set(modules)
        self.page_names = {page.relative_to(DOCS).as_posix() for page in self.pages}
        self.claim_checks = {
            (check.module, check.name) for check in checks() if self.page_names & set(check.pages)
        }

    def keeps(self, item) -> bool:
        path = Path(str(item.path)).resolve()
        if path.suffix == ".md":  # a code fence of a page
            return path in self.pages
        if path.parent == ROOT / "tests" and path.stem.removeprefix("test_") in self.modules:
            return True  # the snippet module's own tests
        params = getattr(getattr(item, "callspec", None), "params", {})
        pages, modules = concerns(params)
        if pages or modules:
            return bool(pages & self.pages or modules & self.modules)
        name = getattr(item, "originalname", item.name)
        if name.startswith(CHECK_PREFIX) and (path.name, name) in self.claim_checks:
            return True
        return not params and site_wide(item.nodeid)

    def pytest_collection_modifyitems(self, config, items):
        kept = [item for item in items if self.keeps(item)]
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


def site_wide(nodeid: str) -> bool:
    base = nodeid.split("[")[0]
    return base in SITE_WIDE or base.split("::")[0] in SITE_WIDE


def pytest_arguments(pages: list[Path], modules: list[str], module_mode: bool) -> list[str]:
    arguments = ["tests", *(str(page.relative_to(ROOT)) for page in pages)]
    arguments += ["--ignore=tests/browser", "-m", "not browser", "-q"]
    if module_mode:
        arguments += [f"--cov=snippets.{modules[0]}", "--cov-report=term-missing"]
    return arguments


class Listing:
    """`--list`: every collected test as JSON, with the parameters' pages and modules and
    the pages whose fast loop keeps it (tests/test_fast_check.py reads this)."""

    def __init__(self, out: Path):
        self.out = out
        self.filters = {
            page.relative_to(DOCS).as_posix(): PageFilter([page], modules_of(page))
            for page in sorted(DOCS.rglob("*.md"))
        }

    def pytest_collection_modifyitems(self, config, items):
        rows = []
        for item in items:
            params = getattr(getattr(item, "callspec", None), "params", {})
            pages, modules = concerns(params)
            row = {
                "node": item.nodeid,
                "params": repr(params) if params else "",
                "fixtures": sorted(getattr(item, "fixturenames", [])),
                "pages": sorted(p.relative_to(DOCS).as_posix() for p in pages),
                "modules": sorted(modules),
                "kept_for": [name for name, kept in self.filters.items() if kept.keeps(item)],
            }
            rows.append(json.dumps(row))
        self.out.write_text("\n".join(rows) + "\n", encoding="utf-8")
        items.clear()


def list_tests(out: Path) -> int:
    """Collect the whole suite (no build, no run) and write the listing to `out`."""
    os.chdir(ROOT)
    pages = [str(page.relative_to(ROOT)) for page in sorted(DOCS.rglob("*.md"))]
    arguments = ["tests", *pages, "--ignore=tests/browser", "-m", "not browser", "-q"]
    pytest.main([f"--rootdir={ROOT}", *arguments], plugins=[Listing(out)])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", help="a page, e.g. docs/learning-rate.md")
    parser.add_argument("--module", help="a snippet module, e.g. learning_rate")
    parser.add_argument("--list", type=Path, metavar="FILE", help="write what each page keeps")
    args = parser.parse_args(argv)
    if args.list:
        return list_tests(args.list.resolve())
    if bool(args.page) == bool(args.module):
        parser.error("give one of PAGE=docs/x.md or MODULE=x, e.g. make check PAGE=docs/epochs.md")
    if args.page:
        page = (ROOT / args.page).resolve()
        if not page.is_file() or page.suffix != ".md":
            parser.error(f"no page {args.page}; pages are docs/*.md")
        pages, modules = [page], modules_of(page)
    else:
        module = args.module.removeprefix("snippets/").removesuffix(".py")
        if not (ROOT / "snippets" / f"{module}.py").is_file():
            parser.error(f"no snippet module snippets/{module}.py")
        pages, modules = pages_using(module), [module]
    print(
        f"fast check: pages {', '.join(p.relative_to(ROOT).as_posix() for p in pages) or '(none)'}; "
        f"modules {', '.join(modules) or '(none)'}",
        flush=True,
    )
    os.chdir(ROOT)
    site = Path(tempfile.mkdtemp(prefix="fast-check-site-"))
    try:
        if not strict_build(site):
            print("fast check: the build failed; the first ERROR line above says where and why")
            return 1
        os.environ["PREBUILT_SITE"] = str(site)
        arguments = pytest_arguments(pages, modules, module_mode=bool(args.module))
        return pytest.main([f"--rootdir={ROOT}", *arguments], plugins=[PageFilter(pages, modules)])
    finally:
        shutil.rmtree(site, ignore_errors=True)


def strict_build(site: Path) -> bool:
    """`mkdocs build --strict -q`: only warnings and errors reach the terminal."""
    print("fast check: strict build of the site", flush=True)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [str(mkdocs), "build", "--strict", "-q", "--site-dir", str(site)], env=env
    )
    return done.returncode == 0


if __name__ == "__main__":
    sys.exit(main())
