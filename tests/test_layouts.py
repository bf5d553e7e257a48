"""Budget tables as county clerks make them (issue #7) and the intake cases of issue #14:
title rows, notes, two-row headers, merged cells, 合计 rows, WPS exports, svccheck's own
output read back in, stale <dimension> tags, unclosed quotes and amounts that are not numbers."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from openpyxl import Workbook

from checker import intake

MINZHENG = [("居家养老上门服务（北留镇）", "", 36.5), ("社区社会工作服务站运营", "", 24),
            ("困难群众基本生活救助金发放（高都镇）", "", 120), ("低保家庭经济状况核对", "A040303", 8.25)]


def run(invoke, path, *args):
    res = invoke("match", path, "--format", "json", *args)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.output)


def minzheng_workbook(path, total=None):
    """A department's own table: merged title, 编制单位 and 单位 notes, header on row 3, 合计 at the bottom."""
    wb = Workbook()
    ws = wb.active
    ws.append(["泽州县民政局2026年政府购买服务预算表"])
    ws.merge_cells("A1:E1")
    ws.append(["编制单位：泽州县民政局", None, None, None, "单位：万元"])
    ws.append(["序号", "政府购买服务项目", "指导性目录代码", "预算金额", "备注"])
    for i, (item, code, amount) in enumerate(MINZHENG, start=1):
        ws.append([i, item, code or None, amount, None])
    ws.append(["合    计", None, None, total if total is not None else sum(a for *_, a in MINZHENG), None])
    ws.merge_cells(f"A{ws.max_row}:C{ws.max_row}")
    wb.save(path)
    return path


def test_department_workbook_with_title_notes_and_total(invoke, tmp_path):
    doc = run(invoke, minzheng_workbook(tmp_path / "民政.xlsx"))
    lines = doc["results"]
    assert [r["item"] for r in lines[:4]] == [m[0] for m in MINZHENG]
    assert {r["department"] for r in lines[:4]} == {"泽州县民政局"}
    assert all(r["verdict"] not in ("unreadable", "total") for r in lines[:4])
    assert lines[2]["verdict"] == "not_a_service" and lines[3]["code"] == "A040303"
    assert lines[4]["verdict"] == "total" and lines[4]["sheet_row"] == 8
    assert [r["sheet_row"] for r in lines[:4]] == [4, 5, 6, 7]
    info = doc["input"]
    assert info["header_row"] == 3 and info["unit_source"] == "note" and info["department_from"] == "note"
    assert [s["row"] for s in info["skipped_rows"]] == [1, 2]
    assert sum(doc["summary"]["amount_wan_by_verdict"].values()) == pytest.approx(sum(a for *_, a in MINZHENG))
    assert not any(f["rule"] == "MT17" for f in lines[4]["findings"])


def test_a_footnote_merged_across_the_table_is_a_note_and_a_merged_total_is_no_code(invoke, tmp_path):
    from openpyxl import load_workbook

    path = minzheng_workbook(tmp_path / "民政.xlsx")
    wb = load_workbook(path)
    ws = wb.active
    ws.append(["注：1.本表金额以万元为单位；2.目录代码依据晋财综〔2025〕28号填列。"])
    ws.merge_cells(f"A{ws.max_row}:E{ws.max_row}")
    wb.save(path)
    doc = run(invoke, path)
    assert len(doc["results"]) == len(MINZHENG) + 1  # the lines and the 合计 row, not the note
    assert doc["input"]["skipped_rows"][-1]["row"] == ws.max_row
    total = doc["results"][-1]
    assert total["verdict"] == "total" and total["given_code"] is None  # 合计 merged over 序号, 项目 and 代码


def test_a_total_that_does_not_add_up_is_a_finding_on_the_total_row(invoke, tmp_path):
    doc = run(invoke, minzheng_workbook(tmp_path / "民政.xlsx", total=200))
    total = doc["results"][-1]
    (f,) = [f for f in total["findings"] if f["rule"] == "MT17"]
    assert f["args"]["total"] == "200" and f["args"]["sum"] == "188.75" and f["args"]["lines"] == 4


COUNTY = [("泽州县民政局", "居家养老上门服务", "A040201", 3600000), ("泽州县民政局", "农村留守老人关爱服务", "", 1200000),
          ("泽州县司法局", "人民调解员培训", "", 350000), ("泽州县司法局", "法律援助案件办理", "", 800000),
          ("泽州县司法局", "社区矫正对象心理辅导", "", 150000)]


def county_workbook(path):
    """A county summary: two-row header, a department merged over its lines, 小计 and 合计 rows, amounts in 元."""
    wb = Workbook()
    ws = wb.active
    ws.append(["泽州县2026年政府购买服务预算汇总表"])
    ws.merge_cells("A1:H1")
    ws.append(["单位：元"])
    ws.append(["序号", "预算单位", "项目名称", "目录代码", "预算金额", None, None, "备注"])
    ws.append([None, None, None, None, "合计", "一般公共预算", "其他资金", None])
    for col in "ABCDH":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("E3:G3")
    row = 5
    for dept in ("泽州县民政局", "泽州县司法局"):
        mine = [c for c in COUNTY if c[0] == dept]
        for i, (_, item, code, amount) in enumerate(mine):
            ws.append([row - 4, dept if i == 0 else None, item, code or None, amount, amount, 0, None])
            row += 1
        ws.merge_cells(f"B{row - len(mine)}:B{row - 1}")
        ws.append([None, "小  计", None, None, sum(c[3] for c in mine), None, None, None])
        row += 1
    ws.append(["合    计", None, None, None, sum(c[3] for c in COUNTY), None, None, None])
    wb.save(path)
    return path


def test_county_summary_with_two_row_header_and_merged_departments(invoke, tmp_path):
    doc = run(invoke, county_workbook(tmp_path / "汇总.xlsx"))
    info = doc["input"]
    assert info["mapping"]["amount"] == "预算金额/合计" and info["unit"] == "yuan" and info["unit_source"] == "note"
    assert info["header_row"] == [3, 4]
    lines = [r for r in doc["results"] if r["verdict"] != "total"]
    totals = [r for r in doc["results"] if r["verdict"] == "total"]
    assert [r["department"] for r in lines] == [c[0] for c in COUNTY]
    assert [r["amount_wan"] for r in lines] == pytest.approx([c[3] / 10000 for c in COUNTY])
    assert len(totals) == 3 and not any(f["rule"] == "MT17" for r in totals for f in r["findings"])
    assert sum(doc["summary"]["amount_wan_by_verdict"].values()) == pytest.approx(sum(c[3] for c in COUNTY) / 10000)


def test_an_empty_row_under_a_merged_department_is_blank_and_named_by_its_sheet_row(invoke, tmp_path):
    # A clerk's trial: the department merged down over a stray empty row made it a line with no
    # item (第 5 行：没有项目名称) where the table's 行 column said 9.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2026年某县民政局政府购买服务项目明细表"])
    ws.append(["序号", "单位名称", "项目名称", "指导性目录代码", "预算金额（万元）"])
    ws.append([1, "泽州县民政局", "居家养老上门服务", "A040207", 10])
    ws.append([None, None, None, None, None])
    ws.append([2, None, "低保特困人员家访服务", "A040303", 3])
    ws.merge_cells("B3:B5")
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    doc = run(invoke, path)
    first, empty, second = doc["results"]
    assert (first["verdict"], second["verdict"], second["department"]) == ("ok", "ok", "泽州县民政局")
    assert empty["verdict"] == "blank" and empty["sheet_row"] == 4 and empty["findings"] == []


def test_a_spacer_row_between_a_tables_parts_is_kept_but_is_no_line_to_check(invoke, tmp_path, monkeypatch):
    # Clerks leave an empty row between a table's parts; it was an unreadable row, an error that
    # failed the file and waited for a reviewer's decision, though nothing in it could be wrong.
    from openpyxl import Workbook, load_workbook

    monkeypatch.setenv("SVCCHECK_DB", str(tmp_path / "r.sqlite"))
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年某县民政局政府购买服务项目明细表"])
    ws.append(["序号", "单位名称", "项目名称", "预算金额（万元）"])
    ws.append([1, "泽州县民政局", "居家养老上门服务", 10])
    ws.append([])
    ws.append([2, "泽州县民政局", "低保特困人员家访服务", 3])
    ws.append([None, "合计", None, 13])
    path = tmp_path / "spaced.xlsx"
    wb.save(path)
    res = invoke("match", path, "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert [r["verdict"] for r in doc["results"]] == ["ok", "blank", "ok", "total"]
    assert doc["summary"]["errors"] == 0 and doc["summary"]["by_verdict"]["blank"] == 1
    assert not any(f["rule"] == "MT17" for r in doc["results"] for f in r["findings"])  # 13 = 10 + 3
    table = invoke("match", path, "--format", "table").output
    assert "空行" in table and "无法读取" not in table
    out = tmp_path / "out.xlsx"
    assert invoke("match", path, "--format", "xlsx", "-o", out).exit_code == 0
    book = load_workbook(out)
    assert book.worksheets[0].max_row == 5  # header and the four rows, the spacer among them
    summary = [[c.value for c in row] for row in book.worksheets[1].iter_rows()]
    assert ["输入中的空行（不计入）", "blank", 1, None] in summary and summary[-1][2] == 2
    assert invoke("review", path, "--format", "json").exit_code == 0
    assert invoke("gate", path).output.startswith("通过：")


def test_a_unit_the_catalogue_does_not_name_is_read_as_the_department_the_file_names(invoke, tmp_path):
    # A clerk's trial: 民政局's own welfare home and relief station were unknown departments on
    # every line, though the file said 编制单位：岢岚县民政局 above the table.
    path = tmp_path / "units.csv"
    path.write_text("2026年岢岚县民政局政府购买服务项目明细表\n编制单位：岢岚县民政局\n"
                    "单位名称,项目名称,金额（万元）\n岢岚县社会福利院,特困人员集中供养照料护理服务,20\n"
                    "岢岚县民政局,居家养老上门服务,10\n某某县某某中心,居家养老上门服务,10\n", encoding="utf-8")
    doc = run(invoke, path)
    home, bureau, other = doc["results"]
    assert doc["input"]["department_of_file"] == "岢岚县民政局"
    assert home["sectors"] == ["民政"] and home["verdict"] == "ok"
    assert [f["rule"] for f in home["findings"]][0] == "MT22" and "岢岚县民政局" in home["findings"][0]["message"]
    assert not any(f["rule"] in ("MT10", "MT22") for f in bureau["findings"])
    shown = invoke("match", str(path), "--format", "csv").output
    assert "符合（单位未识别，按岢岚县民政局）" in shown
    # A summary the finance bureau compiled of every department's lines lends nobody its lists.
    for title, note in (("2026年岢岚县政府购买服务项目汇总表", "编制单位：岢岚县民政局"),
                        ("2026年岢岚县财政局政府购买服务项目表", "编制单位：岢岚县财政局")):
        summary = tmp_path / "summary.csv"
        summary.write_text(f"{title}\n{note}\n单位名称,项目名称,金额（万元）\n"
                           "岢岚县社会福利院,特困人员集中供养照料护理服务,20\n", encoding="utf-8")
        (row,) = run(invoke, summary)["results"]
        assert [f["rule"] for f in row["findings"]][0] == "MT10", title


def wps_csv(encoding="gb18030", total="6,100,000.00"):
    lines = ["泽州县2026年政府购买服务预算表,,,,,", "单位：元,,,,,",
             "序号,预算单位,购买服务项目名称,指导性目录代码,预算金额,"]
    for i, (dept, item, code, amount) in enumerate(COUNTY, start=1):
        lines.append(f'{i},{dept},{item},{code},"{amount:,.2f}",')
    lines.append(f'合计,,,,"{total}",')
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "utf-8-sig"])
def test_wps_csv_export(invoke, tmp_path, encoding):
    path = tmp_path / "wps.csv"
    path.write_bytes(wps_csv(encoding))
    doc = run(invoke, path)
    lines, total = doc["results"][:-1], doc["results"][-1]
    assert [r["department"] for r in lines] == [c[0] for c in COUNTY]
    assert [r["amount_wan"] for r in lines] == pytest.approx([c[3] / 10000 for c in COUNTY])
    assert total["verdict"] == "total" and total["amount_wan"] == pytest.approx(610)
    assert not any(f["rule"] == "MT17" for f in total["findings"])
    assert doc["input"]["unit"] == "yuan" and doc["input"]["header_row"] == 3


def test_header_not_in_the_first_rows_is_a_clear_input_error(invoke, tmp_path):
    path = tmp_path / "late.csv"
    path.write_text("说明\n" * 40 + "项目名称,金额\n居家养老,1\n", encoding="utf-8")
    res = invoke("match", path)
    assert res.exit_code == 2 and "first 30 rows" in res.output and "项目名称" in res.output
    assert "row 1: '说明'" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_svccheck_output_read_back_in(invoke, tmp_path, fmt):
    src = tmp_path / "in.csv"
    src.write_text("部门名称,项目名称,金额（万元）\n泽州县民政局,低保家庭经济状况核对,3\n泽州县民政局,办公电脑采购,2\n",
                   encoding="utf-8")
    first = run(invoke, src)
    out = tmp_path / f"out.{fmt}"
    assert invoke("match", src, "--format", fmt, "-o", out).exit_code in (0, 1)
    again = run(invoke, out)
    assert [r["verdict"] for r in again["results"]] == [r["verdict"] for r in first["results"]]
    assert [r["given_code"] for r in again["results"]] == [None, None]  # the result's code is not taken as given
    assert {"结论", "说明", "目录代码", "多出的单元格"} <= set(again["input"]["ignored_columns"])
    out_en = tmp_path / f"out-en.{fmt}"
    assert invoke("match", src, "--format", fmt, "-o", out_en, "--lang", "en").exit_code in (0, 1)
    assert {"verdict", "findings", "code"} <= set(run(invoke, out_en)["input"]["ignored_columns"])
    assert "code" not in again["input"]["mapping"]


def test_cells_beyond_the_header_are_kept_under_a_heading_in_the_outputs_language(invoke, tmp_path):
    src = tmp_path / "ragged.csv"
    src.write_text("部门名称,项目名称,金额（万元）\n泽州县民政局,低保家庭经济状况核对,3,补录\n泽州县民政局,居家养老服务,2\n",
                   encoding="utf-8")
    for lang, heading in (("zh", "多出的单元格"), ("en", "_extra")):
        out = tmp_path / f"out-{lang}.csv"
        assert invoke("match", src, "-o", out, "--lang", lang).exit_code in (0, 1)
        rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
        column = rows[0].index(heading)
        assert [r[column] for r in rows[1:]] == ["补录", ""]
        assert ("_extra" in rows[0]) == (lang == "en")


def _rewrite_sheet(path, pattern, replacement):
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(pattern, replacement, parts[sheet])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


@pytest.mark.parametrize("dimension", [b'<dimension ref="A1:D2"/>', b'<dimension ref="A1:C4"/>', b""])
def test_a_stale_or_missing_dimension_tag_loses_no_row_or_column(invoke, tmp_path, dimension):
    wb = Workbook()
    ws = wb.active
    ws.append(["部门名称", "项目名称", "目录代码", "金额（万元）"])
    ws.append(["泽州县民政局", "低保家庭经济状况核对", "A040303", 3])
    ws.append(["泽州县民政局", "居家养老上门服务", "", 4])
    ws.append(["泽州县民政局", "农村留守老人关爱服务", "", 5])
    path = tmp_path / "dim.xlsx"
    wb.save(path)
    _rewrite_sheet(path, rb"<dimension [^>]*/>", dimension)
    doc = run(invoke, path)
    assert [r["amount_wan"] for r in doc["results"]] == [3, 4, 5]


def test_an_unclosed_quote_is_reported_at_its_line_and_the_lines_after_it_are_kept(invoke, tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text("部门名称,项目名称,目录代码,金额\n"
                    "泽州县民政局,居家养老上门服务,,1\n"
                    '泽州县民政局,"农村留守老人关爱服务,,2\n'
                    "泽州县民政局,低保家庭经济状况核对,,3\n"
                    "泽州县民政局,社区社会工作服务站运营,,4\n"
                    "泽州县民政局,婚姻家庭辅导,,5\n", encoding="utf-8")
    doc = run(invoke, path)
    rows = doc["results"]
    assert [r["sheet_row"] for r in rows] == [2, 3, 4, 5, 6]
    assert rows[1]["verdict"] == "unreadable" and "quote" in rows[1]["findings"][0]["message"].lower() or \
        "引号" in rows[1]["findings"][0]["message"]
    assert [r["amount_wan"] for r in rows] == [1, None, 3, 4, 5]
    assert doc["summary"]["amount_wan_by_verdict"]


@pytest.mark.parametrize("tail", ['泽州县民政局,"婚姻家庭辅导,,5\n', '泽州县民政局,"婚姻家庭辅导,,5',
                                  '泽州县民政局,"婚姻家庭辅导,,5\n泽州县民政局\n'])
def test_an_unclosed_quote_on_the_last_line_is_reported_too(invoke, tmp_path, tail):
    path = tmp_path / "quote-end.csv"
    path.write_text("部门名称,项目名称,目录代码,金额\n泽州县民政局,居家养老上门服务,,1\n" + tail, encoding="utf-8")
    rows = run(invoke, path)["results"]
    assert rows[0]["verdict"] == "ok" and rows[0]["amount_wan"] == 1
    assert rows[1]["sheet_row"] == 3 and rows[1]["verdict"] == "unreadable"
    assert "引号" in rows[1]["findings"][0]["message"] and len(rows[1]["findings"]) == 1
    assert rows[1]["item"].startswith('泽州县民政局,"婚姻家庭辅导')  # the raw line, shown rather than lost
    assert len(rows) == tail.count("\n") + (not tail.endswith("\n")) + 1  # a line the quote ran over is its own row


def test_a_quoted_line_break_is_still_one_cell(invoke, tmp_path):
    path = tmp_path / "multi.csv"
    path.write_text('部门名称,项目名称,金额\n泽州县民政局,"居家养老\n上门服务",1\n泽州县民政局,婚姻家庭辅导,2\n',
                    encoding="utf-8")
    rows = run(invoke, path)["results"]
    assert [r["item"] for r in rows] == ["居家养老 上门服务", "婚姻家庭辅导"]


@pytest.mark.parametrize("raw, rule, value", [
    ("12,3,4", "MT11", None), ("1_000", "MT11", None), ("NaN", "MT11", None), ("inf", "MT11", None),
    ("1e309", "MT11", None), ("1e999999999", "MT11", None), ("200000000", "MT16", None), ("-5", "MT16", -5),
    ("-0", None, 0), ("3,600,000.00", None, 3600000), ("1,010.59", None, 1010.59),
])
def test_amounts_are_right_or_flagged(invoke, tmp_path, raw, rule, value):
    path = tmp_path / "a.csv"
    path.write_text(f'部门名称,项目名称,金额（万元）\n泽州县民政局,居家养老上门服务,"{raw}"\n泽州县民政局,婚姻家庭辅导,1\n',
                    encoding="utf-8")
    doc = run(invoke, path)
    r = doc["results"][0]
    assert r["amount_wan"] == (pytest.approx(value) if value is not None else None)
    rules = {f["rule"] for f in r["findings"]}
    assert (rule in rules) if rule else not rules & {"MT11", "MT16"}
    assert all(v is not None for v in doc["summary"]["amount_wan_by_verdict"].values())


def test_a_date_in_the_amount_column_is_flagged(invoke, tmp_path):
    import datetime

    wb = Workbook()
    ws = wb.active
    ws.append(["部门名称", "项目名称", "金额（万元）"])
    ws.append(["泽州县民政局", "居家养老上门服务", datetime.datetime(2026, 3, 1)])
    path = tmp_path / "date.xlsx"
    wb.save(path)
    (r,) = run(invoke, path)["results"]
    assert r["amount_wan"] is None and any(f["rule"] == "MT16" for f in r["findings"])


@pytest.mark.parametrize("damage", ["truncated", "no-sheet-part", "bad-xml"])
def test_a_damaged_workbook_is_an_input_error(invoke, tmp_path, damage):
    path = minzheng_workbook(tmp_path / "d.xlsx")
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        if damage == "no-sheet-part":
            del parts["xl/worksheets/sheet1.xml"]
        else:
            parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:200] + b"<<<"
        with zipfile.ZipFile(path, "w") as z:
            for name, part in parts.items():
                z.writestr(name, part)
    res = invoke("match", path)
    assert res.exit_code == 2 and "not a readable XLSX" in res.output and "Traceback" not in res.output


def test_a_chartsheet_is_named_not_read(invoke, tmp_path):
    from openpyxl.chart import BarChart

    wb = Workbook()
    ws = wb.active
    ws.append(["项目名称", "金额"])
    ws.append(["居家养老上门服务", 1])
    chart = wb.create_chartsheet("图表")
    chart.add_chart(BarChart())
    path = tmp_path / "chart.xlsx"
    wb.save(path)
    res = invoke("match", path, "--sheet", "图表")
    assert res.exit_code == 2 and "chart" in res.output


def test_row_and_size_limits(invoke, tmp_path, monkeypatch):
    path = minzheng_workbook(tmp_path / "d.xlsx")
    res = invoke("match", path, "--max-rows", "2")
    assert res.exit_code == 2 and "--max-rows" in res.output
    csv_path = tmp_path / "many.csv"
    csv_path.write_text("项目名称\n" + "居家养老上门服务\n" * 50, encoding="utf-8")
    res = invoke("match", csv_path, "--max-rows", "10")
    assert res.exit_code == 2 and "--max-rows" in res.output
    monkeypatch.setattr(intake, "MAX_SHEET_BYTES", 1000)
    res = invoke("match", path)
    assert res.exit_code == 2 and "limit" in res.output


def test_a_zip_bomb_is_refused(invoke, tmp_path, monkeypatch):
    path = minzheng_workbook(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", b"\0" * (60 * 1024 ** 2))
    res = invoke("match", path)
    assert res.exit_code == 2 and "zip bomb" in res.output


def test_an_external_entity_is_never_resolved(invoke, tmp_path):
    path = minzheng_workbook(tmp_path / "xxe.xlsx")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    _rewrite_sheet(path, rb"^(<\?xml[^>]*\?>)?",
                   b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://' + str(secret).encode() + b'">]>')
    res = invoke("match", path, "--format", "json")
    assert "TOP-SECRET-VALUE" not in res.output and "Traceback" not in res.output
    assert res.exit_code in (0, 1, 2)


def test_items_written_in_sentences_do_not_make_the_chinese_comma_the_delimiter(invoke, tmp_path):
    path = tmp_path / "sentences.csv"
    path.write_text("部门名称,项目名称,金额\n"
                    "泽州县民政局,冬季夜间上街巡查，劝导露宿街头人员，护送到救助站,3\n"
                    "泽州县民政局,为高龄老人提供上门助餐、助洁，每周两次，全年不少于100次,4\n"
                    "泽州县民政局,婚姻家庭辅导,5\n", encoding="utf-8")
    rows = run(invoke, path)["results"]
    assert [r["amount_wan"] for r in rows] == [3, 4, 5]
    assert rows[0]["item"] == "冬季夜间上街巡查，劝导露宿街头人员，护送到救助站"


def test_a_file_delimited_by_the_chinese_comma_is_still_read(invoke, tmp_path):
    path = tmp_path / "fullwidth.csv"
    path.write_text("部门名称，项目名称，金额\n泽州县民政局，婚姻家庭辅导，5\n泽州县民政局，居家养老上门服务，6\n",
                    encoding="utf-8")
    rows = run(invoke, path)["results"]
    assert [(r["item"], r["amount_wan"]) for r in rows] == [("婚姻家庭辅导", 5), ("居家养老上门服务", 6)]


def county_workbook_xls(path):
    """The county summary as Excel 97-2003 saves it (.xls): the same merged title, two-row
    header, department merged over its lines, 小计 and 合计 rows."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("汇总表")
    ws.write_merge(0, 0, 0, 7, "泽州县2026年政府购买服务预算汇总表")
    ws.write(1, 0, "单位：元")
    for c, text in enumerate(["序号", "预算单位", "项目名称", "目录代码"]):
        ws.write_merge(2, 3, c, c, text)
    ws.write_merge(2, 2, 4, 6, "预算金额")
    ws.write_merge(2, 3, 7, 7, "备注")
    for c, text in zip((4, 5, 6), ("合计", "一般公共预算", "其他资金")):
        ws.write(3, c, text)
    r = 4
    for dept in ("泽州县民政局", "泽州县司法局"):
        mine = [c for c in COUNTY if c[0] == dept]
        ws.write_merge(r, r + len(mine) - 1, 1, 1, dept)
        for _, item, code, amount in mine:
            ws.write(r, 0, r - 3)
            ws.write(r, 2, item)
            if code:
                ws.write(r, 3, code)
            for c, value in zip((4, 5, 6), (amount, amount, 0)):
                ws.write(r, c, value)
            r += 1
        ws.write(r, 1, "小  计")
        ws.write(r, 4, sum(c[3] for c in mine))
        r += 1
    ws.write(r, 0, "合    计")
    ws.write(r, 4, sum(c[3] for c in COUNTY))
    wb.save(str(path))
    return path


def test_an_excel_97_2003_workbook_reads_as_its_xlsx_twin(invoke, tmp_path):
    old = run(invoke, county_workbook_xls(tmp_path / "汇总.xls"))
    new = run(invoke, county_workbook(tmp_path / "汇总.xlsx"))
    assert old["input"]["header_row"] == new["input"]["header_row"] == [3, 4]
    assert old["input"]["mapping"] == new["input"]["mapping"] and old["input"]["unit"] == "yuan"
    keep = ("sheet_row", "department", "item", "amount_wan", "verdict", "code")
    assert [{k: r[k] for k in keep} for r in old["results"]] == [{k: r[k] for k in keep} for r in new["results"]]


def test_an_xls_workbook_by_name_and_sheet(invoke, tmp_path):
    path = county_workbook_xls(tmp_path / "book.xls")
    assert run(invoke, path, "--sheet", "汇总表")["summary"]["rows"] == len(COUNTY) + 3
    res = invoke("match", path, "--sheet", "第二页")
    assert res.exit_code == 2 and "汇总表" in res.output


def test_a_workbook_cut_short_says_so_once_and_in_chinese(tmp_path, capsys):
    from checker import cli

    whole = county_workbook_xls(tmp_path / "whole.xls").read_bytes()
    cut = tmp_path / "cut.xls"
    cut.write_bytes(whole[: len(whole) // 2])
    assert cli.run(["match", str(cut)]) == 2
    out, err = capsys.readouterr()
    assert "WARNING" not in out + err and "文件已损坏" in err and "另存为 .xlsx" in err, (out, err)


def test_a_damaged_xls_or_random_bytes_is_an_input_error(invoke, tmp_path):
    damaged = tmp_path / "坏.xls"
    damaged.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    noise = tmp_path / "noise.xlsx"
    noise.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(3000)))
    for path, words in ((damaged, "not a readable XLS workbook"), (noise, "binary content")):
        res = invoke("match", path)
        assert res.exit_code == 2 and words in res.output and "Traceback" not in res.output, res.output


def _workbook_with_notes_first(path):
    wb = Workbook()
    notes = wb.active
    notes.title = "填报说明"
    notes.append(["填报说明：请在表7填写本部门政府购买服务项目，金额单位为万元"])
    table = wb.create_sheet("表7 政府购买服务")
    table.append(["阳城县委宣传部2026年政府购买服务预算表"])
    table.append(["部门名称", "项目名称", "金额（万元）"])
    table.append(["泽州县民政局", "低保特困人员家访服务", "3"])
    wb.save(path)
    return path


def test_a_workbook_that_opens_on_its_notes_is_read_from_the_sheet_with_the_table(tmp_path, capsys):
    from checker import cli

    book = _workbook_with_notes_first(tmp_path / "book.xlsx")
    assert cli.run(["match", str(book), "--format", "json", "-o", str(tmp_path / "out.json")]) == 0
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert doc["input"]["sheet"] == "表7 政府购买服务" and doc["results"][0]["code"] == "A040303"
    assert "第一张表“填报说明”里没有表格" in capsys.readouterr().err


def test_a_sheet_is_named_by_its_number_and_a_workbook_without_a_table_lists_its_sheets(invoke, tmp_path, capsys):
    from checker import cli

    book = _workbook_with_notes_first(tmp_path / "book.xlsx")
    assert run(invoke, book, "--sheet", "2")["input"]["sheet"] == "表7 政府购买服务"
    empty = Workbook()
    empty.active.append(["只有说明"])
    empty.create_sheet("封面").append(["封面"])
    empty.save(tmp_path / "none.xlsx")
    assert cli.run(["match", str(tmp_path / "none.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "工作簿的其他表也没有" in err and "封面" in err and "--sheet" in err


def test_a_two_row_header_names_its_columns_alike_in_a_workbook_and_its_csv(invoke, tmp_path):
    xlsx = run(invoke, county_workbook(tmp_path / "汇总.xlsx"))["input"]["columns"]
    lines = ["泽州县2026年政府购买服务预算汇总表,,,,,,,", "单位：元,,,,,,,",
             "序号,预算单位,项目名称,目录代码,预算金额,,,备注", ",,,,合计,一般公共预算,其他资金,"]
    lines += [f"{i},{d},{item},{code},{a},{a},0," for i, (d, item, code, a) in enumerate(COUNTY, start=1)]
    path = tmp_path / "汇总.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    csv_columns = run(invoke, path)["input"]["columns"]
    assert csv_columns == xlsx
    assert "预算金额/一般公共预算" in csv_columns


def test_a_formula_saved_without_its_result_says_so(invoke, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["部门名称", "项目名称", "金额（万元）"])
    ws.append(["泽州县民政局", "居家养老上门服务", 12])
    ws.append(["泽州县民政局", "社区社会工作服务站运营", "=B2*2"])  # openpyxl keeps no cached value
    wb.save(tmp_path / "formula.xlsx")
    line = run(invoke, tmp_path / "formula.xlsx")["results"][1]
    (finding,) = [f for f in line["findings"] if f["rule"] == "MT16"]
    assert finding["args"]["problem"] == "amount-formula" and "WPS" in finding["message"]
