"""Claims on the pages and the checks that back them (see CONTRIBUTING.md, "Claims").

A sentence, alt text, caption or table cell that says something about a computed
result, and is not itself a value inserted with {{ module.field }}, carries a
marker right after it, naming its check:

    The training loss falls overall. <!-- claim: test_epochs.py::test_claim_training_loss_falls -->

A check is a test in tests/ whose name starts with `test_claim_`. Its docstring
starts with the pages whose claims it backs, e.g. "epochs.md, index.md: ...".
tests/test_claims.py ties markers and checks together; the report hook below
adds the claim's page, line and sentence to a failing check's output.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from computed_pages.plan.markdown_scan import prose_lines
from computed_pages.render.claim_markers import ANY_MARKER, MARKER  # the build strips these

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
DOCS = ROOT / "docs"

CHECK_PREFIX = "test_claim_"
FIGURE = re.compile(r'!\[(?P<alt>[^\]]*)\]\(figure:[\w.]+(?:\s+"(?P<caption>[^"]*)")?\)')
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*_(\[\"“])")


@dataclass(frozen=True)
class Claim:
    page: Path
    line: int
    module: str  # test module file name, e.g. test_epochs.py
    check: str  # test function name
    sentence: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT).as_posix()}:{self.line}"

    @property
    def node(self) -> str:
        return f"tests/{self.module}::{self.check}"

    def describe(self) -> str:
        return f"{self.where}: “{self.sentence}”"


@dataclass(frozen=True)
class Check:
    module: str
    name: str
    line: int
    pages: tuple[str, ...]  # from the docstring, "epochs.md, index.md: ..."
    statement: str  # the docstring after the pages

    @property
    def node(self) -> str:
        return f"tests/{self.module}::{self.name}"


def _plain(text: str) -> str:
    """Markdown source as a reader sees it, near enough to quote in a message."""
    text = ANY_MARKER.sub("", text)
    text = re.sub(r"\[\[([^\]|]+)(?:\|[^\]]+)?\]\]", r"\1", text)  # glossary terms
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links
    text = re.sub(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text)
    text = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", text)  # list bullets
    return " ".join(text.split())


def _sentence(lines: list[str], index: int, column: int) -> str:
    """The sentence, cell or alt text that ends where a marker starts."""
    before = lines[index][:column]
    if before.lstrip().startswith("|"):  # a table cell
        return _plain(before.rsplit("|", 1)[-1])
    figures = list(FIGURE.finditer(before))
    figure = figures[-1] if figures else None
    if figure is not None and not ANY_MARKER.sub("", before[figure.end() :]).strip():
        parts = [f"alt text: {figure['alt'].strip()}"]
        if figure["caption"]:
            parts.append(f"caption: {figure['caption'].strip()}")
        return " | ".join(parts)
    # A paragraph or list item: go back to its start, then keep the last sentence.
    text = [before]
    starts_item = re.match(r"^\s*(?:[-*]|\d+\.)\s", before)
    for previous in range(index - 1, -1, -1 if not starts_item else index - 1):
        line = lines[previous]
        if not line.strip() or line.lstrip().startswith(("#", "|", "!", "```")):
            break
        text.insert(0, line)
        if re.match(r"^\s*(?:[-*]|\d+\.)\s", line):
            break
    joined = " ".join(text)
    # Earlier markers end earlier claims.
    joined = ANY_MARKER.split(joined)[-1] if ANY_MARKER.search(joined) else joined
    sentences = [s for s in SENTENCE_END.split(_plain(joined)) if s.strip()]
    return sentences[-1] if sentences else _plain(joined)


@cache
def claims() -> tuple[Claim, ...]:
    """Every well-formed claim marker on every page, in page and line order."""
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        lines = page.read_text(encoding="utf-8").split("\n")
        for number, line, is_prose in prose_lines("\n".join(lines)):
            if not is_prose:
                continue
            for match in MARKER.finditer(line):
                found.append(
                    Claim(
                        page,
                        number,
                        match["module"],
                        match["check"],
                        _sentence(lines, number - 1, match.start()),
                    )
                )
    return tuple(found)


def malformed_markers() -> list[str]:
    """Markers that start like a claim but do not name a check in the agreed form."""
    bad = []
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for number, line, is_prose in prose_lines(text):
            if not is_prose:
                continue
            for match in ANY_MARKER.finditer(line):
                if not MARKER.fullmatch(match.group(0).strip()):
                    bad.append(f"{page.relative_to(ROOT).as_posix()}:{number}: {match.group(0)}")
    return bad


@cache
def checks() -> tuple[Check, ...]:
    """Every test function named test_claim_* in tests/test_*.py, read without importing."""
    found = []
    for module in sorted(TESTS.glob("test_*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith(CHECK_PREFIX):
                doc = ast.get_docstring(node) or ""
                head, _, statement = doc.partition(":")
                pages = tuple(p.strip() for p in head.split(",") if p.strip().endswith(".md"))
                found.append(
                    Check(module.name, node.name, node.lineno, pages, " ".join(statement.split()))
                )
    return tuple(found)


def claims_backed_by(module: str, name: str) -> list[Claim]:
    return [c for c in claims() if c.module == module and c.check == name]


SNIPPETS = ROOT / "snippets"
# Per session: snippet module -> the first test whose compute() call failed in it, so
# later tests that hit the same failure say so in one line instead of N tracebacks.
_failed_computes: dict[str, str] = {}


@dataclass(frozen=True)
class ComputeFailure:
    module: str  # snippet module name, e.g. epochs
    where: str  # snippets/epochs.py:12, the deepest line of the module in the traceback
    error: str  # RuntimeWarning: divide by zero encountered in scalar divide

    def describe(self) -> str:
        return f"compute() of snippets/{self.module}.py failed: {self.error} at {self.where}"


def compute_failure(excinfo) -> ComputeFailure | None:
    """The failure of a snippet's compute() (an exception, or a warning made an error by
    pytest's filterwarnings), if that is what ended the test; None for a failed assert."""
    if excinfo is None or excinfo.errisinstance(AssertionError):
        return None
    inside = [e for e in excinfo.traceback if SNIPPETS in Path(str(e.path)).parents]
    if not any(e.name == "compute" for e in inside):
        return None
    deepest = inside[-1]
    where = (
        f"{Path(str(deepest.path)).relative_to(SNIPPETS.parent).as_posix()}:{deepest.lineno + 1}"
    )
    error = f"{excinfo.typename}: {excinfo.value}"
    module = Path(str(next(e for e in inside if e.name == "compute").path)).stem
    return ComputeFailure(module, where, error)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing check names the claims on the site that it backs; a check that failed
    because compute() failed says that the claim was not checked (once per module)."""
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    name = getattr(item, "originalname", item.name)
    is_check = name.startswith(CHECK_PREFIX)
    failure = compute_failure(call.excinfo)  # in the test, or in a fixture (setup)
    backed = claims_backed_by(Path(str(item.fspath)).name, name) if is_check else []
    lines = [c.describe() for c in backed] or ["(no page marks a claim with this check)"]
    if failure is None:
        if is_check:
            report.sections.append(
                ("claim on the site that this check backs is false", "\n".join(lines))
            )
        return
    not_checked = "; the claim was not checked" if is_check else "; the test's checks did not run"
    first = _failed_computes.setdefault(failure.module, item.nodeid)
    if first != item.nodeid:  # the traceback is in the report of the first one
        report.longrepr = f"{failure.describe()}{not_checked} (traceback: {first})"
        return
    title = f"{failure.describe()}{not_checked}"
    report.sections.append((title, "\n".join(lines) if is_check else item.nodeid))
