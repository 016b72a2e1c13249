"""`mkdocs serve` under faults: it stays up, names each error's file and line, serves each fix.

One server runs on a copy of the project for the whole test. Every step
waits for a line of the server's log or for a page it serves, never for a
time. A fix is written beside the file and renamed over it, so the server
never rebuilds from a half-written file.
"""

from __future__ import annotations

import ast
import os
import queue
import socket
import subprocess
import threading
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import BUILD_ENV, ROOT
from tests.processes import snippet_workers
from tests.project_files import PROJECT_PARTS
from tests.test_failures import first_figure_page

STEP_CAP = 600  # seconds; only turns a hung server into a failure
FAILED = "An error happened during the rebuild"
REBUILT = "Reloading browsers"
TIME_LIMIT = 15  # seconds; a snippet that raises does so well within it on a loaded machine
WATCHED = PROJECT_PARTS  # the server watches what a build reads


class ServerLog:
    """The server's output, line by line, read on a thread so the server never blocks on it."""

    def __init__(self, server: subprocess.Popen):
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, args=(server,), daemon=True)
        self.reader.start()

    def _read(self, server):
        for line in server.stdout:
            self.lines.put(line)
        self.lines.put(None)  # the server ended

    def expect(self, text: str) -> str:
        """Read up to the first line containing `text`; return everything read for it."""
        read = []
        while True:
            try:
                line = self.lines.get(timeout=STEP_CAP)
            except queue.Empty:
                raise AssertionError(f"no '{text}' from the server:\n{''.join(read)}") from None
            assert line is not None, f"the server ended, waiting for '{text}':\n{''.join(read)}"
            read.append(line)
            self.seen.append(line)
            if text in line:
                return "".join(read)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _replace(path: Path, text: str) -> None:
    """Write `text` to `path` in one step: drafted in the (unwatched) project folder, renamed."""
    project = next(p for p in path.parents if (p / "mkdocs.yml").is_file())
    draft = project / f".{path.name}.draft"
    draft.write_text(text)
    os.replace(draft, path)


def _watched_files(project: Path) -> dict[str, int]:
    found = {}
    for part in WATCHED:
        for path in [project / part, *(project / part).rglob("*")]:
            if path.is_file():
                found[path.relative_to(project).as_posix()] = path.stat().st_mtime_ns
    return found


def _compute_line(source: Path) -> tuple[int, str]:
    """The first statement of compute(): (its line, its indentation)."""
    compute = next(
        n for n in ast.parse(source.read_text()).body if getattr(n, "name", "") == "compute"
    )
    first = compute.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        first = compute.body[1]
    return first.lineno, " " * first.col_offset


def _with_line(text: str, line: int, statement: str) -> str:
    lines = text.splitlines()
    lines.insert(line - 1, statement)
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_serve_survives_faults_reports_them_and_serves_each_fix(project_copy):
    project = project_copy
    page, module = first_figure_page(project)
    page_uri = page.relative_to(project / "docs").as_posix()
    page_url_path = "" if page_uri == "index.md" else page_uri.removesuffix(".md") + "/"
    snippet = project / "snippets" / f"{module}.py"
    glossary = project / "docs" / "_data" / "glossary.yml"
    originals = {path: path.read_text() for path in (page, snippet, glossary)}
    before = _watched_files(project)
    port = _free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**BUILD_ENV, "SNIPPET_TIME_LIMIT": str(TIME_LIMIT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log = ServerLog(server)

    def served(path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=60) as response:
            return response.read().decode()

    def breaks(path: Path, text: str, *expected: str) -> None:
        _replace(path, text)
        report = log.expect(expected[0]) + log.expect(FAILED)
        for part in expected[1:]:
            assert part in report, f"'{part}' missing from the report:\n{report}"
        assert server.poll() is None, "the server stopped on a failed build"

    def fixes(path: Path, text: str) -> None:
        _replace(path, text)
        log.expect(REBUILT)

    try:
        log.expect("Serving on")
        assert "<h1" in served(page_url_path)

        line, indent = _compute_line(snippet)
        raises = _with_line(originals[snippet], line, f"{indent}raise RuntimeError('broken here')")
        breaks(snippet, raises, f"snippets/{module}.py:{line}: RuntimeError: broken here")
        fixes(snippet, originals[snippet])
        assert "<h1" in served(page_url_path)

        unknown = originals[page] + "\nA number: {{ " + module + ".no_such_value }}.\n"
        unknown_line = unknown.splitlines().index("A number: {{ " + module + ".no_such_value }}.")
        breaks(page, unknown, f"docs/{page_uri}:{unknown_line + 1}:", "no_such_value")
        fixes(page, originals[page] + "\nFixed, and served.\n")
        assert "Fixed, and served." in served(page_url_path)

        bad_yaml = originals[glossary] + "\n- term: [unclosed\n"
        yaml_lines = len(bad_yaml.splitlines())
        breaks(glossary, bad_yaml, "glossary.yml:", "not valid YAML")
        report = "".join(log.seen[-40:])
        assert any(f"glossary.yml:{n}:" in report for n in (yaml_lines, yaml_lines + 1)), report
        fixes(glossary, originals[glossary])
        assert "id=" in served("glossary/")

        hangs = _with_line(originals[snippet], line, f"{indent}import time; time.sleep(3600)")
        breaks(
            snippet,
            hangs,
            f"snippets/{module}.py: TimeoutError: stopped after the snippet time limit of "
            f"{TIME_LIMIT} s",
            "used at docs/",
        )
        assert not snippet_workers(project), "the stopped snippet's worker still runs"
        fixes(snippet, originals[snippet])
        assert "<h1" in served(page_url_path)
    finally:
        server.terminate()
        server.wait(timeout=STEP_CAP)
        log.reader.join()  # it ends at the end of the server's output
        server.stdout.close()
    # A build that writes into a watched folder makes `mkdocs serve` rebuild forever.
    after = _watched_files(project)
    assert set(after) == set(before), f"files appeared or vanished: {set(after) ^ set(before)}"
    untouched = {key for key in before if (project / key) not in originals}
    changed = sorted(key for key in untouched if after[key] != before[key])
    assert not changed, f"serving changed watched files: {changed}"
