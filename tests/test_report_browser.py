"""The HTML report opened in a real browser (Debian's chromium, headless), as a reviewer would:
on this machine with its system fonts, and with no CJK font at all (a fontconfig that lists only
the fonts without hanzi), where only the font embedded in the report can draw the Chinese text.

Whether glyphs are real is checked in the page: each distinct CJK character of the page is drawn
on a canvas in the body's font stack and compared with what the browser draws for characters no
font has (private-use code points): a missing glyph draws the same box (or nothing). A control
page without the embedded font must fail that check under the no-CJK fontconfig."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from test_review import HEADER, LINES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--hide-scrollbars",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"),
             str(Path.home() / ".local/share/fonts")]
HANZI = [ord(c) for c in "一政府购买服务审核报告"]

GLYPH_CHECK = r"""<script>
(async () => {
  const out = document.createElement('pre');
  out.id = 'glyph-check';
  try {
    await document.fonts.ready;
    const family = getComputedStyle(document.body).fontFamily;
    const text = document.body.innerText;
    const chars = [...new Set([...text].filter(c => /[\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]/.test(c)))];
    await document.fonts.load('32px ' + family, chars.join(''));
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 48;
    const g = canvas.getContext('2d', {willReadFrequently: true});
    const shape = ch => {
      g.clearRect(0, 0, 48, 48);
      g.font = '32px ' + family;
      g.fillText(ch, 4, 38);
      const d = g.getImageData(0, 0, 48, 48).data;
      let ink = 0, h = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]) { ink++; h = (Math.imul(h, 31) + i * d[i]) >>> 0; }
      return ink + ':' + h;
    };
    const tofu = new Set(['\ue000', '\ue0ff', '\uf8ff'].map(shape));
    const shapes = new Map(chars.map(c => [c, shape(c)]));
    const missing = chars.filter(c => tofu.has(shapes.get(c)) || shapes.get(c).startsWith('0:'));
    const h1 = document.querySelector('h1');
    out.textContent = JSON.stringify({
      chars: chars.length, missing: missing.join(''), distinct: new Set(shapes.values()).size,
      embedded: document.fonts.check('32px "svccheck Noto Sans CJK SC"', '政府'),
      faces: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family),
      h1_width_per_char: h1.getBoundingClientRect().width / h1.textContent.length,
      h1_font_px: parseFloat(getComputedStyle(h1).fontSize),
    });
  } catch (e) {
    out.textContent = JSON.stringify({error: String(e)});
  }
  document.body.appendChild(out);
})();
</script>"""


@pytest.fixture
def chromium():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed here")
    return CHROMIUM


@pytest.fixture
def report(invoke, tmp_path, monkeypatch):
    """A report with flagged lines and one decision; returns (path, review rows)."""
    monkeypatch.setenv("SVCCHECK_DB", str(tmp_path / "review.sqlite"))
    budget = tmp_path / "budget.csv"
    budget.write_text(HEADER + "\n".join(LINES) + "\n", encoding="utf-8")
    rows = json.loads(invoke("review", budget, "--format", "json").output)["results"]
    invoke("decide", rows[0]["line_id"], "reject", "--reason", "对个人补助不得购买")
    path = tmp_path / "report.html"
    assert invoke("report", budget, "-o", path).exit_code == 0
    return path, rows


def _has_hanzi(path: Path) -> bool:
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            fonts = TTCollection(str(path), lazy=True).fonts
        else:
            fonts = [TTFont(str(path), lazy=True)]
        return any(any(c in (font.getBestCmap() or {}) for c in HANZI) for font in fonts)
    except Exception:  # not a font fontTools reads (Type 1 …): keep it out, to be safe
        return True


@pytest.fixture(scope="module")
def no_cjk_fontconfig(tmp_path_factory) -> dict:
    """Environment for chromium with a fontconfig that sees only this machine's fonts without hanzi."""
    root = tmp_path_factory.mktemp("no-cjk-fonts")
    fonts = root / "fonts"
    fonts.mkdir()
    kept = 0
    for folder in FONT_DIRS:
        for path in sorted(Path(folder).rglob("*")) if Path(folder).is_dir() else []:
            if path.suffix.lower() in (".ttf", ".otf", ".ttc", ".otc") and not _has_hanzi(path):
                target = fonts / f"{kept:03d}-{path.name}"
                target.symlink_to(path.resolve())
                kept += 1
    conf = root / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <include ignore_missing="yes">/etc/fonts/conf.d</include>
  <cachedir>{root / "cache"}</cachedir>
</fontconfig>
""", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}


def _glyphs(chromium: str, page: Path, profile: Path, env: dict | None = None, screenshot: Path | None = None) -> dict:
    """Open a copy of the page with the glyph check added; its result (and a screenshot if asked)."""
    checked = page.with_name(page.stem + "-checked.html")
    checked.write_text(page.read_text(encoding="utf-8").replace("</body>", GLYPH_CHECK + "</body>"), encoding="utf-8")
    environ = {**os.environ, **(env or {})}
    dom = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000",
                          "--dump-dom", checked.as_uri()], capture_output=True, text=True, timeout=120,
                         env=environ).stdout
    found = re.search(r'<pre id="glyph-check">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    if screenshot is not None:
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={screenshot}",
                        "--window-size=1200,1600", page.as_uri()], capture_output=True, timeout=120, env=environ)
    import html

    return json.loads(html.unescape(found.group(1)))


def test_html_report_shows_flagged_lines_in_a_browser(chromium, report, tmp_path):
    path, rows = report
    page = path.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "the report must not load anything"
    assert not re.search(r"url\((?!data:)", page), "the report must not load anything"

    profile = tmp_path / "profile"
    dom = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", path.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    flagged = dom.split('id="flagged"', 1)[1].split("其余各行", 1)[0]
    for r in rows:
        inside = r["line_id"] in flagged
        assert inside == (r["severity"] in ("error", "warning")), r
    assert "对个人补助不得购买" in flagged and "未通过" in dom

    shot = tmp_path / "report.png"
    subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}", "--window-size=1200,1600",
                    path.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000


def test_chinese_renders_with_the_system_fonts(chromium, report, tmp_path):
    path, _ = report
    result = _glyphs(chromium, path, tmp_path / "profile", screenshot=tmp_path / "system.png")
    assert "error" not in result, result
    assert result["chars"] > 50 and result["missing"] == "", result
    assert result["distinct"] >= 0.95 * result["chars"], result


def test_chinese_renders_with_no_cjk_font_on_the_machine(chromium, report, tmp_path, no_cjk_fontconfig):
    """Only the embedded font can draw hanzi here; a CJK glyph is about 1em wide."""
    path, _ = report
    result = _glyphs(chromium, path, tmp_path / "profile", no_cjk_fontconfig, screenshot=tmp_path / "no-cjk.png")
    assert "error" not in result, result
    assert result["embedded"] and "svccheck Noto Sans CJK SC" in result["faces"], result
    assert result["chars"] > 50 and result["missing"] == "", result
    assert result["distinct"] >= 0.95 * result["chars"], result
    assert result["h1_width_per_char"] > 0.9 * result["h1_font_px"], result


def test_the_glyph_check_sees_tofu_without_the_embedded_font(chromium, report, tmp_path, no_cjk_fontconfig):
    """The control: the same page without its @font-face draws boxes, and the check says so
    (which also proves the no-CJK fontconfig has no font with hanzi)."""
    path, _ = report
    bare = path.with_name("bare.html")
    page = path.read_text(encoding="utf-8")
    assert page.count("@font-face") == 1
    bare.write_text(re.sub(r"@font-face\{[^}]*\}", "", page), encoding="utf-8")
    result = _glyphs(chromium, bare, tmp_path / "profile", no_cjk_fontconfig, screenshot=tmp_path / "tofu.png")
    assert "error" not in result, result
    assert "svccheck Noto Sans CJK SC" not in result["faces"], result   # (fonts.check is true for an unknown family)
    assert len(result["missing"]) > 0.9 * result["chars"], result
