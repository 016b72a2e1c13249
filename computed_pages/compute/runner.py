"""Run snippet workers: each in its own process group, within a time limit, into an atomic cache.

- A worker runs in a new session, so one signal to its group ends it and
  everything its snippet started: on timeout, on Ctrl-C, on a failed build.
- A worker gets the read end of a pipe that only the build holds open. When
  the build dies, even by SIGKILL, the pipe closes and the worker ends its own
  group (`end_with_build`): no orphan keeps computing or hangs.
- A worker writes into a scratch folder beside the cache entry, and only a
  complete entry is renamed into place: a killed build leaves at most a
  scratch folder, which the next build removes.

This module knows nothing about MkDocs; computed_pages/build.py calls it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from computed_pages.compute.orphans import PARENT_FD_ENV
from computed_pages.config import LIMIT_ENV, SECTION

log = logging.getLogger("mkdocs.computed_pages.runner")  # MkDocs shows "mkdocs.*" loggers

SCRATCH_PREFIX = ".partial-"  # .partial-<build pid>-<entry name>-<random>

_live: set[subprocess.Popen] = set()
_live_lock = threading.Lock()


WORKER = "computed_pages.compute.worker"  # run as `python -m`, in a fresh interpreter
_ENGINE_PARENT = str(Path(__file__).resolve().parents[2])  # the folder holding computed_pages/


def run(root: Path, name: str, entry: Path, figures: Iterable[str], limit: float):
    """Run the worker for snippet module `name`; return its outcome as the worker's JSON dict.

    On success the outcome gains "seconds" and the cache entry `entry` exists,
    complete. On failure it is {"error": {file, line, message, traceback}}.
    """
    start = time.perf_counter()
    entry.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(entry.parent)
    scratch = Path(
        tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-{entry.name}-", dir=entry.parent)
    )
    try:
        outcome = _run_worker(root, name, scratch, sorted(figures), limit)
        if "error" not in outcome:
            _publish(scratch, entry)
            outcome["seconds"] = time.perf_counter() - start
            log.info("computed snippets/%s.py in %.1f s", name, outcome["seconds"])
        return outcome
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run_all(items: list, job: Callable, workers: int) -> list:
    """`job` over `items` on `workers` threads; an interrupt kills every worker first."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        try:
            return list(pool.map(job, items))
        except BaseException:  # Ctrl-C, or a failure here: no worker may outlive the build
            kill_all()
            raise


def kill_all() -> None:
    with _live_lock:
        for process in _live:
            _kill_group(process)


def _run_worker(root, name, out_dir, figures, limit) -> dict:
    # No __pycache__ in snippets/: `mkdocs serve` watches that folder and would rebuild forever.
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    # The engine importable wherever the project being built lies (its snippets: cwd=root).
    paths = [_ENGINE_PARENT, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    done = run_child(
        [sys.executable, "-m", WORKER, str(root), name, str(out_dir), *figures], root, env, limit
    )
    if done is None:
        return _error(
            f"TimeoutError: stopped after the snippet time limit of {limit:g} s; if it needs "
            f"longer, raise the limit with {LIMIT_ENV}=<seconds> or with "
            f"`extra: {{{SECTION}: {{snippet_time_limit: <seconds>}}}}` in mkdocs.yml"
        )
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        return _error(last or f"the worker ended with exit status {done.returncode}", done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_child(
    command: list[str], cwd: Path, env: dict, limit: float
) -> subprocess.CompletedProcess | None:
    """Run `command` as a worker of the build: in its own process group, ended with the build
    (orphans.end_with_build, on its side) and killed by `kill_all`; None if it outran `limit`."""
    keep_open, for_worker = os.pipe()[::-1]  # (write end, read end)
    env = {**env, PARENT_FD_ENV: str(for_worker)}
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=cwd,
            start_new_session=True,  # its own process group: one kill ends the whole tree
            pass_fds=(for_worker,),
        )
    finally:
        os.close(for_worker)
    with _live_lock:
        _live.add(process)
    try:
        stdout, stderr = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        return None
    finally:
        with _live_lock:
            _live.discard(process)
        os.close(keep_open)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _error(message: str, traceback: str = "") -> dict:
    return {"error": {"file": None, "line": None, "message": message, "traceback": traceback}}


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, signal.SIGKILL)


def _publish(scratch: Path, entry: Path) -> None:
    """Put a complete entry in place with renames; readers never see a partial one."""
    if entry.exists():  # an older entry of the same code with fewer figures
        old = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-old-", dir=entry.parent))
        entry.rename(old / entry.name)
        scratch.rename(entry)
        shutil.rmtree(old, ignore_errors=True)
    else:
        scratch.rename(entry)


def remove_leftovers(cache_dir: Path) -> None:
    """Remove the scratch folders of builds that no longer run (killed ones)."""
    for path in cache_dir.glob(f"{SCRATCH_PREFIX}*"):
        pid = path.name[len(SCRATCH_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
