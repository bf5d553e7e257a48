"""CT18 gloss-without-entry: a gloss file names a sector list, or a code, that the edition does not have.

Glosses (glosses/*.yaml) are the words clerks use for an entry, and the terms their
descriptions of it contain, keyed by the sector list and the level-4 code, since a level-4 code means something only inside one list. When a new
edition renumbers or drops an entry, its glosses would silently stop counting; this says so.
"""
from __future__ import annotations

from ..registry import Finding, Scope, rule
from ..targets import Edition


def _level_4_codes(nodes) -> set[str]:
    codes: set[str] = set()
    stack = list(nodes or [])
    while stack:
        node = stack.pop()
        if node.get("level") == 4:
            code = str(node.get("code"))
            # A code printed without its A is CT05's finding; its glosses still have their entry.
            codes.update((code, "A" + code) if code.isdigit() else (code,))
        stack.extend(node.get("children") or [])
    return codes


@rule("CT18", scope=Scope.EDITION)
def gloss_without_entry(edition: Edition):
    lists = {sector.doc["sector"]: _level_4_codes(sector.doc["nodes"]) for sector in edition.sectors}
    usable = {sector.path.name for sector in edition.sectors}
    for path, doc in edition.glosses:
        if (edition.folder / "sectors" / path.name).is_file() and path.name not in usable:
            continue  # its sector file could not be read: CT01 or CT03 says why, not that the list is missing
        if not isinstance(doc, dict) or not isinstance(doc.get("glosses"), dict):
            yield Finding("CT18", path, getattr(doc, "line", 1) or 1, 1,
                          details={"sector": str(doc.get("sector", "")) if isinstance(doc, dict) else "",
                                   "code": "glosses", "why": "no `glosses:` mapping", "why_en": "no `glosses:` mapping"})
            continue
        sector = str(doc.get("sector", ""))
        if sector not in lists:
            line, column = getattr(doc, "pos")("sector") if "sector" in doc and hasattr(doc, "pos") else (1, 1)
            yield Finding("CT18", path, line, column, details={"sector": sector, "code": "sector",
                                                                "why": "没有这个部门目录", "why_en": "no such sector list"})
            continue
        for key in ("glosses", "terms", "sentences"):
            entries = doc.get(key)
            if not isinstance(entries, dict):
                continue  # terms and sentences are optional
            for code in entries:
                if str(code) not in lists[sector]:
                    line, column = entries.pos(code) if hasattr(entries, "pos") else (1, 1)
                    yield Finding("CT18", path, line, column, details={"sector": sector, "code": str(code),
                                                                        "why": "不是该目录的四级条目",
                                                                        "why_en": "not a level-4 entry of that list"})
