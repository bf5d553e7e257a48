"""Each lint rule: a case that fails it and a case that passes it (compared by rule and line)."""
from __future__ import annotations

import json

import textwrap

import pytest

from checker import lint

LEVELS = """levels:
  A: 公共服务
  A15: 公共信息与宣传服务
  A1502: 公共公益宣传服务
  A1501: 公共信息服务
"""

GOOD_NODES = """\
  - code: A
    name: 公共服务
    level: 1
    line: 2
    children:
      - code: A15
        name: 公共信息与宣传服务
        level: 2
        line: 3
        children:
          - code: A1502
            name: 公共公益宣传服务
            level: 3
            line: 4
            children:
              - {code: A150201, name: 政协宣传服务, level: 4, line: 5}
"""


def sector(nodes: str = GOOD_NODES, name: str = "人民政协", keywords: str = "[政协]", extra: str = "") -> str:
    return f"sector: {name}\norder: 1\nline: 1\n{extra}departments:\n  names: []\n  keywords: {keywords}\nnodes:\n{nodes}"


def edition(tmp_path, *sectors: str, levels: str = LEVELS, files: dict | None = None):
    (tmp_path / "sectors").mkdir()
    for i, text in enumerate(sectors, start=1):
        (tmp_path / "sectors" / f"{i:02d}-s.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "levels.yaml").write_text(levels, encoding="utf-8")
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def rules_found(path) -> set[str]:
    return {p.rule for p in lint.lint([path])}


def test_clean_edition_passes_everything(tmp_path):
    assert lint.lint([edition(tmp_path, sector())]) == []


def test_shipped_catalogue_is_clean_even_strict():
    from conftest import EDITION

    problems = lint.lint([EDITION])
    assert problems == [] and lint.exit_code(problems, strict=True) == 0


def replace(old: str, new: str) -> str:
    assert old in GOOD_NODES
    return GOOD_NODES.replace(old, new)


FAILING = {
    "CT01": lambda: sector(nodes="  - code: [unclosed\n"),
    "CT02": lambda: sector(extra="order: 2\n"),
    "CT03": lambda: sector(nodes=replace("level: 3", "level: three")),
    "CT04": lambda: sector(nodes=replace("A150201", "A15020X")),
    "CT05": lambda: sector(nodes=replace("A150201", "'150201'")),
    "CT06": lambda: sector(nodes=replace("A150201", "A050201")),
    "CT07": lambda: sector(nodes=replace("code: A15\n        name: 公共信息与宣传服务\n        level: 2",
                                         "code: A15\n        name: 公共信息与宣传服务\n        level: 3")),
    "CT08": lambda: sector(nodes=textwrap.indent(textwrap.dedent(GOOD_NODES.split("children:\n", 1)[1]), "  ")),
    "CT09": lambda: sector(nodes=replace("政协宣传服务", "政协宣传服 务")),
    "CT10": lambda: sector(nodes=replace("name: 公共公益宣传服务", "name: 公共信息宣传服务")),
    "CT11": lambda: sector(nodes=replace("{code: A150201, name: 政协宣传服务, level: 4, line: 5}",
                                         "{code: A150201, name: 政协宣传服务, level: 4, line: 5}\n"
                                         "              - {code: A150201, name: 政协宣传, level: 4, line: 6}")),
    "CT12": lambda: sector(nodes=replace("            children:\n              - {code: A150201, name: 政协宣传服务,"
                                         " level: 4, line: 5}\n", "")),
    "CT13": lambda: sector(nodes=replace("政协宣传服务", "政协宣传服务；政协展览服务")),
    "CT16": lambda: sector(nodes=replace("code: A1502\n", "code: A1509\n").replace("A150201", "A150901")),
}

PASSING_VARIANTS = {
    "CT12": lambda: sector(nodes=replace("            children:\n              - {code: A150201, name: 政协宣传服务,"
                                         " level: 4, line: 5}\n", "            lost: E001\n")),
    "CT13": lambda: sector(nodes=replace("{code: A150201, name: 政协宣传服务, level: 4, line: 5}",
                                         "{code: A150201, name: 政协宣传服务；政协展览服务, level: 4, line: 5,"
                                         " parts: [政协宣传服务, 政协展览服务]}")),
    "CT09": lambda: sector(nodes=replace("政协宣传服务", "12368 诉讼热线服务")),
}


@pytest.mark.parametrize("rule", sorted(FAILING))
def test_fail(tmp_path, rule):
    assert rule in rules_found(edition(tmp_path, FAILING[rule]()))


@pytest.mark.parametrize("rule", sorted(PASSING_VARIANTS))
def test_pass_variant(tmp_path, rule):
    assert rule not in rules_found(edition(tmp_path, PASSING_VARIANTS[rule]()))


def test_problem_position_is_the_yaml_node_and_the_source_line(tmp_path):
    path = edition(tmp_path, sector(nodes=replace("A150201", "'150201'")))
    (problem,) = [p for p in lint.lint([path]) if p.rule == "CT05"]
    text = (path / "sectors" / "01-s.yaml").read_text(encoding="utf-8").splitlines()
    assert "150201" in text[problem.line - 1]
    assert problem.source_line == 5


def test_fail_ct14_stale_erratum(tmp_path):
    source = "民政\t\t\t\t\nA\t公共服务\t\t\t\n"
    path = edition(tmp_path, sector(), files={
        "source.txt": source,
        "edition.yaml": "source: {path: source.txt}\n",
        "errata.yaml": "errata:\n  - {id: E001, line: 2, kind: x, field: name, printed: 公共 服务, corrected: 公共服务, why: w}\n",
    })
    assert "CT14" in rules_found(path)


def test_pass_ct14_matching_erratum(tmp_path):
    path = edition(tmp_path, sector(), files={
        "source.txt": "民政\t\t\t\t\nA\t公共 服务\t\t\t\n",
        "edition.yaml": "source: {path: source.txt}\n",
        "errata.yaml": "errata:\n  - {id: E001, line: 2, kind: x, field: name, printed: 公共 服务, corrected: 公共服务, why: w}\n",
    })
    assert "CT14" not in rules_found(path)


def test_fail_ct15_unparsed_line(tmp_path):
    path = edition(tmp_path, sector(), files={"import.yaml": "unparsed:\n  - {line: 7, text: 'A15\\tX\\tY'}\n"})
    assert "CT15" in rules_found(path)


def test_pass_ct15(tmp_path):
    assert "CT15" not in rules_found(edition(tmp_path, sector(), files={"import.yaml": "unparsed: []\n"}))


def test_fail_ct17_keyword_in_two_sectors(tmp_path):
    assert "CT17" in rules_found(edition(tmp_path, sector(), sector(name="民政", keywords="[政协]")))


def test_pass_ct17(tmp_path):
    assert "CT17" not in rules_found(edition(tmp_path, sector(), sector(name="民政", keywords="[民政]")))


def test_faithful_import_reports_every_defect_class_at_its_source_line(faithful):
    found = {(p.rule, p.source_line) for p in lint.lint([faithful])}
    expected = {
        ("CT05", 948),  # 160601
        ("CT06", 719), ("CT06", 1221), ("CT06", 1787),  # A040102, A050301, A160401
        ("CT07", 112), ("CT07", 117), ("CT07", 657), ("CT07", 965), ("CT07", 1500),
        ("CT08", 107), ("CT08", 2121),  # 统战部, 气象
        ("CT09", 716), ("CT09", 1328),
        ("CT10", 161), ("CT10", 851), ("CT10", 1822), ("CT10", 301),
        ("CT11", 670), ("CT11", 1821), ("CT11", 1906),  # the three lost headings
        ("CT13", 2157), ("CT13", 838),
    }
    assert expected <= found
    assert sum(rule == "CT09" for rule, _ in found) == 13


def test_select_ignore_and_severity_overrides(invoke, faithful):
    every = invoke("lint", faithful, "--format", "json")
    rules_seen = {p["rule"] for p in json.loads(every.output)["problems"]}
    assert {"CT05", "CT08"} <= rules_seen or len(rules_seen) >= 3
    chosen = sorted(rules_seen)[0]
    only = json.loads(invoke("lint", faithful, "--format", "json", "--select", chosen).output)
    assert {p["rule"] for p in only["problems"]} == {chosen}
    without = json.loads(invoke("lint", faithful, "--format", "json", "--ignore", chosen).output)
    assert chosen not in {p["rule"] for p in without["problems"]}
    warn = next(r for r in sorted(rules_seen) if r != chosen)
    raised = json.loads(
        invoke("lint", faithful, "--format", "json", "--select", warn, "--severity", f"{warn}=info").output)
    assert raised["problems"] and {p["severity"] for p in raised["problems"]} == {"info"}
    assert invoke("lint", faithful, "--select", "XX99").exit_code == 2
    assert invoke("lint", faithful, "--severity", f"{warn}=fatal").exit_code == 2
