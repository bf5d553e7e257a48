"""Every output is a writer of one Report, registered by name (issue #11)."""
import click

from checker import writers
from checker.cli import cli


def _choices(command: click.Command, option: str) -> list[str]:
    param = next(p for p in command.params if p.name == option)
    assert isinstance(param.type, click.Choice)
    return list(param.type.choices)


def test_every_format_the_command_line_offers_has_a_writer():
    for fmt in _choices(cli.commands["match"], "fmt"):
        assert writers.get(f"match-{fmt}").name == f"match-{fmt}"
    for fmt in _choices(cli.commands["review"], "fmt"):
        assert writers.get(f"review-{fmt}").name == f"review-{fmt}"
    assert {"report-html", "report-xlsx"} <= set(writers.WRITERS)


def test_a_writer_declares_what_it_writes_to():
    writers.get("match-json")
    for w in writers.WRITERS.values():
        assert w.sink in ("binary", "text", "path"), w
    # Only the writers that must measure or revisit every line hold the results in memory.
    assert {w.name for w in writers.WRITERS.values() if w.streams} == {"match-json", "match-csv", "match-xlsx"}


def test_a_report_streams_into_a_writer_and_fills_its_summary(tmp_path):
    import io
    import json

    from checker import catalog, intake
    from checker.match import Engine, Summary

    src = tmp_path / "b.csv"
    src.write_text("部门名称,项目名称,金额\n泽州县民政局,婚姻家庭辅导,1\n泽州县民政局,办公电脑采购,2\n", encoding="utf-8")
    table = intake.open_table(str(src))
    report = writers.Report(Engine(catalog.load()).stream(table.stream), Summary(), "en", table.path, "e1",
                            table.columns, table.describe)
    out = io.BytesIO()
    writers.get("match-json").write(out, report)
    doc = json.loads(out.getvalue())
    assert [r["verdict"] for r in doc["results"]] == ["ok", "not_a_service"]
    assert doc["catalog"] == "e1" and report.summary.to_dict()["by_verdict"]["not_a_service"] == 1


def _matched_workbook(invoke, tmp_path, csv_text: str):
    """The workbook `svccheck match FILE -o out.xlsx` writes for a CSV of these lines."""
    from openpyxl import load_workbook

    src = tmp_path / "in.csv"
    src.write_text(csv_text, encoding="utf-8")
    out = tmp_path / "out.xlsx"
    invoke("match", src, "-o", out)
    return load_workbook(out)


def test_xlsx_amounts_are_numbers_and_total_rows_are_not_counted_as_lines(invoke, tmp_path):
    wb = _matched_workbook(invoke, tmp_path, "部门名称,项目名称,目录代码,金额\n泽州县民政局,婚姻家庭辅导,A100302,\"3,600.50\"\n"
                                             "泽州县民政局,居家养老上门服务,,12\n合计,,,3612.5\n")
    results, summary = wb.worksheets
    amounts = [row[3] for row in results.iter_rows(min_row=2, values_only=True)]
    assert amounts[:2] == [3600.5, 12]  # numbers Excel can sum, not text
    codes = [row[2] for row in results.iter_rows(min_row=2, max_row=2, values_only=True)]
    assert codes == ["A100302"]  # a code stays text
    grand = [row for row in summary.iter_rows(values_only=True) if row[0] == "合计"]
    assert grand and grand[0][2] == 2  # two lines; the 合计 row is listed apart
    assert any(row[1] == "total" and row[2] == 1 for row in summary.iter_rows(values_only=True))


def test_xlsx_plain_numbers_in_columns_svccheck_does_not_read_are_numbers_codes_and_ids_stay_text(invoke, tmp_path):
    wb = _matched_workbook(invoke, tmp_path, "序号,部门名称,项目名称,目录代码,金额,邮编,身份证号,备注\n"
                                             "1,泽州县民政局,婚姻家庭辅导,100401,12,048000,140525199001011234,2.5\n"
                                             "2,泽州县民政局,居家养老上门服务,,3,048000,,续签\n")
    rows = list(wb.worksheets[0].iter_rows(min_row=2, max_row=3, values_only=True))
    assert [r[0] for r in rows] == [1, 2]  # 序号: numbers, not numbers stored as text
    assert rows[0][3] == "100401"  # a code without its A is read as a code: text, as written
    assert rows[0][5] == "048000" and rows[0][6] == "140525199001011234"  # a leading zero, 18 digits: text
    assert rows[0][7] == 2.5 and rows[1][7] == "续签"


def test_xlsx_input_columns_are_as_wide_as_what_they_hold(invoke, tmp_path):
    # A clerk's trial: widths went by position, so 序号 was 30 wide and 项目名称 14.
    wb = _matched_workbook(invoke, tmp_path, "序号,部门名称,项目名称,目录代码,金额\n1,泽州县民政局,居家养老上门服务,A040207,3\n")
    widths = wb.worksheets[0].column_dimensions
    assert widths["A"].width < 12 and widths["C"].width >= 30 and widths["B"].width > widths["A"].width


def test_xlsx_amounts_under_one_money_header_are_all_numbers_and_long_ids_stay_text(invoke, tmp_path):
    # A clerk's trial: 预算金额/一般公共预算 stayed text ('1,236.50') beside numbers, so a SUM skipped
    # it, and a 12-digit ID became 1.40929E+11.
    sheet = _matched_workbook(invoke, tmp_path, "序号,部门名称,项目名称,预算金额,,编号\n,,,合计,一般公共预算,\n"
                              '1,泽州县民政局,居家养老上门服务,"1,236.50","1,236.50",140929000001\n').worksheets[0]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]]))
    assert row["预算金额/合计"] == row["预算金额/一般公共预算"] == 1236.5
    assert row["编号"] == "140929000001"
