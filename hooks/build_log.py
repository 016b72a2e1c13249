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
"""

from __future__ import annotations

import logging
import re

from mkdocs.utils import DuplicateFilter

BUILD_LOGGERS = ("mkdocs.commands.build", "properdocs.commands.build")  # MkDocs, ProperDocs
EMPTY_PAGE_ERROR = re.compile(r"Error (?:reading|building) page '(?P<page>[^']+)':")


class FoldEmptyPageError(logging.Filter):
    """Hold back MkDocs' empty "Error reading page 'x.md':" and let the next ERROR carry it."""

    def __init__(self, docs_folder: str):
        super().__init__()
        self.docs_folder = docs_folder
        self.pending: str | None = None  # the page of a held-back line

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        message = record.getMessage()
        empty = EMPTY_PAGE_ERROR.fullmatch(message.strip())
        if empty:
            self.pending = empty["page"]
            return False
        page, self.pending = self.pending, None
        if page and page not in message:  # another plugin's error: say which page
            record.msg, record.args = f"{self.docs_folder}/{page}: {message}", ()
        return True


def forget_earlier_builds(docs_folder: str = "docs") -> None:
    """At the start of each build: no memory of earlier builds, and the folding filter on."""
    for name in BUILD_LOGGERS:
        logger = logging.getLogger(name)
        for log_filter in list(logger.filters):
            if isinstance(log_filter, DuplicateFilter):
                log_filter.msgs.clear()
            elif isinstance(log_filter, FoldEmptyPageError):
                logger.removeFilter(log_filter)
        logger.addFilter(FoldEmptyPageError(docs_folder))
