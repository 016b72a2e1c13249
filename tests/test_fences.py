"""No Python fence in docs/ escapes testing.

pytest-codeblocks runs a fence only when its info string is exactly
`python`, and silently skips `python title=...`, `py`, `pycon` and `~~~`
fences. So: a Python fence is either a plain `python` fence (run by
pytest-codeblocks), or an include fence whose body is only `--8<--` lines
(its module is imported and covered by tests/test_<module>.py).
"""

from __future__ import annotations

import re

import pytest

from tests.markdown_pages import INCLUDE, fences, pages

PYTHON_LANGUAGES = {"python", "py", "python3", "pycon", "ipython", "ipython3", "pyi"}
SKIP_MARKER = re.compile(r"<!--\s*pytest(\.mark\.skip|\.mark\.skipif|-codeblocks:skip)")


def language(info: str) -> str:
    first = info.split()[0] if info.split() else ""
    return first.strip("{}.").lower()


def fence_problems(page) -> list[str]:
    problems = []
    for fence in fences(page):
        if language(fence.info) not in PYTHON_LANGUAGES:
            continue
        lines = [line for line in fence.body if line.strip()]
        is_include = bool(lines) and all(INCLUDE.match(line) for line in lines)
        if is_include and fence.info == "python":
            problems.append(
                f"{fence.where}: an include fence needs a title, or pytest-codeblocks runs the marker"
            )
        elif not is_include and (fence.info != "python" or SKIP_MARKER.search(fence.marker_before)):
            problems.append(f"{fence.where}: Python fence '{fence.info}' would not be tested")
    return problems


def test_every_page_is_scanned():
    assert pages(), "no pages found under docs/"


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_python_fences_are_run_or_are_tested_includes(page):
    problems = fence_problems(page)
    assert not problems, "\n".join(problems)


def test_the_check_catches_every_escaping_fence(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "```py\nprint(1)\n```\n\n"
        '```python title="x.py"\nprint(2)\n```\n\n'
        "~~~python3\nprint(3)\n~~~\n\n"
        "<!--pytest.mark.skip-->\n```python\nprint(4)\n```\n\n"
        '```python\n--8<-- "snippets/regression.py:plot"\n```\n\n'
        "```python\nprint('runs')\n```\n\n"
        '```python title="snippets/regression.py"\n--8<-- "snippets/regression.py:plot"\n```\n'
    )
    problems = fence_problems(page)
    assert [p.split(":")[1] for p in problems] == ["1", "5", "9", "14", "18"]
