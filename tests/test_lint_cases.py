"""Each lint rule against its cases in tests/lint_cases/<ID>.yaml, sqlfluff-style.

A case file holds `rule:` (the id it tests), optional `defaults:` and named `cases:`. A case
gives the files of a small edition, each inline:

    sector:  one sector file (sectors/01.yaml)      sectors: several (sectors/01.yaml, 02.yaml, …)
    levels:  levels.yaml     errata: errata.yaml     import: import.yaml
    edition: edition.yaml    source: source.txt (the published text, for errata)
    glosses: glosses/01.yaml

A key of `defaults:` is used by every case that does not give it; a case may set it to null
to leave that file out. `targets:` (paths in the edition) lints those files instead of the
whole folder. Then either `pass: true` (the rule reports nothing) or `findings:`, the rule's
findings exactly: `[line, column]` in the first sector file, or a mapping with line, column
and optionally file (relative to the edition), source_line and args (a subset of the
details its message is filled from).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker import lint, rules

CASES_DIR = Path(__file__).parent / "lint_cases"
FILES = {"levels": "levels.yaml", "errata": "errata.yaml", "import": "import.yaml",
         "edition": "edition.yaml", "source": "source.txt", "glosses": "glosses/01.yaml"}
FIRST_SECTOR = "sectors/01.yaml"


def load_case_files() -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(CASES_DIR.glob("*.yaml"))}


CASE_FILES = load_case_files()
CASES = [(rule, case) for rule, spec in CASE_FILES.items()
         for case in ({**spec.get("defaults", {}), **c} for c in spec["cases"])]


def write_edition(folder: Path, case: dict) -> None:
    sectors = [case["sector"]] if case.get("sector") is not None else list(case.get("sectors") or [])
    (folder / "sectors").mkdir()
    for number, text in enumerate(sectors, start=1):
        (folder / "sectors" / f"{number:02d}.yaml").write_text(text, encoding="utf-8")
    for key, name in FILES.items():
        if case.get(key) is not None:
            (folder / name).parent.mkdir(exist_ok=True)
            (folder / name).write_text(case[key], encoding="utf-8")


def case_edition(folder: Path, rule: str, name: str) -> Path:
    """The edition of one named case, for tests that take it further (through the CLI)."""
    (case,) = [c for r, c in CASES if r == rule and c["name"] == name]
    write_edition(folder, case)
    return folder


def expected(case: dict) -> list[tuple[str, int, int]]:
    out = []
    for item in case.get("findings") or []:
        if isinstance(item, list):
            item = {"line": item[0], "column": item[1]}
        out.append((item.get("file", FIRST_SECTOR), item["line"], item["column"]))
    return sorted(out)


@pytest.mark.parametrize("rule,case", CASES, ids=[f"{rule}-{case['name']}" for rule, case in CASES])
def test_case(rule, case, tmp_path, monkeypatch):
    write_edition(tmp_path, case)
    monkeypatch.chdir(tmp_path)  # problems then name their files relative to the edition
    targets = [Path(t) for t in case.get("targets") or ["."]]
    found = [p for p in lint.lint(targets) if p.rule == rule]
    if case.get("pass"):
        assert found == [], [p.to_dict() for p in found]
        return
    assert sorted((Path(p.file).as_posix(), p.line, p.column) for p in found) == expected(case), \
        [p.to_dict() for p in found]
    by_position = {(Path(p.file).as_posix(), p.line, p.column): p for p in found}
    for item in case["findings"]:
        if not isinstance(item, dict):
            continue
        problem = by_position[(item.get("file", FIRST_SECTOR), item["line"], item["column"])]
        for key, value in (item.get("args") or {}).items():
            assert problem.details[key] == value, (key, problem.details)
        if "source_line" in item:
            assert problem.source_line == item["source_line"]


def test_every_rule_has_a_failing_and_a_passing_case():
    table = rules.load("lint")
    assert set(CASE_FILES) == set(table), "one case file per rule in rules/lint.yaml"
    for rule_id, spec in CASE_FILES.items():
        assert spec["rule"] == rule_id
        cases = spec["cases"]
        assert any(c.get("pass") for c in cases), f"{rule_id}: no passing case"
        assert any(c.get("findings") for c in cases), f"{rule_id}: no failing case"


def test_a_case_either_passes_or_gives_findings():
    for rule_id, spec in CASE_FILES.items():
        names = [c["name"] for c in spec["cases"]]
        assert len(names) == len(set(names)), f"{rule_id}: case names repeat"
        for case in spec["cases"]:
            assert bool(case.get("pass")) != bool(case.get("findings")), f"{rule_id} {case['name']}"
