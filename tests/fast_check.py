"""The fast loop for one page or one snippet module: `make check PAGE=docs/x.md` or `MODULE=x`.

First one strict build of the whole site (`mkdocs build --strict -q`: a broken page
stops here, with the build's own message first). Then, in one pytest session and
without the browser suite:
- the tests of every snippet module the page uses (`tests/test_<module>.py`),
- the page's own code fences (pytest-codeblocks on `docs/x.md`),
- the page checks of `make test` for that page only (fences, includes, quoted numbers,
  figures and notebook), and for the page's modules; the claim-marker and citation
  checks (site-wide, they need no build),
- the site-wide checks of that build (no leftover markup, nothing loaded from
  another host, every link resolves).

No coverage gate: coverage of `snippets/` is only meaningful for the full run
(`make test`). With MODULE=x, the coverage of that one module is reported.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.markdown_pages import FIGURE, VALUE, find_in_prose, includes  # noqa: E402

# Tests parametrized by `page` or `module` keep only the chosen ones (see PageFilter).
PAGE_CHECKS = [
    "tests/test_claims.py",  # markers and their checks, site-wide (cheap: no build)
    "tests/test_citations.py",
    "tests/test_fences.py",
    "tests/test_includes.py",
    "tests/test_build.py::test_every_quoted_number_is_the_computed_one",
    "tests/test_build.py::test_figures_have_both_variants_alt_text_and_a_notebook",
]
# Each of these reads the build made first (the `built_site` fixture, via PREBUILT_SITE).
SITE_CHECKS = [
    "tests/test_build.py::test_no_markup_is_left_unprocessed",
    "tests/test_build.py::test_built_pages_load_nothing_from_another_host",
    "tests/test_links.py::test_every_link_resolves",
]


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
    """Deselect the cases of page- or module-parametrized tests that are about something else."""

    def __init__(self, pages: list[Path], modules: list[str]):
        self.pages = {page.resolve() for page in pages}
        self.modules = set(modules)

    def keeps(self, item) -> bool:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "page" in params and Path(params["page"]).resolve() not in self.pages:
            return False
        return not ("module" in params and params["module"] not in self.modules)

    def pytest_collection_modifyitems(self, config, items):
        kept = [item for item in items if self.keeps(item)]
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


def pytest_arguments(pages: list[Path], modules: list[str], module_mode: bool) -> list[str]:
    snippet_tests = [
        f"tests/test_{module}.py"
        for module in modules
        if (ROOT / f"tests/test_{module}.py").is_file()
    ]
    arguments = [*snippet_tests, *(str(page.relative_to(ROOT)) for page in pages)]
    arguments += [*PAGE_CHECKS, *SITE_CHECKS, "-m", "not browser", "-q"]
    if module_mode:
        arguments += [f"--cov=snippets.{modules[0]}", "--cov-report=term-missing"]
    return arguments


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", help="a page, e.g. docs/learning-rate.md")
    parser.add_argument("--module", help="a snippet module, e.g. learning_rate")
    args = parser.parse_args(argv)
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
