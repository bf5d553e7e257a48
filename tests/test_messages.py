"""One message catalogue for what the command line says around the findings (issue #12):
Chinese by default, English with --lang en or SVCCHECK_LANG=en, never a placeholder missing."""
import json

import pytest

from checker import messages


def test_every_message_has_both_languages_with_the_same_facts():
    for key, (zh, en) in messages.MESSAGES.items():
        assert zh and en, key
        assert messages.placeholders(zh) == messages.placeholders(en), key
        # Chinese text is Chinese: at least one Han character outside the placeholders.
        assert any("\u4e00" <= c <= "\u9fff" for c in zh.split("{")[0] + zh.rsplit("}", 1)[-1]) or \
            any("\u4e00" <= c <= "\u9fff" for c in zh), key


def test_a_missing_fact_is_an_error():
    with pytest.raises(KeyError):
        messages.say("gate-pass", "zh", file="x")


@pytest.fixture
def reviewed(invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("SVCCHECK_DB", str(tmp_path / "r.sqlite"))
    budget = tmp_path / "b.csv"
    budget.write_text("部门名称,项目名称,金额\n泽州县民政局,高龄津贴发放,1\n", encoding="utf-8")
    rows = json.loads(invoke("review", budget, "--format", "json").output)["results"]
    return budget, rows


def test_gate_audit_and_errors_speak_chinese_by_default_and_english_when_asked(invoke, reviewed, monkeypatch,
                                                                                 tmp_path):
    budget, rows = reviewed
    assert invoke("gate", budget).output.startswith("未通过：")
    assert invoke("gate", budget, "--lang", "en").output.startswith("BLOCKED:")
    assert invoke("decide", rows[0]["line_id"], "approve", "--reason", "已核实").output.endswith("\n")
    assert invoke("gate", budget).output.startswith("通过：")
    assert invoke("audit", "verify").output.startswith("完整：")
    monkeypatch.setenv("SVCCHECK_LANG", "en")
    assert invoke("audit", "verify").output.startswith("OK:")
    assert invoke("gate", budget).output.startswith("PASS:")


def test_the_error_prefix_follows_the_language(capsys, tmp_path):
    from checker import cli

    assert cli.run(["match", str(tmp_path / "missing.csv")]) == 2
    assert capsys.readouterr().err.startswith("错误：")
    assert cli.run(["match", str(tmp_path / "missing.csv"), "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith("Error:")


def test_gate_lines_say_why_in_the_language_asked(invoke, reviewed):
    budget, rows = reviewed
    zh = invoke("gate", budget).output
    assert "尚无同意的决定" in zh and "不属于购买服务" in zh and "no approving decision" not in zh
    en = invoke("gate", budget, "--lang", "en").output
    assert "no approving decision" in en and "not_a_service" in en


def test_the_output_format_follows_the_file_name(invoke, tmp_path):
    src = tmp_path / "b.csv"
    src.write_text("部门名称,项目名称,金额\n泽州县民政局,婚姻家庭辅导,1\n", encoding="utf-8")
    for name, start in (("out.csv", "\ufeff部门名称"), ("out.json", '{"tool"')):
        invoke("match", src, "-o", tmp_path / name)
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start), name


@pytest.mark.parametrize("args, zh, en", [
    (["match", "{tmp}/missing.csv"], "找不到文件", "file not found"),
    (["match", "{tmp}/late.csv"], "找不到项目列", "no item column"),
    (["match", "{tmp}/late.csv", "--format", "xlsx"], "--format xlsx 需要 -o 文件.xlsx", "--format xlsx needs"),
    (["match", "{tmp}/bin.csv"], "既不是 CSV 文本文件", "not a CSV text file"),
    (["match", "{tmp}/late.csv", "--sheet", "x"], "--sheet 只适用于工作簿（XLSX、XLS）", "--sheet applies to workbooks"),
    (["match", "{tmp}/cut.xlsx"], "文件已损坏或不完整", "File is not a zip file"),
    (["match", "{tmp}/late.csv", "-o", "{tmp}/结果.xls"], "请把输出命名为 结果.xlsx", "name the output 结果.xlsx"),
    (["match", "{tmp}/cut.xls"], "不是可读取的 XLS 工作簿（文件已损坏", "not a readable XLS workbook"),
])
def test_common_errors_in_both_languages(capsys, tmp_path, args, zh, en):
    from checker import cli

    (tmp_path / "late.csv").write_text("说明\n" * 40, encoding="utf-8")
    (tmp_path / "bin.csv").write_bytes(b"\x7fELF\x00\x00\x01" * 50)
    (tmp_path / "cut.xlsx").write_bytes(b"PK\x03\x04" + b"\x14\x00" * 20)  # a download cut short
    (tmp_path / "cut.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert cli.run(args) == 2
    assert zh in capsys.readouterr().err
    assert cli.run(args + ["--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert en in err and err.startswith("Error:")


def test_explain_on_a_table_says_where_its_detail_goes(invoke, tmp_path):
    src = tmp_path / "b.csv"
    src.write_text("部门名称,项目名称\n泽州县民政局,婚姻家庭辅导\n", encoding="utf-8")
    res = invoke("match", src, "--format", "table", "--explain", "--lang", "en")
    assert "written to JSON output only" in res.output
    assert "JSON output only" not in invoke("match", src, "--format", "json", "--explain", "--lang", "en").output


def test_an_output_that_cannot_be_written_claims_no_earlier_file_that_never_was(capsys, tmp_path):
    from checker import cli

    src = tmp_path / "b.csv"
    src.write_text("部门名称,项目名称\n泽州县民政局,婚姻家庭辅导\n", encoding="utf-8")
    assert cli.run(["match", str(src), "-o", str(tmp_path / "no-such-folder" / "out.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "无法写入" in err and "未被改动" not in err
