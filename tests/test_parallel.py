"""Worker processes decide long inputs (issue #10): the same results, in the same order, as one
process, whatever the chunking, and a worker that dies costs time, not lines."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from checker import catalog, intake, match
from checker.match import Engine

FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.skipif(not match._Workers.available(), reason="worker processes need fork")


def _lines() -> list[intake.InputRow]:
    # Every labelled set at once: all verdicts, codes right and wrong, unknown departments,
    # places and notes; read twice so that later chunks meet decisions made in earlier ones.
    rows = []
    for name in ("heldback-blind-3.csv", "heldback-blind-5.csv", "labelled-three-styles.csv", "holdout.csv"):
        rows.extend(intake.read(str(FIXTURES / name)).rows)
    return rows + rows


def _record(result: match.Result) -> tuple:
    return (result.row, result.item, result.verdict, result.code, result.sector, result.score,
            [a["code"] for a in result.alternatives], [(f.rule, f.args) for f in result.findings], result.severity)


@pytest.fixture(scope="module")
def engine():
    return Engine(catalog.load())


@pytest.fixture
def small_chunks(monkeypatch):
    # Small chunks, so that a few hundred lines go through the whole pipeline several times.
    monkeypatch.setattr(match, "PARALLEL_FROM", 50)
    monkeypatch.setattr(match, "PARALLEL_CHUNK", 150)


def test_workers_give_the_results_of_one_process(engine, small_chunks):
    rows = _lines()
    alone = [_record(r) for r in engine.stream(rows, jobs=1)]
    together = [_record(r) for r in engine.stream(rows, jobs=2)]
    assert len(together) == len(rows)
    assert together == alone
    assert {r[2] for r in alone} >= {"ok", "not_a_service", "malformed_code", "code_mismatch", "outside_catalogue"}


def test_short_inputs_stay_in_one_process(engine, monkeypatch):
    started = []
    monkeypatch.setattr(match._Workers, "__init__", lambda *a: started.append(a) or None)
    rows = intake.read(str(FIXTURES / "holdout.csv")).rows
    assert len(list(engine.stream(rows, jobs=2))) == len(rows)
    assert started == []  # fewer than PARALLEL_FROM rows: forking would cost more than it saves


def test_a_killed_worker_costs_no_line(engine, small_chunks, monkeypatch):
    rows = _lines()
    alone = [_record(r) for r in engine.stream(rows, jobs=1)]
    original = Engine.decide_probes
    parent = os.getpid()

    def dies_in_a_worker(self, probes):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
        return original(self, probes)

    # Forked workers inherit the patched class; this process decides what they could not.
    monkeypatch.setattr(Engine, "decide_probes", dies_in_a_worker)
    together = [_record(r) for r in engine.stream(rows, jobs=2)]
    assert together == alone


def test_jobs_option_on_the_command_line(invoke, tmp_path, monkeypatch):
    monkeypatch.setattr(match, "PARALLEL_FROM", 50)
    monkeypatch.setattr(match, "PARALLEL_CHUNK", 100)
    src = FIXTURES / "heldback-blind-3.csv"
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    invoke("match", src, "-q", "-j", "1", "-o", one)
    invoke("match", src, "-q", "--jobs", "2", "-o", two)
    assert one.read_bytes() == two.read_bytes()
    every_core = tmp_path / "all.json"
    invoke("match", src, "-q", "-j", "0", "-o", every_core)
    assert every_core.read_bytes() == one.read_bytes()
    bad = invoke("match", src, "-j", "-1", "--lang", "en")
    assert bad.exit_code == 2 and "--jobs" in bad.output
