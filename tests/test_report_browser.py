"""The HTML report opened in a real browser (Debian's chromium, headless), as a reviewer would."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from test_review import HEADER, LINES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def chromium():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed here")
    return CHROMIUM


def test_html_report_shows_flagged_lines_in_a_browser(chromium, invoke, tmp_path, monkeypatch):
    monkeypatch.setenv("SVCCHECK_DB", str(tmp_path / "review.sqlite"))
    budget = tmp_path / "budget.csv"
    budget.write_text(HEADER + "\n".join(LINES) + "\n", encoding="utf-8")
    rows = json.loads(invoke("review", budget, "--format", "json").output)["results"]
    invoke("decide", rows[0]["line_id"], "reject", "--reason", "对个人补助不得购买")
    report = tmp_path / "report.html"
    assert invoke("report", budget, "-o", report).exit_code == 0

    page = report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "the report must not load anything"

    profile = tmp_path / "profile"
    dom = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", report.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    flagged = dom.split('id="flagged"', 1)[1].split("其余各行", 1)[0]
    for r in rows:
        inside = r["line_id"] in flagged
        assert inside == (r["severity"] in ("error", "warning")), r
    assert "对个人补助不得购买" in flagged and "未通过" in dom

    shot = tmp_path / "report.png"
    subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}", "--window-size=1200,1600",
                    report.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000
