"""The address the site is published at, for the checks that no page loads from another host.

mkdocs.yml reads `site_url` from SITE_URL. The deploy workflow tests the very build it
publishes, made with SITE_URL set, and such a build names its own address: canonical
links, notebook downloads and the 404 page's assets under the sub-path. Those point at
the site itself, not at another host; everything else off the site still fails.
"""

from __future__ import annotations

import os


def published_address() -> str | None:
    """The configured site_url with its trailing slash (as MkDocs writes it), or None."""
    url = os.environ.get("SITE_URL")
    return url.rstrip("/") + "/" if url else None


def is_own(url: str, address: str | None) -> bool:
    """Whether `url` lies under the site's own published address (never true without one).

    A prefix ending in "/" so `https://o.github.io/repo-other/` is not `.../repo/`.
    """
    return address is not None and url.startswith(address)
