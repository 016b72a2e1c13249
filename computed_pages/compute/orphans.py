"""A worker never outlives the build that started it.

The build holds the write end of a pipe and passes the read end to the worker
(its number in SNIPPET_BUILD_PIPE). The worker watches it: when the build ends,
even by SIGKILL, the pipe closes and the worker ends its own process group.
Worker side only; the build side is runner.py.
"""

from __future__ import annotations

import os
import signal
import threading

PARENT_FD_ENV = "SNIPPET_BUILD_PIPE"  # the worker's end of the pipe the build holds


def end_with_build() -> None:
    """In a worker: end this process group as soon as the build that started it is gone."""
    fd = os.environ.get(PARENT_FD_ENV)
    if not fd:
        return  # run by hand

    def watch() -> None:
        while os.read(int(fd), 1):  # the build never writes: this returns only at its end
            pass
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()
