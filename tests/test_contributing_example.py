"""CONTRIBUTING's worked example, followed literally in a scratch copy, builds and passes.

The files, nav lines and commands come from CONTRIBUTING.md itself, from the
blocks marked `<!-- example: ... -->`, so the guide cannot drift from the code.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import BUILD_ENV, ROOT
from tests.project_files import copy_project

GUIDE = ROOT / "CONTRIBUTING.md"
MARKER = re.compile(r"^<!-- example: (?P<action>.+?) -->$")
FENCE = re.compile(r"^(?P<marks>`{3,})(?P<info>.*)$")
# Beyond what a build reads: what `make check` needs in the copy.


@dataclass
class Step:
    action: str  # e.g. "create snippets/momentum.py", "run"
    body: str


def example_steps(text: str) -> list[Step]:
    """Each marker and the body of the fence right below it."""
    lines, steps = text.splitlines(), []
    for number, line in enumerate(lines):
        marker = MARKER.match(line)
        if not marker:
            continue
        opening = FENCE.match(lines[number + 1])
        assert opening, f"CONTRIBUTING.md:{number + 2}: a fence must follow the example marker"
        body = []
        for inner in lines[number + 2 :]:
            if inner.strip() == opening["marks"]:
                break
            body.append(inner)
        steps.append(Step(marker["action"], "\n".join(body) + "\n"))
    return steps


def insert_after_block(lines: list[str], start: int, belongs, new: list[str]) -> list[str]:
    """Insert `new` after the run of lines from `start` for which `belongs(line)` holds."""
    end = start + 1
    while end < len(lines) and belongs(lines[end]):
        end += 1
    return lines[:end] + new + lines[end:]


def add_to_nav_section(config: Path, section: str, body: str, after: str | None = None) -> None:
    lines = config.read_text().splitlines()
    if body.rstrip("\n") in lines:
        return  # already there
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- {section}:")
    if after:  # the page's place in the section: right after the entry of `after`
        item = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith(after))
        new = body.rstrip("\n").splitlines()
        config.write_text("\n".join(lines[: item + 1] + new + lines[item + 1 :]) + "\n")
        return
    indent = len(lines[start]) - len(lines[start].lstrip())
    deeper = lambda line: len(line) - len(line.lstrip()) > indent and line.strip()
    config.write_text(
        "\n".join(insert_after_block(lines, start, deeper, body.rstrip("\n").splitlines())) + "\n"
    )


def add_to_list_under(page: Path, heading: str, body: str, after: str | None = None) -> None:
    lines = page.read_text().splitlines()
    if body.rstrip("\n") in lines:
        return  # already there
    start = next(i for i, line in enumerate(lines) if line.lstrip("# ").strip() == heading)
    while not lines[start + 1].startswith("- "):
        start += 1
    if after:  # the page's place in the list: right after the item linking to `after`
        item = next(i for i in range(start, len(lines)) if f"]({after})" in lines[i])
        continued = lambda line: line.startswith("  ")  # the item's wrapped lines
        new = body.rstrip("\n").splitlines()
        page.write_text("\n".join(insert_after_block(lines, item, continued, new)) + "\n")
        return
    in_list = lambda line: line.startswith(("- ", "  "))
    page.write_text(
        "\n".join(insert_after_block(lines, start, in_list, body.rstrip("\n").splitlines())) + "\n"
    )


def follow(step: Step, project: Path) -> list[subprocess.CompletedProcess]:
    action = step.action
    if action.startswith("create "):
        target = project / action.removeprefix("create ")
        # A contributor who kept the example as it is has nothing left to create.
        assert not target.exists() or target.read_text() == step.body, (
            f"the example would overwrite a different {target.relative_to(project)}"
        )
        target.write_text(step.body)
    elif match := re.fullmatch(r'add to the nav section "(.+)"(?: after (\S+))?', action):
        add_to_nav_section(project / "mkdocs.yml", match[1], step.body, match[2])
    elif match := re.fullmatch(r'add to the list under "(.+)" in (\S+)(?: after (\S+))?', action):
        add_to_list_under(project / match[2], match[1], step.body, match[3])
    elif action == "run":
        env = {**BUILD_ENV, "PYTEST_ADDOPTS": "-vv"}  # names each check that ran
        return [
            subprocess.run(
                command,
                shell=True,
                cwd=project,
                env=env,
                capture_output=True,
                text=True,
                timeout=900,
            )
            for command in step.body.splitlines()
            if command.strip() and not command.startswith("#")
        ]
    else:
        raise AssertionError(f"CONTRIBUTING.md: unknown example step '{action}'")
    return []


def test_the_guide_marks_a_complete_example():
    actions = [step.action for step in example_steps(GUIDE.read_text())]
    assert any(a.startswith("create snippets/") for a in actions), actions
    assert any(a.startswith("create docs/") for a in actions), actions
    assert any(a.startswith("create tests/test_") for a in actions), actions
    assert any(a.startswith("add to the nav section") for a in actions), actions
    assert "run" in actions


@pytest.mark.slow
def test_the_worked_example_builds_and_passes_the_fast_loop(tmp_path, built_site):
    project = copy_project(tmp_path / "project", with_cache=True, with_tooling=True)
    steps = example_steps(GUIDE.read_text())
    runs = [done for step in steps for done in follow(step, project)]
    assert runs, "the example runs no command"
    for done in runs:
        assert done.returncode == 0, (
            f"`{done.args}` failed:\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
        )
    log = runs[-1].stdout
    page = next(s.action.split("/")[-1] for s in steps if s.action.startswith("create docs/"))
    for check in (
        "test_every_quoted_number_is_the_computed_one",
        "test_figures_have_both_variants_alt_text_and_a_notebook",
        "test_python_fences_are_run_or_are_tested_includes",
        "test_includes_resolve",
        "test_the_page_opens_with_what_you_will_learn",  # checks the old fast loop left out
        "test_the_main_text_stays_within_the_word_budget",
    ):
        assert f"{check}[{page}] PASSED" in log, f"{check} did not run on {page}:\n{log[-4000:]}"
    assert "test_every_link_resolves PASSED" in log
    assert "test_where_to_go_next_lists_every_page_in_nav_order PASSED" in log
    module = next(s.action for s in steps if s.action.startswith("create snippets/"))
    test_file = next(s.action for s in steps if s.action.startswith("create tests/"))
    coverage = subprocess.run(
        [str(ROOT / ".venv/bin/pytest"), test_file.removeprefix("create "), "-q"]
        + [f"--cov=snippets.{Path(module).stem}", "--cov-fail-under=100"],
        cwd=project,
        env=BUILD_ENV,
        capture_output=True,
        text=True,
    )
    assert coverage.returncode == 0, f"the example test must cover its module:\n{coverage.stdout}"


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_guide_states_the_slider_minimum_the_build_enforces():
    from computed_pages.compute.slider_landmarks import MIN_POSITIONS, MIN_POSITIONS_CONTINUOUS

    guide = one_line(GUIDE.read_text(encoding="utf-8"))
    assert (
        f"Give at least {MIN_POSITIONS} positions, and {MIN_POSITIONS_CONTINUOUS} or more when "
        "the values are floats" in guide
    )
    assert f"integer values such as a degree, an epoch or K are fine and need {MIN_POSITIONS}" in (
        guide
    )


def test_the_guide_names_as_many_colours_as_the_style_has():
    from computed_pages.compute.figure_theme import THEMES

    counts = {len(style["axes.prop_cycle"].by_key()["color"]) for style in THEMES.values()}
    assert len(counts) == 1, counts
    (count,) = counts
    words = {5: "five", 6: "six", 7: "seven", 8: "eight"}
    guide = one_line(GUIDE.read_text(encoding="utf-8"))
    assert f'colours only `"C0"` … `"C{count - 1}"`' in guide
    assert f"More curves or groups than the {words[count]} colours" in guide


FOLDED_CODE = re.compile(r'^\s*\?\?\?\+? example "(?P<title>[^"]*)"', re.MULTILINE)


def test_every_page_titles_its_folded_code_as_the_guide_says():
    """The guide's `??? example "The code that draws the …"` forms are the pages' titles."""
    forms = re.findall(r'`\?\?\? example "([^"`]*)"`', GUIDE.read_text(encoding="utf-8"))
    assert len(forms) >= 2, forms
    patterns = [re.compile(re.escape(form).replace("…", ".+")) for form in forms]
    titles = [
        (page.name, match["title"])
        for page in sorted((ROOT / "docs").glob("*.md"))
        for match in FOLDED_CODE.finditer(page.read_text(encoding="utf-8"))
    ]
    assert titles, "no page folds its drawing code"
    odd = [(page, title) for page, title in titles if not any(p.fullmatch(title) for p in patterns)]
    assert not odd, f"folded code titled unlike CONTRIBUTING's {forms}: {odd}"
