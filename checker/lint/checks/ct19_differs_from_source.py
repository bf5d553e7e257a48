"""CT19 differs-from-source: a node of a sector file that is not what the published text, with
the edition's errata, says at its source line.

The corrected edition is the faithful import with errata.yaml applied, so every change to a
code, name or level goes through an erratum that records the printed text and why. A code or
name edited in the YAML by hand (A030201 retyped as A030210) passes every other check; this one
sees it against the published text.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ... import importer, yamlio
from ..registry import Finding, Scope, rule
from ..targets import PublishedText


def _in_order(nodes):
    """Nodes in the order they stand (a parent before its children)."""
    for node in nodes or []:
        yield node
        yield from _in_order(node.get("children"))


def _by_line(nodes) -> dict[int, list]:
    """Nodes by their source line, in order: a node an erratum restored shares the line of the
    printed one it stands before (a lost root, a lost heading's parents)."""
    out: dict[int, list] = {}
    for node in _in_order(nodes):
        out.setdefault(node.get("line"), []).append(node)
    return out


@lru_cache(maxsize=4)
def _expected(source: Path, source_stamp: int, errata: Path | None,
              errata_stamp: int) -> tuple[dict[int, dict[int, list]], frozenset[int]]:
    """Per sector heading's source line, its nodes by source line, as the import with errata makes
    them; and the source lines of stale errata (CT14's), which are not compared: the other errata
    are applied all the same, so that one broken erratum hides no hand edit elsewhere."""
    rows = importer.parse_source(source.read_bytes().decode("utf-8-sig")).rows
    stale: frozenset[int] = frozenset()
    if errata is not None:
        errata_list = importer.load_errata(errata)
        by_line = {r.line: r for r in rows}
        broken = [e for e in errata_list if importer.check_erratum(e, by_line)]
        stale = frozenset(e.line for e in broken)
        rows = importer.apply_errata(rows, [e for e in errata_list if e not in broken])
    return {sector["line"]: _by_line(sector["nodes"]) for sector in importer.build_sectors(rows)}, stale


def _stamp(path: Path | None) -> int:
    return path.stat().st_mtime_ns if path is not None else 0


@rule("CT19", scope=Scope.SOURCE)
def differs_from_source(text: PublishedText):
    try:
        expected, stale = _expected(text.source, _stamp(text.source), text.errata, _stamp(text.errata))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, yamlio.YamlError, importer.ErratumMismatch):
        return  # an unreadable source or an errata file that cannot be read: CT14 and the import report those
    for sector in text.sectors:
        printed = expected.get(sector.doc.get("line"))
        if printed is None:
            continue  # a sector heading the published text does not have at that line: the import decides
        found = _by_line(sector.doc["nodes"])
        for line in sorted(set(printed) | set(found), key=lambda n: (n is None, n or 0)):
            if line in stale:
                continue  # a stale erratum's line: CT14 says what is wrong there
            ours, theirs = found.get(line, []), printed.get(line, [])
            for node, want in zip(ours, theirs):
                for field in ("code", "name", "level"):
                    if str(node.get(field)) != str(want.get(field)):
                        at = node.key_pos.get(field, (node.line, node.column))
                        yield Finding("CT19", sector.path, at[0], at[1], line,
                                      details={"field": field, "found": node.get(field), "printed": want.get(field)})
            for node in ours[len(theirs):]:  # a node the text does not have
                yield Finding("CT19", sector.path, node.line, node.column, line,
                              details={"field": "node", "found": f"{node.get('code')} {node.get('name')}",
                                       "printed": "—"})
            for want in theirs[len(ours):]:  # a node of the text the file has lost
                yield Finding("CT19", sector.path, 1, 1, line,
                              details={"field": "node", "found": "—",
                                       "printed": f"{want.get('code')} {want.get('name')}"})
