"""Find the Chromium the browser tests drive, or say exactly how to get one.

`make test` runs this before pytest, so a machine without a browser stops
with an instruction instead of skipping the browser tests. Order of search:
$CHROMIUM_PATH, then chromium / chromium-browser / google-chrome on the PATH,
then the browser Playwright downloaded (`playwright install chromium`).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome")
# Without a sandbox: as root (containers, CI) Chromium refuses to start with one.
FLAGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-quic",
]


def find_chromium() -> str | None:
    wanted = os.environ.get("CHROMIUM_PATH")
    if wanted:  # an explicit choice is never silently replaced by another browser
        return wanted if Path(wanted).is_file() else None
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return _playwright_chromium()


def _playwright_chromium() -> str | None:
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Exception:  # no Playwright driver: same answer as no browser
        return None
    return path if path and Path(path).is_file() else None


def instructions(problem: str = "") -> str:
    wanted = os.environ.get("CHROMIUM_PATH")
    if not problem and wanted:
        problem = f"CHROMIUM_PATH is set to {wanted}, which is not a file."
    elif not problem:
        problem = (
            f"No Chromium found: not $CHROMIUM_PATH, not {', '.join(NAMES)} "
            "on the PATH, not Playwright's own browser."
        )
    return (
        f"{problem}\nThe browser tests need one. Do one of these, then rerun "
        "`make test`:\n"
        "  - Debian/Ubuntu:  sudo apt-get install chromium\n"
        "  - any system:     .venv/bin/playwright install chromium\n"
        "  - a browser you already have:  export CHROMIUM_PATH=/path/to/chrome\n"
    )


def main() -> int:
    path = find_chromium()
    if path is None:
        print(instructions(), file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    try:  # found is not enough: it must start headless here
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=FLAGS)
            version = browser.version
            browser.close()
    except Exception as error:
        problem = f"Chromium at {path} does not start: {error}"
        print(instructions(problem), file=sys.stderr)
        return 1
    print(f"browser tests use {path} (Chromium {version})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
