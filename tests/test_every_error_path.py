"""Every command's error paths, run in Chinese and in English (issue #12): the Chinese run says
nothing in English and the English run says nothing in Chinese, beyond the names of files,
options and data the user gave. Help pages too.

What counts as "saying something": a run of three or more English words (zh), or a Han
character (en), once quoted text, paths, options, commands in backticks and the detail a
library gave in full-width brackets are set aside.
"""
from __future__ import annotations

import re
import zipfile

import click
import pytest

from checker import cli

ENGLISH_PHRASE = re.compile(r"[A-Za-z][a-z']+(?:[ ,;:]+[A-Za-z][a-z']*){2,}")
HAN = re.compile(r"[\u4e00-\u9fff]")
SET_ASIDE = [
    r"`[^`]*`", r"'[^']*'", r'"[^"]*"', r"“[^”]*”", r"‘[^’]*’",
    r"（[^（）]*）",          # library detail in a Chinese sentence: （BadZipFile: File is not a zip file）
    r"(?<![\w-])--?[a-z][\w-]*(?: [A-Z_]+)?",   # options and their metavars
    r"^\s*\w+:\s+.*svccheck completion.*$",       # shell lines to copy
    r"svccheck(?: [a-z]+)*",                      # command lines
    r"\S*[/\\]\S*",           # paths
    r"\S+\.(?:csv|xlsx|yaml|json|html|sqlite|txt)\b",
]


def said(text: str) -> str:
    for pattern in SET_ASIDE:
        text = re.sub(pattern, " ", text, flags=re.MULTILINE)
    return text


def assert_speaks(text: str, lang: str, what: str) -> None:
    rest = said(text)
    if lang == "zh":
        found = ENGLISH_PHRASE.findall(rest)
        assert not found, f"{what}: English in the Chinese output: {found} in {text!r}"
        assert HAN.search(text), f"{what}: no Chinese at all: {text!r}"
    else:
        found = HAN.findall(rest)
        assert not found, f"{what}: Chinese in the English output: {''.join(found)} in {text!r}"


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SVCCHECK_DB", raising=False)
    monkeypatch.delenv("SVCCHECK_LANG", raising=False)
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "noheader.csv").write_text("x\n" * 40, encoding="utf-8")
    (tmp_path / "blankrows.csv").write_text(",,\n" * 5, encoding="utf-8")
    (tmp_path / "binary.csv").write_bytes(b"\x7fELF\x00\x00\x01" * 50)
    (tmp_path / "badbytes.csv").write_bytes("部门,项目名称\n".encode() + b"\xff\xfe\xfa\n")
    (tmp_path / "ok.csv").write_text("部门名称,项目名称,金额\n泽州县民政局,婚姻家庭辅导,1\n", encoding="utf-8")
    (tmp_path / "long.csv").write_text("部门名称,项目名称,金额\n" + "泽州县民政局,婚姻家庭辅导,1\n" * 20, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "notzip.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with zipfile.ZipFile(tmp_path / "nobook.xlsx", "w") as z:
        z.writestr("hello.txt", "hi")
    (tmp_path / "notadb.sqlite").write_text("just text\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9\n")
    (tmp_path / "noedition").mkdir()
    return tmp_path


# (what, arguments): each must end in exit 2 with one error message.
ERROR_PATHS = [
    ("unknown command", ["frobnicate"]),
    ("unknown option", ["match", "ok.csv", "--frob"]),
    ("missing argument", ["match"]),
    ("bad choice", ["match", "ok.csv", "--fail-on", "never"]),
    ("bad integer", ["match", "ok.csv", "--max-rows", "many"]),
    ("extra argument", ["completion", "bash", "zsh"]),
    ("lint: missing path", ["lint", "nowhere.yaml"]),
    ("lint: bad severity", ["lint", "--severity", "CT05=fatal"]),
    ("lint: unknown rule", ["lint", "--select", "XX9"]),
    ("lint: bad format", ["lint", "--format", "pdf"]),
    ("import: missing source", ["catalog", "import", "nowhere.txt", "-o", "out"]),
    ("import: no output", ["catalog", "import", "latin1.txt"]),
    ("import: not UTF-8", ["catalog", "import", "latin1.txt", "-o", "out"]),
    ("export: not an edition", ["catalog", "export", "--catalog", "noedition"]),
    ("match: not found", ["match", "missing.csv"]),
    ("match: a folder", ["match", "folder"]),
    ("match: empty", ["match", "empty.csv"]),
    ("match: no header", ["match", "noheader.csv"]),
    ("match: only empty rows", ["match", "blankrows.csv"]),
    ("match: binary", ["match", "binary.csv"]),
    ("match: bad bytes", ["match", "badbytes.csv", "--encoding", "utf-8"]),
    ("match: unknown encoding", ["match", "ok.csv", "--encoding", "klingon"]),
    ("match: xlsx to stdout", ["match", "ok.csv", "--format", "xlsx"]),
    ("match: sheet of a CSV", ["match", "ok.csv", "--sheet", "x"]),
    ("match: not a zip", ["match", "notzip.xlsx"]),
    ("match: no workbook", ["match", "nobook.xlsx"]),
    ("match: no such sector", ["match", "ok.csv", "--sector", "魔法部"]),
    ("match: too many rows", ["match", "long.csv", "--max-rows", "5"]),
    ("match: cannot write", ["match", "ok.csv", "-o", "nowhere/out.json"]),
    ("match: not an edition", ["match", "ok.csv", "--catalog", "noedition"]),
    ("review: not a database", ["review", "ok.csv", "--db", "notadb.sqlite"]),
    ("review: a folder as database", ["review", "ok.csv", "--db", "folder"]),
    ("decide: no action", ["decide", "abc", "--reason", "r"]),
    ("decide: no reason", ["decide", "abc", "approve"]),
    ("decide: code with reject", ["decide", "abc", "reject", "--reason", "r", "--code", "A100301"]),
    ("decide: not a code", ["decide", "abc", "approve", "--reason", "r", "--code", "X1"]),
    ("decide: no database", ["decide", "abc", "approve", "--reason", "r", "--db", "none.sqlite"]),
    ("gate: no database", ["gate", "ok.csv", "--db", "none.sqlite"]),
    ("report: wrong suffix", ["report", "ok.csv", "-o", "report.pdf"]),
    ("serve: missing file", ["serve", "missing.csv", "--no-browser"]),
    ("audit: not a database", ["audit", "verify", "--db", "notadb.sqlite"]),
    ("backup: no database", ["db", "backup", "copy.sqlite", "--db", "none.sqlite"]),
    ("rules: bad family", ["rules", "list", "--family", "all"]),
    ("suggest: no database", ["rules", "suggest", "--db", "none.sqlite"]),
    ("completion: bad shell", ["completion", "tcsh"]),
]


@pytest.mark.parametrize("what, args", ERROR_PATHS, ids=[w for w, _ in ERROR_PATHS])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_error_is_said_in_the_language_asked(files, capsys, monkeypatch, what, args, lang):
    monkeypatch.setenv("SVCCHECK_LANG", lang)
    code = cli.run(list(args))
    out = capsys.readouterr()
    assert code == 2, (what, code, out.err)
    assert out.err.startswith("错误：" if lang == "zh" else "Error: "), out.err
    assert "Traceback" not in out.err
    assert_speaks(out.err, lang, what)


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield path + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, path + (name,))


HELP_PAGES = [()] + [p for p, _ in _commands(cli.cli)]


@pytest.mark.parametrize("path", HELP_PAGES, ids=[" ".join(p) or "svccheck" for p in HELP_PAGES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_is_in_the_language_asked(capsys, monkeypatch, path, lang):
    monkeypatch.setenv("SVCCHECK_LANG", lang)
    assert cli.run([*path, "--help"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("用法：" if lang == "zh" else "Usage:"), text
    # The programme's own name for the catalogue is Chinese in either language.
    assert_speaks(text.replace("山西省部门政府购买服务指导性目录", "").replace("晋财综〔2025〕28号", ""), lang,
                  " ".join(path) + " --help")


def test_lang_en_on_the_command_line_gives_english_help(capsys, monkeypatch):
    monkeypatch.setenv("SVCCHECK_LANG", "zh")
    assert cli.run(["match", "--lang", "en", "--help"]) == 0
    assert capsys.readouterr().out.startswith("Usage:")
    assert cli.run(["match", "--help"]) == 0
    assert capsys.readouterr().out.startswith("用法：")
