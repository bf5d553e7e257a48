"""`svccheck serve`: the local web page and its JSON API (Starlette's TestClient), and one run in
a real browser (Playwright driving Debian's chromium)."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import threading
import time

import pytest

pytest.importorskip("starlette")
pytest.importorskip("jinja2")
pytest.importorskip("multipart")

from starlette.testclient import TestClient  # noqa: E402

from checker import paths, review  # noqa: E402
from checker import serve as web  # noqa: E402

SAMPLE = paths.data_root() / "data" / "samples" / "zezhou-cppcc-2026.csv"
HOSTILE = "<script>alert(1)</script>"


def _sample_items() -> list[str]:
    with SAMPLE.open(encoding="utf-8-sig") as f:
        return [row["项目名称"] for row in csv.DictReader(f)]


@pytest.fixture
def db(tmp_path):
    return tmp_path / "review.sqlite"


@pytest.fixture
def client(db):
    return TestClient(web.create_app(db=db))


def _csrf(client: TestClient, url: str = "/") -> str:
    page = client.get(url).text
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert client.cookies.get(web.CSRF_COOKIE) == token
    return token


def _upload(client: TestClient, data: bytes, name: str = "budget.csv"):
    token = _csrf(client)
    return client.post("/upload", data={"csrf": token}, files={"file": (name, data, "text/csv")})


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr class="line[^"]*" data-line-id="([^"]+)"', page)


def _gate(page: str) -> str:
    return re.search(r'id="gate">([^<]*)<', page).group(1)


def _file_id(page: str) -> str:
    return re.search(r'name="file" value="([0-9a-f]+)"', page).group(1)


def test_upload_shows_every_line_of_the_sample(client, db):
    res = _upload(client, SAMPLE.read_bytes(), "zezhou.csv")
    assert res.status_code == 200 and res.url.path == "/"
    page = res.text
    items = _sample_items()
    assert len(_rows(page)) == len(items) == 12
    for item in items:
        assert item in page
    assert "不属于购买服务" in page and "目录外" in page  # Chinese verdict labels
    assert "未通过：4 行待处理" in _gate(page)
    assert "318.52" in page  # the summary's amount for the department
    # Recorded in the store as `svccheck review` does.
    with review.Store(db, read_only=True) as store:
        assert store.conn.execute("SELECT count(*) FROM lines").fetchone()[0] == 12
        assert store.conn.execute("SELECT file FROM submissions").fetchone()[0] == "zezhou.csv"


def test_files_named_on_the_command_line_are_shown_at_the_root(db):
    client = TestClient(web.create_app(db=db, files=[str(SAMPLE)]))
    page = client.get("/").text
    assert len(_rows(page)) == 12
    for item in _sample_items():
        assert item in page


def test_an_xlsx_upload(client, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    with SAMPLE.open(encoding="utf-8-sig") as f:
        for row in csv.reader(f):
            ws.append(row)
    path = tmp_path / "budget.xlsx"
    wb.save(path)
    token = _csrf(client)
    res = client.post("/upload", data={"csrf": token}, files={"file": ("budget.xlsx", path.read_bytes(),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")})
    assert res.status_code == 200 and len(_rows(res.text)) == 12 and "遗属补助" in res.text
    res = client.post("/upload", data={"csrf": token}, files={"file": ("empty.csv", b"", "text/csv")})
    assert res.status_code == 400 and "无法读取" in res.text


def test_an_unreadable_upload_and_a_lines_findings_are_said_in_the_pages_language(client):
    # A reviewer's trial: the error had been raised English on the Chinese page, and a line's
    # findings showed [info] / （error） where the list says 提示 / 错误.
    res = _upload(client, "部门,金额\n泽州县民政局,3\n".encode(), "bad.csv")
    assert res.status_code == 400 and "找不到项目列" in res.text and "no item column" not in res.text
    page = _upload(client, SAMPLE.read_bytes()).text
    line = client.get(f"/files/{_file_id(page)}/lines/{_rows(page)[0]}").text
    assert "[提示]" in line or "[错误]" in line or "[警告]" in line
    assert not re.search(r"\[(info|error|warning)\]|（(info|error|warning)）", line)


def test_filter_by_verdict_and_department(client):
    page = _upload(client, SAMPLE.read_bytes()).text
    file_id = _file_id(page)
    flagged = client.get("/", params={"file": file_id, "verdict": "not_a_service"}).text
    assert len(_rows(flagged)) == 4 and "遗属补助" in flagged and "短视频制作" not in flagged
    dept = "中国人民政治协商会议山西省泽州县委员会办公室"
    assert len(_rows(client.get("/", params={"file": file_id, "department": dept}).text)) == 12
    assert len(_rows(client.get("/", params={"file": file_id, "department": "别的部门"}).text)) == 0


def test_decision_through_the_form_changes_the_gate(client, db):
    page = _upload(client, SAMPLE.read_bytes()).text
    file_id = _file_id(page)
    rows = json.loads(client.get(f"/api/files/{file_id}").text)["results"]
    errors = [r["line_id"] for r in rows if r["severity"] == "error"]
    assert len(errors) == 4
    token = client.cookies.get(web.CSRF_COOKIE)
    # The reviewer's name, once per browser.
    res = client.post("/reviewer", data={"csrf": token, "reviewer": "张三", "next": f"/?file={file_id}"})
    assert res.status_code == 200 and 'value="张三"' in res.text
    line = client.get(f"/files/{file_id}/lines/{errors[0]}").text
    assert "未决定" in line and "MT" in line  # findings shown, no history yet
    res = client.post("/decide", data={"csrf": token, "file": file_id, "line_id": errors[0], "action": "approve",
                                       "reason": "已移出政府购买服务预算"})
    assert res.status_code == 200 and "已记录" in res.text and "张三" in res.text
    assert "未通过：3 行待处理" in _gate(res.text)
    assert "未通过：3 行待处理" in _gate(client.get("/", params={"file": file_id}).text)
    gate = client.get(f"/api/gate/{file_id}").json()
    assert gate["pass"] is False and len(gate["blocking"]) == 3 and gate["chain_ok"]
    # The rest through the API; the gate opens.
    res = client.post("/api/decisions", headers={"X-CSRF-Token": token},
                      json={"line_ids": errors[1:], "action": "approve", "reason": "已改列", "reviewer": "李四"})
    assert res.status_code == 200 and [d["line_id"] for d in res.json()["decisions"]] == errors[1:]
    gate = client.get(f"/api/gate/{file_id}").json()
    assert gate["pass"] is True and gate["text"].startswith("通过")
    with review.Store(db, read_only=True) as store:
        ok, _, _, count = store.verify()
        assert ok and count == 4
        assert [d.reviewer for d in store.all_decisions()] == ["张三", "李四", "李四", "李四"]
    history = client.get(f"/files/{file_id}/lines/{errors[0]}").text
    assert "已移出政府购买服务预算" in history and "同意" in history


def test_decision_checks_are_those_of_decide(client):
    page = _upload(client, SAMPLE.read_bytes()).text
    file_id = _file_id(page)
    rows = client.get(f"/api/files/{file_id}").json()["results"]
    line_id = rows[0]["line_id"]
    token = client.cookies.get(web.CSRF_COOKIE)

    def decide(**body):
        return client.post("/api/decisions", headers={"X-CSRF-Token": token}, json=body)

    from checker import catalog, codes

    cat = catalog.load(None)
    own = rows[0]["sectors"]
    foreign = next(c for sec in cat.sectors for c in sec.codes
                   if codes.level_of(c) == 4 and not any(cat.entry(s, c) for s in own))
    mine = next(c for sec in cat.sectors if sec.name == own[0] for c in sec.codes if codes.level_of(c) == 4)
    assert decide(line_ids=[line_id], action="approve", reason="x", code="Z999999").status_code == 400
    res = decide(line_ids=[line_id], action="approve", reason="x", code=foreign)  # another list's entry
    assert res.status_code == 400 and "not an entry of" in res.json()["error"]
    assert decide(line_ids=[line_id], action="reject", reason="x", code=mine).status_code == 400
    assert decide(line_ids=[line_id], action="maybe", reason="x").status_code == 400
    assert decide(line_ids=[line_id], action="reject", reason="  ").status_code == 400
    res = decide(line_ids=[line_id, "LNOSUCHLINE"], action="reject", reason="x")
    assert res.status_code == 409 and "nothing was recorded" in res.json()["error"]
    assert "未记录" in res.json()["error_zh"]  # the same error for a person, in Chinese
    assert decide(line_ids="L1", action="reject", reason="x").status_code == 400
    res = decide(line_ids=[line_id], action="approve", reason="按目录条目同意", code=mine)
    assert res.status_code == 200 and res.json()["decisions"][0]["code"] == mine
    form = client.post("/decide", data={"csrf": token, "file": file_id, "line_id": line_id, "action": "approve",
                                        "code": "A", "reason": "x"})
    assert form.status_code == 400 and "不是四级目录编码" in form.text  # the page says it in its language


def test_several_reviewers_at_once(db):
    """Two servers on one store, reviewers deciding at the same moment: nothing lost, the chain holds."""
    apps = [web.create_app(db=db, files=[str(SAMPLE)]) for _ in range(2)]
    clients = [TestClient(apps[i % 2]) for i in range(4)]
    tokens = [_csrf(c) for c in clients]
    file_id = _file_id(clients[0].get("/").text)
    ids = [r["line_id"] for r in clients[0].get(f"/api/files/{file_id}").json()["results"]]
    errors: list = []

    def work(i: int) -> None:
        try:
            for line_id in ids[i::4]:
                res = clients[i].post("/api/decisions", headers={"X-CSRF-Token": tokens[i]},
                                      json={"line_ids": [line_id], "action": "reject", "reason": f"审核人{i}",
                                            "reviewer": f"审核人{i}"})
                assert res.status_code == 200, res.text
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    with review.Store(db, read_only=True) as store:
        ok, _, problem, count = store.verify()
        assert ok and count == len(ids), problem
    gate = clients[1].get(f"/api/gate/{file_id}").json()
    assert not gate["pass"] and len(gate["blocking"]) == len(ids)


def test_a_broken_record_never_shows_a_pass(client, db):
    import sqlite3

    page = _upload(client, SAMPLE.read_bytes()).text
    file_id = _file_id(page)
    token = client.cookies.get(web.CSRF_COOKIE)
    errors = [r["line_id"] for r in client.get(f"/api/files/{file_id}").json()["results"] if r["severity"] == "error"]
    res = client.post("/api/decisions", headers={"X-CSRF-Token": token},
                      json={"line_ids": errors, "action": "approve", "reason": "已改列"})
    assert res.status_code == 200 and client.get(f"/api/gate/{file_id}").json()["pass"]
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE decisions SET reason = '改过' WHERE id = 2")
    gate = client.get(f"/api/gate/{file_id}").json()
    assert not gate["pass"] and not gate["chain_ok"] and "决定记录链校验失败" in gate["text"]
    page = client.get("/", params={"file": file_id}).text
    assert "校验失败" in page and "通过：" not in _gate(page).replace("未通过：", "")


def test_posts_without_the_csrf_token_are_refused(client, db):
    _csrf(client)
    files = {"file": ("b.csv", SAMPLE.read_bytes(), "text/csv")}
    assert client.post("/upload", files=files).status_code == 403
    assert client.post("/upload", data={"csrf": "wrong" * 8}, files=files).status_code == 403
    assert client.post("/api/check", files=files).status_code == 403
    assert client.post("/api/decisions", json={"line_ids": ["L1"], "action": "reject", "reason": "x"}).status_code == 403
    assert client.post("/decide", data={"line_id": "L1", "action": "reject", "reason": "x"}).status_code == 403
    assert client.post("/reviewer", data={"reviewer": "x"}).status_code == 403
    # A token from another browser does not help.
    other = TestClient(web.create_app(db=db))
    token = _csrf(other)
    assert client.post("/upload", data={"csrf": token}, files=files).status_code == 403
    assert not db.exists()  # nothing was loaded or recorded


def test_downloads(client):
    from openpyxl import load_workbook

    file_id = _file_id(_upload(client, SAMPLE.read_bytes(), "zezhou.csv").text)
    res = client.get(f"/files/{file_id}/result.xlsx")
    assert res.status_code == 200 and "spreadsheetml" in res.headers["content-type"]
    assert "attachment" in res.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(res.content))
    assert wb.worksheets[0].max_row == 13
    res = client.get(f"/files/{file_id}/result.csv")
    assert res.status_code == 200
    rows = list(csv.reader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert len(rows) == 13 and "遗属补助" in res.content.decode("utf-8")
    res = client.get(f"/files/{file_id}/report.html")
    assert res.status_code == 200 and "政府购买服务审核报告" in res.text and "未通过：4 行待处理" in res.text
    res = client.get(f"/files/{file_id}/report.xlsx")
    assert res.status_code == 200 and load_workbook(io.BytesIO(res.content)).sheetnames[0] == "审核行"
    assert client.get("/files/nosuchfile/result.csv").status_code == 404


def test_item_names_are_escaped(client):
    data = ("部门名称,项目名称,金额（万元）\n"
            f"中国人民政治协商会议山西省泽州县委员会办公室,{HOSTILE},1.00\n"
            f"\"<img src=x onerror=alert(2)>\",短视频制作,2.00\n").encode("utf-8")
    page = _upload(client, data, '"><script>alert(3)</script>.csv').text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]
    file_id = _file_id(page)
    for line_id in _rows(page):
        line = client.get(f"/files/{file_id}/lines/{line_id}").text
        assert "<script>alert" not in line and "<img src=x" not in line
    report = client.get(f"/files/{file_id}/report.html").text
    assert "<script>alert" not in report


def test_upload_over_the_limit_is_413(db):
    client = TestClient(web.create_app(db=db, max_upload=1024 * 1024))
    token = _csrf(client)
    big = b"\xe9\x83\xa8\xe9\x97\xa8,\xe9\xa1\xb9\xe7\x9b\xae\n" + b"x,y\n" * 600_000
    res = client.post("/upload", data={"csrf": token}, files={"file": ("big.csv", big, "text/csv")})
    assert res.status_code == 413
    res = client.post("/api/check", headers={"X-CSRF-Token": token}, files={"file": ("big.csv", big, "text/csv")})
    assert res.status_code == 413

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(300):
            yield b"x" * 10_000

    res = client.post("/api/check", headers={"X-CSRF-Token": token, "Content-Type": "multipart/form-data; boundary=zz"},
                      content=chunks())
    assert res.status_code == 413
    assert not db.exists()


def test_api_check_returns_one_result_per_row(client, db):
    token = _csrf(client)
    res = client.post("/api/check", headers={"X-CSRF-Token": token},
                      files={"file": ("zezhou.csv", SAMPLE.read_bytes(), "text/csv")})
    assert res.status_code == 200
    body = res.json()
    assert len(body["results"]) == 12 and body["summary"]["rows"] == 12
    assert [r["item"] for r in body["results"]] == _sample_items()
    assert all(re.fullmatch(r"L[A-Z2-7]{10}(-\d+)?", r["line_id"]) for r in body["results"])
    assert body["catalog"].startswith("shanxi-2025")
    got = client.get(f"/api/files/{body['file_id']}").json()
    assert got["gate"]["pass"] is False and all(r["decision"] is None for r in got["results"])
    assert client.get("/api/token").json()["csrf"] == token
    res = client.post("/api/check", headers={"X-CSRF-Token": token},
                      files={"file": ("bad.csv", b"\x00\x01\x02" * 1000, "text/csv")})
    assert res.status_code == 400 and "error" in res.json()


def test_cli_serve_needs_the_extra(invoke, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    res = invoke("serve", "--no-browser")
    assert res.exit_code == 2 and "pip install 'svccheck[serve]'" in res.output


def test_cli_serve_warns_when_listening_beyond_this_machine(invoke, monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(web, "run", lambda app, host, port, browser: calls.append((host, port, browser)))
    res = invoke("serve", SAMPLE, "--no-browser", "--db", tmp_path / "r.sqlite")
    assert res.exit_code == 0 and calls == [("127.0.0.1", 8765, False)] and "warning" not in res.output
    res = invoke("serve", "--host", "0.0.0.0", "--port", "9000", "--db", tmp_path / "r.sqlite")
    assert res.exit_code == 0 and calls[-1] == ("0.0.0.0", 9000, True) and "警告：正在 0.0.0.0 上监听" in res.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02" * 1000)
    res = invoke("serve", bad, "--no-browser", "--db", tmp_path / "r.sqlite")
    assert res.exit_code == 2 and "bad.csv" in res.output


# ---------------------------------------------------------------------- a real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(db):
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(web.create_app(db=db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_in_a_browser(live_server, tmp_path):
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed here")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            page.goto(live_server + "/")
            page.fill("#reviewer", "王五")
            page.click("header button")
            page.set_input_files("#file", str(SAMPLE))  # the page's script submits the form on change
            page.wait_for_selector("#lines")
            assert page.locator("tr.line").count() == 12
            assert "未通过：4 行待处理" in page.inner_text("#gate")
            shot = os.environ.get("SVCCHECK_SCREENSHOT")
            if shot:
                page.screenshot(path=shot)  # the first screen: gate, summary and the first lines
            page.select_option("#verdict-filter", "not_a_service")  # applies on change
            page.wait_for_url(re.compile(r"verdict=not_a_service"))
            assert page.locator("tr.line").count() == 4
            page.locator("tr.line").first.locator("td.item").click()  # a click on the line opens it
            page.wait_for_selector("#decide-form")
            page.check("input[name=action][value=approve]")
            page.fill("#reason", "已移出政府购买服务预算")
            page.click("#record")
            page.wait_for_selector("#message")
            assert "王五" in page.inner_text("#message")
            assert "未通过：3 行待处理" in page.inner_text("#gate")
            assert "已移出政府购买服务预算" in page.inner_text("#history")
            page.click("#back")
            with page.expect_download() as info:
                page.click("#dl-report")
            report = tmp_path / "report.html"
            info.value.save_as(report)
            text = report.read_text(encoding="utf-8")
            assert "未通过：3 行待处理" in text and "王五" in text
        finally:
            browser.close()


def test_a_refused_decision_on_the_form_is_said_in_chinese_with_the_forms_words(client):
    page = _upload(client, SAMPLE.read_bytes()).text
    file_id = _file_id(page)
    rows = json.loads(client.get(f"/api/files/{file_id}").text)["results"]
    line = next(r["line_id"] for r in rows if r["severity"] == "error")
    token = client.cookies.get(web.CSRF_COOKIE)
    client.post("/reviewer", data={"csrf": token, "reviewer": "张三", "next": f"/?file={file_id}"})
    blank = client.post("/decide", data={"csrf": token, "file": file_id, "line_id": line, "action": "approve",
                                         "reason": "   "})
    wrong = client.post("/decide", data={"csrf": token, "file": file_id, "line_id": line, "action": "approve",
                                         "reason": "改列", "code": "A999999"})
    for res in (blank, wrong):
        assert res.status_code == 400 and "--" not in res.text.split("<footer")[0].split("<main")[-1]
    assert "决定需要理由" in blank.text and "目录代码 A999999" in wrong.text


def test_a_strict_page_marks_matches_to_confirm_as_needing_a_decision(db, tmp_path):
    path = tmp_path / "words.csv"
    path.write_text("部门名称,项目名称,目录代码,金额（万元）\n泽州县民政局,请社工每周上门给独居老人打扫卫生、陪着说说话,,3\n",
                    encoding="utf-8")
    lenient = TestClient(web.create_app(db=db, files=[str(path)])).get("/").text
    strict = TestClient(web.create_app(db=db, files=[str(path)], strict=True)).get("/").text
    assert "待决定" not in lenient and "待决定" in strict


def test_a_decision_on_the_form_redirects_so_a_reload_records_nothing_twice(client):
    # A reviewer's trial: the form answered 200 to its post, so a browser's reload sent it again.
    page = _upload(client, SAMPLE.read_bytes()).text
    file_id, line_id = _file_id(page), _rows(page)[0]
    token = client.cookies.get(web.CSRF_COOKIE)
    res = client.post("/decide", data={"csrf": token, "file": file_id, "line_id": line_id, "action": "return",
                                       "reason": "请改列"}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith(f"/files/{file_id}/lines/{line_id}?recorded=")
    shown = client.get(res.headers["location"]).text
    again = client.get(res.headers["location"]).text
    assert "已记录" in shown and "已记录" in again
    history = client.get(f"/api/files/{file_id}").json()
    assert sum(1 for r in history["results"] if r["line_id"] == line_id) == 1
    assert again.count("请改列") == shown.count("请改列")  # the reload showed the decision, it did not add one


def test_an_unknown_line_says_to_check_the_address(client):
    page = _upload(client, SAMPLE.read_bytes()).text
    res = client.get(f"/files/{_file_id(page)}/lines/NOSUCHLINE")
    assert res.status_code == 404 and "核对地址" in res.text and "check the line id" in res.text
