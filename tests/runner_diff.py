"""Compare two builds of the site file by file: `python tests/runner_diff.py SITE_A SITE_B`.

CI builds the site with MkDocs and with ProperDocs (the maintained fork of MkDocs 1.x)
and runs this: it prints every file that is only in one build or differs, with the first
lines that differ, and exits 1 if there is any. The one expected difference, the
runner's name in `<meta name="generator">`, is left out.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

GENERATOR = re.compile(rb'(<meta name="generator" content=")[^",]*(, |")')
SHOWN_LINES = 12


def normalised(path: Path) -> bytes:
    data = path.read_bytes()
    return GENERATOR.sub(rb"\1RUNNER\2", data) if path.suffix == ".html" else data


def differences(a: Path, b: Path) -> list[str]:
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    report = [f"only in {a}: {p}" for p in sorted(files_a - files_b)]
    report += [f"only in {b}: {p}" for p in sorted(files_b - files_a)]
    for path in sorted(files_a & files_b):
        left, right = normalised(a / path), normalised(b / path)
        if left == right:
            continue
        report.append(f"differs: {path}")
        try:
            lines = difflib.unified_diff(
                left.decode().splitlines(), right.decode().splitlines(), lineterm="", n=0
            )
            report += [f"    {line[:200]}" for line in list(lines)[2 : 2 + SHOWN_LINES]]
        except UnicodeDecodeError:
            report.append(f"    binary: {len(left)} bytes against {len(right)}")
    return report


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    a, b = (Path(arg) for arg in argv)
    report = differences(a, b)
    count = sum(1 for p in a.rglob("*") if p.is_file())
    if report:
        print(f"{a} and {b} differ:\n" + "\n".join(report))
        return 1
    print(f"{a} and {b}: the same {count} files (the generator tag aside)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
