"""Shared fixtures: the repository's own data, a CLI runner, and a private cache folder."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import paths

SOURCE = paths.data_root() / "data" / "source" / "shanxi-catalogue-2025.txt"
EDITION = paths.catalog_dir()


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SVCCHECK_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def invoke(runner):
    """Run a svccheck command and return click's Result."""
    from checker.cli import cli

    def run(*args, input=None, env=None):
        return runner.invoke(cli, [str(a) for a in args], input=input, env=env, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def bundled_engine():
    """The matcher on the bundled edition, built once per test process."""
    from checker import catalog
    from checker.match import Engine

    return Engine(catalog.load())


@pytest.fixture
def check_lines(tmp_path, bundled_engine):
    """Check (department, item[, code]) lines as a CSV file would bring them; one Result per line."""
    from checker import intake

    def check(*lines):
        src = tmp_path / "lines.csv"
        src.write_text("部门名称,项目名称,目录代码\n" + "".join(f"{line[0]},{line[1]},{line[2] if len(line) > 2 else ''}\n"
                                                        for line in lines), encoding="utf-8")
        return bundled_engine.run(intake.read(str(src)))

    return check


@pytest.fixture(scope="session")
def faithful(tmp_path_factory) -> Path:
    """A faithful import of the published text (no errata)."""
    from checker import importer

    out = tmp_path_factory.mktemp("faithful")
    importer.run_import(SOURCE, out)
    return out
