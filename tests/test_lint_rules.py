"""Lint as a whole: a clean edition, the shipped catalogue, a faithful import, rule selection.

Each rule's own failing and passing cases, with their positions, are in tests/lint_cases/
(run by test_lint_cases.py). sector() and edition() are shared with other test modules."""
from __future__ import annotations

import json

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


def test_clean_edition_passes_everything(tmp_path):
    assert lint.lint([edition(tmp_path, sector())]) == []


def test_shipped_catalogue_is_clean_even_strict():
    from conftest import EDITION

    problems = lint.lint([EDITION])
    assert problems == [] and lint.exit_code(problems, strict=True) == 0


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
