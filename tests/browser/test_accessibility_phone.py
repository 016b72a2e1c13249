"""axe-core at phone width (390 px): no violation on any page, in either theme.

The desktop run is test_accessibility.py. A phone layout is another page to
axe: the navigation drawer, the header and reflowed figures and tables have
their own markup and colours.
"""

from __future__ import annotations

import pytest

from .conftest import THEMES
from .tab import Tab, axe_findings

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def phone_visits(browser, site_url, site_pages) -> list:
    tabs = []
    for scheme in THEMES:
        tab = Tab(browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True), site_url)
        tab.store_scheme(scheme)
        tabs.append(tab)
    done = []
    try:
        for path in site_pages:
            for tab in tabs:  # both themes at once, one tab each; images: test_phone.py
                tab.start_visit(path, images=False)
            done += [tab.finish_visit() for tab in tabs]
    finally:
        for tab in tabs:
            tab.close()
    return done


def test_axe_finds_no_violation_at_phone_width(phone_visits):
    assert {v.scheme for v in phone_visits} == set(THEMES)
    found = axe_findings(phone_visits)
    assert not found, "\n".join(found)
