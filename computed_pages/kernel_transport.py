"""Run the notebooks' kernels over local IPC sockets instead of TCP.

ipykernel warns "Kernel is running over TCP without encryption" on every
notebook run, which a contributor reads as their own mistake. The warning is
right about TCP, so the fix is at its source: jupyter_client's
`KernelManager.transport` set to "ipc" (Unix sockets in Jupyter's private
runtime folder), through a Jupyter config folder that nbconvert (inside
mkdocs-jupyter) reads. Every other kernel message still reaches the build log.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from jupyter_core.paths import jupyter_runtime_dir


def use_ipc(cache: Path) -> None:
    if os.name != "posix":  # IPC needs Unix sockets; elsewhere TCP (and its warning) stay
        return
    runtime = Path(jupyter_runtime_dir())
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    # An absolute socket path: the kernel starts in the notebook's folder, the client does not.
    settings = {"KernelManager": {"transport": "ipc", "ip": f"{runtime}/mkdocs-{os.getpid()}-ipc"}}
    folder = cache / "jupyter-config"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jupyter_nbconvert_config.json").write_text(json.dumps(settings, indent=1) + "\n")
    paths = [
        str(folder),
        *filter(None, os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep)),
    ]
    os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(dict.fromkeys(paths))


def ipc_kernel_manager_class():
    """A KernelManager class on IPC sockets, for running a notebook directly (nbclient)."""
    from jupyter_client import KernelManager
    from traitlets import default

    class IpcKernelManager(KernelManager):
        @default("transport")
        def _ipc_transport(self) -> str:
            return "ipc" if os.name == "posix" else "tcp"

        @default("ip")
        def _ipc_path(self) -> str:
            if os.name != "posix":
                return "127.0.0.1"
            runtime = Path(jupyter_runtime_dir())
            runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
            return f"{runtime}/stage-{os.getpid()}-ipc"

    return IpcKernelManager
