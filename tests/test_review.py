"""The reviewers' step: line ids, decisions, supersession, the gate, the audit chain, reliability."""
from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3

import pytest

from checker import review

HEADER = "部门名称,项目名称,目录代码,金额（万元）\n"
LINES = [
    "泽州县民政局,困难群众临时生活补助发放,,30",      # not_a_service: error
    "泽州县民政局,机关办公楼物业管理服务,,20",        # outside_catalogue: warning
    "泽州县民政局,低保特困人员家访服务,A040303,3",    # ok
    "泽州县民政局,低保特困人员家访服务,A049999,3",    # unknown_code: error
]


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
    return path


def reviewed(invoke, budget):
    result = invoke("review", budget, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["results"]


def test_review_lists_lines_with_ids_and_needs(invoke, budget, db):
    rows = reviewed(invoke, budget)
    assert [r["needs_decision"] for r in rows] == [True, False, False, True]
    assert all(r["line_id"].startswith("L") and r["decision"] is None for r in rows)
    assert db.exists()
    table = invoke("review", budget)
    assert rows[0]["line_id"] in table.output and rows[2]["line_id"] not in table.output


def test_line_ids_survive_reordering_and_resubmission(invoke, budget, db, tmp_path):
    first = {r["item"] + (r["given_code"] or ""): r["line_id"] for r in reviewed(invoke, budget)}
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text(HEADER + "\n".join(reversed(LINES)) + "\n", encoding="utf-8")
    again = {r["item"] + (r["given_code"] or ""): r["line_id"] for r in reviewed(invoke, shuffled)}
    assert first == again


def test_identical_lines_get_distinct_ids(invoke, tmp_path, db):
    path = tmp_path / "dup.csv"
    path.write_text(HEADER + LINES[0] + "\n" + LINES[0] + "\n", encoding="utf-8")
    a, b = (r["line_id"] for r in reviewed(invoke, path))
    assert b == a + "-2"


def test_decisions_supersede_and_keep_history(invoke, budget, db):
    line = reviewed(invoke, budget)[0]["line_id"]
    assert invoke("decide", line, "reject", "--reason", "对个人补助").exit_code == 0
    assert invoke("decide", line, "approve", "--reason", "已改列", "--reviewer", "李四").exit_code == 0
    with review.Store(db) as store:
        history = store.history(line)
        assert [d.action for d in history] == ["reject", "approve"]
        assert history[0].reviewer == "测试员" and history[1].reviewer == "李四"
        assert store.current([line])[line].action == "approve"
        assert history[1].answers == ["MT01"] and "shanxi-2025" in history[1].catalog
    current = reviewed(invoke, budget)[0]["decision"]
    assert current["action"] == "approve" and current["reason"] == "已改列"


def test_gate(invoke, budget, db):
    rows = reviewed(invoke, budget)
    result = invoke("gate", budget)
    assert result.exit_code == 1
    assert rows[0]["line_id"] in result.output and rows[3]["line_id"] in result.output
    assert rows[1]["line_id"] not in result.output  # a warning needs no decision unless --strict
    invoke("decide", rows[0]["line_id"], rows[3]["line_id"], "approve", "--reason", "ok")
    assert invoke("gate", budget).exit_code == 0
    strict = invoke("gate", budget, "--strict")
    assert strict.exit_code == 1 and rows[1]["line_id"] in strict.output
    invoke("decide", rows[1]["line_id"], "approve", "--reason", "已报财政部门备案")
    assert invoke("gate", budget, "--strict").exit_code == 0
    invoke("decide", rows[2]["line_id"], "return", "--reason", "请补充说明")
    closed = invoke("gate", budget)
    assert closed.exit_code == 1 and "请补充说明" in closed.output


def test_approve_with_code_is_checked_against_the_lines_lists(invoke, budget, db):
    line = reviewed(invoke, budget)[1]["line_id"]
    bad = invoke("decide", line, "approve", "--reason", "x", "--code", "A140101")
    assert bad.exit_code == 2 and "not an entry" in bad.output
    assert invoke("decide", line, "approve", "--reason", "x", "--code", "A040303").exit_code == 0
    assert invoke("decide", line, "reject", "--reason", "x", "--code", "A040303").exit_code == 2


@pytest.mark.parametrize("args, message", [
    (["LNOSUCHLINE", "approve", "--reason", "x"], "no line"),
    (["approve", "--reason", "x"], "usage"),
    (["LX", "maybe", "--reason", "x"], "usage"),
])
def test_decide_usage_errors(invoke, budget, db, args, message):
    reviewed(invoke, budget)
    result = invoke("decide", *args)
    assert result.exit_code == 2 and message in result.output


def test_empty_reason_is_refused(invoke, budget, db):
    line = reviewed(invoke, budget)[0]["line_id"]
    result = invoke("decide", line, "approve", "--reason", "  ")
    assert result.exit_code == 2 and "reason" in result.output


def _three_decisions(invoke, budget):
    rows = reviewed(invoke, budget)
    for r in rows[:3]:
        invoke("decide", r["line_id"], "approve", "--reason", "ok")


def test_audit_verify_ok_prints_head(invoke, budget, db):
    _three_decisions(invoke, budget)
    result = invoke("audit", "verify")
    assert result.exit_code == 0
    with review.Store(db) as store:
        assert store.all_decisions()[-1].hash in result.output


@pytest.mark.parametrize("tamper, first_bad", [
    ("UPDATE decisions SET reason = '改过' WHERE id = 2", "decision 2"),
    ("UPDATE decisions SET reviewer = '别人' WHERE id = 1", "decision 1"),
    ("DELETE FROM decisions WHERE id = 2", "decision 2"),
    ("DELETE FROM decisions WHERE id = 3", "decisions 3"),
])
def test_audit_verify_names_the_first_bad_record(invoke, budget, db, tamper, first_bad):
    _three_decisions(invoke, budget)
    conn = sqlite3.connect(db)
    conn.execute(tamper)
    conn.commit()
    conn.close()
    result = invoke("audit", "verify")
    assert result.exit_code == 1 and first_bad in result.output


def _decide_many(db_path: str, line: str, who: str, n: int) -> None:
    with review.Store(db_path) as store:
        for i in range(n):
            store.decide(line, "approve" if i % 2 else "return", f"{who} {i}", who, "test")


def test_concurrent_reviewers_lose_nothing(invoke, budget, db):
    rows = reviewed(invoke, budget)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_decide_many, args=(str(db), rows[i]["line_id"], f"r{i}", 15)) for i in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    with review.Store(db) as store:
        decisions = store.all_decisions()
        assert len(decisions) == 30 and [d.id for d in decisions] == list(range(1, 31))
        assert store.verify()[0]


def _die_mid_write(db_path: str) -> None:
    store = review.Store(db_path)
    store.conn.execute("BEGIN IMMEDIATE")
    store.conn.execute("INSERT INTO decisions(id, line_id, action, code, reason, reviewer, decided_at, answers,"
                       " catalog, prev_hash, hash) SELECT 99, line_id, 'approve', NULL, 'half', 'x', 'now', '[]',"
                       " 'c', 'p', 'h' FROM lines LIMIT 1")
    os._exit(1)  # killed before COMMIT


def test_interrupted_write_leaves_the_database_consistent(invoke, budget, db):
    _three_decisions(invoke, budget)
    proc = multiprocessing.get_context("spawn").Process(target=_die_mid_write, args=(str(db),))
    proc.start()
    proc.join(60)
    with review.Store(db) as store:
        assert len(store.all_decisions()) == 3 and store.verify()[0]
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_newer_schema_is_refused_and_older_migrated(invoke, budget, db, tmp_path):
    reviewed(invoke, budget)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    result = invoke("gate", budget)
    assert result.exit_code == 2 and "newer svccheck" in result.output

    old = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(old)
    conn.executescript(review._SCHEMA_V1)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.commit()
    conn.close()
    with review.Store(old) as store:
        assert store.schema_version() == review.SCHEMA_VERSION
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(submissions)")}
        assert "catalog" in columns


def test_a_foreign_sqlite_file_is_refused(tmp_path, invoke, budget):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    result = invoke("review", budget, "--db", other)
    assert result.exit_code == 2 and "not a svccheck review database" in result.output


def test_network_paths_are_detected():
    assert review.is_network_path(__import__("pathlib").Path("//server/share/review.sqlite")) == "UNC share"
    assert review.is_network_path(__import__("pathlib").Path("/tmp/review.sqlite")) is None


def test_rules_suggest_turns_approvals_into_aliases(invoke, budget, db):
    rows = reviewed(invoke, budget)
    invoke("decide", rows[1]["line_id"], "approve", "--reason", "按家访服务", "--code", "A040303")
    result = invoke("rules", "suggest")
    assert result.exit_code == 0
    import yaml

    (alias,) = yaml.safe_load(result.output)["aliases"]
    assert (alias["item"], alias["sector"], alias["code"], alias["approvals"]) == (
        "机关办公楼物业管理服务", "民政", "A040303", 1)
    assert result.output.startswith("# 由同意的审核决定生成的别名建议")


def test_rules_suggest_leaves_out_an_item_the_matcher_already_places(invoke, tmp_path, db):
    budget = tmp_path / "codes.csv"
    budget.write_text(HEADER + "泽州县民政局,低保特困人员家访服务,A04O303,3\n", encoding="utf-8")
    (row,) = json.loads(invoke("review", budget, "--format", "json").output)["results"]
    assert row["verdict"] == "malformed_code" and row["code"] == "A040303"
    invoke("decide", row["line_id"], "approve", "--reason", "代码笔误，按A040303", "--code", "A040303")
    import yaml

    assert not yaml.safe_load(invoke("rules", "suggest").output)["aliases"]  # the item already finds its entry


def test_report_xlsx(invoke, budget, db, tmp_path):
    from openpyxl import load_workbook

    rows = reviewed(invoke, budget)
    invoke("decide", rows[0]["line_id"], "reject", "--reason", "对个人补助")
    out = tmp_path / "report.xlsx"
    result = invoke("report", budget, "-o", out)
    assert result.exit_code == 0
    sheet = load_workbook(out)["审核行"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][1] in (rows[0]["line_id"], rows[3]["line_id"])  # errors first
    assert sheet.cell(row=2, column=1).fill.fgColor.rgb.endswith("FBE3E4")
    assert any(v and "对个人补助" in str(v) for row in values for v in row)


def test_the_readmes_walk_through_returned_lines_and_a_revised_table_that_passes(invoke, db):
    from checker import paths

    samples = paths.data_root() / "data" / "samples"
    first, revised = samples / "zezhou-cppcc-2026.csv", samples / "zezhou-cppcc-2026-revised.csv"
    rows = json.loads(invoke("review", first, "--format", "json").output)["results"]
    flagged = [r["line_id"] for r in rows if r["severity"] == "error"]
    assert flagged == ["LHQYD4BMX47", "LKJNMCZ4NXZ", "L3R6A5AMMVC", "LVT435TUCXV"]  # the ids the README shows
    assert invoke("gate", first).exit_code == 1
    assert invoke("decide", *flagged, "return", "--reason", "请移出本表").exit_code == 0
    assert invoke("gate", first).exit_code == 1          # returned lines still block the table they are in
    assert invoke("review", revised).exit_code in (0, 1)
    assert invoke("gate", revised).exit_code == 0        # the table sent back without them passes
    assert invoke("gate", revised, "--strict").exit_code == 1


def test_a_decision_may_be_typed_in_chinese_and_the_id_in_lower_case(invoke, budget, db):
    rows = reviewed(invoke, budget)
    line = rows[0]["line_id"]
    res = invoke("decide", line.lower(), "退回", "--reason", "请改列其他支出")
    assert res.exit_code == 0, res.output
    with review.Store(db, read_only=True) as store:
        assert store.history(line)[-1].action == "return"


def test_strict_asks_a_decision_on_matches_to_confirm_and_a_plain_match_needs_none(invoke, tmp_path, db):
    path = tmp_path / "words.csv"
    path.write_text(HEADER + "泽州县民政局,请社工每周上门给独居老人打扫卫生、陪着说说话,,3\n"
                    "泽州县民政局,居家养老上门服务,,5\n", encoding="utf-8")
    to_confirm, plain = reviewed(invoke, path)
    assert to_confirm["verdict"] == "ok" and {"MT14", "MT20", "MT21"} & {f["rule"] for f in to_confirm["findings"]}
    assert invoke("gate", path).exit_code == 0  # an ok line never blocks without --strict
    strict = invoke("gate", path, "--strict")
    assert strict.exit_code == 1 and to_confirm["line_id"] in strict.output and plain["line_id"] not in strict.output
    invoke("decide", to_confirm["line_id"], "approve", "--reason", "已核实，属居家养老", "--code", "A040207")
    assert invoke("gate", path, "--strict").exit_code == 0


def test_review_quiet_prints_the_table_without_the_summary(tmp_path, db):
    from click.testing import CliRunner

    from checker.cli import cli

    path = tmp_path / "budget.csv"
    path.write_text(HEADER + "\n".join(LINES) + "\n", encoding="utf-8")
    loud = CliRunner().invoke(cli, ["review", str(path)])
    quiet = CliRunner().invoke(cli, ["review", str(path), "-q"])
    assert loud.exit_code == quiet.exit_code == 0
    assert loud.stderr.strip() and not quiet.stderr.strip()
    assert quiet.stdout == loud.stdout


def test_the_review_table_explains_a_line_by_the_finding_behind_its_verdict(invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("SVCCHECK_DB", str(tmp_path / "review.sqlite"))
    budget = tmp_path / "budget.csv"
    budget.write_text(HEADER + "泽州县民政局,居家养老服务,A04O207,约三万\n", encoding="utf-8")
    text = invoke("review", budget, "-q", env={"COLUMNS": "200"}).output
    assert "代码格式错误" in text and "格式不正确" in text and "无法识别" not in text
