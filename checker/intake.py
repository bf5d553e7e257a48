"""Reading procurement files as clerks make them: CSV (UTF-8, UTF-8 with BOM, GB18030,
UTF-16), XLSX, standard input.

A budget table is rarely tidy. Above the header there may be a title
(`泽州县民政局2026年政府购买服务预算表`), an `编制单位：…` line and a `单位：万元` note; the
header may take two rows (`预算金额` over `合计 / 一般公共预算 / 其他资金`); a department
cell may be merged over its lines; `合计` and `小计` rows sit among the lines; and a file
may be svccheck's own output read back in. The reader finds the header by its words, takes
the department and unit from the notes above it, fills merged cells, marks total rows,
and sets svccheck's own result columns aside.

Every data row comes back exactly once, in order, with its 1-based data row number and its
row number in the sheet (what a clerk sees in Excel, or the CSV line), including blank rows
and rows that could not be read (they carry input problems).
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterator

from .text import has_controls

FIELDS = ("department", "item", "code", "amount", "sector")

# Header synonyms, compared after normalising (no spaces, half-width, lower case, unit removed).
HEADER_SYNONYMS = {
    "department": ["department", "dept", "部门名称", "部门", "单位名称", "单位", "预算单位", "预算部门", "主管部门",
                   "预算单位名称", "部门(单位)名称", "部门(单位)", "采购单位", "购买主体"],
    "item": ["item", "项目名称", "服务内容", "购买服务内容", "政府购买服务内容", "项目", "购买服务项目", "服务项目",
             "政府购买服务项目", "购买服务项目名称", "政府购买服务项目名称", "购买服务事项", "服务事项", "项目内容"],
    "code": ["code", "目录代码", "指导性目录代码", "代码", "目录编码", "服务代码", "指导目录代码", "目录编号",
             "指导性目录编码", "对应目录代码", "政府购买服务目录代码"],
    "amount": ["amount", "amount_wan", "amount_yuan", "金额", "购买金额", "预算金额", "预算数", "合计", "预算资金",
               "资金", "项目金额", "预算金额合计", "购买服务金额", "年度预算"],
    "sector": ["sector", "目录部门", "部门目录", "适用目录", "目录"],
}
# The columns svccheck itself writes after the input's (see outputs.RESULT_COLUMNS); a file
# that ends with them is svccheck's output read back in.
OWN_RESULT_COLUMNS = ("row", "verdict", "severity", "sectors", "code", "sector", "entry", "score", "alternatives",
                      "findings")
OWN_RESULT_COLUMNS_ZH = ("表中行", "结论", "严重程度", "适用目录", "目录代码", "所属目录", "目录条目", "得分", "候选条目", "说明")
OWN_EXTRA_COLUMNS = ("sheet_row", "_extra", "多出的单元格")
HEADER_SEARCH_ROWS = 30
# Sub-headers under a money header: the total comes first among amounts.
_AMOUNT_TOTAL_SUB = re.compile(r"^(合计|小计|总计|金额|预算金额|总额|计)$")
_UNIT_IN_HEADER = re.compile(r"[（(]\s*(万元|元)\s*[)）]|_(wan|yuan)$")
_UNIT_NOTE = re.compile(r"(?:金额)?单位[:：]\s*(万元|千元|元)")
_DEPARTMENT_NOTE = re.compile(r"(?:编制单位|填报单位|单位名称|部门名称|预算单位|编报单位|申报单位)[:：]\s*([^\s:：,，]+)")
_TITLE_DEPARTMENT = re.compile(
    r"^(.{2,40}?(?:局|委员会|委|办公室|办|院|会|部|中心|所|站|队|馆|处|厅|社|团|联合会|政府|分局|大队|支队))"
    r"(?:\d{4}年度?|\d{4}-\d{4}年|关于)?.*(?:预算|表|清单|计划|明细)")
_TOTAL_START = re.compile("(?:本页)?[合小总共累]")
TOTAL_WORDS = re.compile(r"^(?:本页)?(?:合计|小计|总计|共计|累计|总合计)(?:[:：].*)?$")
_TRAILING_NOTE = re.compile(r"^(?:注|备注|说明|填报人|制表人|审核人|负责人|单位负责人|财务负责人|联系人|联系电话|填报日期|制表日期)[:：\s]")
_WELL_FORMED_AMOUNT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?$|^[+-]?\.\d+$")
UNIT_DIVISOR = {"wan": Decimal(1), "qian": Decimal(10), "yuan": Decimal(10000)}  # to 万元
ABSURD_WAN = Decimal(10) ** 8  # more than the whole of China's budget for one line
MAX_ROWS = 1_000_000
MAX_COLUMNS = 1_000
MAX_SHEET_BYTES = 2 * 1024 ** 3  # uncompressed sheet XML
MAX_RATIO = 200  # uncompressed / compressed: beyond this a sheet is a zip bomb, not a budget


class InputError(Exception):
    """The file as a whole cannot be used (exit 2)."""


@dataclass
class InputRow:
    """One data row: the cells as read, the recognised fields, and what went wrong reading it."""

    row: int
    cells: dict[str, str]
    department: str = ""
    item: str = ""
    code: str = ""
    amount_raw: str = ""
    sector: str = ""
    amount_wan: Decimal | None = None
    problems: list[tuple[str, dict]] = field(default_factory=list)  # (rule key, details)
    blank: bool = False
    sheet_row: int | None = None  # the row number a person sees (Excel row, or CSV line)
    # The department the file names above its table (编制单位：…, or its title), when the rows name
    # their own units: the lists of a unit the catalogue does not name (县社会福利院) are that department's.
    department_of_file: str = ""
    total: str | None = None  # 合计 / 小计 / 总计 when the row is a total, not a line


@dataclass
class InputTable:
    """A procurement file as read."""

    path: str
    columns: list[str]
    mapping: dict[str, str]  # field → column name
    unit: str  # wan | yuan
    encoding: str | None
    rows: list[InputRow]
    sha256: str = ""  # of the file's bytes: identifies the submission in the review record
    layout: dict = field(default_factory=dict)  # how the file was read: header row, skipped rows, unit source …
    stream: Iterator[InputRow] = field(default_factory=lambda: iter(()), repr=False)  # rows not yet read
    size_hint: int | None = None  # about how many rows there are, when cheap to know (CSV lines)
    row_count: int | None = None  # how many data rows there were, once all are read

    def describe(self) -> dict:
        """The JSON `input` record: what was read and how."""
        return {"file": self.path, "encoding": self.encoding, "unit": self.unit, "columns": self.columns,
                "mapping": self.mapping, **self.layout}


def _norm_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").strip().lstrip("\ufeff")
    text = _UNIT_IN_HEADER.sub("", text.lower()) if not text.lower().startswith("amount_") else text.lower()
    return re.sub(r"[\s（）()：:*＊]", "", text)


_SYNONYM_KEYS = {fld: [_norm_header(s) for s in synonyms] for fld, synonyms in HEADER_SYNONYMS.items()}
_ALL_SYNONYMS = {key for keys in _SYNONYM_KEYS.values() for key in keys}
_BRACKETED = re.compile(r"[（(][^（）()]*[)）]")


def _loose_field(part: str) -> str | None:
    """The field a header that is no synonym still names: the item or the amount by its last word, as
    Chinese names a column (采购项目名称, 执行金额（万元）, 2026年预算数), or the item by a long first
    word (项目名称及内容). Other fields are named exactly: 部门代码 ends in 代码 and is no catalogue code."""
    whole = _norm_header(part)
    if not whole or whole in _ALL_SYNONYMS:
        return None
    # The unit's brackets go with the unit; other brackets only qualify the name (项目名称（内容）).
    core = _norm_header(_BRACKETED.sub("", _UNIT_IN_HEADER.sub("", unicodedata.normalize("NFKC", part)))) or whole
    for fld in ("item", "amount"):
        if any(core.endswith(key) for key in _SYNONYM_KEYS[fld] if not key.isascii()):
            return fld
    if any(core.startswith(key) for key in _SYNONYM_KEYS["item"] if len(key) >= 4):
        return "item"
    return None


def map_headers(columns: list[str], ignored: frozenset[str] = frozenset()) -> dict[str, str]:
    """Which column holds which field, by the synonyms above (first synonym, then first column, wins)."""
    mapping: dict[str, str] = {}
    normalised = [(_header_key(c), c) for c in columns if c not in ignored]
    for fld, keys in _SYNONYM_KEYS.items():
        for key in keys:
            hit = next((orig for norm, orig in normalised if key in norm and orig not in mapping.values()), None)
            if hit is not None:
                mapping[fld] = hit
                break
    for fld in ("item", "amount"):
        if fld not in mapping:
            hit = next((orig for _, orig in normalised if orig not in mapping.values()
                        and any(_loose_field(part) == fld for part in orig.split("/"))), None)
            if hit is not None:
                mapping[fld] = hit
    return mapping


def _header_key(column: str) -> tuple[str, ...]:
    """A column's name as one or two header rows gave it: each part normalised."""
    return tuple(_norm_header(part) for part in column.split("/"))


def unit_from_header(column: str | None) -> str | None:
    """`wan` or `yuan` when the amount header names its unit."""
    if not column:
        return None
    lowered = unicodedata.normalize("NFKC", column).lower()
    if "万元" in lowered or lowered.endswith("_wan"):
        return "wan"
    if "元" in lowered or lowered.endswith("_yuan"):
        return "yuan"
    return None


def parse_amount(raw: str, unit: str) -> Decimal | None:
    """An amount in 万元 from text such as `1,010.59`, ` 23 `, `９`, `3,600,000.00`; None when it is not a number.

    Only well-formed thousands separators are accepted (`12,3,4` and `1_000` are not numbers);
    the value may be non-finite or absurd: `amount_problem` says so.
    """
    text = raw or ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).replace("，", ",")
    text = "".join(text.split())
    text = text.removesuffix("万元").removesuffix("元")
    if not text or not _WELL_FORMED_AMOUNT.match(text):
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value.adjusted()) > 30:
        return None
    value = value / UNIT_DIVISOR[unit]
    return value if value else Decimal(0)  # -0 is 0


def amount_problem(value: Decimal) -> str | None:
    """Why an amount that parsed is still suspect: negative or absurd."""
    if value < 0:
        return "negative"
    if value > ABSURD_WAN:
        return "absurd"
    return None


def decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    """Text and the encoding used: UTF-16 with BOM, strict UTF-8 (BOM allowed), then GB18030, unless told."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise InputError(f"line {line}: not valid {encoding} (byte 0x{data[exc.start]:02x})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    for candidate in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    # Neither decodes everything: keep every row, mark the undecodable ones.
    return data.decode("utf-8", errors="replace"), "utf-8 (with undecodable bytes)"


def _sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first lines most consistently: the one that the most lines
    hold the same number of times (a title line holds none; an item written in sentences holds
    a varying number of ，, so ， is the delimiter only when every row holds it alike)."""
    best, best_key = ",", (0, 0)
    rows = [line for line in lines[:HEADER_SEARCH_ROWS] if line.strip()]
    for rank, d in enumerate((",", "\t", ";", "，")):
        counts = Counter(n for n in (line.count(d) for line in rows) if n)
        if not counts:
            continue
        agreeing = counts.most_common(1)[0][1]
        key = (agreeing, -rank)
        if key > best_key:
            best, best_key = d, key
    return best


# --------------------------------------------------------------------------- CSV

_LINE_END = re.compile(r"\r\n|\n|\r")


class _Lines:
    """The lines of a text, one at a time, with the lines of the record being read kept aside
    so that they can be read again (an unclosed quote is undone by re-reading what it swallowed)."""

    def __init__(self, text: str):
        # Slices of the text itself, found one at a time: no second copy of a large file.
        self._text = text
        self._pos = 0
        self._again: list[str] = []
        self.taken: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self._again:
            line = self._again.pop()
        else:
            if self._pos >= len(self._text):
                raise StopIteration
            end = _LINE_END.search(self._text, self._pos)
            stop = end.end() if end else len(self._text)
            line, self._pos = self._text[self._pos:stop], stop
        self.taken.append(line)
        return line

    def read_again(self, lines: list[str]) -> None:
        self._again.extend(reversed(lines))

    def exhausted(self) -> bool:
        return not self._again and self._pos >= len(self._text)


def _csv_stream(text: str, delimiter: str):
    """(line number, cells, problem) per record, streamed; an unclosed quote is reported at its
    line and the lines after it are read again on their own.

    csv would let a quote that never closes swallow every line after it into one field. A
    record whose quoted field runs over lines that themselves look like records (they hold
    the delimiters of a row) is that case.
    """
    lines = _Lines(text)
    widths: Counter = Counter()
    line_no = 1
    while True:
        reader = csv.reader(lines, delimiter=delimiter)
        while True:
            lines.taken = []
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield line_no, None, ("csv-error", str(exc))
                line_no += len(lines.taken)
                break  # a fresh reader after the bad record
            taken = lines.taken
            if (len(taken) > 1 and _swallowed_rows(record, delimiter, widths)) or \
                    (lines.exhausted() and _open_at_end(taken, delimiter)):
                yield line_no, None, ("unclosed-quote", taken[0].rstrip("\r\n"))
                lines.read_again(taken[1:])
                line_no += 1
                break  # a fresh reader: the old one may hold state of the broken quote
            if len(taken) == 1 and len(widths) < 64:
                widths[len(record)] += 1
            yield line_no, record, None
            line_no += len(taken)


def _open_at_end(taken: list[str], delimiter: str) -> bool:
    """Whether the file's last record ends inside a quote that never closed (csv reads what
    follows the quote as the field, silently)."""
    try:
        for _ in csv.reader(taken, delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _swallowed_rows(record: list[str], delimiter: str, widths: Counter) -> bool:
    """Whether a record that spans lines holds whole rows inside one field (a quote that never closed)."""
    usual = widths.most_common(1)[0][0] if widths else 2
    if len(record) == usual:
        return False
    needed = max(1, usual - 1)
    return any(line.count(delimiter) >= needed for field in record if "\n" in field
               for line in field.splitlines()[1:])


def read_csv_text(text: str, path: str, encoding: str | None, unit: str | None,
                  max_rows: int = MAX_ROWS) -> InputTable:
    """Parse CSV text into an InputTable (every row read)."""
    return _materialise(open_csv_text(text, path, encoding, unit, max_rows))


def open_csv_text(text: str, path: str, encoding: str | None, unit: str | None,
                  max_rows: int = MAX_ROWS) -> InputTable:
    """CSV text as an InputTable whose rows are streamed (`table.stream`)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError("the file is empty: no header row")
    lines = text.count("\n") + 1
    if lines > max_rows + HEADER_SEARCH_ROWS + 10:
        raise InputError(f"about {lines} rows, more than the limit of {max_rows}; raise it with --max-rows")
    csv.field_size_limit(16 * 1024 * 1024)
    delimiter = _sniff_delimiter(text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS])
    table = _build(path, _csv_stream(text, delimiter), unit, encoding, max_rows)
    table.size_hint = lines
    return table


# --------------------------------------------------------------------------- XLSX

def read_xlsx(data: bytes, path: str, sheet: str | None, unit: str | None, max_rows: int = MAX_ROWS) -> InputTable:
    """Read the first (or named) sheet of an XLSX workbook (every row)."""
    return _materialise(open_xlsx(data, path, sheet, unit, max_rows))


def open_xlsx(data: bytes, path: str, sheet: str | None, unit: str | None, max_rows: int = MAX_ROWS) -> InputTable:
    """The first (or named) sheet of an XLSX workbook as an InputTable whose rows are streamed.

    Every row and cell in the sheet's XML is read, whatever its `<dimension>` tag says (many
    producers write it stale). A formula cell is read as the value Excel cached for it; a
    formula with no cached value (a workbook written by a program) is kept as its text, so
    nothing is lost and the output neutralises it. Merged cells take their top-left value.
    """
    _check_package(data)
    return _from_a_sheet(_xlsx_sheet_names(data), sheet,
                         lambda name: _build(path, _xlsx_stream(data, name, max_rows), unit, None, max_rows))


def _xlsx_sheet_names(data: bytes) -> list[str]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged package
        raise InputError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _from_a_sheet(names: list[str], sheet: str | None, build) -> "InputTable":
    """The table of the named sheet (a name, or its number counting from 1: --sheet 2), or of the
    first sheet that holds one: a workbook often opens on a 填报说明 or a cover, the table behind."""
    if sheet is not None and sheet not in names and sheet.isdigit() and 1 <= int(sheet) <= len(names):
        sheet = names[int(sheet) - 1]
    if sheet is not None or len(names) < 2:
        table = build(sheet)
        table.layout["sheet"] = sheet or (names[0] if names else None)
        return table
    first_error = None
    for name in names:
        try:
            table = build(name)
        except InputError as exc:
            if not str(exc).startswith("no item column"):
                raise
            first_error = first_error or exc
            continue
        table.layout["sheet"] = name
        if name != names[0]:
            table.layout["first_sheet_without_table"] = names[0]
        return table
    raise InputError(f"{first_error}; no other sheet holds one either (sheets: {', '.join(names)}; "
                     f"name one with --sheet)")


def _xlsx_stream(data: bytes, sheet: str | None, max_rows: int):
    """(row number, cells, None, dated columns) per sheet row; the formatted-but-empty tail dropped."""
    values, merged, close_values = _open_sheet(data, sheet, data_only=True)
    formulas, _, close_formulas = _open_sheet(data, sheet, data_only=False)
    fills = _MergeFill(merged)
    rows = _SheetRows()
    try:
        for number, (row, source) in enumerate(_zip_longest_rows(values, formulas), start=1):
            if number > max_rows + HEADER_SEARCH_ROWS:
                raise InputError(f"more than {max_rows} rows, the limit; raise it with --max-rows")
            if len(row) > MAX_COLUMNS:
                raise InputError(f"more than {MAX_COLUMNS} columns in row {number}: not a budget table")
            row = [v if v is not None or j >= len(source) else source[j] for j, v in enumerate(row)]
            fills.apply(number, row)
            yield from rows.add(number, [None] * len(row) if fills.nothing_of_its_own else row, fills.across)
    except InputError:
        raise
    except Exception as exc:  # a sheet that breaks while being read is as unreadable as one that will not open
        raise InputError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None
    finally:
        close_values()
        close_formulas()


# --------------------------------------------------------------------------- XLS (Excel 97-2003)

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_xls(data: bytes, path: str, sheet: str | None, unit: str | None, max_rows: int = MAX_ROWS) -> InputTable:
    """The first (or named) sheet of an Excel 97-2003 workbook (.xls, as many offices still save
    them), read with xlrd: cached formula values, dates as dates, merged cells taking their
    top-left value, exactly as an XLSX sheet is read."""
    return _from_a_sheet(_xls_sheet_names(data), sheet,
                         lambda name: _build(path, _xls_stream(data, name, max_rows), unit, None, max_rows))


def _xls_sheet_names(data: bytes) -> list[str]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO(), verbosity=0)
    except Exception as exc:
        raise InputError(f"not a readable XLS workbook ({type(exc).__name__}: {exc})") from None
    try:
        return list(book.sheet_names())
    finally:
        book.release_resources()


def _xls_stream(data: bytes, sheet: str | None, max_rows: int):
    import xlrd

    try:
        # xlrd prints its own warnings about a damaged file to stdout unless given a log: the
        # error below says it, in the user's language.
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=io.StringIO(), verbosity=0)
    except Exception as exc:  # xlrd raises its own XLRDError and struct/assertion errors for damaged files
        raise InputError(f"not a readable XLS workbook ({type(exc).__name__}: {exc})") from None
    try:
        names = book.sheet_names()
        if sheet is not None and sheet not in names:
            raise InputError(f"no sheet {sheet!r}; sheets: {', '.join(names)}")
        if not names:
            raise InputError("not a readable XLS workbook (it has no worksheet)")
        ws = book.sheet_by_name(sheet) if sheet is not None else book.sheet_by_index(0)
        if ws.nrows > max_rows + HEADER_SEARCH_ROWS:
            raise InputError(f"more than {max_rows} rows, the limit; raise it with --max-rows")
        if ws.ncols > MAX_COLUMNS:
            raise InputError(f"more than {MAX_COLUMNS} columns: not a budget table")
        from openpyxl.utils.cell import get_column_letter

        merged = [f"{get_column_letter(clo + 1)}{rlo + 1}:{get_column_letter(chi)}{rhi}"
                  for rlo, rhi, clo, chi in ws.merged_cells]
        fills = _MergeFill(merged)
        rows = _SheetRows()
        for r in range(ws.nrows):
            number = r + 1
            row: list = []
            for cell in ws.row(r):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        row.append(cell.value)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append(None)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    row.append(xlrd.error_text_from_code.get(cell.value, "#ERR"))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    row.append(bool(cell.value))
                else:
                    row.append(cell.value)
            fills.apply(number, row)
            yield from rows.add(number, [None] * len(row) if fills.nothing_of_its_own else row, fills.across)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"not a readable XLS workbook ({type(exc).__name__}: {exc})") from None
    finally:
        book.release_resources()


class _SheetRows:
    """A sheet's rows as (row number, cell texts, None, dated columns, columns filled from a merged
    cell to their left), the formatted-but-empty rows at its end dropped: empty rows are data only
    if something follows them."""

    def __init__(self):
        self.empty: list[tuple] = []

    def add(self, number: int, row: list, across: frozenset[int] = frozenset()):
        dated = [j for j, v in enumerate(row) if isinstance(v, (datetime, date, time))]
        entry = (number, [_cell_text(v) for v in row], None, dated, across)
        if not any(c.strip() for c in entry[1]):
            self.empty.append(entry)
            return
        yield from self.empty
        self.empty = []
        yield entry


def _zip_longest_rows(values, formulas):
    from itertools import zip_longest

    for row, source in zip_longest(values, formulas, fillvalue=None):
        if row is None:
            continue
        yield list(row), list(source or ())


class _MergeFill:
    """Merged ranges applied row by row as the sheet streams past: each cell of a range takes its top-left value.

    `across` holds, for the row just filled, the columns that took the value of a cell to their
    left: a header needs them (预算金额 over its two columns), a data row does not (a 合计 merged
    over 序号, 项目 and 代码 is one word, not a code)."""

    def __init__(self, refs: list[str]):
        from openpyxl.utils.cell import range_boundaries

        self.starting: dict[int, list[tuple[int, int, int, int]]] = {}
        for ref in refs:
            try:
                min_col, min_row, max_col, max_row = range_boundaries(ref)
            except ValueError:
                continue
            self.starting.setdefault(min_row, []).append((min_col, min_row, max_col, max_row))
        self.active: list[tuple[int, int, int, object]] = []  # (min_col, max_col, max_row, value)
        self.across: frozenset[int] = frozenset()
        self.nothing_of_its_own = False

    def apply(self, number: int, row: list) -> None:
        self.across = frozenset()
        # A row with no value of its own is blank, whatever merged cell runs down through it (a
        # department merged over its lines and a stray empty row among them).
        self.nothing_of_its_own = not any(v is not None and str(v).strip() for v in row)
        for min_col, _, max_col, max_row in self.starting.pop(number, ()):
            value = row[min_col - 1] if min_col - 1 < len(row) else None
            self.active.append((min_col, max_col, max_row, value))
        if not self.active:
            return
        self.active = [a for a in self.active if a[2] >= number]
        across = set()
        for min_col, max_col, _, value in self.active:
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                if row[c - 1] is None:
                    row[c - 1] = value
                    if c > min_col:
                        across.add(c - 1)
        self.across = frozenset(across)


def _check_package(data: bytes) -> None:
    """Refuse a zip that is not a workbook, or whose parts would unpack to absurd sizes (a zip bomb)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"not a readable XLSX workbook ({exc})") from None
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise InputError("not a readable XLSX workbook (no workbook part in the package)")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_SHEET_BYTES:
        raise InputError(f"the workbook unpacks to {total // 1024 ** 2} MB, more than the limit of "
                         f"{MAX_SHEET_BYTES // 1024 ** 2} MB; save the sheet as CSV instead")
    if total > 50 * 1024 ** 2 and total / packed > MAX_RATIO:
        raise InputError(f"the workbook unpacks to {total // packed} times its size, a zip bomb rather than a "
                         "budget table; open and save it in a spreadsheet program, or save it as CSV")


def _open_sheet(data: bytes, sheet: str | None, data_only: bool):
    """(row iterator, merged ranges, close) for the sheet, in openpyxl's streaming read-only mode."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for a damaged package
        raise InputError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None
    try:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                raise InputError(f"no sheet {sheet!r}; sheets: {', '.join(workbook.sheetnames)}")
            ws = workbook[sheet]
        else:
            if not workbook.worksheets:
                raise InputError("not a readable XLSX workbook (it has no worksheet)")
            ws = workbook.worksheets[0]
        if not hasattr(ws, "iter_rows"):
            raise InputError(f"sheet {ws.title!r} is a chart, not a table; name a worksheet with --sheet")
        ws.reset_dimensions()  # read what the XML holds, not what its <dimension> tag claims
        merged = _merged_ranges(workbook, ws) if data_only else []
        return ws.iter_rows(values_only=True), merged, workbook.close
    except InputError:
        workbook.close()
        raise
    except Exception as exc:
        workbook.close()
        raise InputError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None


def _merged_ranges(workbook, ws) -> list[str]:
    """The sheet's merged ranges (`A3:A5`), read from its XML; read-only mode does not expose them."""
    archive = getattr(workbook, "_archive", None)
    part = getattr(ws, "_worksheet_path", None)
    if archive is None or part is None:
        return []
    refs: list[str] = []
    tail = b""
    with archive.open(part) as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            text = tail + chunk
            refs.extend(m.decode("ascii", "replace") for m in re.findall(rb'<(?:\w+:)?mergeCell [^>]*?ref="([A-Z]+\d+:[A-Z]+\d+)"', text))
            cut = text.rfind(b"<")
            tail = text[cut:] if cut >= 0 and b">" not in text[cut:] else b""
    return refs


def _cell_text(value) -> str:
    """A cell as text: whole numbers without `.0`, dates as ISO, codes never as numbers."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- the table

def _row_text(cells: list[str]) -> str:
    """A row's filled cells as one line; a merged cell's repeated value once."""
    out: list[str] = []
    for c in cells:
        c = (c or "").strip()
        if c and (not out or out[-1] != c):
            out.append(c)
    return " ".join(out)


def _header_score(cells: list[str]) -> tuple[int, bool]:
    """How many cells of a row are known header words, and whether one names the item."""
    raw = [c for c in cells if c and c.strip()]
    keys = [_norm_header(c) for c in raw]
    loose = [_loose_field(c) for c in raw]
    known = sum(1 for k, fld in zip(keys, loose) if k in _ALL_SYNONYMS or fld)
    has_item = any(k in _SYNONYM_KEYS["item"] or fld == "item" for k, fld in zip(keys, loose))
    return known, has_item


def _find_header(grid) -> int:
    """Index in grid of the header row: the first of the first rows that names an item column and another field."""
    for index, entry in enumerate(grid[:HEADER_SEARCH_ROWS]):
        cells = entry[1]
        if not cells:
            continue
        known, has_item = _header_score(cells)
        if has_item and (known >= 2 or len([c for c in cells if c.strip()]) == 1):
            return index
    # Fall back to the first row that names an item column at all.
    for index, entry in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if entry[1] and _header_score(entry[1])[1]:
            return index
    def shown_row(entry) -> str:
        shown = [repr(c.strip() if len(c.strip()) <= 20 else c.strip()[:19] + "…") for c in entry[1] if c.strip()]
        return f"row {entry[0]}: " + ", ".join(shown[:8] + (["…"] if len(shown) > 8 else []))

    seen = [shown_row(e) for e in grid[:4] if e[1] and any(c.strip() for c in e[1])]
    if not seen:
        raise InputError(f"no header: every row read (up to {HEADER_SEARCH_ROWS}) is empty")
    shown = "; ".join(seen)
    raise InputError(
        f"no item column: looked in the first {HEADER_SEARCH_ROWS} rows for a header naming "
        f"“项目名称” / “服务内容” / “购买服务内容” / “政府购买服务项目” / “item”; the first rows are: {shown}")


def _sub_header(header: list[str], below: list[str] | None) -> bool:
    """Whether the row under the header is a second header row (金额 over 合计 / 一般公共预算 …)."""
    if not below:
        return False
    filled = [(h, b) for h, b in zip(header, below) if b and b.strip()]
    if not filled:
        return False
    if any(re.fullmatch(r"[\d.,\s-]+", b) for _, b in filled):
        return False
    repeated = sum(1 for h, b in filled if h.strip() == b.strip())  # a merged header cell running down
    sub_words = sum(1 for h, b in filled if h.strip() != b.strip() and (
        _AMOUNT_TOTAL_SUB.match(_norm_header(b)) or re.search(r"预算|资金|拨款|收入|经费|金额|合计|小计", b)))
    return sub_words >= 1 and repeated + sub_words == len(filled)


def _combine_headers(header: list[str], below: list[str]) -> list[str]:
    out = []
    width = max(len(header), len(below))
    header = header + [""] * (width - len(header))
    below = below + [""] * (width - len(below))
    group = ""
    for top, sub in zip(header, below):
        top, sub = top.strip(), sub.strip()
        if top:
            group = top if sub and sub != top else ""
        elif sub and group:
            # A label merged over several sub-columns, saved as CSV, stands in its first cell only:
            # 预算金额,, over 合计,一般公共预算,其他资金 names them as the workbook does.
            top = group
        out.append(top if not sub or sub == top else (f"{top}/{sub}" if top else sub))
    return out


def _amount_column(columns: list[str]) -> str | None:
    """Under a two-row money header the total sub-column is the amount (预算金额/合计)."""
    for c in columns:
        if "/" in c:
            top, sub = c.split("/", 1)
            if _AMOUNT_TOTAL_SUB.match(_norm_header(sub)) and re.search("金额|预算|资金|合计", top):
                return c
    return None


def _own_output_columns(columns: list[str]) -> list[str]:
    """svccheck's own result columns when the file is its output read back in (else [])."""
    names = list(columns)
    width = len(OWN_RESULT_COLUMNS)
    for start in range(len(names) - width, -1, -1):
        window = tuple(n.removeprefix("svccheck_") for n in names[start:start + width])
        if window in (OWN_RESULT_COLUMNS, OWN_RESULT_COLUMNS_ZH, ("数据行",) + OWN_RESULT_COLUMNS_ZH[1:]):  # 0.5's too
            own = names[start:start + width]
            own += [n for n in names[:start] if n in OWN_EXTRA_COLUMNS]
            return own
    return []


def _notes_above(grid, header_index: int) -> dict:
    """Department and unit from the lines above the header (title, 编制单位：…, 单位：万元)."""
    found: dict = {"skipped_rows": []}
    for entry in grid[:header_index]:
        line, cells = entry[0], entry[1]
        text = _row_text(cells or [])
        if not text:
            continue
        found["skipped_rows"].append({"row": line, "text": text[:80]})
        folded = unicodedata.normalize("NFKC", text)
        unit = _UNIT_NOTE.search(folded)
        if unit and "unit" not in found:
            found["unit"] = {"万元": "wan", "元": "yuan", "千元": "qian"}[unit.group(1)]
        dept = _DEPARTMENT_NOTE.search(folded)
        if dept and "department" not in found:
            found["department"] = (dept.group(1), "note")
        elif "title_department" not in found:
            title = _TITLE_DEPARTMENT.match(re.sub(r"\s", "", folded))
            if title:
                found["title_department"] = title.group(1)
    return found


def _build(path: str, source, unit: str | None, encoding: str | None, max_rows: int = MAX_ROWS) -> InputTable:
    """The table from rows as read, (sheet row, cells or None, problem or None[, dated columns]):
    the header and the notes above it are read now, the data rows as `table.stream` is consumed."""
    source = iter(source)
    grid = []
    for entry in source:
        grid.append(entry)
        if len(grid) >= HEADER_SEARCH_ROWS + 2:
            break
    if not grid:
        raise InputError("the file is empty: no header row")
    header_index = _find_header(grid)
    header_cells = grid[header_index][1]
    data_start = header_index + 1
    below = grid[data_start][1] if data_start < len(grid) else None
    two_rows = _sub_header(header_cells, below)
    raw_columns = _combine_headers(header_cells, below or []) if two_rows else [c.strip() for c in header_cells]
    if two_rows:
        data_start += 1
    while raw_columns and raw_columns[-1] == "":  # a trailing delimiter on the header
        raw_columns.pop()
    columns = _dedupe(raw_columns)
    own = _own_output_columns(columns)
    mapping = map_headers(columns, frozenset(own))
    money = _amount_column(columns)
    if money:
        mapping["amount"] = money
    if "item" not in mapping:
        shown = [repr(c if len(c) <= 30 else c[:29] + "…") for c in columns[:12]]
        found = ", ".join(shown + (["…"] if len(columns) > 12 else [])) or "(none)"
        raise InputError(
            f"no item column: expected one of “项目名称” / “服务内容” / “购买服务内容” / “政府购买服务项目” / “item”; found {found}")
    notes = _notes_above(grid, header_index)
    header_unit = unit_from_header(mapping.get("amount"))
    if unit:
        amount_unit, unit_source = unit, "option"
    elif header_unit:
        amount_unit, unit_source = header_unit, "header"
    elif notes.get("unit"):
        amount_unit, unit_source = notes["unit"], "note"
    else:
        amount_unit, unit_source = "wan", "default"
    layout: dict = {
        "header_row": grid[header_index][0] if not two_rows else [grid[header_index][0], grid[header_index + 1][0]],
        "skipped_rows": notes["skipped_rows"],
        "unit_source": unit_source,
    }
    fixed_department = None
    noted = notes["department"][0] if "department" in notes else notes.get("title_department")
    if "department" not in mapping:
        fixed_department = noted
        if fixed_department:
            layout["department_from"] = "note" if "department" in notes else "title"
            layout["department"] = fixed_department
    elif noted and not any("汇总" in note["text"] for note in notes["skipped_rows"]):
        # A department's own table (its units on the rows), not a summary a finance bureau compiled
        # of every department's lines (泽州县财政局…汇总表), whose unknown names are nobody's in particular.
        layout["department_of_file"] = noted
    if own:
        layout["ignored_columns"] = own
        layout["note"] = "svccheck's own result columns were recognised and set aside"
    table = InputTable(path, columns, mapping, amount_unit, encoding, [], layout=layout)
    body = _chain(grid[data_start:], source)
    table.stream = _rows(body, table, fixed_department, max_rows)
    return table


def _chain(first: list, rest):
    yield from first
    yield from rest


def _is_trailing_note(cells: list[str] | None) -> bool:
    if not cells:
        return False
    # A note merged across the table's width fills every cell with the same text: one value.
    return len({c.strip() for c in cells if c.strip()}) <= 3 and bool(_TRAILING_NOTE.match(_row_text(cells)))


def _rows(body, table: InputTable, fixed_department: str | None, max_rows: int):
    """The data rows of a table, one at a time; notes under the table (注：…, 填报人：…) are set
    aside like the title, totals are checked against the lines they cover as they pass."""
    columns, mapping, layout = table.columns, table.mapping, table.layout
    totals = _TotalCheck()
    pending: list = []  # note-like rows: data if anything but notes follows them
    number = 0
    previous_department = ""
    filled_down = 0

    def make(entry):
        nonlocal number, previous_department, filled_down
        number += 1
        if number > max_rows:
            raise InputError(f"more than {max_rows} data rows, the limit; raise it with --max-rows")
        sheet_row, record, problem = entry[0], entry[1], entry[2]
        dated = entry[3] if len(entry) > 3 else []
        if len(entry) > 4 and entry[4] and record is not None:
            # A data cell merged across columns is one value, in its first column only.
            record = ["" if j in entry[4] else cell for j, cell in enumerate(record)]
        if len(entry) > 3 and record is not None and len(record) < len(columns):
            # A sheet row simply ends at its last filled cell: its empty tail is not a defect.
            record = record + [""] * (len(columns) - len(record))
        row = _make_row(number, columns, mapping, record, problem, table.unit, dated)
        row.sheet_row = sheet_row
        row.department_of_file = layout.get("department_of_file", "")
        if fixed_department and not row.blank:
            row.department = fixed_department
        elif "department" in mapping and not row.department and row.item and not row.total and previous_department:
            # A department written once over its lines (a merged cell saved as CSV) covers them.
            row.department = previous_department
            filled_down += 1
        if row.department and not row.total:
            previous_department = row.department
        totals.see(row)
        return row

    for entry in body:
        if _is_trailing_note(entry[1]):
            pending.append(entry)
            continue
        for held in pending:
            yield make(held)
        pending = []
        yield make(entry)
    if pending:
        layout["skipped_rows"] = layout["skipped_rows"] + [{"row": e[0], "text": _row_text(e[1])[:80]} for e in pending]
    if filled_down:
        layout["department_filled_down"] = filled_down
    table.row_count = number


def _materialise(table: InputTable) -> InputTable:
    table.rows = list(table.stream)
    table.stream = iter(())
    return table


def _dedupe(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, c in enumerate(columns):
        name = c or f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        out.append(name)
    return out


_TOTAL_FIRST = frozenset("本合小总共累")


def _total_word(row: InputRow, record: list[str]) -> str | None:
    """合计 / 小计 / 总计 when the row is a total, in the item, the department or the first filled cell."""
    candidates = [row.item, row.department]
    for cell in record:
        if cell and not cell.isspace():
            candidates.append(cell)
            if len(candidates) == 4:
                break
    for text in candidates:
        # The common case is decided by one character, without normalising anything.
        if not text or text.lstrip()[:1] not in _TOTAL_FIRST:
            continue
        squeezed = "".join(text.split())
        if not _TOTAL_START.match(squeezed):
            continue
        folded = unicodedata.normalize("NFKC", squeezed)
        m = TOTAL_WORDS.match(folded)
        if m:
            return folded[:2] if folded[:2] != "本页" else folded[2:4]
    return None


def _make_row(number: int, columns: list[str], mapping: dict[str, str], record: list | None, problem,
              unit: str, dated: list[int]) -> InputRow:
    if record is None:
        kind, detail = problem
        row = InputRow(number, dict.fromkeys(columns, ""))
        if kind == "unclosed-quote":
            row.problems.append(("unclosed-quote", {"text": detail[:60]}))
            row.cells[mapping["item"]] = row.item = detail  # the raw line: shown, not lost
        else:
            row.problems.append(("unreadable", {"detail": detail}))
        return row
    width = len(columns)
    if len(record) == width:
        cells = dict(zip(columns, record))
    else:
        cells = dict(zip(columns, record + [""] * (width - len(record))))
    row = InputRow(number, cells)
    joined = "".join(record)
    if not joined.strip():
        row.blank = True
        return row
    if len(record) != width:
        extra = [v for v in record[width:] if v.strip()]
        if extra:
            row.cells["_extra"] = "\t".join(extra)
        if extra or len(record) < width:
            row.problems.append(("ragged", {"expected": width, "found": len(record)}))
    if "\ufffd" in joined:
        row.problems.append(("undecodable", {}))
    if has_controls(joined):
        row.problems.append(("control", {}))
    def get(field_name: str) -> str:
        column = mapping.get(field_name)
        return cells.get(column, "") if column is not None else ""

    department, item, code, amount, sector = (
        get("department").strip(), get("item"), get("code").strip(), get("amount").strip(), get("sector").strip())
    row.department, row.code, row.amount_raw, row.sector = department, code, amount, sector
    row.item = " ".join(item.split())  # a line break inside a quoted cell is layout, not content
    row.total = _total_word(row, record)
    amount_index = columns.index(mapping["amount"]) if "amount" in mapping else -1
    if amount_index in dated and amount:
        row.problems.append(("amount-date", {"amount": amount}))
    elif amount:
        row.amount_wan = parse_amount(amount, unit)
        if row.amount_wan is None and amount.lstrip().startswith("="):
            # A workbook written by a program saves formulas without their results; Excel and WPS
            # save both, so opening and saving it there gives the amount.
            row.problems.append(("amount-formula", {"amount": amount}))
        elif row.amount_wan is None:
            row.problems.append(("amount", {"amount": amount}))
        else:
            suspect = amount_problem(row.amount_wan)
            if suspect:
                row.problems.append((f"amount-{suspect}", {"amount": amount}))
                if suspect == "absurd":
                    row.amount_wan = None  # kept out of every sum
    return row


TOTAL_TOLERANCE_WAN = Decimal("0.01")


class _TotalCheck:
    """A total that disagrees with the lines it covers is a finding on the total row.

    A 小计 covers the lines since the previous total; a 合计 or 总计 covers every line above
    it (its subtotals are not added again).
    """

    def __init__(self):
        self.since_last = self.everything = Decimal(0)
        self.counted_since = self.counted_all = 0

    def see(self, row: InputRow) -> None:
        if row.total:
            covered, count = ((self.since_last, self.counted_since) if row.total == "小计"
                              else (self.everything, self.counted_all))
            if row.amount_wan is not None and count and abs(row.amount_wan - covered) > TOTAL_TOLERANCE_WAN:
                row.problems.append(("total-mismatch", {"total": _fmt(row.amount_wan), "sum": _fmt(covered),
                                                        "lines": count}))
            self.since_last, self.counted_since = Decimal(0), 0
            return
        if row.amount_wan is not None and not row.blank:
            self.since_last += row.amount_wan
            self.everything += row.amount_wan
            self.counted_since += 1
            self.counted_all += 1


def _fmt(value: Decimal) -> str:
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def read(path: str, encoding: str | None = None, sheet: str | None = None, unit: str | None = None,
         max_rows: int = MAX_ROWS) -> InputTable:
    """Read a procurement file (`-` for standard input), every row; raise InputError when it cannot be used."""
    return _materialise(open_table(path, encoding, sheet, unit, max_rows))


def open_table(path: str, encoding: str | None = None, sheet: str | None = None, unit: str | None = None,
               max_rows: int = MAX_ROWS) -> InputTable:
    """Open a procurement file: header, notes and layout now, the data rows streamed through `table.stream`."""
    if path == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise InputError("file not found") from None
        except IsADirectoryError:
            raise InputError("is a folder, not a file") from None
        except OSError as exc:
            raise InputError(f"cannot read ({exc.strerror})") from None
        name = path
    table = _open_bytes(data, name, encoding, sheet, unit, max_rows)
    table.sha256 = hashlib.sha256(data).hexdigest()
    return table


def _read_bytes(data: bytes, name: str, encoding: str | None, sheet: str | None, unit: str | None,
                max_rows: int) -> InputTable:
    return _materialise(_open_bytes(data, name, encoding, sheet, unit, max_rows))


def _open_bytes(data: bytes, name: str, encoding: str | None, sheet: str | None, unit: str | None,
                max_rows: int) -> InputTable:
    if data[:4] == b"PK\x03\x04":
        return open_xlsx(data, name, sheet, unit, max_rows)
    if data[:8] == _OLE2_MAGIC:
        return open_xls(data, name, sheet, unit, max_rows)
    if sheet is not None:
        raise InputError("--sheet applies to workbooks (XLSX, XLS) only")
    sample = data[:4096]
    # A stray NUL in a cell is an export's slip (shown as ␀ and flagged); many are a binary file.
    # Text exports hold next to no C0 control bytes either; random or compressed bytes hold many.
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in (9, 10, 13))
    if (sample.count(b"\x00") > max(2, len(sample) // 100) or controls > max(4, len(sample) // 20)) \
            and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("not a CSV text file or an XLSX/XLS workbook (binary content)")
    text, used = decode(data, encoding)
    try:
        return open_csv_text(text, name, used, unit, max_rows)
    except InputError as exc:
        if name.lower().endswith((".xlsx", ".xlsm", ".xls", ".et")):
            # Named a workbook but text inside: say so, or the message about columns puzzles.
            raise InputError(f"named a workbook but text inside, read as CSV: {exc}") from None
        raise
