"""`svccheck lint`, `catalog import` and `catalog export` end to end."""
from __future__ import annotations

import csv
import io
import json

import yaml

from conftest import EDITION, SOURCE


def test_lint_bundled_catalogue_exit_0(invoke):
    result = invoke("lint")
    assert result.exit_code == 0
    assert "0 个错误，0 个警告" in result.output


def test_lint_faithful_import_text_format_and_exit_1(invoke, faithful):
    result = invoke("lint", faithful)
    assert result.exit_code == 1
    line = next(l for l in result.output.splitlines() if "(CT05)" in l)
    path, lineno, col, rest = line.split(":", 3)
    assert path.endswith(".yaml") and lineno.isdigit() and col.strip().isdigit()
    assert "[error]" in rest and "[原文第 948 行]" in rest


def test_lint_json_and_english(invoke, faithful):
    result = invoke("lint", faithful, "--format", "json", "--lang", "en")
    problems = json.loads(result.output)["problems"]
    ct05 = next(p for p in problems if p["rule"] == "CT05")
    assert set(ct05) >= {"rule", "severity", "message", "file", "line", "column", "source_line"}
    assert ct05["source_line"] == 948 and "leading A" in ct05["message"]


def test_lint_github_annotations(invoke, faithful):
    result = invoke("lint", faithful, "--format", "github")
    assert any(l.startswith("::error file=") and "title=CT05" in l for l in result.output.splitlines())


def test_strict_makes_warnings_fail(invoke, tmp_path):
    from test_lint_cases import case_edition

    root = case_edition(tmp_path, "CT09", "wrapped-entry-name")  # a warning only
    assert invoke("lint", root).exit_code == 0
    assert invoke("lint", root, "--strict").exit_code == 1


def test_import_then_lint(invoke, tmp_path):
    result = invoke("catalog", "import", SOURCE, "-o", tmp_path / "ed")
    assert result.exit_code == 0 and "53 个部门目录，1118 个四级条目" in result.output
    assert invoke("lint", tmp_path / "ed").exit_code == 1


def test_import_with_stale_errata_is_a_clear_error(invoke, tmp_path):
    errata = tmp_path / "errata.yaml"
    errata.write_text("errata:\n  - {id: E001, line: 3, kind: k, field: code, printed: X, corrected: Y, why: w}\n",
                      encoding="utf-8")
    result = invoke("catalog", "import", SOURCE, "-o", tmp_path / "ed", "--errata", errata)
    assert result.exit_code == 2 and "E001" in result.output and "Traceback" not in result.output


def test_export_json_and_csv(invoke):
    rows = json.loads(invoke("catalog", "export").output)
    assert set(rows[0]) == {"sector", "level", "code", "name", "parent", "source_line"}
    assert sum(r["level"] == 4 for r in rows) == 1118
    assert len({r["sector"] for r in rows}) == 56
    text = invoke("catalog", "export", "--format", "csv").output
    assert text.startswith("\ufeff")
    parsed = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(parsed) == len(rows)
    hr = [r for r in parsed if r["sector"] == "人力资源和社会保障" and r["code"] == "A030201"]
    assert hr and hr[0]["parent"] == "A0302"


def test_help_lists_exit_codes(invoke, monkeypatch):
    result = invoke("--help")
    assert result.exit_code == 0 and "退出码：0 无问题" in result.output
    monkeypatch.setenv("SVCCHECK_LANG", "en")
    result = invoke("--help")
    assert result.exit_code == 0 and "Exit codes" in result.output


def test_lint_single_sector_file_uses_its_editions_levels(invoke, tmp_path):
    from test_lint_cases import case_edition

    root = case_edition(tmp_path, "CT10", "level-3-named-otherwise")
    result = invoke("lint", root / "sectors" / "01.yaml", "--format", "json")
    assert [p["rule"] for p in json.loads(result.output)["problems"]] == ["CT10"]
    (root / "levels.yaml").write_text("levels: [unclosed\n", encoding="utf-8")
    result = invoke("lint", root / "sectors" / "01.yaml")
    assert result.exit_code == 1 and "levels.yaml" in result.output and "(CT01)" in result.output


def test_import_of_a_non_utf8_source_names_the_line(invoke, tmp_path):
    source = tmp_path / "gb.txt"
    source.write_bytes("代码\t一级目录\t二级目录\t三级目录\t四级目录\n".encode("utf-8") + "民政\t\t\t\t\n".encode("gb18030"))
    result = invoke("catalog", "import", source, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "gb.txt:2: not UTF-8" in result.output


def test_rules_list_shows_every_rule_of_both_families(invoke):
    from checker import rules

    output = invoke("rules", "list").output
    for family in ("lint", "match"):
        for rule_id in rules.load(family):
            assert rule_id in output


def test_every_rule_has_messages_in_both_languages_and_known_severity():
    from checker import rules

    for family in ("lint", "match"):
        for rule in rules.load(family).values():
            assert rule.message_zh and rule.message_en and rule.why_zh and rule.why_en
            assert rule.severity in ("error", "warning", "info")


def test_lint_given_a_budget_table_says_that_match_checks_it(tmp_path, capsys):
    from checker import cli

    budget = tmp_path / "预算.xlsx"
    budget.write_bytes(b"PK\x03\x04")
    assert cli.run(["lint", str(budget)]) == 2
    said = capsys.readouterr().err
    assert "预算表请用 svccheck match" in said and "Traceback" not in said


def test_a_mistyped_command_is_answered_in_chinese_with_the_likely_one(capsys):
    from checker import cli

    assert cli.run(["mach", "x.csv"]) == 2
    said = capsys.readouterr().err
    assert "没有“mach”这个命令。是不是“match”？" in said


def test_a_new_edition_takes_its_department_mappings_from_the_old_or_says_it_has_none(invoke, tmp_path):
    # A maintainer's trial: importing into a new folder wrote every list with no department
    # names, in silence, and every budget line then matched no department.
    bare = invoke("catalog", "import", SOURCE, "-o", tmp_path / "bare", "--errata", EDITION / "errata.yaml")
    assert bare.exit_code == 0 and "没有部门名单" in bare.stderr and "--departments-from" in bare.stderr
    assert "edition.yaml" in bare.stderr
    carried = invoke("catalog", "import", SOURCE, "-o", tmp_path / "new", "--errata", EDITION / "errata.yaml",
                     "--departments-from", EDITION)
    assert carried.exit_code == 0 and "没有部门名单" not in carried.stderr
    (new_civil,) = (tmp_path / "new" / "sectors").glob("20-*.yaml")
    (old_civil,) = (EDITION / "sectors").glob("20-*.yaml")
    assert yaml.safe_load(new_civil.read_text(encoding="utf-8"))["departments"] == \
        yaml.safe_load(old_civil.read_text(encoding="utf-8"))["departments"]


def test_catalog_diff_names_what_changed_between_two_editions(invoke, tmp_path):
    import shutil

    new = tmp_path / "new"
    shutil.copytree(EDITION, new)
    (civil,) = (new / "sectors").glob("20-*.yaml")
    civil.write_text(civil.read_text(encoding="utf-8").replace("name: 居家养老服务", "name: 居家养老上门服务", 1),
                     encoding="utf-8")
    result = invoke("catalog", "diff", EDITION, new)
    assert result.exit_code == 0
    assert result.stdout.strip() == "~ 民政 A040207 居家养老上门服务  (原为 居家养老服务)"
    assert "改名 1" in result.stderr
    changes = json.loads(invoke("catalog", "diff", new, EDITION, "--format", "json").stdout)
    assert [(c["change"], c["code"], c["was"]) for c in changes] == [("renamed", "A040207", "居家养老上门服务")]


def test_a_stale_erratum_is_said_in_chinese_with_what_to_do(tmp_path, capsys, monkeypatch):
    # A maintainer's trial: last edition's errata on a new text stopped the import with English
    # inside the Chinese message.
    from checker import cli

    errata = tmp_path / "errata.yaml"
    errata.write_text("errata:\n  - {id: E001, line: 461, kind: k, field: code, printed: X, corrected: Y, why: w}\n",
                      encoding="utf-8")
    monkeypatch.setenv("SVCCHECK_LANG", "zh")
    assert cli.run(["catalog", "import", str(SOURCE), "-o", str(tmp_path / "ed"), "--errata", str(errata)]) == 2
    err = capsys.readouterr().err
    assert "勘误 E001：原文第 461 行的 code 是“A”，不是“X”" in err and "新版原文需要新的 errata.yaml" in err and "source line" not in err


def test_match_names_the_edition_it_checked_against(invoke, tmp_path):
    # A maintainer's trial: the table never named the edition, and a new folder's JSON said "?".
    import shutil

    from checker import paths

    sample = paths.data_root() / "data" / "samples" / "zezhou-cppcc-2026.csv"
    shown = invoke("match", sample, "--format", "table", env={"SVCCHECK_LANG": "zh"})
    assert "按目录 shanxi-2025 晋财综〔2025〕28号 核对" in shown.stderr
    bare = tmp_path / "shanxi-2026"
    shutil.copytree(EDITION, bare)
    (bare / "edition.yaml").unlink()
    doc = json.loads(invoke("match", sample, "--format", "json", "--catalog", bare).stdout)
    assert doc["catalog"] == "shanxi-2026 (no edition.yaml)"
