"""Benchmark of the contributor's loop (`make bench` calls `report`).

- A rebuild with nothing changed right after `mkdocs serve` ran, and right after the
  test suite's builds ran (a build into another site folder, then `mkdocs serve`), each
  against the warm reference: budget 1.2x, and no notebook executed.
- The fast loop for one page, `make check PAGE=docs/learning-rate.md`: budget 30 s.

Runs on a throwaway copy (with the warm cache) so the working tree is untouched.
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench import ENV, MKDOCS, build, recomputed
from project_files import copy_project

REBUILD_BUDGET = 1.2
FAST_LOOP_BUDGET_S = 30.0
FAST_LOOP_PAGE = "docs/learning-rate.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_until_ready(project: Path) -> None:
    """Run `mkdocs serve` until its first build is done and it serves, then stop it."""
    server = subprocess.Popen(
        [str(MKDOCS), "serve", "--dev-addr", f"127.0.0.1:{_free_port()}", "--livereload"],
        cwd=project,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        log = []
        for line in server.stdout:  # a state, not a timer: the line that says it serves
            log.append(line)
            if "Serving on" in line:
                break
        else:
            raise SystemExit("mkdocs serve stopped before serving:\n" + "".join(log))
    finally:
        server.terminate()
        server.wait(timeout=60)


def report(runs: int) -> None:
    print(f"\n== contributor loop (median of {runs} runs)")
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project", with_cache=True, with_tooling=True)
        build(project)  # warm the copy: every figure and notebook in its cache

        def after(prepare) -> tuple[float, float, list[str]]:
            """Median rebuild after `prepare`, and the reference measured alongside it."""
            times, references, log = [], [], ""
            for _ in range(runs):
                prepare()
                seconds, log = build(project)
                times.append(seconds)
                references.append(build(project)[0])  # nothing changed since: the reference
            return statistics.median(times), statistics.median(references), recomputed(log)

        def test_suite_builds() -> None:  # conftest's built_site, then the serve test
            other = Path(tmp) / "test-site"
            subprocess.run(
                [str(MKDOCS), "build", "--strict", "--site-dir", str(other)],
                cwd=project,
                env=ENV,
                capture_output=True,
                check=True,
            )
            serve_until_ready(project)

        for label, prepare in (
            ("rebuild right after mkdocs serve", lambda: serve_until_ready(project)),
            ("rebuild right after the test suite's builds", test_suite_builds),
        ):
            seconds, reference, what = after(prepare)
            ratio = seconds / reference
            verdict = "met" if ratio <= REBUILD_BUDGET and not what else "NOT met"
            print(
                f"{label:<55} {seconds:6.2f} s  {ratio:5.2f}× reference ({reference:.2f} s)  "
                f"recomputed: {', '.join(what) or 'nothing'}  "
                f"(budget ≤ {REBUILD_BUDGET}×, nothing run: {verdict})"
            )

        times = []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(
                ["make", "--no-print-directory", "check", f"PAGE={FAST_LOOP_PAGE}"],
                cwd=project,
                env=ENV,
                capture_output=True,
                text=True,
            )
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                raise SystemExit(f"make check failed:\n{done.stdout[-4000:]}\n{done.stderr}")
        seconds = statistics.median(times)
        verdict = "met" if seconds < FAST_LOOP_BUDGET_S else "NOT met"
        print(
            f"{'make check PAGE=' + FAST_LOOP_PAGE:<55} {seconds:6.2f} s  "
            f"(budget < {FAST_LOOP_BUDGET_S:.0f} s: {verdict})"
        )
