"""Renderers for `svccheck match`: table, json, csv, xlsx. They render; they decide nothing."""
from __future__ import annotations

import csv
import re

from .match import NOT_LINES, Result, Summary
from .messages import label, verdict_name
from .text import XML_ILLEGAL, visible

VERDICT_ZH = {
    "unreadable": "无法读取", "total": "合计行", "blank": "空行", "not_a_service": "不属于购买服务", "malformed_code": "代码格式错误",
    "unknown_code": "代码不存在", "code_not_allowed": "代码不属本部门", "code_mismatch": "代码与内容不符",
    "other_department": "属其他部门目录", "outside_catalogue": "目录外", "ok": "符合",
}
RESULT_COLUMNS = ("row", "verdict", "severity", "sectors", "code", "sector", "entry", "score", "alternatives",
                  "findings")
# The result columns' headers as a person reads them (CSV and XLSX; JSON keeps the keys above).
RESULT_HEADERS_ZH = ("表中行", "结论", "严重程度", "适用目录", "目录代码", "所属目录", "目录条目", "得分", "候选条目", "说明")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示", "": ""}
SHEET_NAMES = {"zh": ("核对结果", "汇总"), "en": ("svccheck", "summary")}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def severity_label(severity: str | None, lang: str) -> str:
    """A severity as a reader of `lang` says it (错误, 警告, 提示 in Chinese)."""
    return (severity or "") if lang == "en" else SEVERITY_ZH.get(severity or "", severity or "")


def verdict_label(r: Result, lang: str) -> str:
    """The verdict as a person reads it; a line of an unknown department never reads as a plain 符合."""
    label = r.verdict if lang == "en" else VERDICT_ZH[r.verdict]
    of_file = next((f for f in r.findings if f.rule == "MT22"), None)
    if of_file is not None and r.verdict not in ("unreadable",):
        named = dict(of_file.args)["of_file"]
        label += f" (unit unknown; read as {named})" if lang == "en" else f"（单位未识别，按{named}）"
    if any(f.rule == "MT10" for f in r.findings) and r.verdict not in ("unreadable",):
        where = f" {r.sector}" if r.sector else ""
        label += f" (department unknown; matched in{where or ' all lists'})" if lang == "en" else \
            f"（部门未识别，按{r.sector or '全部'}目录）"
    return label


def _result_cells(r: Result, lang: str) -> dict:
    return {
        "row": r.sheet_row or r.row,  # the row a person finds in the file, as the table and the gate say
        # Chinese first for the reader; the verdict's own word kept for a filter or a script.
        "verdict": verdict_label(r, lang) if lang == "en" else f"{verdict_label(r, lang)}（{r.verdict}）",
        "severity": severity_label(r.severity, lang),
        "sectors": "；".join(r.sectors),
        "code": r.code or "",
        "sector": r.sector or "",
        "entry": r.entry_name or "",
        "score": "" if r.score is None else r.score,
        "alternatives": "；".join(f"{a['sector']} {a['code']} {a['name']} ({a['score']})" for a in r.alternatives),
        "findings": "\n".join(f"[{f.severity}] {f.rule} {f.message}" if lang == "en"
                              else f"【{severity_label(f.severity, lang)}】{f.rule} {f.message}" for f in r.findings),
    }


def write_json(out, results, meta: dict, summary: Summary, describe=None) -> None:
    """Stream the JSON document to a binary file: `results` one by one, then `input` and `summary`
    (known only once every row has passed). `describe` gives the input record at the end."""
    import orjson

    head = {k: v for k, v in meta.items() if k != "input"}
    out.write(orjson.dumps(head)[:-1] + (b',"results":[' if head else b'{"results":['))
    first = True
    for r in summary.tap(results):
        out.write((b"" if first else b",") + orjson.dumps(r.to_dict()))
        first = False
    tail = {"input": describe() if describe else meta.get("input"), "summary": summary.to_dict()}
    out.write(b"]," + orjson.dumps(tail)[1:] + b"\n")


def _output_columns(columns: list[str], lang: str = "en") -> list[str]:
    taken = set(columns)
    names = RESULT_HEADERS_ZH if lang == "zh" else RESULT_COLUMNS
    return [c if c not in taken else f"svccheck_{c}" for c in names]


# Cells beyond the header's width (a ragged CSV row) are kept in one last input column, so
# that nothing read is lost; it is there in every output, empty for tidy files, and headed in
# the output's language (a clerk opening the file reads 多出的单元格, not _extra).
EXTRA = "_extra"
EXTRA_HEADERS = {"zh": "多出的单元格", "en": EXTRA}


def _input_header(columns: list[str], lang: str) -> list[str]:
    extra = EXTRA_HEADERS.get(lang, EXTRA)
    return columns + [extra if extra not in columns else EXTRA]


def write_csv(out, results, columns: list[str], lang: str, summary: Summary) -> None:
    """Stream the CSV to a text file, row by row."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    inputs = columns + [EXTRA]
    header = _input_header(columns, lang)
    writer.writerow([neutralise(c) for c in header] + _output_columns(header, lang))
    for r in summary.tap(results):
        cells = [r.cells.get(c, "") for c in inputs]
        writer.writerow([neutralise(v) for v in cells] + [neutralise(v) for v in _result_cells(r, lang).values()])


def _as_number(text: str):
    """A cell of the amount column as the number it holds (3,600,000.00 → 3600000), so that Excel
    can sum it, read as the input was (intake.parse_amount); anything else stays the text it was."""
    from .intake import parse_amount

    if not isinstance(text, str) or "元" in text:  # a unit written in the cell stays visible
        return text
    value = parse_amount(text, "wan")  # 万元 divides by one: the number as written
    if value is None:
        return text
    return int(value) if value == value.to_integral_value() and abs(value) < 10 ** 15 else float(value)


# Up to eleven digits: Excel's General format shows a longer number as 1.40929E+11, losing the ID it was.
_PLAIN_NUMBER = re.compile(r"-?(0|[1-9][0-9]{0,10})(\.[0-9]+)?")


def _as_plain_number(text):
    """A cell of a column svccheck does not read (序号, 年度) as a number when it is written as one,
    so that Excel does not flag it as a number stored as text; 048000 or an 18-digit ID stays text."""
    if not isinstance(text, str) or not _PLAIN_NUMBER.fullmatch(text):
        return text
    return int(text) if "." not in text else float(text)


def write_xlsx(stream, results, columns: list[str], lang: str, summary: Summary,
               numeric: frozenset[str] = frozenset(), passed_through: frozenset[str] = frozenset(),
               mapping: dict[str, str] | None = None) -> None:
    """The same table as the CSV in a workbook; flagged rows highlighted, no cell a formula.
    Cells of the `numeric` input columns (the amount) that hold a plain number are numbers, and
    so are plain numbers in the `passed_through` columns (those no field was read from).

    Written in openpyxl's streaming (write-only) mode, row by row as results arrive: a
    county's file of tens of thousands of lines is written in seconds, not minutes.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    fills = {"error": PatternFill("solid", fgColor="F8D7DA"), "warning": PatternFill("solid", fgColor="FFF3CD")}
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    wb = Workbook(write_only=True)
    main_name, summary_name = SHEET_NAMES.get(lang, SHEET_NAMES["zh"])
    ws = wb.create_sheet(main_name)
    inputs = columns + [EXTRA]
    input_header = _input_header(columns, lang)
    header = input_header + _output_columns(input_header, lang)
    ws.freeze_panes = "A2"
    widths = {"item": 36, "findings": 60, "entry": 28, "alternatives": 40, "sectors": 18, "sector": 18, "verdict": 22}
    # Input columns as wide as what they hold: the item wide, the department fairly, a 序号 narrow.
    field_width = {"item": 36, "department": 24, "code": 12, "amount": 14, "sector": 14}
    by_column = {column: field_width[fld] for fld, column in (mapping or {}).items() if fld in field_width}
    for i, name in enumerate(inputs, start=1):
        ws.column_dimensions[_column_letter(i)].width = by_column.get(name, max(8, min(20, 2 * len(name) + 4)))
    for i, key in enumerate(RESULT_COLUMNS, start=len(inputs) + 1):
        ws.column_dimensions[_column_letter(i)].width = widths.get(key, 12)
    ws.append(_cells(ws, header, font=bold))
    for r in summary.tap(results):
        values = [_as_number(r.cells.get(c, "")) if c in numeric
                  else _as_plain_number(r.cells.get(c, "")) if c in passed_through
                  else r.cells.get(c, "") for c in inputs] + list(_result_cells(r, lang).values())
        row = _cells(ws, values, fill=fills.get(r.severity or ""))
        row[-1].alignment = wrap
        ws.append(row)
    ws.auto_filter.ref = f"A1:{_column_letter(len(header))}{summary.rows + 1}"
    sheet = wb.create_sheet(summary_name)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 20
    totals = summary.to_dict()
    if lang == "en":
        sheet.append(_cells(sheet, ["verdict", "id", "lines", label("amount-wan", "en")], font=bold))
    else:
        sheet.append(_cells(sheet, ["结论", "verdict", "行数", "金额（万元）"], font=bold))
    # 合计/小计 and blank rows are kept in the results sheet but are not lines: counted apart, as on the terminal.
    for verdict, count in totals["by_verdict"].items():
        if verdict in NOT_LINES:
            continue
        name = verdict_name(verdict, "en") if lang == "en" else VERDICT_ZH[verdict]  # a name, then the id
        sheet.append(_cells(sheet, [name, verdict, count, totals["amount_wan_by_verdict"].get(verdict, 0.0)]))
    amounts = sum(v for k, v in totals["amount_wan_by_verdict"].items() if k not in NOT_LINES)
    lines = sum(c for k, c in totals["by_verdict"].items() if k not in NOT_LINES)
    if totals["by_verdict"].get("total"):
        name = "total rows in the input (not lines)" if lang == "en" else "输入中的合计/小计行（不计入）"
        sheet.append(_cells(sheet, [name, "total", totals["by_verdict"]["total"], ""]))
    if totals["by_verdict"].get("blank"):
        name = "blank rows in the input (not lines)" if lang == "en" else "输入中的空行（不计入）"
        sheet.append(_cells(sheet, [name, "blank", totals["by_verdict"]["blank"], ""]))
    sheet.append(_cells(sheet, ["all lines" if lang == "en" else "合计", "", lines, amounts], font=bold))
    wb.save(stream)


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(max(n, 1))


def _cells(ws, values, fill=None, font=None) -> list:
    """Write-only cells: numbers stay numbers, text is neutralised and typed as text."""
    from openpyxl.cell import WriteOnlyCell

    out = []
    for value in values:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell = WriteOnlyCell(ws, value=value)
        else:
            # XML cannot hold control characters: shown as their pictures (\x00 → ␀), never dropped.
            text = XML_ILLEGAL.sub(lambda m: chr(0x2400 + ord(m.group(0))) if m.group(0) < " " else "\ufffd",
                                   "" if value is None else str(value))
            cell = WriteOnlyCell(ws, value=neutralise(text))
            cell.data_type = "s"  # never a formula, whatever the text
        if fill is not None:
            cell.fill = fill
        if font is not None:
            cell.font = font
        out.append(cell)
    return out


# Columns that give way when the terminal is narrow, with the least each keeps (the widest gives
# way first); the row, the given code and the amount never shrink, the verdict and the code only
# to what they need. The item, the explanation and the verdict wrap onto more lines; the others
# are cut with …
_FLEXIBLE = {"department": 6, "explain": 14, "item": 12, "entry": 10, "code": 8, "verdict": 14}
GIVEN_CODE_WIDTH = 12  # a code is at most ten characters (A1004011 and the like); more is text copied into it
_WRAPPED = ("item", "explain")


SEVERITY_COLOURS = {"error": "31", "warning": "33"}  # red, yellow (ANSI SGR)


def to_table(results: list[Result], lang: str, width: int | None = None, color: bool = False) -> str:
    """A terminal table that fits `width` columns (default: the terminal's): the row a person
    sees in the file, department, item, given code, verdict, code, entry, amount and why."""
    import shutil

    from tabulate import tabulate

    width = width or shutil.get_terminal_size((120, 24)).columns
    keys = ["row", "department", "item", "given", "verdict", "code", "entry", "amount", "explain"]
    head = ["row", "department", "item", "given", "verdict", "code", "entry", "10k yuan", "why"] if lang == "en" else \
        ["行", "部门", "项目", "填报代码", "结论", "目录代码", "目录条目", "万元", "说明"]
    rows = []
    for r in results:
        rows.append({
            "row": str(r.sheet_row or r.row), "department": "" if r.verdict == "total" else visible(r.department),
            "item": visible(r.item or (r.department or _total_word(r) if r.verdict == "total" else "")),
            "given": _clip(visible(r.given_code or ""), GIVEN_CODE_WIDTH), "verdict": verdict_label(r, lang),
            "code": _code_cell(r),
            "entry": r.entry_name or "", "amount": "" if r.amount_wan is None else f"{r.amount_wan:,.2f}",
            "explain": visible(why(r, lang)),
        })
    if not any(row["given"] for row in rows):  # no line gave a code: the column says nothing
        drop = keys.index("given")
        keys.pop(drop)
        head.pop(drop)
    floors = dict(_FLEXIBLE)

    def narrowest() -> int:
        return sum(max(floors[k], _width(h)) if k in floors else max([_width(h)] + [_width(row[k]) for row in rows])
                   for k, h in zip(keys, head)) + 2 * (len(keys) - 1)

    title = ""
    departments = {row["department"] for row, r in zip(rows, results) if r.verdict not in NOT_LINES}
    # One department's table names it once above instead of on every line, at any width: the
    # column would repeat it, cut short, and take the room the explanation needs. On an
    # 80-column terminal that cannot hold every column even then, the entry's name goes (its
    # code stays, and the explanation names the entry wherever the verdict turns on it).
    if len(departments) == 1:
        title = ("department: " if lang == "en" else "部门：") + departments.pop() + "\n"
        keys.remove("department")
        head.remove("department" if lang == "en" else "部门")
        for row, r in zip(rows, results):
            if r.verdict == "total" and not r.item:
                row["item"] = visible(_total_word(r))  # not the department's name, already above
    if narrowest() > width:
        keys.remove("entry")
        head.remove("entry" if lang == "en" else "目录条目")
    if narrowest() > width:
        floors.update(item=10, explain=12)  # five and six characters a line: narrow, still read
    if narrowest() > width:
        floors.update(verdict=12, department=4, explain=10)  # an 80-column terminal with every column kept
        if "department" in head:
            head[head.index("department")] = "dept."  # the English header alone would hold the column at ten
    widths = {k: max([_width(h)] + [_width(row[k]) for row in rows]) for k, h in zip(keys, head)}
    budget = width - 2 * (len(keys) - 1)
    # Shrink the widest flexible column a step at a time until the table fits: the department,
    # the item and the explanation end up sharing the room, none cut to its floor while another
    # keeps forty columns.
    least = {k: max(floor, _width(head[keys.index(k)])) for k, floor in floors.items() if k in widths}
    excess = sum(widths.values()) - budget
    while excess > 0:
        shrinkable = [k for k in least if widths[k] > least[k]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda k: widths[k])
        widths[widest] -= 1
        excess -= 1
    def cell(key: str, text: str) -> str:
        if key in _WRAPPED or key == "verdict":
            return _wrap(text, widths[key])
        if key == "code" and _width(text) > widths[key]:  # the list's name on its own line; the code is never cut
            sector, _, code = text.rpartition(" ")
            return f"{_clip(sector, widths[key])}\n{code}"
        return _clip(text, widths[key])

    table = [[cell(k, row[k]) for k in keys] for row in rows]
    if color:  # the verdict in the colour of its severity; tabulate measures widths without the codes
        at = keys.index("verdict")
        for line, r in zip(table, results):
            code = SEVERITY_COLOURS.get(r.severity or "")
            if code:
                line[at] = "\n".join(f"\x1b[{code}m{part}\x1b[0m" for part in line[at].split("\n"))
    align = {"row": "right", "amount": "right"}
    import tabulate as tabulate_module

    padding, tabulate_module.MIN_PADDING = tabulate_module.MIN_PADDING, 0  # the widths above are exact
    try:
        return title + tabulate(table, headers=head, tablefmt="simple", disable_numparse=True,
                                colalign=[align.get(k, "left") for k in keys]) + "\n"
    finally:
        tabulate_module.MIN_PADDING = padding


def _total_word(r: Result) -> str:
    """The word a total row says itself by (小计 or 合计), wherever it sat (a merged 序号 cell), as the
    reader recognised it (intake.TOTAL_WORDS)."""
    from .intake import TOTAL_WORDS

    return next((v.strip() for v in r.cells.values()
                 if isinstance(v, str) and TOTAL_WORDS.match("".join(v.split()))), "")


def _code_cell(r: Result) -> str:
    """The code, with its list named when that is news: another department's list, several lists, none known."""
    if not r.code:
        return ""
    if r.sector and (r.verdict == "other_department" or len(r.sectors) != 1):
        return f"{r.sector} {r.code}"
    return r.code


# Notes on an ok line that a reader must see: a misprint, an unknown department, a near tie, a
# weak match, an unconfirmed code, and a placement by terms or words that asks to be confirmed.
_OK_NOTES = ("MT03", "MT10", "MT22", "MT12", "MT14", "MT15", "MT20", "MT21")


def verdict_reason(r: Result, lang: str) -> str:
    """The finding behind a line's verdict, as text: the first as severe as the line (an amount
    warning may come before a code error), else the first."""
    behind = next((f for f in r.findings if f.severity == r.severity), r.findings[0] if r.findings else None)
    return behind.render(lang) if behind else ""


def why(r: Result, lang: str) -> str:
    """The finding worth reading in a table: on a flagged line the first as severe as the line (the
    one behind its verdict, not an amount warning before it); on an ok line, the notes a reader
    must see, placements to confirm first."""
    if r.verdict != "ok":
        reason = verdict_reason(r, lang)
        # A malformed code that stands for another list's code: the reader needs both (what the code
        # should read, and that it is still not the department's, with the own entry shown instead).
        also = [f.render(lang) for f in r.findings if f.rule == "MT05" and r.verdict == "malformed_code"]
        return ("；" if lang == "zh" else "; ").join([reason] + also)
    notes = [f for f in r.findings if f.rule in _OK_NOTES]
    notes.sort(key=lambda f: f.rule not in ("MT20", "MT21"))
    return notes[0].render(lang) if notes else ""


_NO_LINE_START = set("、，。；：？！）」』”’》〉】〕,.;:?!)]%")  # Chinese line-breaking rules (禁则)
_NO_LINE_END = set("（「『“‘《〈【〔([")
# A code or a number is never split across lines, nor parted from the quotes around it ("A170101").
_UNBROKEN = re.compile(r"[\"'“‘]?[0-9A-Za-z.\-]+[\"'”’]?|.", re.S)


def _wrap(text: str, width: int) -> str:
    """Text broken into lines of at most `width` terminal columns, as Chinese text is set: no
    line starts with a closing mark or ends with an opening one, and a code (A160501) or a
    number (第102号) stays whole when it fits on a line."""
    from wcwidth import wcswidth

    tokens = []
    for t in _UNBROKEN.findall(text):
        w = max(wcswidth(t), 0)
        # A run too long for any line is split where it must be.
        tokens.extend([(t, w)] if w <= width else [(ch, max(wcswidth(ch), 0)) for ch in t])
    lines: list[list[tuple[str, int]]] = [[]]
    used = 0
    for token, w in tokens:
        line = lines[-1]
        if used + w > width and line:
            carried: list[tuple[str, int]] = []
            if token[0] in _NO_LINE_START:
                # A closing mark takes the character before it along (and the marks between).
                while len(line) > 1 and (not carried or carried[0][0][0] in _NO_LINE_START):
                    carried.insert(0, line.pop())
            while len(line) > 1 and line[-1][0][-1] in _NO_LINE_END:
                carried.insert(0, line.pop())  # an opening mark goes with what it opens
            lines.append(carried)
            used = sum(x[1] for x in carried)
        lines[-1].append((token, w))
        used += w
    return "\n".join("".join(t for t, _ in line) for line in lines)


def _width(text: str) -> int:
    """Columns a text takes on a terminal (a Chinese character takes two)."""
    from wcwidth import wcswidth

    w = wcswidth(text)
    return w if w >= 0 else len(text)


def _clip(text: str, width: int) -> str:
    """Text cut to `width` terminal columns, with … where it was cut."""
    from wcwidth import wcwidth

    if _width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = max(wcwidth(ch), 0)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def summary_text(results, lang: str, width: int | None = None) -> str:
    """Counts by verdict and by department, for stderr (from results, or a Summary already kept)."""
    from tabulate import tabulate

    summary = results if isinstance(results, Summary) else Summary.of(results)
    s = summary.to_dict()
    verdicts = [v for v in s["by_verdict"] if v not in NOT_LINES]
    label = (lambda v: v) if lang == "en" else (lambda v: VERDICT_ZH[v])
    rows = [[visible(d)] + [c.get(v, 0) for v in verdicts] + [sum(c.values())]
            for d, c in summary.by_department.items()]
    lines = sum(s["by_verdict"][v] for v in verdicts)
    rows.append(["合计" if lang != "en" else "total"] + [s["by_verdict"][v] for v in verdicts] + [lines])
    head = ["部门" if lang != "en" else "department"] + [label(v) for v in verdicts] + ["合计" if lang != "en" else "total"]
    table = tabulate(rows, headers=head, tablefmt="simple") + "\n"
    import shutil

    width = width or shutil.get_terminal_size((120, 24)).columns
    if max(_width(line) for line in table.splitlines()) <= width:
        return table
    # Too many verdicts side by side for the terminal: a line per department, the counts it has.
    colon, sep = ("：", "，") if lang != "en" else (": ", ", ")
    return "".join(f"{row[0]}{colon}" + sep.join(f"{h} {n}" for h, n in zip(head[1:], row[1:]) if n or h == head[-1])
                   + "\n" for row in rows)
