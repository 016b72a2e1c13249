"""Every page, in both themes, loads cleanly and only from 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def test_there_are_pages_and_notebook_pages(site_pages):
    assert "" in site_pages and len(site_pages) > 3, site_pages
    assert any(p.startswith("notebooks/") for p in site_pages), site_pages


def test_no_console_error_and_no_failed_request(visits):
    problems = [
        f"{v.scheme} /{v.path}: {problem}"
        for v in visits
        for problem in v.record.console_errors + v.record.failures
    ]
    assert not problems, "\n".join(problems)


def test_every_request_stays_on_127_0_0_1(visits):
    elsewhere = [
        f"{v.scheme} /{v.path}: {url}"
        for v in visits
        for url in v.record.requests
        if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname != "127.0.0.1"
    ]
    assert not elsewhere, "\n".join(elsewhere)
    assert all(v.record.requests for v in visits), "requests were not recorded"
