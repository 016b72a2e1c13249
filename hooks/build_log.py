"""The build log as a contributor reads it: the first ERROR line says what is wrong.

- Under `mkdocs serve`, an error that repeats in the next rebuild is printed again.
  MkDocs drops any message its build logger has printed before in the same process
  (`DuplicateFilter`), so a contributor who saves twice without fixing the mistake
  sees a bare "Aborted with a BuildError!" the second time. Forgetting at the start
  of each build keeps de-duplication within one build and shows every failure.
- A page that fails while it is rendered (a formula that does not parse, say) makes
  MkDocs print an empty "Error reading page 'x.md':" first and the message on the next
  ERROR line. The empty line is folded into the next one, so the first ERROR line
  carries the file, the line and what is wrong (it gets the page's path if it lacks it).
  An include that fails (pymdownx.snippets: "Snippet section 'x' could not be located")
  gets the page's path and the line of its `--8<--`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.utils import DuplicateFilter

BUILD_LOGGERS = ("mkdocs.commands.build", "properdocs.commands.build")  # MkDocs, ProperDocs
EMPTY_PAGE_ERROR = re.compile(r"Error (?:reading|building) page '(?P<page>[^']+)':")
INCLUDE_ERROR = re.compile(
    r"Error reading page '(?P<page>[^']+)': (?P<what>Snippet (?:section|at path) '(?P<name>[^']+)'.*)",
    re.DOTALL,
)


class FoldEmptyPageError(logging.Filter):
    """Hold back MkDocs' empty "Error reading page 'x.md':" and let the next ERROR carry it."""

    def __init__(self, docs_dir: Path):
        super().__init__()
        self.docs_dir = Path(docs_dir)
        self.docs_folder = self.docs_dir.name
        self.pending: str | None = None  # the page of a held-back line

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        message = record.getMessage()
        empty = EMPTY_PAGE_ERROR.fullmatch(message.strip())
        if empty:
            self.pending = empty["page"]
            return False
        include = INCLUDE_ERROR.fullmatch(message.strip())
        if include:
            line = self._include_line(include["page"], include["name"])
            at = f"{self.docs_folder}/{include['page']}" + (f":{line}" if line else "")
            record.msg, record.args = f"{at}: {include['what']}", ()
            return True
        page, self.pending = self.pending, None
        if page and page not in message:  # another plugin's error: say which page
            record.msg, record.args = f"{self.docs_folder}/{page}: {message}", ()
        return True

    def _include_line(self, page: str, name: str) -> int | None:
        """The line of the page's `--8<--` that names the missing file or section."""
        try:
            lines = (self.docs_dir / page).read_text(encoding="utf-8").splitlines()
        except OSError:
            return None
        return next(
            (n for n, text in enumerate(lines, 1) if "--8<--" in text and name in text), None
        )


def forget_earlier_builds(docs_dir: Path = Path("docs")) -> None:
    """At the start of each build: no memory of earlier builds, and the folding filter on."""
    for name in BUILD_LOGGERS:
        logger = logging.getLogger(name)
        for log_filter in list(logger.filters):
            if isinstance(log_filter, DuplicateFilter):
                log_filter.msgs.clear()
            elif isinstance(log_filter, FoldEmptyPageError):
                logger.removeFilter(log_filter)
        logger.addFilter(FoldEmptyPageError(docs_dir))
