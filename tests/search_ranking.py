"""The pages Material's search lists for a query, best first, ranked by Material's
own search worker in Node: no browser, so an index can be checked in a second.
(The same worker runs in Chromium in tests/browser/test_search.py.)"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import material

_SCRIPT = Path(__file__).with_name("search_rank.js")


def worker_script() -> Path:
    """Material's search worker, as its package ships it (one file, lunr inside)."""
    workers = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    found = sorted(workers.glob("search.*.min.js"))
    if len(found) != 1:
        raise RuntimeError(f"expected one search worker in {workers}, found {found}")
    return found[0]


def node_binary() -> str:
    """Node from the PATH, else the one Playwright ships for its driver (installed with
    the lock), so a machine with only Python and make runs this test too."""
    import playwright

    found = shutil.which("node") or Path(playwright.__file__).parent / "driver" / "node"
    if not Path(found).is_file():
        raise RuntimeError(f"no node on the PATH and none at {found}")
    return str(found)


def ranked_pages(index: dict, queries: list[str]) -> dict[str, list[str]]:
    """Each query's result pages (index locations such as "epochs/"), best first."""
    node = node_binary()
    request = {"worker": str(worker_script()), "index": index, "queries": queries}
    done = subprocess.run(
        [node, str(_SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"the search worker failed in node:\n{done.stderr}")
    return json.loads(done.stdout)
