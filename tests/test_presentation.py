"""What a person sees (issue #12): terminal tables that fit, never cutting the verdict or the
code; match XLSX with Chinese headers, widths, a frozen header and a summary sheet."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from wcwidth import wcswidth

from checker import catalog, intake, outputs, paths
from checker.match import Engine, Result

SAMPLE = paths.data_root() / "data" / "samples" / "county-summary-2026.xlsx"


@pytest.fixture(scope="module")
def results():
    return Engine(catalog.load()).run(intake.read(str(SAMPLE)))


@pytest.mark.parametrize("width", [80, 100, 140, 200])
def test_the_table_fits_the_terminal(results, width):
    text = outputs.to_table(results, "zh", width=width)
    lines = text.rstrip("\n").split("\n")
    widest = max(wcswidth(line) for line in lines)
    assert widest <= width, (width, widest)
    # Verdicts and codes are never cut, however narrow the terminal.
    for r in results:
        assert outputs.verdict_label(r, "zh") in text
        if r.code:
            assert r.code in text
    assert "…" not in "".join(line for line in lines if "A0" in line and "A0" + "…" in line)


@pytest.mark.parametrize("columns", [80, 120, 200])
def test_one_departments_table_names_the_department_once_above_at_any_width(invoke, columns):
    sample = paths.data_root() / "data" / "samples" / "zezhou-cppcc-2026.csv"
    text = invoke("match", sample, "--format", "table", "-q", env={"COLUMNS": str(columns)}).output
    lines = text.rstrip("\n").split("\n")
    assert max(wcswidth(line) for line in lines) <= columns
    assert lines[0] == "部门：中国人民政治协商会议山西省泽州县委员会办公室"
    assert "部门" not in lines[1] and text.count("中国人民政治协商会议") == 1
    assert "遗属补助" in text and "A150101" in text


def test_the_table_shows_amount_and_why(results):
    text = outputs.to_table(results, "zh", width=200)
    assert "万元" in text and "说明" in text and "360,000" not in text and "36.00" in text
    assert "对个人的补贴" in text  # the explanation of the transfer line


def test_match_xlsx_looks_like_a_report(invoke, tmp_path):
    out = tmp_path / "r.xlsx"
    assert invoke("match", SAMPLE, "-o", out).exit_code in (0, 1)
    book = load_workbook(out)
    assert book.sheetnames == ["核对结果", "汇总"]
    sheet = book["核对结果"]
    header = [c.value for c in next(sheet.iter_rows())]
    assert {"结论", "目录条目", "说明"} <= set(header)
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= 20
    summary = [[c.value for c in row] for row in book["汇总"].iter_rows()]
    assert summary[0][0] == "结论" and summary[-1][0] == "合计"


def test_review_counts_only_lines_still_undecided_and_shows_the_department(invoke, tmp_path, monkeypatch):
    import json

    monkeypatch.setenv("SVCCHECK_DB", str(tmp_path / "r.sqlite"))
    budget = tmp_path / "b.csv"
    budget.write_text("部门名称,项目名称,金额\n泽州县民政局,高龄津贴发放,1\n泽州县民政局,办公电脑采购,2\n", encoding="utf-8")
    rows = json.loads(invoke("review", budget, "--format", "json").output)["results"]
    assert invoke("decide", rows[0]["line_id"], "reject", "--reason", "转移支付").exit_code == 0
    out = invoke("review", budget).output
    assert "1 行待决定" in out and "另有 1 行已决定" in out and "不同意" in out
    assert out.startswith("部门：泽州县民政局\n") and out.count("泽州县民政局") == 1  # once, above the table


def test_progress_on_a_terminal_for_long_inputs_and_quiet_silences_it(monkeypatch, capsys):
    import io
    import sys

    from checker import cli

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    ticks = iter(range(0, 10_000_000, 1))
    monkeypatch.setattr("time.monotonic", lambda: next(ticks))  # every row looks a second apart
    for quiet, expect in ((False, True), (True, False)):
        err = Terminal()
        monkeypatch.setattr(sys, "stderr", err)
        out = list(cli._progress(iter(range(30_000)), 30_000, quiet))
        assert len(out) == 30_000
        assert ("每秒" in err.getvalue()) is expect
    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    list(cli._progress(iter(range(500)), 500, False))  # short inputs need no progress line
    assert err.getvalue() == ""


def test_verdicts_in_colour_only_when_asked_and_the_widths_still_fit(results):
    plain = outputs.to_table(results, "zh", width=120)
    coloured = outputs.to_table(results, "zh", width=120, color=True)
    assert "\x1b[" not in plain and "\x1b[31m" in coloured and "\x1b[33m" in coloured
    strip = __import__("re").compile(r"\x1b\[[0-9;]*m")
    assert max(wcswidth(strip.sub("", line)) for line in coloured.splitlines()) <= 120


def test_no_color_is_respected(monkeypatch, tmp_path, capsys):
    import sys

    from checker import cli

    class Terminal:
        def __init__(self, real):
            self.real = real

        def isatty(self):
            return True

        def __getattr__(self, name):
            return getattr(self.real, name)

    monkeypatch.setattr(sys, "stdout", Terminal(sys.stdout))
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli.run(["match", str(SAMPLE), "--format", "table", "-q"]) in (0, 1)
    assert "\x1b[" not in capsys.readouterr().out


def test_the_explanation_wraps_as_chinese_text_is_set():
    from wcwidth import wcswidth

    from checker.outputs import _wrap

    text = ("不属于政府购买服务：对个人的补贴、补助、抚恤等转移支付（“补助”，依据财政部令第102号第十条第（一）、（二）项："
            "不属于政府职责范围的服务），最接近 A160501 条目")
    for width in (12, 16, 20, 31):
        lines = _wrap(text, width).split("\n")
        assert "".join(lines) == text  # nothing lost, nothing added
        assert all(wcswidth(line) <= width for line in lines)
        assert not any(line[0] in "、，。；：）”" for line in lines[1:])
        assert not any(line[-1] in "（“" for line in lines)
        assert any("A160501" in line for line in lines) and any("102" in line for line in lines)


def test_a_line_placed_by_its_words_says_so_in_the_table(invoke, tmp_path):
    budget = tmp_path / "a.csv"
    budget.write_text("部门名称,项目名称\n某某县民政局,请人每周上门给独居老人打扫屋子、陪着说话\n", encoding="utf-8")
    text = invoke("match", budget, "--format", "table", "-q", env={"COLUMNS": "200"}).output
    assert "符合" in text and "务必人工确认" in text
    shown = re.search(r"按字词“(.*?)”", text.replace("\n", "").replace(" ", "")).group(1)
    assert "给独" not in shown  # the words shown are words, not pieces joined by 给


def test_a_wide_terminal_shares_its_room_so_departments_stay_readable(results):
    text = outputs.to_table(results, "zh", width=160)
    assert "泽州县民政局" in text  # not cut to 泽州… while another column keeps forty columns


def test_a_flagged_line_is_explained_by_the_finding_behind_its_verdict_and_a_pasted_note_is_no_code(tmp_path):
    path = tmp_path / "民政.csv"
    path.write_text("部门,项目名称,目录代码,金额（万元）\n"
                    "某某县民政局,居家养老服务,注：本表代码依据晋财综〔2025〕28号填列请逐项核对,约三万\n"
                    "某某县民政局,合计,,3\n", encoding="utf-8")
    results = Engine(catalog.load()).run(intake.read(str(path)))
    line = results[0]
    assert line.verdict == "malformed_code" and {f.rule for f in line.findings} >= {"MT02", "MT11"}
    assert outputs.why(line, "zh") == next(f for f in line.findings if f.rule == "MT02").render("zh")
    text = outputs.to_table(results, "zh", width=100)
    assert max(wcswidth(row) for row in text.rstrip("\n").split("\n")) <= 100
    assert "注：本表代…" in text  # the pasted note, cut in the given-code column
    total_row = next(row for row in text.split("\n") if "合计行" in row)
    assert "某某县民政局" not in total_row  # the department is named once, above the table


def test_the_english_summary_sheet_names_each_verdict_once_and_its_id_beside_it(invoke, tmp_path):
    sample = paths.data_root() / "data" / "samples" / "zezhou-cppcc-2026.csv"
    out = tmp_path / "en.xlsx"
    invoke("match", sample, "--lang", "en", "--format", "xlsx", "-o", out)
    rows = list(load_workbook(out)["summary"].iter_rows(values_only=True))
    assert rows[0] == ("verdict", "id", "lines", "Amount (10,000 yuan)")  # no Chinese unit in an English sheet
    assert ("not a service", "not_a_service") == rows[1][:2]
    assert rows[-1][0] == "all lines" and rows[-1][2] == 12


def test_the_english_table_names_its_amount_unit_in_english():
    results = [Result(row=1, department="某某县民政局", item="养老服务", given_code="", amount_wan=Decimal("3.5"),
                      cells={})]
    header = outputs.to_table(results, "en", width=120).split("\n")[1]
    assert "10k yuan" in header and "万元" not in header


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_clerks_many_department_table_fits_80_columns_and_its_summary_turns_to_lines(tmp_path, lang):
    # A clerk's trial: with every column kept (several departments, codes given, long verdict
    # labels) the table ran to 81 columns in Chinese and 86 in English, the summary to 124 and 138.
    src = tmp_path / "many.csv"
    src.write_text("部门名称,项目名称,目录代码,金额\n"
                   "岢岚县民政局,2026年岢岚县居家养老上门服务（岚漪镇、宋家沟乡）,A040207,1236.5\n"
                   "岢岚县民政局,特困人员生活自理能力评估,170101,8\n"
                   "岢岚县某某服务中心,困难群众临时救助金发放（阳坪乡）,,30\n"
                   "岢岚县教育局,校园安保服务外包,A0404０1,12\n"
                   "岢岚县司法局,司法所业务用房建设,,200\n", encoding="utf-8")
    results = Engine(catalog.load()).run(intake.read(str(src)))
    text = outputs.to_table(results, lang, width=80)
    assert max(wcswidth(line) for line in text.rstrip("\n").split("\n")) <= 80
    assert "A040207" in text and "A170101" in text
    summary = outputs.summary_text(results, lang, width=80)
    assert max(wcswidth(line) for line in summary.splitlines()) <= 80
    narrow = outputs.summary_text(results, lang, width=40)  # too narrow for the table: a line per department
    assert "----" not in narrow and len(narrow.splitlines()) == 5  # four departments and the total
    assert "----" in outputs.summary_text(results, lang, width=300)


def test_a_quoted_code_is_never_parted_from_its_quotes_when_wrapped():
    # A clerk's trial: the English 说明 column broke `expected "` / `A170101"`.
    for width in range(10, 30):
        lines = outputs._wrap('code "170101" is malformed (missing the leading A); expected "A170101"', width).split("\n")
        assert '"A170101"' in lines or any('"A170101"' in line for line in lines), (width, lines)
        assert not any(line.rstrip().endswith('"') and not line.rstrip().endswith('1"') for line in lines)


def test_a_total_row_shows_whether_it_is_a_subtotal_or_the_total(tmp_path):
    # A clerk's trial: 小计 and 合计 rows both read only 合计行 when the word sat in the 序号 column.
    src = tmp_path / "t.csv"
    src.write_text("序号,部门名称,项目名称,金额\n1,泽州县民政局,居家养老上门服务,10\n小计,,,10\n"
                   "2,泽州县司法局,村（居）法律顾问服务,5\n小计,,,5\n合计,,,15\n", encoding="utf-8")
    results = Engine(catalog.load()).run(intake.read(str(src)))
    lines = outputs.to_table(results, "zh", width=200).split("\n")
    assert sum(1 for line in lines if "小计" in line and "合计行" in line) == 2
    assert sum(1 for line in lines if "合计" in line.replace("合计行", "") and "合计行" in line) == 1
