"""`make test` installs a Chromium when none is found: Playwright's, else Debian's, else it stops.

The installers are stubbed: these tests check the order and the conditions, not the
downloads (a real machine's browser must not be removed to test this).
"""

from __future__ import annotations

import pytest

from tests import browser_check


@pytest.fixture
def machine(monkeypatch):
    """A machine with no Chromium; records every command the installers would run."""
    state = {
        "installed": None,
        "starts": True,
        "commands": [],
        "works": set(),
        "root": True,
        "full": [],
    }

    def run(command, env=None):
        key = " ".join(command[:2]) if command[0] == "apt-get" else "playwright"
        state["commands"].append(key)
        state["full"].append(command)
        ok = key in state["works"]
        if ok and key == "playwright":
            state["installed"] = "/pw/chrome"
        if ok and key == "apt-get install":
            state["installed"] = "/usr/bin/chromium"
        return ok

    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr(browser_check, "_run", run)
    monkeypatch.setattr(browser_check, "find_chromium", lambda: state["installed"])
    monkeypatch.setattr(
        browser_check,
        "start_problem",
        lambda path: None if state["starts"] else f"Chromium at {path} does not start",
    )
    monkeypatch.setattr(browser_check.os, "geteuid", lambda: 0 if state["root"] else 1000)
    monkeypatch.setattr(
        browser_check.shutil,
        "which",
        lambda name: "/usr/bin/apt-get" if name == "apt-get" else None,
    )
    return state


def test_a_found_browser_installs_nothing(machine):
    machine["installed"] = "/usr/bin/chromium"
    assert browser_check.main(["--install"]) == 0
    assert machine["commands"] == []


def test_without_install_it_only_says_how(machine, capsys):
    assert browser_check.main([]) == 1
    assert machine["commands"] == []
    assert "The browser tests need one" in capsys.readouterr().err


def test_playwright_download_comes_first(machine):
    machine["works"] = {"playwright"}
    assert browser_check.main(["--install"]) == 0
    assert machine["commands"] == ["playwright"]


def test_debian_chromium_when_the_download_fails_as_root(machine):
    machine["works"] = {"apt-get update", "apt-get install"}
    assert browser_check.main(["--install"]) == 0
    assert machine["commands"] == ["playwright", "apt-get update", "apt-get install"]
    assert machine["full"][0][-3:] == ["playwright", "install", "chromium"]
    assert machine["full"][2][-2:] == ["chromium", "fonts-liberation"]


def test_debian_chromium_when_playwright_s_browser_does_not_start(machine, monkeypatch):
    machine["works"] = {"playwright", "apt-get update", "apt-get install"}
    monkeypatch.setattr(
        browser_check,
        "start_problem",
        lambda path: "missing libraries" if path == "/pw/chrome" else None,
    )
    assert browser_check.main(["--install"]) == 0
    assert machine["commands"] == ["playwright", "apt-get update", "apt-get install"]


@pytest.mark.parametrize("root, apt", [(False, True), (True, False)])
def test_no_apt_as_a_user_or_without_apt_stops_with_today_s_message(
    machine, monkeypatch, capsys, root, apt
):
    machine["root"] = root
    machine["works"] = {"apt-get update", "apt-get install"}
    if not apt:
        monkeypatch.setattr(browser_check.shutil, "which", lambda name: None)
    assert browser_check.main(["--install"]) == 1
    assert machine["commands"] == ["playwright"]
    assert browser_check.instructions() in capsys.readouterr().err


def test_a_failed_apt_update_installs_nothing_and_stops(machine, capsys):
    machine["works"] = {"apt-get install"}
    assert browser_check.main(["--install"]) == 1
    assert machine["commands"] == ["playwright", "apt-get update"]
    assert "The browser tests need one" in capsys.readouterr().err


def test_an_explicit_chromium_path_is_never_replaced(machine, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-such-chrome"))
    machine["works"] = {"playwright"}
    assert browser_check.main(["--install"]) == 1
    assert machine["commands"] == []
    assert "CHROMIUM_PATH is set to" in capsys.readouterr().err
