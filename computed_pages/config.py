"""The engine's one configuration, typed and checked.

MkDocs reads it from `mkdocs.yml` under `extra: computed_pages:` (hooks/engine.py);
the stage command from its options. A key the engine does not know stops the
build with the closest known name: a misspelt setting is never silently ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from computed_pages import suggest
from computed_pages.errors import EngineError

DEFAULT_TIME_LIMIT = 900.0  # seconds; the slowest module (drawing both variants of every frame) takes about 40 s idle, and five times that with every core busy
LIMIT_ENV = "SNIPPET_TIME_LIMIT"  # seconds; wins over the configuration file
SECTION = "computed_pages"  # extra: computed_pages: in mkdocs.yml


@dataclass(frozen=True)
class EngineConfig:
    root: Path  # the project: snippets/ and .cache/ are here
    docs_dir: Path  # the Markdown pages
    snippet_time_limit: float = DEFAULT_TIME_LIMIT  # seconds a snippet module may compute
    use_directory_urls: bool = True  # "page/" rather than "page.html"

    @property
    def docs_name(self) -> str:
        """How messages name the docs folder: "docs/page.md:12"."""
        return self.docs_dir.name

    @property
    def cache(self) -> Path:
        return self.root / ".cache"


SETTINGS = ("snippet_time_limit",)  # what a user may set; the rest comes from the generator


def from_settings(
    root: Path, docs_dir: Path, settings: dict | None, where: str, use_directory_urls: bool = True
) -> EngineConfig:
    """Check `settings` (the user's mapping; `where` names it in messages) into an EngineConfig.

    The environment variable SNIPPET_TIME_LIMIT wins over the file.
    """
    settings = {} if settings is None else settings
    if not isinstance(settings, dict):
        raise EngineError(f"{where} must be a mapping of settings, not {settings!r}")
    for key in settings:
        if key not in SETTINGS:
            raise EngineError(
                f"{where}: unknown setting '{key}'{suggest.did_you_mean(key, SETTINGS)} "
                f"(known: {', '.join(SETTINGS)})"
            )
    limit = DEFAULT_TIME_LIMIT
    if os.environ.get(LIMIT_ENV):
        limit = time_limit(os.environ[LIMIT_ENV], f"the environment variable {LIMIT_ENV}")
    elif settings.get("snippet_time_limit") is not None:
        limit = time_limit(settings["snippet_time_limit"], f"{where}: snippet_time_limit")
    return EngineConfig(Path(root), Path(docs_dir), limit, use_directory_urls)


def time_limit(raw, where: str) -> float:
    try:
        limit = float(raw)
    except (TypeError, ValueError):
        limit = 0.0
    if not limit > 0:  # also NaN
        raise EngineError(f"{where} must be a number of seconds above 0, not {raw!r}")
    return limit


def reject_loose_settings(extra: dict, where: str) -> None:
    """An engine setting written beside its section, not in it, would be ignored: stop."""
    for key in extra or {}:
        close = suggest.closest(key, SETTINGS)
        if close:
            raise EngineError(
                f"{where}: '{key}' is a setting of the engine; write it under "
                f"{SECTION}: (as {SECTION}: {{{close}: ...}})"
            )
