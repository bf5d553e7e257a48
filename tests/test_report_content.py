"""What the report says besides the lines: the grand total, times with their zone, the embedded font."""
from __future__ import annotations

import base64
import io
import json
import re
import time

import pytest

from checker import reports
from test_review import HEADER, LINES


@pytest.fixture
def shanghai(monkeypatch):
    """The reviewer's machine in China (POSIX TZ, no tz database needed)."""
    monkeypatch.setenv("TZ", "CST-8")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def reviewed(invoke, tmp_path, monkeypatch, shanghai):
    monkeypatch.setenv("SVCCHECK_DB", str(tmp_path / "review.sqlite"))
    budget = tmp_path / "budget.csv"
    budget.write_text(HEADER + "\n".join(LINES) + "\n", encoding="utf-8")
    rows = json.loads(invoke("review", budget, "--format", "json").output)["results"]
    assert invoke("decide", rows[0]["line_id"], "reject", "--reason", "对个人补助不得购买").exit_code == 0
    return budget


def test_local_time_carries_the_offset(shanghai):
    assert reports.local_time("2026-11-29T00:21:07.123456+00:00") == "2026-11-29 08:21:07 +08:00"
    assert reports.local_time("2026-11-29 00:21:07 UTC") == "2026-11-29 08:21:07 +08:00"
    assert reports.local_time("2026-11-29T00:21:07") == "2026-11-29 08:21:07 +08:00"   # naive is UTC


def test_html_report_has_a_grand_total_and_zoned_times(invoke, reviewed, tmp_path):
    out = tmp_path / "report.html"
    assert invoke("report", reviewed, "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    total = re.search(r'<tr class="total" id="grand-total">(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r'<td class="num">(.*?)</td>', total)
    assert cells[-1] == "4<br>56.00 万元"                     # 30 + 20 + 3 + 3
    assert len(cells) == 5                                    # four verdicts and the total
    stamps = re.findall(r"<time>(.*?)</time>", page)
    assert len(stamps) == 2 and all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00", s) for s in stamps)


def test_xlsx_report_has_a_grand_total_and_zoned_times(invoke, reviewed, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "report.xlsx"
    assert invoke("report", reviewed, "-o", out).exit_code == 0
    book = load_workbook(out)
    last = [c.value for c in list(book["汇总"].iter_rows())[-1]]
    assert last[0] == "合计" and last[2] == 4 and last[3] == pytest.approx(56.0)
    history = [row[15].value for row in book["审核行"].iter_rows(min_row=2) if row[15].value]
    assert history and all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00 ", h) for h in history)
    meta = {row[0].value: row[1].value for row in book["审核信息"].iter_rows() if row and row[0].value}
    assert meta["生成时间"].endswith("+08:00")


def test_embedded_font_holds_exactly_the_characters_of_the_page(invoke, reviewed, tmp_path):
    from fontTools.ttLib import TTFont

    out = tmp_path / "report.html"
    assert invoke("report", reviewed, "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    (data,) = re.findall(r'src:url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\)', page)
    font = TTFont(io.BytesIO(base64.b64decode(data)))
    cmap = set(font.getBestCmap())
    text = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    hanzi = {ord(c) for c in text if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"}
    assert hanzi and hanzi <= cmap                    # every hanzi on the page has its glyph
    assert not any(c < 0x80 for c in cmap)            # Latin is left to the system's sans-serif
    assert len(cmap) < 400 and len(data) < 200_000    # a subset, not the vendored font
    assert "font-family:" in page and all(name in page for name in (
        "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "SimSun"))


def test_font_licence_goes_with_the_font():
    licence = (reports.FONT_FILE.parent / "OFL.txt").read_text(encoding="utf-8")
    assert reports.FONT_FILE.is_file() and "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert reports.FONT_FILE.stat().st_size < 2_000_000


def test_the_grand_total_leaves_out_合计_and_小计_rows(invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("SVCCHECK_DB", str(tmp_path / "review.sqlite"))
    budget = tmp_path / "budget.csv"
    budget.write_text(HEADER + "\n".join(LINES) + "\n合计,,,56\n", encoding="utf-8")
    assert invoke("review", budget, "--format", "json").exit_code in (0, 1)
    out = tmp_path / "report.html"
    assert invoke("report", budget, "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    total = re.search(r'<tr class="total" id="grand-total">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'<td class="num">(.*?)</td>', total)[-1] == "4<br>56.00 万元"


def test_a_chinese_report_names_severities_in_chinese_and_explains_the_other_lines(invoke, reviewed, tmp_path):
    out = tmp_path / "report.html"
    assert invoke("report", reviewed, "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "[错误]" in page and "[error]" not in page and "（错误）" in page


def test_a_chinese_xlsx_report_names_severities_in_chinese(invoke, reviewed, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "report.xlsx"
    assert invoke("report", reviewed, "-o", out).exit_code == 0
    cells = [c.value for row in load_workbook(out)["审核行"].iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert "错误" in cells and "error" not in cells and not any("[error]" in c for c in cells)


def test_a_decision_on_a_line_that_matched_is_shown_and_its_verdict_does_not_wrap(invoke, reviewed, tmp_path):
    rows = json.loads(invoke("review", reviewed, "--format", "json").output)["results"]
    ok = next(r for r in rows if r["verdict"] == "ok")
    assert invoke("decide", ok["line_id"], "approve", "--code", "A040303", "--reason", "核对无误").exit_code == 0
    out = tmp_path / "report.html"
    assert invoke("report", reviewed, "-o", out).exit_code in (0, 1)
    page = out.read_text(encoding="utf-8")
    block = page[page.index(f'data-line-id="{ok["line_id"]}"'):]
    block = block[:block.index("</table>")]
    assert "核对无误" in block and "（）" not in block  # the decision, and no empty severity
    assert ".nowrap{white-space:nowrap}" in page  # 符合 and 合计行 in the other lines' table keep to one line


def test_the_reports_departments_come_in_the_files_order(invoke, tmp_path, monkeypatch):
    # A reviewer's trial: the summary listed 司法局 before 民政局, the file the other way round.
    monkeypatch.setenv("SVCCHECK_DB", str(tmp_path / "review.sqlite"))
    budget = tmp_path / "budget.csv"
    budget.write_text("部门名称,项目名称,目录代码,金额（万元）\n泽州县民政局,居家养老上门服务,,10\n"
                      "泽州县司法局,村（居）法律顾问服务,,5\n", encoding="utf-8")
    assert invoke("review", budget, "--format", "json").exit_code in (0, 1)
    out = tmp_path / "report.html"
    assert invoke("report", budget, "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.index("泽州县民政局") < page.index("泽州县司法局")
