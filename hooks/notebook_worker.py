"""Execute and convert one notebook as mkdocs-jupyter would, into mkdocs-jupyter's own cache.

Run by hooks/notebook_prerender.py (`main()` with the spec as JSON argument), one
process per notebook, beside the others: mkdocs-jupyter's converter keeps per-notebook
state in module globals (its cell counter), so notebooks run side by side only in
separate processes. The calls and the cache entry are the plugin's own (its
`on_pre_page` in mkdocs-jupyter 0.26.3): when it renders the page it finds the entry and
runs nothing. Prints {"log": [...], "seconds": ...} as JSON; a failure exits non-zero
and writes nothing, and the plugin then runs the notebook itself and reports the error.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path


class _Lines(logging.Handler):
    """mkdocs-jupyter's log lines ("Converting notebook ..."), for the build's log."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def run(spec: dict) -> dict:
    from mkdocs_jupyter import convert
    from mkdocs_jupyter.plugin import _get_nb_toc_tokens

    lines = _Lines()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(lines)
    logger.setLevel(logging.INFO)
    start = time.perf_counter()
    body = convert.nb2html(spec["notebook"], **spec["options"])
    toc_tokens, title = _get_nb_toc_tokens(spec["notebook"], spec["toc_depth"])
    entry = Path(spec["cache_entry"])
    entry.parent.mkdir(parents=True, exist_ok=True)
    # Whole or absent: a killed worker leaves no half entry for the plugin to read, and
    # its scratch file ends in .json, so the plugin's eviction of unused entries removes it.
    scratch = entry.with_name(f".{entry.stem}.{os.getpid()}.json")
    scratch.write_text(
        json.dumps({"content": body, "toc_tokens": toc_tokens, "title": title}), encoding="utf-8"
    )
    os.replace(scratch, entry)
    return {"log": lines.lines, "seconds": time.perf_counter() - start}


def main() -> None:
    from computed_pages import kernel_transport
    from computed_pages.compute import orphans

    orphans.end_with_build()  # no orphan: this process group ends with the build
    os.environ.pop(orphans.PARENT_FD_ENV, None)  # the kernel gets the build's environment
    with tempfile.TemporaryDirectory(prefix="notebook-worker-") as config_folder:
        # Socket names of this process's own: kernels started side by side never pick the
        # same one (they are numbered by what exists when each starts).
        kernel_transport.use_ipc(Path(config_folder))
        print(json.dumps(run(json.loads(sys.argv[1]))))
