"""The reviewer's report and the local web page in the language asked for (issue #12): every
label in Chinese by default and in English with --lang en; the data (items, departments,
catalogue entries, reasons: Chinese in the input) stays as it is, and the report still embeds
the glyphs its Chinese needs."""
from __future__ import annotations

import base64
import html
import io
import json
import re
from pathlib import Path

import pytest

from checker import messages
from test_review import HEADER, LINES

HAN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")  # hanzi and CJK punctuation
LANGS = {"zh": ('lang="zh-CN"', "政府购买服务审核报告", "Purchase-of-services review report"),
         "en": ('lang="en"', "Purchase-of-services review report", "政府购买服务审核报告")}


def _data_strings(results: list[dict], catalog: str, reasons=()) -> list[str]:
    """What a page may show in Chinese whatever its language: what came from the input file, the
    catalogue, the reviewers, and the findings (whose templates live in rules/*.yaml)."""
    found = {catalog, *reasons}
    for r in results:
        found.update(x for x in (r["item"], r["department"], r["sector"], r["entry"]) if x)
        found.update(r["sectors"])
        found.update(a["name"] for a in r["alternatives"])
        found.update(a["sector"] for a in r["alternatives"])
        found.update(f["message"] for f in r["findings"])
    return sorted(found, key=len, reverse=True)


def _labels_only(page: str, data: list[str]) -> str:
    """The page's text with its data taken out: what is left are the labels."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)))
    for value in data:
        text = text.replace(value, " ")
    return text


def _assert_language(text: str, lang: str) -> None:
    if lang == "en":
        leftover = sorted(set(HAN.findall(text)))
        assert not leftover, (leftover, [line for line in text.splitlines() if HAN.search(line)][:10])
    else:
        assert HAN.search(text)


@pytest.fixture
def reviewed(invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("SVCCHECK_DB", str(tmp_path / "review.sqlite"))
    budget = tmp_path / "budget.csv"
    budget.write_text(HEADER + "\n".join(LINES) + "\n", encoding="utf-8")
    rows = json.loads(invoke("review", budget, "--format", "json").output)["results"]
    assert invoke("decide", rows[0]["line_id"], "reject", "--reason", "对个人补助不得购买").exit_code == 0
    en = json.loads(invoke("match", budget, "--format", "json", "--lang", "en").output)
    zh = json.loads(invoke("match", budget, "--format", "json").output)
    data = _data_strings(en["results"] + zh["results"], en["catalog"], ["对个人补助不得购买"])
    return budget, data


# ---------------------------------------------------------------------- the label table

def test_every_label_has_both_languages_with_the_same_placeholders():
    for key, (zh, en) in messages.LABELS.items():
        assert zh and en, key
        assert messages.placeholders(zh) == messages.placeholders(en), key
        assert not HAN.search(en), key
    assert set(messages.VERDICT_EN) == set(__import__("checker.outputs").outputs.VERDICT_ZH)
    assert not any(HAN.search(name) for name in messages.VERDICT_EN.values())


def test_label_markup_escapes_the_label_and_keeps_the_facts():
    assert messages.label_markup("decision-code", "en", html.escape, code="<code>A01</code>") == \
        ", entry <code>A01</code>"
    assert messages.label_markup("page-start", "zh", html.escape, command="<code>x</code>").count("<code>") == 1
    assert messages.label("wan", "zh", amount="1.00") == "1.00 万元"


def test_no_report_or_page_label_is_left_in_code():
    """The labels live in messages.LABELS: no Chinese text in the report's code or the page's templates."""
    import checker

    root = Path(checker.__file__).parent  # the package as installed, editable or not
    for path in [root / "reports.py", root / "serve.py", *sorted((root / "templates").glob("*.html")),
                 root / "static" / "app.js"]:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":  # comments and docstrings may speak Chinese
            text = re.sub(r'""".*?"""|#[^\n]*', "", text, flags=re.S)
        assert not HAN.search(text), (path.name, HAN.findall(text)[:10])


# ---------------------------------------------------------------------- the report

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_report_speaks_the_language_asked(invoke, reviewed, tmp_path, lang):
    from fontTools.ttLib import TTFont

    budget, data = reviewed
    out = tmp_path / "report.html"
    args = ["report", budget, "-o", out] + (["--lang", "en"] if lang == "en" else [])
    assert invoke(*args).exit_code == 0
    page = out.read_text(encoding="utf-8")
    attribute, title, other = LANGS[lang]
    assert attribute in page and f"<h1>{title}</h1>" in page and other not in page
    assert ("需要关注的行（3）" if lang == "zh" else "Lines needing attention (3)") in page
    assert ("不属于购买服务" if lang == "zh" else "not a service") in page
    assert ("不同意" if lang == "zh" else "<strong>reject</strong>") in page
    _assert_language(_labels_only(page, data), lang)
    # The data is Chinese in either language: the embedded font still holds every hanzi on the page.
    (font,) = re.findall(r'src:url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\)', page)
    cmap = set(TTFont(io.BytesIO(base64.b64decode(font))).getBestCmap())
    hanzi = {ord(c) for c in re.sub(r"<style>.*?</style>", "", page, flags=re.S) if "\u4e00" <= c <= "\u9fff"}
    assert hanzi and hanzi <= cmap


def test_the_report_follows_svccheck_lang(invoke, reviewed, tmp_path, monkeypatch):
    budget, _ = reviewed
    monkeypatch.setenv("SVCCHECK_LANG", "en")
    out = tmp_path / "report.html"
    assert invoke("report", budget, "-o", out).exit_code == 0
    assert '<html lang="en">' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_report_speaks_the_language_asked(invoke, reviewed, tmp_path, lang):
    from openpyxl import load_workbook

    budget, data = reviewed
    out = tmp_path / "report.xlsx"
    args = ["report", budget, "-o", out] + (["--lang", "en"] if lang == "en" else [])
    assert invoke(*args).exit_code == 0
    book = load_workbook(out)
    sheets = ["审核行", "汇总", "审核信息"] if lang == "zh" else ["Lines", "Summary", "Review"]
    assert book.sheetnames == sheets
    header = [c.value for c in next(book[sheets[0]].iter_rows())]
    assert header[:4] == (["行", "行号 ID", "部门", "项目"] if lang == "zh" else ["Row", "Line ID", "Department", "Item"])
    assert len(header) == 16
    summary_header = [c.value for c in next(book[sheets[1]].iter_rows())]
    assert summary_header == (["部门", "结论", "行数", "金额（万元）"] if lang == "zh" else
                              ["Department", "Verdict", "Lines", "Amount (10,000 yuan)"])
    last = [c.value for c in list(book[sheets[1]].iter_rows())[-1]]
    assert last[0] == ("合计" if lang == "zh" else "Total")
    labels = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            values = [str(c.value) for c in row if c.value is not None]
            labels.append("\n".join(values))
    text = "\n".join(labels)
    for value in data:
        text = text.replace(value, " ")
    _assert_language(text, lang)


# ---------------------------------------------------------------------- the web page

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_served_page_speaks_the_language_asked(tmp_path, lang):
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from checker import catalog, intake
    from checker import serve as web
    from checker.match import Engine
    from test_serve import SAMPLE, _csrf, _file_id, _rows

    app = web.create_app(db=tmp_path / "review.sqlite", lang=lang)
    client = TestClient(app)
    empty = client.get("/").text
    assert LANGS[lang][0] in empty
    assert ("开始核对" if lang == "zh" else "Upload a budget file") in empty and "<code>svccheck match</code>" in empty
    token = _csrf(client)
    page = client.post("/upload", data={"csrf": token}, files={"file": ("zezhou.csv", SAMPLE.read_bytes())}).text
    file_id = _file_id(page)
    line_id = _rows(page)[0]
    res = client.post("/decide", data={"csrf": token, "file": file_id, "line_id": line_id, "action": "reject",
                                       "reason": "对个人补助不得购买"})
    line = res.text
    assert res.status_code == 200
    assert ("已记录：不同意" if lang == "zh" else "Recorded: reject") in line
    page = client.get(f"/?file={file_id}").text
    assert LANGS[lang][0] in page and LANGS[lang][0] in line
    assert ("审核结论：未通过" if lang == "zh" else "Review result: BLOCKED") in page
    assert ("不属于购买服务" if lang == "zh" else "not a service") in page

    cat = catalog.load()
    results = []
    for engine_lang in ("zh", "en"):
        for r in Engine(cat, engine_lang).run(intake.read(str(SAMPLE))):
            d = r.to_dict()
            d["findings"] = [f.to_dict(engine_lang) for f in r.findings]
            results.append(d)
    data = _data_strings(results, cat.edition_id, ["对个人补助不得购买", "zezhou.csv"])
    for text in (page, line):
        _assert_language(_labels_only(text, data), lang)
    report = client.get(f"/files/{file_id}/report.html").text
    assert LANGS[lang][0] in report and LANGS[lang][1] in report
    gate = client.get(f"/api/gate/{file_id}").json()
    assert gate["text"].startswith("未通过" if lang == "zh" else "BLOCKED")


def test_serve_takes_lang(invoke, monkeypatch, tmp_path):
    pytest.importorskip("starlette")
    from checker import serve as web
    from test_serve import SAMPLE

    apps = []
    monkeypatch.setattr(web, "run", lambda app, host, port, browser: apps.append(app))
    assert invoke("serve", SAMPLE, "--no-browser", "--db", tmp_path / "r.sqlite", "--lang", "en").exit_code == 0
    monkeypatch.setenv("SVCCHECK_LANG", "en")
    assert invoke("serve", SAMPLE, "--no-browser", "--db", tmp_path / "r.sqlite").exit_code == 0
    monkeypatch.delenv("SVCCHECK_LANG")
    assert invoke("serve", SAMPLE, "--no-browser", "--db", tmp_path / "r.sqlite").exit_code == 0
    assert [a.state.svccheck.lang for a in apps] == ["en", "en", "zh"]
