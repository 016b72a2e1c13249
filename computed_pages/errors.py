"""The engine's own error: a message that names the file and line to fix.

Adapters turn it into their generator's error (MkDocs' PluginError) or an exit
status; the engine itself never imports a generator.
"""

from __future__ import annotations


class EngineError(Exception):
    """A page, a snippet module or a setting the engine cannot build from."""
