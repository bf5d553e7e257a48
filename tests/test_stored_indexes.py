"""The matcher's indexes are stored beside the compiled catalogue and read back by later commands.

A stored file must never answer for files it was not built from, and a damaged or unwritable
cache must cost time, never a result.
"""
from __future__ import annotations

import os
import shutil

import pytest

from checker import catalog, intake, match
from conftest import EDITION

LINES = [("泽州县民政局", "居家养老上门服务", ""), ("泽州县民政局", "困难群众生活补助发放", ""),
         ("泽州县教育局", "校园安保服务外包", "A0404０1"), ("泽州县人民政府办公室", "12345热线运维", "")]


def _verdicts(engine, tmp_path):
    src = tmp_path / "lines.csv"
    src.write_text("部门名称,项目名称,目录代码\n" + "".join(f"{d},{i},{c}\n" for d, i, c in LINES), encoding="utf-8")
    return [(r.verdict, r.code) for r in engine.run(intake.read(str(src)))]


@pytest.fixture
def fresh_process(monkeypatch, tmp_path):
    """A process that has built nothing yet, with its own cache folder."""
    monkeypatch.setenv("SVCCHECK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(match, "_PREPARED", {})
    return tmp_path / "cache"


def _count_builds(monkeypatch) -> list:
    builds: list = []
    real = match.Engine._build_indexes

    def counted(self):
        builds.append(1)
        return real(self)

    monkeypatch.setattr(match.Engine, "_build_indexes", counted)
    return builds


def test_a_later_command_reads_the_stored_indexes_and_decides_the_same(fresh_process, monkeypatch, tmp_path):
    builds = _count_builds(monkeypatch)
    first = _verdicts(match.Engine(catalog.load()), tmp_path)
    assert builds == [1] and len(list(fresh_process.glob("indexes-*.pickle"))) == 1
    monkeypatch.setattr(match, "_PREPARED", {})  # as a new process would start
    second = _verdicts(match.Engine(catalog.load()), tmp_path)
    assert builds == [1], "the second engine rebuilt what was stored"
    assert second == first == [("ok", "A040207"), ("not_a_service", None), ("malformed_code", "A040401"),
                               ("other_department", "A180702")]


def test_a_damaged_stored_file_is_rebuilt(fresh_process, monkeypatch, tmp_path):
    builds = _count_builds(monkeypatch)
    match.Engine(catalog.load())
    (stored,) = fresh_process.glob("indexes-*.pickle")
    stored.write_bytes(stored.read_bytes()[:1000])  # cut short, as by a full disk
    monkeypatch.setattr(match, "_PREPARED", {})
    engine = match.Engine(catalog.load())
    assert builds == [1, 1]
    assert _verdicts(engine, tmp_path)[1][0] == "not_a_service"
    monkeypatch.setattr(match, "_PREPARED", {})
    match.Engine(catalog.load())
    assert builds == [1, 1], "the rebuilt indexes were not stored again"


def test_an_unwritable_cache_still_matches(monkeypatch, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("SVCCHECK_CACHE", str(blocked))
    monkeypatch.setattr(match, "_PREPARED", {})
    assert _verdicts(match.Engine(catalog.load()), tmp_path)[1][0] == "not_a_service"


def test_an_edited_edition_is_not_answered_by_indexes_stored_for_the_old_files(fresh_process, monkeypatch, tmp_path):
    edition = tmp_path / "ed"
    shutil.copytree(EDITION, edition)
    before = match.Engine(catalog.load(edition))
    old_name = "居家养老服务"
    assert any(before.entries[i].name == old_name for i in range(len(before.entries)))
    path = next((edition / "sectors").glob("20-*.yaml"))
    path.write_text(path.read_text(encoding="utf-8").replace(old_name, "居家养老陪护服务"), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    monkeypatch.setattr(match, "_PREPARED", {})
    after = match.Engine(catalog.load(edition))
    names = {after.entries[i].name for i in range(len(after.entries))}
    assert "居家养老陪护服务" in names and old_name not in names
    assert "居家养老陪护" in after.index.texts and "居家养老陪护" not in before.index.texts
    assert len(list(fresh_process.glob("indexes-*.pickle"))) == 2


def test_only_the_newest_stored_files_are_kept(fresh_process, monkeypatch):
    fresh_process.mkdir(parents=True)
    for n in range(6):
        old = fresh_process / f"indexes-old{n}.pickle"
        old.write_bytes(b"stale")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    match.Engine(catalog.load())
    kept = sorted(p.name for p in fresh_process.glob("indexes-*.pickle"))
    assert len(kept) == catalog.CACHE_FILES_KEPT
    assert {"indexes-old5.pickle", "indexes-old4.pickle", "indexes-old3.pickle"} <= set(kept)
