"""Import the published catalogue table text into the catalogue's YAML layout.

The import is faithful: every node keeps the code and name as printed and its source
line, and its level is the column its name stands in, as the source system read it.
Nothing is fixed silently. Corrections come only from an errata file, each applied at
its source line and recorded on the node it changed.
"""
from __future__ import annotations

import collections
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import codes, yamlio
from .text import tidy_level_name

HEADER_FIRST_CELL = "代码"
WATERMARKS = {"仅供内部审核"}
_CODE_LIKE = re.compile(r"^[A-Za-zＡ-Ｚａ-ｚ]?[0-9０-９]*$")
_TOC_ENTRY = re.compile(r"^(?P<name>[^\t]+)\t(?P<page>\d+)$")
SCHEMA_MODELINE = "# yaml-language-server: $schema=../../../checker/schema/sector.schema.json\n"


@dataclass
class Row:
    """One line of the source table: a sector heading or a catalogue node."""

    line: int
    kind: str  # heading | node
    name: str
    code: str | None = None
    column: int | None = None  # 1-4: the level column the name stands in
    errata: list[str] = field(default_factory=list)
    restored: str | None = None  # erratum id when the row was lost in print and put back
    lost: str | None = None  # erratum id when entries below this node were lost in print
    parts: list[str] | None = None  # the separate services of a bundled name


@dataclass
class SourceTable:
    """What the importer read from the published text."""

    rows: list[Row]
    toc: list[tuple[str, int, int]]  # (sector name, page, line)
    unparsed: list[tuple[int, str]]
    sha256: str
    line_count: int


def parse_source(text: str) -> SourceTable:
    """Read the tab-separated table text: headings, nodes, TOC lines; skip page furniture."""
    rows: list[Row] = []
    toc: list[tuple[str, int, int]] = []
    unparsed: list[tuple[int, str]] = []
    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.strip() in WATERMARKS:
            continue
        if "\t" not in line:
            continue  # document prose: titles, issuer, dates
        cells = line.split("\t")
        if cells[0].strip() == HEADER_FIRST_CELL:
            continue
        toc_match = _TOC_ENTRY.match(line.strip("\r"))
        if toc_match and len(cells) == 2:
            toc.append((toc_match["name"].strip(), int(toc_match["page"]), number))
            continue
        filled = [(i, c.strip()) for i, c in enumerate(cells) if c.strip()]
        first = cells[0].strip()
        if first and _CODE_LIKE.match(first) and any(c.isdigit() or c in "AＡ" for c in first):
            names = [(i, c) for i, c in filled if i >= 1]
            if len(names) != 1 or names[0][0] > 4:
                unparsed.append((number, line))
                continue
            column, name = names[0]
            rows.append(Row(number, "node", name, code=first, column=column))
        elif first and len(filled) == 1:
            rows.append(Row(number, "heading", first))
        else:
            unparsed.append((number, line))
    return SourceTable(rows, toc, unparsed, hashlib.sha256(text.encode("utf-8")).hexdigest(), len(lines))


class ErratumMismatch(Exception):
    """An erratum that no longer matches the source text."""


@dataclass(frozen=True)
class Erratum:
    """One recorded correction of the printed text."""

    id: str
    line: int
    kind: str
    field: str  # code | name | column | parts | lost | heading | node
    printed: object
    corrected: object
    why: str
    anchor: str | None = None  # for inserts: "code name" of the row at `line`, as printed
    sector: str | None = None
    yaml_line: int = 0

    @classmethod
    def from_yaml(cls, item: dict) -> "Erratum":
        """Build from one mapping of errata.yaml."""
        return cls(
            id=str(item["id"]), line=int(item["line"]), kind=str(item["kind"]), field=str(item["field"]),
            printed=item.get("printed"), corrected=item.get("corrected"), why=str(item.get("why", "")),
            anchor=item.get("anchor"), sector=item.get("sector"), yaml_line=getattr(item, "line", 0),
        )


def row_text(row: Row) -> str:
    """`code name` as printed, the form errata use to anchor inserts."""
    return f"{row.code} {row.name}" if row.code else row.name


def check_erratum(erratum: Erratum, by_line: dict[int, Row]) -> str | None:
    """Why this erratum does not match the source, or None when it does."""
    row = by_line.get(erratum.line)
    if row is None:
        return f"source line {erratum.line} holds no table row"
    if erratum.field in ("heading", "node"):
        if erratum.anchor is not None and erratum.anchor != row_text(row):
            return f"source line {erratum.line} reads {row_text(row)!r}, not {erratum.anchor!r}"
        return None
    printed = {"code": row.code, "name": row.name, "column": row.column, "lost": row.name, "parts": row.name}
    if erratum.field not in printed:
        return f"unknown field {erratum.field!r}"
    if printed[erratum.field] != erratum.printed:
        return f"source line {erratum.line} has {erratum.field} {printed[erratum.field]!r}, not {erratum.printed!r}"
    return None


def apply_errata(rows: list[Row], errata: list[Erratum]) -> list[Row]:
    """Return the rows with every erratum applied; raise ErratumMismatch on a stale one."""
    by_line = {r.line: r for r in rows}
    for erratum in errata:
        problem = check_erratum(erratum, by_line)
        if problem:
            raise ErratumMismatch(f"erratum {erratum.id}: {problem}")
    patched = {r.line: replace(r, errata=list(r.errata)) for r in rows}
    inserts: dict[int, list[Row]] = collections.defaultdict(list)
    for erratum in errata:
        row = patched[erratum.line]
        if erratum.field == "code":
            row.code = str(erratum.corrected)
        elif erratum.field == "name":
            row.name = str(erratum.corrected)
        elif erratum.field == "column":
            row.column = int(str(erratum.corrected))
        elif erratum.field == "parts":
            row.parts = [str(p) for p in (erratum.corrected if isinstance(erratum.corrected, list) else [])]
        elif erratum.field == "lost":
            row.lost = erratum.id
            continue
        elif erratum.field == "heading":
            inserts[erratum.line].append(Row(erratum.line, "heading", str(erratum.corrected), restored=erratum.id))
            continue
        elif erratum.field == "node":
            code, name = str(erratum.corrected).split(" ", 1)
            inserts[erratum.line].append(
                Row(erratum.line, "node", name, code=code, column=codes.level_of(code), restored=erratum.id)
            )
            continue
        row.errata.append(erratum.id)
    out: list[Row] = []
    for r in rows:
        out.extend(inserts.get(r.line, []))
        out.append(patched[r.line])
    return out


def build_sectors(rows: list[Row]) -> list[dict]:
    """Nest nodes under their sector heading by the column each name stands in."""
    sectors: list[dict] = []
    stack: list[tuple[int, dict]] = []
    current: dict | None = None
    for row in rows:
        if row.kind == "heading":
            current = {"sector": row.name, "line": row.line, "nodes": []}
            if row.restored:
                current["restored"] = row.restored
            sectors.append(current)
            stack = []
            continue
        if current is None:
            current = {"sector": "（无标题）", "line": row.line, "nodes": []}
            sectors.append(current)
        column = row.column or 0
        node: dict = {"code": row.code, "name": row.name, "level": row.column, "line": row.line}
        if row.errata:
            node["errata"] = list(row.errata)
        if row.restored:
            node["restored"] = row.restored
        if row.lost:
            node["lost"] = row.lost
        if row.parts:
            node["parts"] = list(row.parts)
        while stack and stack[-1][0] >= column:
            stack.pop()
        siblings = stack[-1][1].setdefault("children", []) if stack else current["nodes"]
        siblings.append(node)
        stack.append((column, node))
    return sectors


def canonical_levels(rows: list[Row]) -> dict[str, str]:
    """The majority name of every level 1-3 code, tidied (ties: first printed).

    Votes count names without wrap spaces and with full-width parentheses, so that a
    name wrapped in five sectors does not outvote itself spelled right in the rest.
    """
    names: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    first_seen: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.kind != "node" or not row.code or not codes.WELL_FORMED.match(row.code):
            continue
        if codes.level_of(row.code) == 4:
            continue
        name = tidy_level_name(row.name)
        names[row.code][name] += 1
        first_seen.setdefault((row.code, name), row.line)
    out = {}
    for code in sorted(names, key=lambda c: (len(c), c)):
        counter = names[code]
        out[code] = min(counter, key=lambda n: (-counter[n], first_seen[(code, n)]))
    return out


def slugify(name: str, order: int) -> str:
    """File stem for a sector: its order and its pinyin (initials for long names)."""
    from pypinyin import lazy_pinyin

    plain = re.sub(r"[（(][^）)]*[）)]", "", name)
    syllables = [s for s in lazy_pinyin(plain) if s.isalnum()]
    stem = "".join(syllables) if len(syllables) <= 4 else "".join(s[0] for s in syllables)
    return f"{order:02d}-{stem.lower() or 'sector'}"


def _existing_departments(out_dir: Path) -> dict[str, dict]:
    """Department mappings already kept in an edition's sector files, by sector name."""
    kept = {}
    for path in sorted((out_dir / "sectors").glob("*.yaml")):
        try:
            data = yamlio.load(path)
        except yamlio.YamlError:
            continue
        if isinstance(data, dict) and isinstance(data.get("departments"), dict):
            kept[str(data.get("sector"))] = data["departments"]
    return kept


def load_errata(path: Path) -> list[Erratum]:
    """Read errata.yaml (a mapping with an `errata` list)."""
    data = yamlio.load(path)
    items = data.get("errata", []) if isinstance(data, dict) else []
    return [Erratum.from_yaml(item) for item in items]


@dataclass
class ImportResult:
    """What an import wrote."""

    sectors: int
    entries: int
    errata: int
    unparsed: list[tuple[int, str]]
    files: list[Path]
    unmapped: list[str] = field(default_factory=list)  # lists with no department mapping but their own name
    no_edition_record: bool = False  # edition.yaml is missing: results will not say which edition


def count_entries(nodes: list[dict]) -> int:
    """Level-4 entries below these nodes (by the column level)."""
    total = 0
    for node in nodes:
        total += node.get("level") == 4
        total += count_entries(node.get("children", []))
    return total


def run_import(source: Path, out_dir: Path, errata_path: Path | None = None,
               departments_from: Path | None = None) -> ImportResult:
    """Import `source` into `out_dir`: sector files, levels.yaml, import.yaml.

    Department mappings already in `out_dir` are kept, and a list's mappings not there are taken
    from the edition `departments_from` (the one the new edition replaces); levels.yaml and
    edition.yaml are written only when absent, since maintainers review and edit them.
    """
    text = source.read_bytes().decode("utf-8-sig")
    table = parse_source(text)
    errata = load_errata(errata_path) if errata_path else []
    rows = apply_errata(table.rows, errata) if errata else table.rows
    sectors = build_sectors(rows)
    kept = _existing_departments(departments_from) if departments_from and (departments_from / "sectors").is_dir() \
        else {}
    kept.update(_existing_departments(out_dir) if (out_dir / "sectors").is_dir() else {})
    sector_dir = out_dir / "sectors"
    sector_dir.mkdir(parents=True, exist_ok=True)
    for old in sector_dir.glob("*.yaml"):
        old.unlink()
    written: list[Path] = []
    for order, sector in enumerate(sectors, start=1):
        doc = {"sector": sector["sector"], "order": order, "line": sector["line"]}
        if "restored" in sector:
            doc["restored"] = sector["restored"]
        doc["departments"] = kept.get(sector["sector"], {"names": [], "keywords": [sector["sector"]]})
        doc["nodes"] = sector["nodes"]
        path = sector_dir / f"{slugify(sector['sector'], order)}.yaml"
        path.write_text(yamlio.dump(doc, SCHEMA_MODELINE), encoding="utf-8")
        written.append(path)
    levels_path = out_dir / "levels.yaml"
    if not levels_path.exists():
        levels = canonical_levels(table.rows)
        levels_path.write_text(
            yamlio.dump({"levels": levels}, "# Canonical names of levels 1-3: the majority name as printed.\n"),
            encoding="utf-8",
        )
        written.append(levels_path)
    report = {
        "source": {"file": source.name, "sha256": table.sha256, "lines": table.line_count},
        "errata": errata_path.name if errata_path else None,
        "sectors": [s["sector"] for s in sectors],
        "toc": [{"sector": name, "page": page, "line": line} for name, page, line in table.toc],
        "unparsed": [{"line": n, "text": t} for n, t in table.unparsed],
    }
    (out_dir / "import.yaml").write_text(
        yamlio.dump(report, "# Written by `svccheck catalog import`; do not edit.\n"), encoding="utf-8"
    )
    written.append(out_dir / "import.yaml")
    unmapped = [s["sector"] for s in sectors if not kept.get(s["sector"], {}).get("names")
                and kept.get(s["sector"], {}).get("keywords") in (None, [s["sector"]])]
    return ImportResult(
        len(sectors), sum(count_entries(s["nodes"]) for s in sectors), len(errata), table.unparsed, written,
        unmapped, not (out_dir / "edition.yaml").exists()
    )
