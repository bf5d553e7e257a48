"""Reading procurement files: CSV (UTF-8, UTF-8 with BOM, GB18030), XLSX, standard input.

Every data row comes back exactly once, in order, with its 1-based data row number,
including blank rows and rows that could not be read (they carry input problems).
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

FIELDS = ("department", "item", "code", "amount", "sector")

# Header synonyms, compared after normalising (no spaces, half-width, lower case, unit removed).
HEADER_SYNONYMS = {
    "department": ["department", "dept", "部门名称", "部门", "单位名称", "单位", "预算单位", "预算部门", "主管部门"],
    "item": ["item", "项目名称", "服务内容", "购买服务内容", "政府购买服务内容", "项目", "购买服务项目", "服务项目"],
    "code": ["code", "目录代码", "指导性目录代码", "代码", "目录编码", "服务代码"],
    "amount": ["amount", "amount_wan", "amount_yuan", "金额", "购买金额", "预算金额", "预算数", "合计"],
    "sector": ["sector", "目录部门", "部门目录", "适用目录", "目录"],
}
_UNIT_IN_HEADER = re.compile(r"[（(]\s*(万元|元)\s*[)）]|_(wan|yuan)$")
_AMOUNT_CLEAN = re.compile(r"[\s,，]")


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


def _norm_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").strip().lstrip("\ufeff")
    text = _UNIT_IN_HEADER.sub("", text.lower()) if not text.lower().startswith("amount_") else text.lower()
    return re.sub(r"[\s（）()]", "", text)


def map_headers(columns: list[str]) -> dict[str, str]:
    """Which column holds which field, by the synonyms above (first match wins)."""
    mapping: dict[str, str] = {}
    normalised = [(_norm_header(c), c) for c in columns]
    for fld, synonyms in HEADER_SYNONYMS.items():
        for synonym in synonyms:
            key = _norm_header(synonym)
            hit = next((orig for norm, orig in normalised if norm == key and orig not in mapping.values()), None)
            if hit is not None:
                mapping[fld] = hit
                break
    return mapping


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
    """An amount in 万元 from text such as `1,010.59`, ` 23 `, `９`; None when unparseable."""
    text = _AMOUNT_CLEAN.sub("", unicodedata.normalize("NFKC", raw or ""))
    text = text.removesuffix("万元").removesuffix("元")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return value / 10000 if unit == "yuan" else value


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


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "，")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_csv_text(text: str, path: str, encoding: str | None, unit: str | None) -> InputTable:
    """Parse CSV text into an InputTable."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = _sniff_delimiter(first)
    csv.field_size_limit(16 * 1024 * 1024)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty: no header row") from None
    except csv.Error as exc:
        raise InputError(f"line 1: cannot read the header ({exc})") from None
    records: list[list[str] | None] = []
    while True:
        try:
            records.append(next(reader))
        except StopIteration:
            break
        except csv.Error as exc:
            records.append(["\0csv-error", str(exc)])  # an unreadable record still occupies its row
    return _build(path, header, records, unit, encoding)


def _build(path: str, header: list, records: list[list], unit: str | None, encoding: str | None) -> InputTable:
    columns = [str(c).strip() if c is not None else "" for c in header]
    while columns and columns[-1] == "":  # a trailing delimiter on the header
        columns.pop()
    columns = _dedupe(columns)
    mapping = map_headers(columns)
    if "item" not in mapping:
        shown = [repr(c if len(c) <= 30 else c[:29] + "…") for c in columns[:12]]
        found = ", ".join(shown + (["…"] if len(columns) > 12 else [])) or "(none)"
        raise InputError(
            f"no item column: expected one of 项目名称 / 服务内容 / 购买服务内容 / item; found {found}"
        )
    amount_unit = unit or unit_from_header(mapping.get("amount")) or "wan"
    rows = []
    for number, record in enumerate(records, start=1):
        rows.append(_make_row(number, columns, mapping, record, amount_unit))
    return InputTable(path, columns, mapping, amount_unit, encoding, rows)


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


def _make_row(number: int, columns: list[str], mapping: dict[str, str], record: list, unit: str) -> InputRow:
    if record and record[0] == "\0csv-error":
        row = InputRow(number, dict.fromkeys(columns, ""))
        row.problems.append(("unreadable", {"detail": record[1]}))
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
        row.problems.append(("blank", {}))
        return row
    if len(record) != width:
        extra = [v for v in record[width:] if v.strip()]
        if extra:
            row.cells["_extra"] = "\t".join(extra)
        if extra or len(record) < width:
            row.problems.append(("ragged", {"expected": width, "found": len(record)}))
    if "\ufffd" in joined:
        row.problems.append(("undecodable", {}))
    get = cells.get
    department, item, code, amount, sector = (
        get(mapping.get("department"), "").strip(), get(mapping["item"], ""), get(mapping.get("code"), "").strip(),
        get(mapping.get("amount"), "").strip(), get(mapping.get("sector"), "").strip())
    row.department, row.code, row.amount_raw, row.sector = department, code, amount, sector
    row.item = " ".join(item.split())  # a line break inside a quoted cell is layout, not content
    if amount:
        row.amount_wan = parse_amount(amount, unit)
        if row.amount_wan is None:
            row.problems.append(("amount", {"amount": amount}))
    return row


def read_xlsx(data: bytes, path: str, sheet: str | None, unit: str | None) -> InputTable:
    """Read the first (or named) sheet of an XLSX workbook.

    A formula cell is read as the value Excel cached for it; a formula with no cached
    value (a workbook written by a program) is kept as its text, so nothing is lost and
    the output neutralises it.
    """
    values = _sheet_rows(data, sheet, data_only=True)
    formulas = _sheet_rows(data, sheet, data_only=False)
    raw_rows = []
    for i, row in enumerate(values):
        source = formulas[i] if i < len(formulas) else []
        raw_rows.append([
            v if v is not None or j >= len(source) else source[j] for j, v in enumerate(row)
        ])
    while raw_rows and not any(_cell_text(v).strip() for v in raw_rows[-1]):
        raw_rows.pop()  # Excel's formatted-but-empty tail is not data
    if not raw_rows:
        raise InputError("the sheet is empty: no header row")
    header = [_cell_text(v) for v in raw_rows[0]]
    records = [[_cell_text(v) for v in r] for r in raw_rows[1:]]
    return _build(path, header, records, unit, None)


def _sheet_rows(data: bytes, sheet: str | None, data_only: bool) -> list[list]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(f"not a readable XLSX workbook ({exc})") from None
    try:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                raise InputError(f"no sheet {sheet!r}; sheets: {', '.join(workbook.sheetnames)}")
            ws = workbook[sheet]
        else:
            ws = workbook.worksheets[0]
        return [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    """A cell as text: whole numbers without `.0`, dates as ISO, codes never as numbers."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def read(path: str, encoding: str | None = None, sheet: str | None = None, unit: str | None = None) -> InputTable:
    """Read a procurement file (`-` for standard input); raise InputError when it cannot be used."""
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
    table = _read_bytes(data, name, encoding, sheet, unit)
    table.sha256 = hashlib.sha256(data).hexdigest()
    return table


def _read_bytes(data: bytes, name: str, encoding: str | None, sheet: str | None, unit: str | None) -> InputTable:
    if data[:4] == b"PK\x03\x04":
        return read_xlsx(data, name, sheet, unit)
    if sheet is not None:
        raise InputError("--sheet applies to XLSX workbooks only")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("not a CSV text file or an XLSX workbook (binary content)")
    text, used = decode(data, encoding)
    return read_csv_text(text, name, used, unit)
