"""Hostile and broken catalogue files: a clear message at file:line, never a traceback or a hang."""
from __future__ import annotations

import json

import pytest

from test_lint_rules import edition, sector


def lint_json(invoke, path):
    result = invoke("lint", path, "--format", "json")
    return result, json.loads(result.output)["problems"]


def write(tmp_path, text: str | bytes):
    root = edition(tmp_path, sector())
    target = root / "sectors" / "01-s.yaml"
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return root


def test_python_tag_is_never_executed(tmp_path, invoke):
    marker = tmp_path / "pwned"
    root = write(tmp_path, f"sector: !!python/object/apply:os.system ['touch {marker}']\n")
    result, problems = lint_json(invoke, root)
    assert result.exit_code == 1 and not marker.exists()
    assert problems[0]["rule"] == "CT01" and problems[0]["line"] == 1 and "tag" in problems[0]["message"]


def test_alias_bomb_is_refused(tmp_path, invoke):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    root = write(tmp_path, "\n".join(lines) + "\n")
    result, problems = lint_json(invoke, root)
    assert result.exit_code == 1
    assert problems[0]["rule"] == "CT01" and "alias" in problems[0]["message"]


def test_deep_nesting_is_refused(tmp_path, invoke):
    root = write(tmp_path, "x: " + "[" * 5000 + "]" * 5000 + "\n")
    result, problems = lint_json(invoke, root)
    assert result.exit_code == 1 and "nesting" in problems[0]["message"]


def test_syntax_error_names_the_line(tmp_path, invoke):
    root = write(tmp_path, "sector: 民政\norder: 1\nnodes:\n  - code: A\n   name: bad indent\n")
    result = invoke("lint", root)
    assert result.exit_code == 1
    assert "01-s.yaml:5:" in result.output and "(CT01)" in result.output


def test_non_utf8_file(tmp_path, invoke):
    root = write(tmp_path, "sector: 民政\n".encode("gb18030"))
    result, problems = lint_json(invoke, root)
    assert result.exit_code == 1 and "UTF-8" in problems[0]["message"]


def test_duplicate_key_is_reported_where_it_stands(tmp_path, invoke):
    root = write(tmp_path, sector(extra="sector: 民政\n"))
    result, problems = lint_json(invoke, root)
    (dup,) = [p for p in problems if p["rule"] == "CT02"]
    assert dup["line"] == 4 and "sector" in dup["message"]


@pytest.mark.parametrize("extra, needle", [("colour: red\n", "colour"), ("restored: yes\n", "restored")])
def test_unknown_keys_and_wrong_types(tmp_path, invoke, extra, needle):
    root = write(tmp_path, sector(extra=extra))
    result, problems = lint_json(invoke, root)
    assert result.exit_code == 1
    assert any(p["rule"] == "CT03" and needle in p["message"] for p in problems)


def test_missing_path_is_a_usage_error(tmp_path, invoke):
    result = invoke("lint", tmp_path / "nope")
    assert result.exit_code == 2 and "no such file" in result.output


def test_empty_file(tmp_path, invoke):
    root = write(tmp_path, "")
    result, problems = lint_json(invoke, root)
    assert result.exit_code == 1 and problems[0]["rule"] == "CT03"
