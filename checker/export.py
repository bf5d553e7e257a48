"""`svccheck catalog export`: every node of an edition as a flat row."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from . import yamlio

COLUMNS = ("sector", "level", "code", "name", "parent", "source_line")


class ExportError(Exception):
    """The edition cannot be exported."""


def node_rows(edition_dir: Path) -> list[dict]:
    """All nodes of all sector lists, in catalogue order."""
    files = sorted((edition_dir / "sectors").glob("*.yaml"))
    if not files:
        raise ExportError(f"{edition_dir}: not a catalogue edition (no sectors/*.yaml)")
    rows: list[dict] = []
    for path in files:
        try:
            doc = yamlio.load(path)
            nodes, sector = doc["nodes"], doc["sector"]
        except yamlio.YamlError as exc:
            raise ExportError(f"{exc}; run `svccheck lint`") from None
        except (KeyError, TypeError):
            raise ExportError(f"{path}: not a sector file; run `svccheck lint`") from None

        def walk(children, parent, sector=sector):
            for node in children:
                rows.append({"sector": sector, "level": node.get("level"), "code": node.get("code"),
                             "name": node.get("name"), "parent": parent, "source_line": node.get("line")})
                walk(node.get("children", []), node.get("code"), sector)

        walk(nodes, None)
    return rows


def to_json(rows: list[dict]) -> str:
    """A JSON list of row objects."""
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def to_csv(rows: list[dict]) -> str:
    """CSV with a header; Excel reads it as UTF-8 because of the BOM."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
    return buf.getvalue()


def diff(old: list[dict], new: list[dict]) -> list[dict]:
    """What changed from one edition to the next, node by node (a node is its list and code):
    `added`, `removed`, `renamed` (the same code, another name) and `moved` (another parent or
    level), in the new edition's order, removals last."""
    def key(row):
        return row["sector"], row["code"]

    before = {key(r): r for r in old}
    after = {key(r): r for r in new}
    out: list[dict] = []
    for k, row in after.items():
        was = before.get(k)
        if was is None:
            out.append({"change": "added", **row})
        elif was["name"] != row["name"]:
            out.append({"change": "renamed", **row, "was": was["name"]})
        elif (was["parent"], was["level"]) != (row["parent"], row["level"]):
            out.append({"change": "moved", **row, "was": f"{was['parent']} / {was['level']}"})
    out += [{"change": "removed", **row} for k, row in before.items() if k not in after]
    return out
