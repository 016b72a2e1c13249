"""What CI runs and installs is pinned: actions by commit hash, packages by version and hash.

- Every workflow step that `uses:` an action names a full commit hash and, in a comment,
  the version it is (Dependabot updates both together: .github/dependabot.yml).
- Every job asks for its own token permissions (the workflow default is none) and no
  checkout leaves credentials in the workspace.
- zizmor, the static analyser for GitHub Actions, finds nothing, offline.
- Each lock satisfies its `.in` file and hashes every package. Reproducing the lock
  exactly (`make lock`) needs the registry's current metadata, which a test must not
  fetch (the build and the tests download nothing); this checks what can be checked
  offline: a Dependabot bump of a `.in` pin fails here until someone re-locks.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*\s*$")
LOCKS = [
    ("requirements.in", "requirements.lock"),
    ("properdocs.in", "properdocs.lock"),
    ("zensical.in", "zensical.lock"),
]


def _workflow(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def test_there_are_workflows():
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "test.yml"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_by_commit_hash_with_version_comment(path):
    lines = [line.strip() for line in path.read_text().splitlines()]
    uses = [line.split("uses:", 1)[1].strip() for line in lines if "uses:" in line]
    assert uses, f"{path.name}: no action used"
    unpinned = [u for u in uses if not PINNED.match(u)]
    assert not unpinned, f"{path.name}: not pinned by hash with a version comment: {unpinned}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_token_permissions_per_job(path):
    workflow = _workflow(path)
    assert workflow.get("permissions") == {}, f"{path.name}: the workflow default must be none"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name} sets no permissions"
        assert "write-all" not in str(job["permissions"]), f"{path.name}: job {name}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_persist_no_credentials(path):
    for name, job in _workflow(path)["jobs"].items():
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, (
                    f"{path.name}: job {name} checks out with persisted credentials"
                )


def test_zizmor_finds_nothing():
    zizmor = Path(sys.executable).parent / "zizmor"
    result = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", str(ROOT / ".github" / "workflows")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def _locked(lock: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) from a hashed `uv pip compile` lock."""
    entries: dict[str, tuple[str, int]] = {}
    name = None
    for line in lock.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if match:
            name = canonicalize_name(match[1])
            entries[name] = (match[2], 0)
        elif name and "--hash=sha256:" in line:
            version, hashes = entries[name]
            entries[name] = (version, hashes + 1)
    return entries


@pytest.mark.parametrize("source,lock", LOCKS, ids=[lock for _, lock in LOCKS])
def test_lock_satisfies_its_source_and_hashes_everything(source, lock):
    locked = _locked(ROOT / "requirements" / lock)
    assert locked, f"{lock} is empty"
    unhashed = [name for name, (_, hashes) in locked.items() if hashes == 0]
    assert not unhashed, f"{lock}: packages without a hash: {unhashed}"
    for line in (ROOT / "requirements" / source).read_text().splitlines():
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{source} asks for {name}; {lock} lacks it: run make lock"
        version = locked[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{source} asks for {requirement}; {lock} has {version}: run make lock"
        )
