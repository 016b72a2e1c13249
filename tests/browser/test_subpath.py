"""The site as a GitHub Pages project site: under /repo/, gzip, 404.html for missing paths.

A second build with site_url set (as the deploy workflow does), served by the same
GitHub-Pages-like server the bench uses. It builds a copy of the project with the warm
.cache of the session's first build, so only what depends on site_url is redone, and
mkdocs-jupyter's eviction of cache entries this build did not use leaves the project's
own .cache alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest

from tests.conftest import BUILD_ENV
from tests.pages_server import PagesServer
from tests.project_files import copy_project
from tests.test_build import from_another_host
from tests.test_links import broken_links

pytestmark = pytest.mark.browser

PREFIX = "/repo/"
MISSING = "no/such-folder/page/"  # two folders deep, as a mistyped link would be

# Every URL a page refers to: links, images, stylesheets, scripts, picture sources.
_REFERENCES = """() => [
  ...[...document.querySelectorAll("a[href], link[href]")].map(e => e.href),
  ...[...document.querySelectorAll("img[src], script[src]")].map(e => e.src),
]"""


@pytest.fixture(scope="module")
def served(built_site, tmp_path_factory):
    """(server, site): a build published at the server's own /repo/ address, served."""
    project = copy_project(tmp_path_factory.mktemp("subpath"), with_cache=True)
    site = project / "site"
    server = PagesServer(site, PREFIX)  # bound now: its URL is the build's site_url
    done = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict"],
        cwd=project,
        env={**BUILD_ENV, "SITE_URL": server.url},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"build with site_url failed:\n{done.stdout}\n{done.stderr}"
    with server:
        yield server, site


@pytest.fixture(scope="module")
def pages(served) -> list[str]:
    _, site = served
    folders = (p.parent.relative_to(site) for p in site.rglob("index.html"))
    return sorted("" if f == Path(".") else f"{f.as_posix()}/" for f in folders)


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def fetch(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def visit(tab, url: str) -> tuple[int, list[tuple[int, str]], list[str]]:
    """Load `url`; its status, every response as (status, url), and console errors."""
    responses, errors = [], []
    # On the context, not the page: it also sees the search worker's requests.
    on_response = lambda r: responses.append((r.status, r.url))  # noqa: E731
    on_console = lambda m: errors.append(m.text) if m.type == "error" else None  # noqa: E731
    tab.context.on("response", on_response)
    tab.on("console", on_console)
    try:
        main = tab.goto(url, wait_until="load")
        tab.wait_for_load_state("networkidle")
    finally:
        tab.context.remove_listener("response", on_response)
        tab.remove_listener("console", on_console)
    return main.status, responses, errors


@dataclass
class Visit:
    path: str
    status: int
    responses: list[tuple[int, str]]
    console_errors: list[str]
    references: list[str]  # every URL the page refers to, fragments dropped
    downloads: list[str]  # the href of every <a download>


@pytest.fixture(scope="module")
def walk(served, pages, tab) -> list[Visit]:
    """Every page of the sub-path site loaded once; the tests below read what it saw."""
    server, _ = served
    visits = []
    for path in pages:
        status, responses, errors = visit(tab, server.url + path)
        references = [urldefrag(url).url for url in tab.evaluate(_REFERENCES)]
        downloads = tab.eval_on_selector_all("a[download]", "links => links.map(a => a.href)")
        visits.append(Visit(path, status, responses, errors, references, downloads))
    return visits


def test_the_server_sends_what_github_pages_sends(served):
    server, _ = served
    request = urllib.request.Request(server.url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Encoding"] == "gzip"
    status, body, _ = fetch(server.url + MISSING)
    assert status == 404 and b"Page not found" in body
    root = server.url.removesuffix(PREFIX) + "/"
    assert fetch(root)[0] == 404, "nothing outside the sub-path belongs to the site"


def test_every_page_and_asset_loads_under_the_subpath(served, walk):
    server, _ = served
    problems = []
    for v in walk:
        if v.status != 200:
            problems.append(f"/{v.path}: status {v.status}")
        problems += [f"/{v.path}: {s} {u}" for s, u in v.responses if s >= 400]
        problems += [
            f"/{v.path}: request outside {PREFIX}: {u}"
            for _, u in v.responses
            if not u.startswith(server.url)
        ]
        problems += [f"/{v.path}: console error: {e}" for e in v.console_errors]
    assert not problems, "\n".join(problems)
    # The index loads on the first use of search (searching from the 404 page, below), not
    # on a visit: overrides/partials/lazy_search.html.
    assert not any("search_index" in u for v in walk for _, u in v.responses)


def test_every_link_image_and_asset_of_every_page_resolves_under_the_subpath(served, walk):
    """Lazy figures, links and downloads too: every same-site reference answers 200."""
    server, _ = served
    origin = server.url.removesuffix(PREFIX)
    referenced: dict[str, str] = {}
    for v in walk:
        for url in v.references:
            if url.startswith(origin):
                referenced.setdefault(url, v.path)
    broken = [
        f"/{page} refers to {url}: "
        + ("outside the sub-path" if not url.startswith(server.url) else f"status {status}")
        for url, page in sorted(referenced.items())
        if not url.startswith(server.url) or (status := fetch(url)[0]) != 200
    ]
    assert not broken, "\n".join(broken)
    figures = [u for u in referenced if "/figures/" in u and u.endswith(".svg")]
    assert figures, "no figure found on any page"


def test_notebook_downloads_work_under_the_subpath(served, pages, walk):
    server, _ = served
    links = {link for v in walk for link in v.downloads}
    notebook_pages = [p for p in pages if p.startswith("notebooks/")]
    assert len(links) >= len(notebook_pages) > 0, (links, notebook_pages)
    for link in sorted(links):
        assert link.startswith(server.url + "notebooks/") and link.endswith(".ipynb"), link
        status, body, _ = fetch(link)
        assert status == 200, link
        assert json.loads(body)["nbformat"] == 4, link


def test_a_build_with_site_url_passes_the_offline_checks(served):
    """The deploy tests the very build it publishes (SITE_URL set): its own address is the
    site's, so the suite's host and link checks pass on it (a foreign host still fails:
    tests/test_links.py, tests/test_build.py)."""
    server, site = served
    assert broken_links(site, server.url) == []
    assert from_another_host(site, server.url) == []


def test_sitemap_and_canonical_links_name_every_page(served, pages):
    server, _ = served
    status, body, _ = fetch(server.url + "sitemap.xml")
    assert status == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in ElementTree.fromstring(body).findall("s:url/s:loc", namespace)}
    assert listed == {server.url + p for p in pages}
    for path in pages:
        html = fetch(server.url + path)[1].decode()
        assert f'<link rel="canonical" href="{server.url}{path}">' in html, path


def test_a_missing_page_two_folders_deep_is_the_styled_404_with_navigation_and_search(served, tab):
    server, _ = served
    status, responses, errors = visit(tab, server.url + MISSING)
    assert status == 404
    assert [(s, u) for s, u in responses if s >= 400] == [(404, server.url + MISSING)]
    # Chromium logs the document's own 404 as an error; anything else is a fault.
    document_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    assert errors in ([], [document_404]), errors
    assert tab.locator("h1").inner_text() == "Page not found"
    # Styled: Material's stylesheet applied (its header is fixed/sticky, coloured).
    header = tab.locator(".md-header")
    assert header.evaluate("e => getComputedStyle(e).position") in ("sticky", "fixed")
    assert "rgba(0, 0, 0, 0)" not in header.evaluate("e => getComputedStyle(e).backgroundColor")

    # Search works from here: the index loads from the sub-path and a result leads into it.
    tab.locator(".md-search__input").click()
    tab.keyboard.type("learning rate")
    # Results follow each keystroke: wait for those of the whole query (search.highlight
    # puts it in each result's link), not for the first that shows.
    first = tab.locator(
        ".md-search-result__item .md-search-result__link[href*='h=learning+rate']"
    ).first
    first.wait_for()  # a state, with Playwright's default cap
    target = urljoin(tab.url, first.get_attribute("href"))
    assert target.startswith(server.url), target
    first.click()
    tab.wait_for_url(target)
    assert tab.locator("h1").first.inner_text().strip() != "Page not found"

    # So does the navigation: open a section, follow a page of it.
    tab.goto(server.url + MISSING, wait_until="load")
    sidebar = tab.locator(".md-sidebar--primary")
    sidebar.locator("label.md-nav__link", has_text="The distinction").click()
    sidebar.get_by_role("link", name="Model parameters", exact=True).click()
    tab.wait_for_url(server.url + "model-parameters/")
    assert tab.locator("h1").first.inner_text().strip() != "Page not found"
    tab.goto(server.url + MISSING, wait_until="load")
    tab.get_by_role("link", name="Go to the home page").click()
    tab.wait_for_url(lambda url: url.rstrip(".") == server.url)
