"""Benchmark: how long `make test` takes, and its ten slowest tests (part of `make bench`).

The budget is the suite's time when this was written: about 4.5 minutes of
pytest on an idle 2-core machine. The ratio to it is what to compare.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTEST_BUDGET_S = 270.0
DURATION = re.compile(r"^\s*(?P<seconds>[\d.]+)s (?P<phase>call|setup|teardown)\s+(?P<test>\S+)")
SUMMARY = re.compile(r"(?P<counts>\d+ passed.*?) in (?P<seconds>[\d.]+)s")


def report() -> None:
    print("\n== test suite: `make test` (lint, snippets, pages, build, browser)")
    env = {**os.environ, "PYTEST_ADDOPTS": "--durations=10 --durations-min=0"}
    start = time.perf_counter()
    done = subprocess.run(["make", "test"], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    output = done.stdout + done.stderr
    summary = SUMMARY.search(output)
    if done.returncode != 0 or not summary:
        print(f"make test FAILED (exit {done.returncode}) after {wall:.0f} s; its last lines:")
        print("\n".join(output.splitlines()[-15:]))
        return
    pytest_s = float(summary["seconds"])
    print(f"make test: {wall:6.1f} s wall, of which pytest {pytest_s:.1f} s ({summary['counts']})")
    verdict = "met" if pytest_s <= PYTEST_BUDGET_S else "NOT met"
    print(
        f"budget: pytest ≤ {PYTEST_BUDGET_S:.0f} s on an idle 2-core machine: "
        f"{pytest_s / PYTEST_BUDGET_S:.2f}× ({verdict}; a busy machine reads high)"
    )
    print("slowest ten (setup includes the one shared site build):")
    for match in (DURATION.match(line) for line in output.splitlines()):
        if match:
            print(f"  {float(match['seconds']):6.1f} s  {match['phase']:<8} {match['test']}")


if __name__ == "__main__":
    report()
