"""Reading real files and writing outputs: encodings, XLSX, headers, messy rows, formulas."""
from __future__ import annotations

import csv
import io
import json

import pytest

from checker import intake

LINES = [("泽州县民政局", "低保特困人员家访服务", "A040303", "3.5"), ("泽州县统计局", "打印机采购", "", "1,010.59")]


def make_csv(path, header=("部门名称", "项目名称", "目录代码", "金额（万元）"), rows=LINES, encoding="utf-8"):
    text = ",".join(header) + "\n" + "".join(",".join(f'"{c}"' for c in r) + "\n" for r in rows)
    path.write_bytes(text.encode(encoding))
    return path


def results(invoke, path, *args):
    res = invoke("match", path, "--format", "json", *args)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.output)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings_detected(invoke, tmp_path, encoding):
    doc = results(invoke, make_csv(tmp_path / "a.csv", encoding=encoding))
    assert [r["item"] for r in doc["results"]] == [r[1] for r in LINES]
    assert doc["input"]["encoding"] in ("utf-8-sig", "gb18030")


def test_encoding_override_and_bad_override(invoke, tmp_path):
    path = make_csv(tmp_path / "a.csv", encoding="gb18030")
    assert results(invoke, path, "--encoding", "gb18030")["results"][0]["department"] == "泽州县民政局"
    res = invoke("match", path, "--encoding", "utf-8")
    assert res.exit_code == 2 and "a.csv" in res.output and "line 1" in res.output


@pytest.mark.parametrize("header", [
    ("department", "item", "code", "amount_wan"),
    ("单位名称", "购买服务内容", "指导性目录代码", "预算金额（万元）"),
    ("预算单位", "政府购买服务内容", "代码", "金额(万元)"),
    ("部门名称", "服务内容", "目录代码", "购买金额（万元）"),
])
def test_header_synonyms(invoke, tmp_path, header):
    doc = results(invoke, make_csv(tmp_path / "a.csv", header=header))
    assert doc["results"][0]["given_code"] == "A040303"
    assert doc["results"][1]["amount_wan"] == pytest.approx(1010.59)


@pytest.mark.parametrize("item_header,amount_header", [
    ("项目名称（内容）", "执行金额（万元）"),
    ("采购项目名称", "申报金额（万元）"),
    ("项目名称及内容", "2026年预算数（万元）"),
    ("2026年项目名称", "财政资金（万元）"),
])
def test_headers_named_by_their_last_word_are_read(invoke, tmp_path, item_header, amount_header):
    # A clerk's trial: these had stopped the run (no item column) or lost every amount in silence.
    doc = results(invoke, make_csv(tmp_path / "a.csv", header=("部门名称", item_header, "目录代码", amount_header)))
    assert doc["input"]["mapping"]["item"] == item_header and doc["input"]["mapping"]["amount"] == amount_header
    assert doc["results"][1]["amount_wan"] == pytest.approx(1010.59)


def test_a_code_or_source_column_is_no_item_or_amount(invoke, tmp_path):
    doc = results(invoke, make_csv(tmp_path / "a.csv", header=("部门名称", "项目名称", "部门代码", "资金来源")))
    assert "code" not in doc["input"]["mapping"] and "amount" not in doc["input"]["mapping"]


def test_amount_in_yuan_from_header_or_option(invoke, tmp_path):
    path = make_csv(tmp_path / "a.csv", header=("部门名称", "项目名称", "目录代码", "金额（元）"),
                    rows=[("泽州县民政局", "低保特困人员家访服务", "", "35000")])
    assert results(invoke, path)["results"][0]["amount_wan"] == pytest.approx(3.5)
    path = make_csv(tmp_path / "b.csv", header=("部门名称", "项目名称", "目录代码", "金额"),
                    rows=[("泽州县民政局", "低保特困人员家访服务", "", "35000")])
    assert results(invoke, path, "--unit", "yuan")["results"][0]["amount_wan"] == pytest.approx(3.5)


@pytest.mark.parametrize("raw, value", [(" 23 ", 23), ("９", 9), ("1,010.59", 1010.59), ("12万元", 12)])
def test_amount_forms(raw, value):
    assert float(intake.parse_amount(raw, "wan")) == pytest.approx(value)


def test_unparseable_amount_is_a_finding_on_its_row(invoke, tmp_path):
    path = make_csv(tmp_path / "a.csv", rows=[("泽州县民政局", "低保特困人员家访服务", "", "约三万")])
    (r,) = results(invoke, path)["results"]
    assert r["amount_wan"] is None and any(f["rule"] == "MT11" for f in r["findings"])


def test_codes_stay_text(invoke, tmp_path):
    path = make_csv(tmp_path / "a.csv", rows=[("泽州县政协办公室", "政协宣传服务", "0150201", "1")])
    assert results(invoke, path)["results"][0]["given_code"] == "0150201"


def test_no_item_column_is_an_input_error_naming_the_columns(invoke, tmp_path):
    path = make_csv(tmp_path / "a.csv", header=("部门名称", "名目", "代码", "金额"))
    res = invoke("match", path)
    assert res.exit_code == 2 and "'名目'" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("content, message", [(None, "file not found"), (b"", "empty")])
def test_missing_and_empty_files(invoke, tmp_path, content, message):
    path = tmp_path / "x.csv"
    if content is not None:
        path.write_bytes(content)
    res = invoke("match", path)
    assert res.exit_code == 2 and message in res.output and str(path) in res.output


def test_messy_file_keeps_every_row_once_in_order(invoke, tmp_path):
    messy = (
        "\ufeff部门名称,项目名称,目录代码,金额（万元）,\r\n"       # BOM, CRLF, trailing delimiter
        "泽州县民政局,低保特困人员家访服务,A040303,3,\r\n"
        "\r\n"                                                   # blank line
        "泽州县民政局,\"多行\n项目：低保特困人员照料护理服务\",,2,\r\n"  # quoted newline
        "泽州县民政局,短行\r\n"                                  # ragged: too few cells
        "泽州县民政局,长行,A040303,1,x,y,z\r\n"                  # ragged: too many
        ",,,,\r\n"                                               # empty cells only
        "泽州县统计局,打印机采购,,1\r\n"
    )
    path = tmp_path / "messy.csv"
    path.write_bytes(messy.encode("utf-8"))
    for fmt in ("json", "csv"):
        res = invoke("match", path, "--format", fmt)
        assert res.exit_code in (0, 1)
        if fmt == "json":
            rows = json.loads(res.output)["results"]
            assert [r["row"] for r in rows] == [1, 2, 3, 4, 5, 6, 7]
            assert rows[1]["verdict"] == "blank" and rows[5]["verdict"] == "blank"
            assert rows[1]["findings"] == [] and rows[5]["findings"] == []
            assert rows[2]["item"] == "多行 项目：低保特困人员照料护理服务"
            assert any(f["rule"] == "MT00" for f in rows[4]["findings"])
        else:
            table = list(csv.DictReader(io.StringIO(res.output.lstrip("\ufeff"))))
            assert [int(r["表中行"]) for r in table] == [r["sheet_row"] for r in rows]  # as the file numbers them


def test_undecodable_bytes_keep_their_row(invoke, tmp_path):
    data = "部门名称,项目名称\n泽州县民政局,低保特困人员家访服务\n".encode("utf-8") + b"\xff\xfe\xfa,\x81\n" + \
        "泽州县统计局,打印机采购\n".encode("utf-8")
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    rows = results(invoke, path)["results"]
    assert [r["row"] for r in rows] == [1, 2, 3] and rows[1]["verdict"] == "unreadable"


def test_stdin(invoke, tmp_path):
    text = "部门名称,项目名称\n泽州县民政局,低保特困人员家访服务\n"
    res = invoke("match", "-", "--format", "json", input=text.encode("utf-8"))
    assert json.loads(res.output)["results"][0]["code"] == "A040303"


def test_xlsx_in_and_out_with_formula_neutralised(invoke, tmp_path):
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["部门名称", "项目名称", "目录代码", "金额（万元）", "备注"])
    ws.append(["泽州县民政局", "低保特困人员家访服务", "A040303", 3.5, "=HYPERLINK(\"http://x\")"])
    ws.append(["泽州县民政局", "@SUM(1+1)", 150201, 2, "+1"])
    other = wb.create_sheet("第二页")
    other.append(["单位名称", "服务内容"])
    other.append(["泽州县统计局", "打印机采购"])
    src = tmp_path / "in.xlsx"
    wb.save(src)
    doc = results(invoke, src)
    assert [r["given_code"] for r in doc["results"]] == ["A040303", "150201"]
    assert results(invoke, src, "--sheet", "第二页")["results"][0]["verdict"] == "not_a_service"
    assert invoke("match", src, "--sheet", "无此页").exit_code == 2

    out = tmp_path / "out.xlsx"
    res = invoke("match", src, "-o", out)
    assert res.exit_code in (0, 1)
    book = load_workbook(out)
    sheet = book["核对结果"]  # result headers and sheet names are Chinese by default (issue #12)
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert values[1][4] == "'=HYPERLINK(\"http://x\")" and values[2][1] == "'@SUM(1+1)" and values[2][4] == "'+1"


def test_csv_output_neutralises_formulas_and_has_bom(invoke, tmp_path):
    path = make_csv(tmp_path / "a.csv", rows=[("=cmd|' /C calc'!A0", "-2+3", "", "1"), ("\tx", "@x", "", "1")])
    res = invoke("match", path, "--format", "csv")
    assert res.output.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(res.output.lstrip("\ufeff"))))
    cells = [c for row in table[1:] for c in row]
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert table[1][0] == "'=cmd|' /C calc'!A0"


def test_csv_output_keeps_input_columns_and_adds_results(invoke, tmp_path):
    path = make_csv(tmp_path / "a.csv", header=("部门名称", "项目名称", "目录代码", "金额（万元）", "备注"),
                    rows=[("泽州县民政局", "低保特困人员家访服务", "A040303", "3", "保留")])
    res = invoke("match", path, "--format", "csv")
    (row,) = list(csv.DictReader(io.StringIO(res.output.lstrip("\ufeff"))))
    # The input's 目录代码 column comes first; the result's, of the same name, is svccheck_目录代码.
    assert row["备注"] == "保留" and row["svccheck_目录代码"] == "A040303" and row["结论"] == "符合（ok）"
    english = invoke("match", path, "--format", "csv", "--lang", "en")
    (row,) = list(csv.DictReader(io.StringIO(english.output.lstrip("\ufeff"))))
    assert row["code"] == "A040303" and row["verdict"].startswith("ok")


def test_table_output_and_summary(invoke, tmp_path):
    # A wide terminal, so that the item is not wrapped (the width is the runner's otherwise).
    res = invoke("match", make_csv(tmp_path / "a.csv"), "--format", "table", env={"COLUMNS": "200"})
    assert "低保特困人员家访服务" in res.output and "合计" in res.output


def test_excel_unicode_text_export(invoke, tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes("部门名称\t项目名称\r\n泽州县民政局\t低保特困人员家访服务\r\n".encode("utf-16"))
    doc = results(invoke, path)
    assert doc["input"]["encoding"] == "utf-16" and doc["results"][0]["code"] == "A040303"


def test_binary_file_is_an_input_error(invoke, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"\x7fELF\x00\x00\x01" * 50)
    res = invoke("match", path)
    assert res.exit_code == 2 and "binary" in res.output


def test_a_header_without_data_rows_says_so_and_is_not_a_clean_result(invoke, tmp_path):
    path = tmp_path / "header-only.csv"
    path.write_text("部门名称,项目名称,目录代码,金额（万元）\n", encoding="utf-8")
    res = invoke("match", path, "--format", "json", "--lang", "en")
    assert res.exit_code == 0 and json.loads(res.stdout)["results"] == []
    assert "no data rows" in res.stderr and str(path) in res.stderr
    zh = invoke("match", path, "--format", "json")
    assert "没有数据行" in zh.stderr
    assert "没有数据行" not in invoke("match", path, "--format", "json", "-q").stderr


def test_unit_may_be_given_in_chinese(invoke, tmp_path):
    path = tmp_path / "u.csv"
    path.write_text("部门名称,项目名称,金额\n泽州县民政局,低保特困人员家访服务,30000\n", encoding="utf-8")
    doc = json.loads(invoke("match", path, "--unit", "元", "--format", "json").output)
    assert doc["input"]["unit"] == "yuan" and doc["results"][0]["amount_wan"] == 3.0


def test_text_named_as_a_workbook_says_so_when_it_cannot_be_read(invoke, tmp_path, capsys, monkeypatch):
    # A clerk's trial: a text file named .xlsx failed with a message about columns only.
    from checker import cli

    path = tmp_path / "budget.xlsx"
    path.write_text("这是一个文本文件，不是工作簿。\n", encoding="utf-8")
    for lang, said in (("en", "named a workbook but text inside, read as CSV"), ("zh", "文件名是工作簿，内容却是文本")):
        monkeypatch.setenv("SVCCHECK_LANG", lang)
        assert cli.run(["match", str(path)]) == 2
        assert said in capsys.readouterr().err
    # A CSV that is named .xlsx and reads well is simply read.
    path.write_text("部门名称,项目名称\n泽州县民政局,居家养老上门服务\n", encoding="utf-8")
    assert json.loads(invoke("match", path, "--format", "json").output)["results"][0]["verdict"] == "ok"
