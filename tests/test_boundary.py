"""One error boundary (issue #9): expected failures are a message and exit 2, a defect is
exit 3 without a traceback unless --debug, interrupts are 130; outputs are written whole or
not at all; a broken catalogue edition sends the user to lint; control characters never
reach the terminal or break an XLSX."""
from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from checker import atomic, cli, paths

LINE = "部门名称,项目名称,金额\n泽州县民政局,居家养老上门服务,1\n泽州县民政局,婚姻家庭辅导,2\n"


@pytest.fixture
def budget(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text(LINE, encoding="utf-8")
    return path


def test_an_unexpected_error_is_exit_3_without_a_traceback(budget, monkeypatch, capsys):
    monkeypatch.setenv("SVCCHECK_LANG", "en")
    from checker import match

    def broken(*a, **k):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(match.Engine, "stream", broken)
    assert cli.run(["match", str(budget), "--format", "json"]) == 3
    err = capsys.readouterr().err
    assert "internal error" in err and "Traceback" not in err and "--debug" in err
    with pytest.raises(ZeroDivisionError):
        cli.run(["match", str(budget), "--debug"])


def test_expected_failures_are_exit_2(budget, tmp_path, capsys):
    assert cli.run(["match", str(tmp_path / "missing.csv")]) == 2
    assert cli.run(["match", str(budget), "--format", "nope"]) == 2
    assert cli.run(["--version"]) == 0
    assert cli.run(["match", str(budget), "--format", "json", "-o", str(tmp_path / "out.json")]) == 0


def test_ctrl_c_is_130(budget, monkeypatch, capsys):
    from checker import match

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(match.Engine, "stream", interrupted)
    assert cli.run(["match", str(budget)]) == 130
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
@pytest.mark.parametrize("failure", [errno.ENOSPC, errno.EROFS])
def test_a_failed_write_leaves_the_previous_output_and_no_partial_file(budget, tmp_path, monkeypatch, capsys,
                                                                        fmt, failure):
    out = tmp_path / f"result.{fmt}"
    out.write_bytes(b"previous good output")
    real_replace = os.replace

    def failing_replace(src, dst):
        if Path(dst) == out:
            raise OSError(failure, os.strerror(failure), str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    code = cli.run(["match", str(budget), "--format", fmt, "-o", str(out)])
    assert code == 2
    assert out.read_bytes() == b"previous good output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.csv", out.name]
    err = capsys.readouterr().err
    # Chinese by default (the English text is checked in test_messages.py).
    assert err.startswith("错误：无法写入") and "未被改动" in err


def test_an_interrupted_write_leaves_no_partial_file(tmp_path):
    out = tmp_path / "r.json"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with atomic.replace_file(out) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise KeyboardInterrupt
    assert out.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["r.json"]


def _edition_copy(tmp_path) -> Path:
    import shutil

    edition = tmp_path / "edition"
    shutil.copytree(paths.catalog_dir(), edition)
    return edition


@pytest.mark.parametrize("damage", ["levels-list", "errata-no-id", "scalar-edition", "dangling", "loop",
                                    "billion-laughs", "huge"])
def test_a_broken_edition_is_exit_2_pointing_at_lint(budget, tmp_path, capsys, damage):
    edition = _edition_copy(tmp_path)
    sector = sorted((edition / "sectors").glob("*.yaml"))[0]
    if damage == "levels-list":
        (edition / "levels.yaml").write_text("- a\n- b\n", encoding="utf-8")
    elif damage == "errata-no-id":
        (edition / "errata.yaml").write_text("errata:\n  - line: 3\n", encoding="utf-8")
    elif damage == "scalar-edition":
        (edition / "edition.yaml").write_text("just text\n", encoding="utf-8")
    elif damage == "dangling":
        sector.unlink()
        sector.symlink_to(tmp_path / "nowhere.yaml")
    elif damage == "loop":
        sector.unlink()
        sector.symlink_to(sector)
    elif damage == "billion-laughs":
        lol = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(9))
        sector.write_text(lol, encoding="utf-8")
    else:
        sector.write_text("x: " + "y" * (9 * 1024 * 1024) + "\n", encoding="utf-8")
    code = cli.run(["match", str(budget), "--catalog", str(edition), "--format", "json"])
    err = capsys.readouterr().err
    if damage == "scalar-edition":
        assert code in (0, 1, 2) and "Traceback" not in err
    else:
        assert code == 2 and "svccheck lint" in err and "Traceback" not in err, err


def test_control_characters_are_visible_on_the_terminal_and_in_xlsx(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text("部门名称,项目名称,金额\n泽州县民政局,居家养老\x1b]0;pwned\x07服务\x00,1\n", encoding="utf-8")
    assert cli.run(["match", str(path), "--format", "table"]) in (0, 1)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "␛" in out
    xlsx = tmp_path / "c.xlsx"
    assert cli.run(["match", str(path), "-o", str(xlsx)]) in (0, 1)
    cells = [c.value for row in load_workbook(xlsx)["核对结果"].iter_rows() for c in row]
    assert any(isinstance(v, str) and "␀" in v for v in cells)
    assert cli.run(["match", str(path), "--format", "json"]) in (0, 1)
    (r,) = json.loads(capsys.readouterr().out)["results"]
    assert any(f["rule"] == "MT18" for f in r["findings"])
