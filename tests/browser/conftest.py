"""The built site served on 127.0.0.1, one headless Chromium, one tab per theme.

The server and the browser live for the whole session; each theme has one
browser context (its own localStorage) with one tab that every test reuses.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser_check import FLAGS, find_chromium, instructions
from tests.conftest import build_copy
from tests.fixture_page import project_with_fixture

from .tab import CAP_MS, Tab

THEMES = ("default", "slate")  # Material's light and dark colour schemes
# A cap, not a wait: every expect() ends with the state it waits for.
expect.set_options(timeout=CAP_MS)


def pytest_configure(config):
    # CI must never pass without the browser tests: no browser fails them (see
    # the browser fixture), and leaving them out on purpose is refused there.
    if os.environ.get("CI") == "true" and "not browser" in config.option.markexpr:
        raise pytest.UsageError("CI runs the browser tests: drop -m 'not browser'")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep pytest's output readable
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a browser may drop a connection mid-file; failures show in the browser


def _served(directory: Path):
    """Serve `directory` on 127.0.0.1 for as long as the generator lives; yields its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def site_url(built_site):
    yield from _served(built_site)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory, built_site) -> str:
    """A copy of the project with tests/fixtures/math_and_wide_table.md, built and served."""
    project = project_with_fixture(tmp_path_factory.mktemp("fixture-page"))
    code, log = build_copy(project)
    assert code == 0, log
    yield from _served(project / "site")


@pytest.fixture(scope="session")
def site_pages(built_site) -> list[str]:
    """Every page of the built site, as a path from the root ("", "epochs/", ...)."""
    folders = (p.parent.relative_to(built_site) for p in built_site.rglob("index.html"))
    return sorted("" if f == Path(".") else f"{f.as_posix()}/" for f in folders)


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None:  # fail, never skip: CI must not pass without a browser
        pytest.fail(instructions(), pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def tabs(browser, site_url) -> dict[str, Tab]:
    """A tab per theme, the theme stored the way Material's palette toggle does."""
    opened = {}
    for scheme in THEMES:
        opened[scheme] = Tab(browser.new_context(), site_url)
        opened[scheme].store_scheme(scheme)
    yield opened
    for tab in opened.values():
        tab.close()


@pytest.fixture(scope="session")
def phone(browser, site_url) -> Tab:
    tab = Tab(
        browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True),
        site_url,
    )
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def visits(tabs, site_pages) -> list:
    """Every page in both themes, loaded once and looked at by several tests."""
    done = []
    for path in site_pages:
        for tab in tabs.values():  # both themes at once, one tab each
            tab.start_visit(path)
        done += [tab.finish_visit() for tab in tabs.values()]
    return done
