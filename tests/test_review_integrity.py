"""The review record cannot be fooled or lost (issue #14 items 2, 3, 6, 9; issue #9's store;
issue #11's stale approvals): an edited or truncated record blocks the gate and the report,
a file that is not a store is never overwritten, multi-line decisions are all or nothing,
read-only copies are readable, a damaged store is refused with a way out, backups work."""
from __future__ import annotations

import json
import os
import sqlite3
import stat

import pytest

from checker import review

HEADER = "部门名称,项目名称,目录代码,金额（万元）\n"
LINES = ["泽州县民政局,困难群众临时生活补助发放,,30", "泽州县民政局,低保特困人员家访服务,A049999,3",
         "泽州县民政局,低保特困人员家访服务,A040303,3"]


@pytest.fixture
def budget(tmp_path):
    path = tmp_path / "budget.csv"
    path.write_text(HEADER + "\n".join(LINES) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "review.sqlite"
    monkeypatch.setenv("SVCCHECK_DB", str(path))
    monkeypatch.setenv("SVCCHECK_REVIEWER", "测试员")
    monkeypatch.setenv("SVCCHECK_LOCK_TIMEOUT", "0.5")
    monkeypatch.setenv("SVCCHECK_LANG", "en")  # the assertions below read the English messages
    return path


def ids_needing(invoke, budget):
    res = invoke("review", budget, "--format", "json")
    assert res.exit_code == 0, res.output
    return [r["line_id"] for r in json.loads(res.output)["results"] if r["needs_decision"]]


def approve_all(invoke, budget):
    ids = ids_needing(invoke, budget)
    assert invoke("decide", *ids, "approve", "--reason", "已核实").exit_code == 0
    assert invoke("gate", budget).exit_code == 0
    return ids


def tamper(db, sql):
    conn = sqlite3.connect(db)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("sql", [
    "UPDATE decisions SET action = 'approve' WHERE id = 3",
    "DELETE FROM decisions WHERE id = 3",
    "DELETE FROM decisions WHERE id = 1",
])
def test_gate_and_report_refuse_a_broken_record(invoke, budget, db, tmp_path, sql):
    ids = approve_all(invoke, budget)
    assert invoke("decide", ids[0], "reject", "--reason", "补助不属于购买服务").exit_code == 0
    assert invoke("gate", budget).exit_code == 1
    tamper(db, sql)
    res = invoke("gate", budget)
    assert res.exit_code == 1 and "broken" in res.output
    html = tmp_path / "r.html"
    invoke("report", budget, "-o", html)
    text = html.read_text(encoding="utf-8")
    assert 'id="chain-broken"' in text and "通过：所有需决定的行均已同意" not in text
    assert text.index("chain-broken") < text.index('id="gate"')


def test_an_existing_file_that_is_not_a_store_is_never_overwritten(invoke, budget, db, tmp_path):
    for content in (b"", b"name,amount\n", os.urandom(4096)):
        db.write_bytes(content)
        for args in (("review", budget), ("audit", "verify"), ("gate", budget)):
            res = invoke(*args)
            assert res.exit_code == 2 and "Traceback" not in res.output, (content[:10], args, res.output)
        assert db.read_bytes() == content


def test_an_emptied_sqlite_file_is_not_reinitialised(invoke, budget, db):
    approve_all(invoke, budget)
    conn = sqlite3.connect(db)
    names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"
                                        " AND name != 'sqlite_sequence'")]
    for name in names:
        conn.execute(f"DROP TABLE {name}")
    conn.commit()
    conn.close()
    res = invoke("audit", "verify")
    assert res.exit_code == 2 and "OK" not in res.output


def test_multi_line_decisions_are_all_or_nothing(invoke, budget, db):
    good = ids_needing(invoke, budget)
    res = invoke("decide", good[0], "LNOSUCHLINE0", good[1], "approve", "--reason", "x")
    assert res.exit_code == 2 and "nothing was recorded" in res.output
    assert invoke("audit", "verify").output.startswith("OK: 0 decisions")


def test_a_held_lock_ends_in_a_clear_message_with_nothing_written(invoke, budget, db):
    good = ids_needing(invoke, budget)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        res = invoke("decide", *good, "approve", "--reason", "x")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert res.exit_code == 2 and "waiting for another reviewer" in res.output and "nothing was recorded" in res.output
    assert invoke("audit", "verify").output.startswith("OK: 0 decisions")


def test_read_only_stores_are_readable(invoke, budget, db, tmp_path):
    approve_all(invoke, budget)
    with review.Store(db, read_only=True) as store:
        assert store.verify()[0]
        with pytest.raises(review.ReviewError):
            store.decide_many(["L1"], "approve", "x", "y", "z")
        with pytest.raises(sqlite3.OperationalError):
            store.conn.execute("INSERT INTO meta(key, value) VALUES ('x', 'y')")
    # A copy in a folder nobody may write to (the immutable snapshot path).
    archive = tmp_path / "archive"
    archive.mkdir()
    copy = archive / "copy.sqlite"
    with review.Store(db) as store:
        store.backup(copy)
    os.chmod(copy, stat.S_IRUSR)
    os.chmod(archive, stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert invoke("audit", "verify", "--db", copy).exit_code == 0
        assert invoke("gate", budget, "--db", copy).exit_code == 0
        assert invoke("report", budget, "--db", copy, "-o", tmp_path / "r.html").exit_code == 0
    finally:
        os.chmod(archive, stat.S_IRWXU)


def test_a_damaged_store_is_refused_with_a_way_out(invoke, budget, db):
    approve_all(invoke, budget)
    data = bytearray(db.read_bytes())
    for offset in range(4096, min(len(data), 4096 * 4)):
        data[offset] = 0xA5
    db.write_bytes(bytes(data))
    for args in (("audit", "verify"), ("gate", budget), ("decide", "L1", "approve", "--reason", "x")):
        res = invoke(*args)
        assert res.exit_code == 2 and "Traceback" not in res.output, (args, res.output)
        assert "backup" in res.output


def test_backup_is_a_verified_store(invoke, budget, db, tmp_path):
    approve_all(invoke, budget)
    copy = tmp_path / "backup.sqlite"
    res = invoke("db", "backup", copy)
    assert res.exit_code == 0 and "2 decisions" in res.output
    assert invoke("audit", "verify", "--db", copy).output.startswith("OK: 2 decisions")


def test_an_approval_goes_stale_when_the_findings_change(invoke, budget, db, tmp_path):
    approve_all(invoke, budget)
    with review.Store(db) as store:
        store.conn.execute("UPDATE decisions SET answers = '[\"MT99\"]'")  # as if the rules had changed since
    ok = review.Store(db, read_only=True)
    current = ok.current(ids_needing(invoke, budget))
    ok.close()
    from checker import catalog, intake
    from checker.match import Engine

    results = Engine(catalog.load()).run(intake.read(str(budget)))
    ids = review.line_ids(results)
    blocking = review.gate(results, ids, current, strict=False, catalog=catalog.load().edition_id)
    assert blocking and all("decide again" in b.reason for b in blocking)


def test_the_store_keeps_the_decided_facts_as_columns(invoke, budget, db):
    ids = ids_needing(invoke, budget)
    with review.Store(db, read_only=True) as store:
        line = store.line(ids[0])
        findings = json.loads(line["findings"])
        assert line["verdict"] == "not_a_service" and json.loads(line["sectors"]) == ["民政"]
        assert findings[0]["rule"] == "MT01" and findings[0]["args"]["term"]
        assert line["catalog"].startswith("shanxi-2025")
        ok_line = [r for r in store.conn.execute("SELECT * FROM lines WHERE verdict = 'ok'")][0]
        assert ok_line["matched_code"] == "A040303" and ok_line["matched_sector"] == "民政" and ok_line["score"]
    assert invoke("decide", ids[0], "reject", "--reason", "补助").exit_code == 0
    with review.Store(db, read_only=True) as store:
        (d,) = store.history(ids[0])
        assert d.answers == [f["rule"] for f in findings]
