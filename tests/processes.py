"""Look at the processes a build started, and wait for states of them (never for a time)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

POLL = 0.05  # how often a state is looked at; the wait ends with the state, not with a time


def alive(pid: int) -> bool:
    """Running or sleeping; a zombie (dead, not yet reaped) counts as gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in {"Z", "X"}


def snippet_workers(root: Path) -> list[int]:
    """PIDs of the snippet workers running for the project at `root`."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:  # ended while we looked
            continue
        ours = b"computed_pages.compute.worker" in argv and str(root).encode() in argv
        if ours and alive(int(proc.name)):
            found.append(int(proc.name))
    return found


def wait_for(state: Callable[[], object], what: str, cap: float = 600.0):
    """Return `state()` once it is truthy. `cap` only turns a hang into a failure."""
    give_up = time.monotonic() + cap
    while not (value := state()):
        assert time.monotonic() < give_up, f"never happened: {what}"
        time.sleep(POLL)
    return value
