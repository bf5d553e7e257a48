"""The pre-commit hook as a maintainers' repository uses it: the README's .pre-commit-config.yaml
(its `rev:`, tagged here in a copy of this project), pre-commit installing svccheck in its
own environment (from PyPI, as for a real user), linting the catalogue files of a commit.

`pre-commit run` with that config rather than `try-repo`: try-repo builds a fresh environment on
every call (~25 s each); a store under PRE_COMMIT_HOME is built once for both runs."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
GOOD = """sector: 试点
order: 1
line: 1
departments:
  names: []
  keywords: [试点]
nodes:
  - code: A
    name: 公共服务
    level: 1
    line: 2
"""
BROKEN = GOOD.replace("code: A\n", "code: [unclosed\n")
README_CONFIG = re.search(r"```yaml\n(# \.pre-commit-config\.yaml.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"),
                          re.S).group(1)


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.mark.slow
def test_pre_commit_hook_fails_a_broken_catalogue_file_and_passes_a_good_one(tmp_path):
    if PRE_COMMIT is None or shutil.which("git") is None:
        if os.environ.get("CI"):
            pytest.fail("pre-commit (the [test] extra) and git are needed")
        pytest.skip("pre-commit or git is not installed")
    # The hook repository: this project as it is now, committed in a fresh repository.
    hook = tmp_path / "hook"
    shutil.copytree(ROOT, hook, ignore=shutil.ignore_patterns(
        ".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache", "out", "*.sqlite*"))
    _git(hook, "init", "-q")
    _git(hook, "add", "-A")
    _git(hook, "commit", "-q", "-m", "hook repository")
    _git(hook, "tag", re.search(r"rev: (\S+)", README_CONFIG).group(1))
    # A maintainers' repository with one sector file; notes.yaml outside catalog/ is not linted.
    target = tmp_path / "target"
    (target / "catalog" / "ed" / "sectors").mkdir(parents=True)
    (target / "notes.yaml").write_text("a: [unclosed\n", encoding="utf-8")
    sector = target / "catalog" / "ed" / "sectors" / "01-pilot.yaml"
    _git(target, "init", "-q")
    (target / ".pre-commit-config.yaml").write_text(README_CONFIG.replace("<svccheck repository>", str(hook)),
                                                    encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}

    def try_repo():
        _git(target, "add", "-A")
        return subprocess.run([PRE_COMMIT, "run", "--all-files"], cwd=target,
                              env=env, capture_output=True, text=True, timeout=600)

    sector.write_text(BROKEN, encoding="utf-8")
    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "catalog/ed/sectors/01-pilot.yaml:" in failed.stdout and "(CT01)" in failed.stdout
    assert "notes.yaml" not in failed.stdout

    sector.write_text(GOOD, encoding="utf-8")
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
