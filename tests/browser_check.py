"""Find the Chromium the browser tests drive; with --install, install one if none is found.

`make test` runs `browser_check.py --install` before pytest, so its own set-up
includes the browser. Order of search: $CHROMIUM_PATH, then chromium /
chromium-browser / google-chrome on the PATH, then the browser Playwright
downloaded. When none is found (and $CHROMIUM_PATH is not set), it installs:
1. Playwright's own Chromium (`playwright install chromium`), where that download works;
2. else, as root on a system with apt, Debian's `chromium` (plus fonts-liberation);
and only when neither gives a Chromium that starts does it stop, saying how to get one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
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


def _run(command: list[str], env: dict | None = None) -> bool:
    """Run an installer command with its output shown; True when it succeeded."""
    print("$ " + " ".join(command), flush=True)
    try:
        return subprocess.run(command, env=env, timeout=1800).returncode == 0
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"  failed: {error}", flush=True)
        return False


def install_with_playwright() -> bool:
    return _run([sys.executable, "-m", "playwright", "install", "chromium"])


def install_with_apt() -> bool:
    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get")):
        print("  skipped: needs root and apt-get", flush=True)
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    packages = ["chromium", "fonts-liberation"]  # fonts: pages render with real glyph widths
    return _run(["apt-get", "update", "-qq"], env) and _run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages], env
    )


INSTALLERS = (
    ("Playwright's Chromium", install_with_playwright),
    ("Debian's chromium", install_with_apt),
)


def start_problem(path: str) -> str | None:
    """None when Chromium at `path` starts headless here; else what went wrong."""
    from playwright.sync_api import sync_playwright

    try:  # found is not enough: it must start headless here
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=FLAGS)
            print(f"browser tests use {path} (Chromium {browser.version})")
            browser.close()
    except Exception as error:
        return f"Chromium at {path} does not start: {error}"
    return None


def install() -> str | None:
    """Try each installer in turn; the path of the first Chromium that starts, or None."""
    for name, installer in INSTALLERS:
        print(f"No Chromium found: installing {name} for the browser tests.", flush=True)
        if not installer():
            continue
        path = find_chromium()
        if path is None:
            print(f"  {name} installed, but no Chromium is found afterwards", flush=True)
            continue
        problem = start_problem(path)
        if problem is None:
            return path
        print(f"  {problem}", flush=True)
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = find_chromium()
    may_install = "--install" in argv and not os.environ.get("CHROMIUM_PATH")
    if path is None and may_install and install():  # found, and seen to start
        return 0
    if path is None:
        print(instructions(), file=sys.stderr)
        return 1
    problem = start_problem(path)
    if problem:
        print(instructions(problem), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
