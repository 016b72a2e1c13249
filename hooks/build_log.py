"""Under `mkdocs serve`, an error that repeats in the next rebuild is printed again.

MkDocs drops any message its build logger has printed before in the same process
(`DuplicateFilter`), so a contributor who saves twice without fixing the mistake
sees a bare "Aborted with a BuildError!" the second time. Forgetting at the start
of each build keeps de-duplication within one build and shows every failure.
"""

from __future__ import annotations

import logging

from mkdocs.utils import DuplicateFilter


def forget_earlier_builds() -> None:
    for log_filter in logging.getLogger("mkdocs.commands.build").filters:
        if isinstance(log_filter, DuplicateFilter):
            log_filter.msgs.clear()
