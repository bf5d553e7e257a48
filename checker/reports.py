"""The reviewer's report: one self-contained HTML file, or the same content as XLSX."""
from __future__ import annotations

import base64
import html
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .match import NOT_LINES
from .messages import action, label, label_markup, verdict_name
from .outputs import VERDICT_ZH, severity_label, why
from .review import Decision, GateLine, needs_decision

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2, None: 3}


@dataclass
class ReportData:
    """Everything a report shows."""

    file: str
    catalog: str
    generated_at: str
    results: list
    ids: list[str]
    history: dict[str, list[Decision]]
    blocking: list[GateLine]
    chain_head: str
    chain_ok: bool
    strict: bool

    def ordered(self):
        """Lines with the most severe findings first, then in input order."""
        pairs = list(zip(self.results, self.ids))
        return sorted(pairs, key=lambda p: (SEVERITY_ORDER.get(p[0].severity, 3), p[0].row))

    def summary(self):
        """(department, verdict) → (lines, amount 万元)."""
        counts: dict[tuple[str, str], list] = defaultdict(lambda: [0, Decimal(0)])
        for r in self.results:
            if r.verdict in NOT_LINES:  # a 合计 row would count its lines twice; a blank row is none
                continue
            cell = counts[(r.department or "-", r.verdict)]
            cell[0] += 1
            cell[1] += r.amount_wan or 0
        return counts

    def total(self) -> tuple[int, Decimal]:
        """All lines and their amount (万元); 合计/小计 rows are sums of lines, not lines, and blank rows hold none."""
        lines = [r for r in self.results if r.verdict not in NOT_LINES]
        return len(lines), sum((r.amount_wan or Decimal(0) for r in lines), Decimal(0))


def local_time(stamp: str) -> str:
    """A stored time (ISO 8601; naive or "… UTC" is UTC) in this machine's zone, with its offset:
    `2026-11-29 08:21:07 +08:00`. The reviewer's zone is the zone of the machine making the report."""
    text = stamp.strip()
    if text.endswith(" UTC"):
        text = text[:-4]
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone()
    offset = moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}"


# The embedded font: a subset of Noto Sans CJK SC (SIL OFL 1.1, fonts/OFL.txt) vendored as WOFF2,
# cut again for each report to the characters that report uses (tools/build_cjk_font.py).
FONT_FILE = Path(__file__).resolve().parent / "fonts" / "NotoSansCJKsc-Regular-subset.woff2"
FONT_FAMILY = "svccheck Noto Sans CJK SC"
SYSTEM_CJK = ('"Microsoft YaHei","PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC",'
              '"WenQuanYi Micro Hei","SimSun"')


@lru_cache(maxsize=8)
def _font_subset(chars: frozenset[str]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_FILE)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_face(page: str) -> str:
    """An @font-face rule embedding (base64 WOFF2) the glyphs of every non-ASCII character on the page
    that the vendored font holds, so that the page reads the same on a machine with no CJK font."""
    chars = frozenset(c for c in page if ord(c) > 0x7F and not c.isspace())
    if not chars:
        return ""
    try:
        data = base64.b64encode(_font_subset(chars)).decode("ascii")
    except (ImportError, OSError) as exc:  # a broken install: the named system fonts still apply
        import sys

        print(f"svccheck: the report's CJK font could not be embedded ({exc})", file=sys.stderr)
        return ""
    return (f'@font-face{{font-family:"{FONT_FAMILY}";font-style:normal;font-weight:400;font-display:block;'
            f'src:url(data:font/woff2;base64,{data}) format("woff2")}}\n')


_CSS = """
body{font-family:%(cjk)s,"%(embedded)s",sans-serif;margin:2em;color:#222;line-height:1.45}
h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.92em}
th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f0f0f0} .num{text-align:right;font-variant-numeric:tabular-nums}
.error{background:#fbe3e4} .warning{background:#fff5d6} .ok{background:#fff}
.gate-open{color:#0a6b2a;font-weight:bold} .gate-closed{color:#a40e14;font-weight:bold}
.meta td{border:none;padding:.1em .8em .1em 0}
code{font-family:ui-monospace,"DejaVu Sans Mono",Consolas,monospace,%(cjk)s,"%(embedded)s";font-size:.95em}
tr.total td,tr.total th,td.total{font-weight:bold;background:#f7f7f7}
ul{margin:.2em 0;padding-left:1.2em} .hash{font-family:monospace;word-break:break-all}
.line{page-break-inside:avoid} .nowrap{white-space:nowrap}
@media print{body{margin:1cm;font-size:10pt} .error,.warning{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 h2{page-break-after:avoid}}
""".replace("%(cjk)s", SYSTEM_CJK).replace("%(embedded)s", FONT_FAMILY)


def _e(text) -> str:
    return html.escape("" if text is None else str(text))


def _amount(value) -> str:
    return "" if value is None else f"{value:,.2f}"


def _h(key: str, lang: str, **facts) -> str:
    """A label as HTML: its text escaped, the facts (HTML already) put in."""
    return label_markup(key, lang, html.escape, **facts)


def _decisions_html(decisions: list[Decision], lang: str = "zh") -> str:
    if not decisions:
        return f"<em>{_h('undecided', lang)}</em>"
    items = []
    for i, d in enumerate(decisions):
        superseded = _h("superseded", lang) if i < len(decisions) - 1 else ""
        code = _h("decision-code", lang, code=f"<code>{_e(d.code)}</code>") if d.code else ""
        items.append("<li>" + _h("decision-line", lang, at=f"<time>{_e(local_time(d.decided_at))}</time>",
                                 reviewer=_e(d.reviewer), action=f"<strong>{_e(action(d.action, lang))}</strong>",
                                 code=code, reason=_e(d.reason), superseded=superseded) + "</li>")
    return "<ul>" + "".join(items) + "</ul>"


def to_html(data: ReportData, lang: str = "zh") -> str:
    """The report as one HTML document with no external references, its labels in `lang` (zh or en)."""
    lang = "en" if lang == "en" else "zh"

    def t(key: str, **facts) -> str:
        return _h(key, lang, **facts)

    def wan(amount) -> str:
        return t("wan", amount=_amount(amount))

    closed = bool(data.blocking)
    if not data.chain_ok:
        # A record that fails verification proves nothing: the report never shows a pass over it.
        gate = f'<span class="gate-closed">{t("gate-text-broken")}</span>'
    elif closed:
        gate = f'<span class="gate-closed">{t("gate-text-blocked", count=len(data.blocking))}</span>'
    else:
        gate = f'<span class="gate-open">{t("gate-text-pass")}</span>'
    broken = f'<p class="gate-closed" id="chain-broken">{t("report-chain-broken")}</p>' if not data.chain_ok else ""
    summary = data.summary()
    departments = list(dict.fromkeys(d for d, _ in summary))  # in the file's order, as a clerk wrote them
    verdicts = [v for v in VERDICT_ZH if any(v == vv for _, vv in summary)]
    head = "".join(f"<th>{_e(verdict_name(v, lang))}<br><code>{v}</code></th>" for v in verdicts)
    head += f"<th>{t('total')}</th>"

    def cell(lines: int, amount, css: str = "num") -> str:
        money = f"<br>{wan(amount)}" if amount else ""
        return f'<td class="{css}">{lines or ""}{money}</td>'

    rows = []
    for dept in departments:
        cells = "".join(cell(*summary.get((dept, v), (0, 0))) for v in verdicts)
        lines = sum(summary[(dept, v)][0] for v in verdicts if (dept, v) in summary)
        amount = sum((summary[(dept, v)][1] for v in verdicts if (dept, v) in summary), Decimal(0))
        rows.append(f"<tr><td>{_e(dept)}</td>{cells}{cell(lines, amount, 'num total')}</tr>")
    by_verdict = "".join(cell(sum(summary[(d, v)][0] for d in departments if (d, v) in summary),
                              sum((summary[(d, v)][1] for d in departments if (d, v) in summary), Decimal(0)))
                         for v in verdicts)
    lines, amount = data.total()
    rows.append(f'<tr class="total" id="grand-total"><th>{t("total")}</th>{by_verdict}'
                f'<td class="num">{lines}<br>{wan(amount)}</td></tr>')
    flagged: list[tuple] = []
    plain: list[tuple] = []
    for r, line_id in data.ordered():
        # A line someone decided on, or one the strict gate waits for, is shown with its decisions.
        shown = r.severity in ("error", "warning") or data.history.get(line_id) or needs_decision(r, data.strict)
        target = flagged if shown else plain
        target.append((r, line_id))
    flagged_html = []
    for r, line_id in flagged:
        findings = "".join(f"<li><code>{_e(f.rule)}</code> [{_e(severity_label(f.severity, lang))}] {_e(f.render(lang))}</li>"
                           for f in r.findings)
        entry = (f"{_e(r.sector)} <code>{_e(r.code)}</code> {_e(r.entry_name or '')}"
                 f"{t('score', score=_e(r.score)) if r.score is not None else ''}") if r.code else "—"
        alts = "".join(f"<li>{_e(a['sector'])} <code>{_e(a['code'])}</code> {_e(a['name'])}"
                       f"{t('alt-score', score=_e(a['score']))}</li>" for a in r.alternatives) or "<li>—</li>"
        sectors = _e(label("list-sep", lang).join(r.sectors) or label("unrecognised", lang))
        verdict = (t("report-verdict-cell", name=_e(verdict_name(r.verdict, lang)), id=f"<code>{_e(r.verdict)}</code>",
                     severity=_e(severity_label(r.severity, lang))) if r.severity
                   else f"{_e(verdict_name(r.verdict, lang))} <code>{_e(r.verdict)}</code>")
        flagged_html.append(f"""
<table class="line {r.severity or 'ok'}" data-line-id="{_e(line_id)}">
<tr><th style="width:9em">{t("row-n", row=r.sheet_row or r.row)}</th><td><strong>{_e(r.item)}</strong></td></tr>
<tr><th>{t("line-id")}</th><td><code>{_e(line_id)}</code></td></tr>
<tr><th>{t("department")}</th><td>{t("dept-sectors", department=_e(r.department), sectors=sectors)}</td></tr>
<tr><th>{t("report-code-amount")}</th><td><code>{_e(r.given_code or '—')}</code> / \
{wan(r.amount_wan) if r.amount_wan is not None else '—'}</td></tr>
<tr><th>{t("verdict")}</th><td>{verdict}</td></tr>
<tr><th>{t("findings")}</th><td><ul>{findings}</ul></td></tr>
<tr><th>{t("entry")}</th><td>{entry}</td></tr>
<tr><th>{t("alternatives")}</th><td><ul>{alts}</ul></td></tr>
<tr><th>{t("report-decision")}</th><td>{_decisions_html(data.history.get(line_id, []), lang)}</td></tr>
</table>""")
    plain_rows = "".join(
        f"<tr><td class=\"num\">{r.sheet_row or r.row}</td><td><code>{_e(line_id)}</code></td><td>{_e(r.department)}</td>"
        f"<td>{_e(r.item)}</td><td><code>{_e(r.given_code)}</code></td>"
        f"<td class=\"nowrap\">{_e(verdict_name(r.verdict, lang))}</td>"
        f"<td>{_e(r.sector or '')} <code>{_e(r.code or '')}</code> {_e(r.entry_name or '')}</td>"
        f"<td class=\"num\">{_amount(r.amount_wan)}</td><td>{_e(why(r, lang))}</td></tr>"
        for r, line_id in plain)
    chain = t("chain-ok") if data.chain_ok else f"<strong style='color:#a40e14'>{t('chain-failed')}</strong>"
    columns = "".join(f"<th>{t(key)}</th>" for key in ("row", "line-id", "department", "item", "given-code", "verdict",
                                                       "entry", "amount-wan", "findings"))
    page = f"""<!DOCTYPE html>
<html lang="{'en' if lang == 'en' else 'zh-CN'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t("title")} — {_e(data.file)}</title>
<style>/*@font-face*/{_CSS}</style></head>
<body>
<h1>{t("title")}</h1>
{broken}
<table class="meta">
<tr><td>{t("file")}</td><td>{_e(data.file)}</td></tr>
<tr><td>{t("catalog")}</td><td>{_e(data.catalog)}</td></tr>
<tr><td>{t("generated")}</td><td><time>{_e(local_time(data.generated_at))}</time></td></tr>
<tr><td>{t("gate")}</td><td id="gate">{gate}{t("report-strict") if data.strict else ''}</td></tr>
<tr><td>{t("chain")}</td><td>{t("report-chain-state", state=chain,
                                 head=f'<span class="hash" id="chain-head">{_e(data.chain_head)}</span>')}</td></tr>
</table>
<h2>{t("report-summary")}</h2>
<table><tr><th>{t("department")}</th>{head}</tr>{''.join(rows)}</table>
<h2 id="flagged">{t("report-flagged", count=len(flagged))}</h2>
{''.join(flagged_html) or f'<p>{t("report-none")}</p>'}
<h2>{t("report-others", count=len(plain))}</h2>
<table><tr>{columns}</tr>
{plain_rows}</table>
<p><small>{t("report-footer")}</small></p>
</body></html>
"""
    return page.replace("/*@font-face*/", font_face(page), 1)


def to_xlsx(data: ReportData, path: str, lang: str = "zh") -> None:
    """The report as a workbook: lines (flagged first, highlighted), summary, review information;
    its sheet names, headers and labels in `lang` (zh or en)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from .outputs import _cells, _column_letter

    lang = "en" if lang == "en" else "zh"

    def t(key: str, **facts) -> str:
        return label(key, lang, **facts)

    fills = {"error": PatternFill("solid", fgColor="FBE3E4"), "warning": PatternFill("solid", fgColor="FFF5D6")}
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(t("sheet-lines"))
    header = [t(key) for key in ("row", "line-id", "department", "item", "given-code", "amount-wan", "verdict",
                                 "severity", "findings", "xlsx-sector", "xlsx-code", "entry", "xlsx-score",
                                 "alternatives", "xlsx-current", "xlsx-history")]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{_column_letter(len(header))}{len(data.results) + 1}"
    ws.append(_cells(ws, header, font=bold))
    for r, line_id in data.ordered():
        history = data.history.get(line_id, [])
        current = history[-1] if history else None
        values = [
            r.sheet_row or r.row, line_id, r.department, r.item, r.given_code,
            float(r.amount_wan) if r.amount_wan is not None else "", verdict_name(r.verdict, lang),
            severity_label(r.severity, lang),
            "\n".join(f"[{severity_label(f.severity, lang)}] {f.rule} {f.render(lang)}" for f in r.findings),
            r.sector or "", r.code or "",
            r.entry_name or "", "" if r.score is None else r.score,
            t("alt-sep").join(f"{a['sector']} {a['code']} {a['name']}" for a in r.alternatives),
            f"{action(current.action, lang)} {current.code or ''}".strip() if current else "",
            "\n".join(f"{local_time(d.decided_at)} {d.reviewer} {action(d.action, lang)} {d.code or ''} {d.reason}"
                      for d in history),
        ]
        row = _cells(ws, values, fill=fills.get(r.severity))
        row[8].alignment = row[15].alignment = wrap
        ws.append(row)
    summary = wb.create_sheet(t("sheet-summary"))
    summary.append(_cells(summary, [t("department"), t("verdict"), t("xlsx-lines"), t("amount-wan")], font=bold))
    by_file = data.summary()
    order = {d: i for i, d in enumerate(dict.fromkeys(d for d, _ in by_file))}
    verdict_order = {v: i for i, v in enumerate(VERDICT_ZH)}
    for (dept, verdict), (count, amount) in sorted(by_file.items(),
                                                   key=lambda kv: (order[kv[0][0]], verdict_order.get(kv[0][1], 99))):
        summary.append(_cells(summary, [dept, verdict_name(verdict, lang), count, float(amount)]))
    lines, amount = data.total()
    summary.append(_cells(summary, [t("total"), "", lines, float(amount)], font=bold))
    meta = wb.create_sheet(t("sheet-review"))
    gate = t("xlsx-gate-broken") if not data.chain_ok else t("xlsx-gate-blocked") if data.blocking else t("xlsx-gate-pass")
    rows: list[list] = [[t("file"), data.file], [t("catalog"), data.catalog],
                        [t("generated"), local_time(data.generated_at)], [t("gate"), gate],
                        [t("xlsx-blocking"), len(data.blocking)],
                        [t("chain"), t("chain-ok") if data.chain_ok else t("xlsx-chain-failed")],
                        [t("chain-head"), data.chain_head], []]
    counts = Counter(r.verdict for r in data.results)
    rows += [[verdict_name(verdict, lang), n] for verdict, n in counts.most_common()]
    for row in rows:
        meta.append(_cells(meta, row))
    wb.save(path)
