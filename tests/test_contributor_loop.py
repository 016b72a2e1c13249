"""The contributor's loop stays fast: no needless reinstall, no needless notebook run.

A lock file that is merely newer (a fresh checkout, a branch switch) must not
reinstall .venv/, and a notebook's bytes (mkdocs-jupyter's cache key) must not
depend on the address the site is served from.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time

from tests.conftest import ROOT, mkdocs

LOCK = "requirements/requirements.lock"


def make(project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )


def installed_venv(tmp_path):
    """A copy of the Makefile and the lock, with a .venv/ that `make` believes is installed."""
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "requirements").mkdir()
    shutil.copy2(ROOT / LOCK, tmp_path / LOCK)
    digest = hashlib.sha256((tmp_path / LOCK).read_bytes()).hexdigest()[:16]
    stamp = tmp_path / ".venv" / f".installed-{digest}"
    stamp.parent.mkdir()
    stamp.touch()
    return tmp_path, stamp


def test_a_newer_lock_with_the_same_content_keeps_the_venv(tmp_path):
    project, stamp = installed_venv(tmp_path)
    stamp_target = str(stamp.relative_to(project))
    assert make(project, "--question", stamp_target).returncode == 0
    later = time.time() + 3600  # the lock is now an hour newer than the stamp
    os.utime(project / LOCK, (later, later))
    assert make(project, "--question", stamp_target).returncode == 0, "make would reinstall .venv/"
    dry_run = make(project, "--dry-run", "lint")
    assert "pip install" not in dry_run.stdout, dry_run.stdout


def test_a_changed_lock_reinstalls_the_venv(tmp_path):
    project, _ = installed_venv(tmp_path)
    with (project / LOCK).open("a") as lock:
        lock.write("\n# a changed pin\n")
    dry_run = make(project, "--dry-run", "lint")
    assert "rm -rf .venv" in dry_run.stdout and "pip install" in dry_run.stdout, dry_run.stdout


def notebooks(project) -> dict[str, bytes]:
    folder = project / ".cache" / "generated" / "notebooks"
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.ipynb"))}


def test_notebooks_do_not_depend_on_site_url(project_copy):
    """A build with a site_url (a deploy, or `mkdocs serve`) reuses the notebooks of one without."""
    plain = mkdocs("build", "--strict", "--site-dir", str(project_copy / "site"), cwd=project_copy)
    assert plain.returncode == 0, plain.stderr
    before = notebooks(project_copy)
    assert before, "no generated notebooks"
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text() + "\nsite_url: https://example.org/a/sub/path/\n")
    deployed = mkdocs(
        "build", "--strict", "--site-dir", str(project_copy / "site"), cwd=project_copy
    )
    assert deployed.returncode == 0, deployed.stderr
    assert notebooks(project_copy) == before
    assert "Converting notebook" not in deployed.stderr, "a notebook was executed again"
    assert "example.org" not in "".join(b.decode() for b in before.values())


def test_the_build_says_nothing_that_looks_like_a_mistake(project_copy):
    """No 'not in the nav' notice for generated notebooks, no kernel TCP warning."""
    # One notebook's cached result goes, so one kernel runs (all eight would cost half a minute).
    entries = sorted((project_copy / ".cache" / "mkdocs-jupyter").glob("*.json"))
    assert entries, "the session build cached no executed notebook"
    min(entries, key=lambda entry: entry.stat().st_size).unlink()
    done = mkdocs("build", "--strict", "--site-dir", str(project_copy / "site"), cwd=project_copy)
    assert done.returncode == 0, done.stderr
    log = done.stdout + done.stderr
    assert "Converting notebook (execute=True)" in log, "no notebook ran: the kernel check is empty"
    assert "not included in the" not in log, log
    assert "WARNING" not in log, log


def test_a_repeated_build_error_is_printed_again(caplog):
    """`mkdocs serve` prints an error that persists into the next rebuild again."""
    import logging

    from mkdocs.utils import DuplicateFilter

    from hooks import build_log

    logger = logging.getLogger("mkdocs.commands.build")
    duplicate_filter = DuplicateFilter()
    logger.addFilter(duplicate_filter)
    try:
        with caplog.at_level(logging.ERROR, logger=logger.name):
            logger.error("docs/x.md:3: a mistake")
            build_log.forget_earlier_builds()  # what each new build does
            logger.error("docs/x.md:3: a mistake")
            logger.error("docs/x.md:3: a mistake")  # within one build: once is enough
    finally:
        logger.removeFilter(duplicate_filter)
    assert [r.getMessage() for r in caplog.records].count("docs/x.md:3: a mistake") == 2
