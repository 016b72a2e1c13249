"""Run `make test` several times in a row while busy loops keep every core loaded.

`make stress-test` runs this. A test that fails only here waits for a time
somewhere instead of for a state: the suite must pass every run. The busy
loops end by themselves after --load-cap seconds (a bound in case this script
is killed) and are stopped as soon as the runs are done.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUSY = "import sys, time\nend = time.monotonic() + float(sys.argv[1])\nwhile time.monotonic() < end: pass"
SUMMARY = re.compile(r"=+ (?P<summary>.*\d+ (passed|failed).*) =+\s*$", re.M)
FAILED = re.compile(r"^(?:FAILED|ERROR) \S+.*$", re.M)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--load-cap", type=float, default=4 * 3600, help="seconds")
    parser.add_argument("--log-dir", type=Path, default=ROOT / ".cache" / "stress")
    args = parser.parse_args()
    args.log_dir.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    loops = [
        subprocess.Popen([sys.executable, "-c", BUSY, str(args.load_cap)]) for _ in range(cores)
    ]
    print(f"{cores} busy loops started (pids {', '.join(str(p.pid) for p in loops)})", flush=True)
    results = []
    try:
        for run in range(1, args.runs + 1):
            start = time.perf_counter()
            done = subprocess.run(["make", "test"], cwd=ROOT, capture_output=True, text=True)
            seconds = time.perf_counter() - start
            output = done.stdout + done.stderr
            log = args.log_dir / f"run-{run}.log"
            log.write_text(output)
            summary = SUMMARY.findall(output)
            line = summary[-1][0] if summary else f"exit {done.returncode}"
            verdict = "passed" if done.returncode == 0 else "FAILED"
            print(
                f"run {run}/{args.runs}: {verdict} in {seconds:.0f} s: {line} ({log})", flush=True
            )
            for failure in FAILED.findall(output):
                print(f"    {failure}", flush=True)
            results.append(done.returncode == 0)
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()
    print(f"{sum(results)} of {len(results)} runs passed under load on {cores} cores")
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
