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


def ranked_pages(index: dict, queries: list[str]) -> dict[str, list[str]]:
    """Each query's result pages (index locations such as "epochs/"), best first."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not installed: apt-get install nodejs")
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
