"""CT14 stale-erratum: an erratum that no longer matches the published text it corrects."""
from __future__ import annotations

from ... import importer
from ...messages import error_text
from ..registry import Finding, Scope, rule
from ..targets import ErrataFile


@rule("CT14", scope=Scope.ERRATA)
def stale_erratum(errata: ErrataFile):
    table = importer.parse_source(errata.source.read_bytes().decode("utf-8-sig"))
    by_line = {row.line: row for row in table.rows}
    for item in errata.doc.get("errata") or []:
        try:
            erratum = importer.Erratum.from_yaml(item)
        except (KeyError, TypeError, ValueError) as exc:
            name = item.get("id", "?") if isinstance(item, dict) else "?"
            yield Finding("CT14", errata.path, getattr(item, "line", 1), 1,
                          details={"erratum": name, "detail": f"记录不完整（{exc}）",
                                   "detail_en": f"incomplete record ({exc})"})
            continue
        problem = importer.check_erratum(erratum, by_line)
        if problem:
            # The importer's words in Chinese too, as the import's own error says them.
            said = error_text(f"erratum {erratum.id}: {problem}", "zh")
            detail_zh = said.split("：", 1)[1] if said.startswith("勘误") and "：" in said else problem
            # At the field that no longer matches (the anchor, the printed words, or the line number).
            field = "anchor" if erratum.field in ("heading", "node") and erratum.anchor is not None \
                else "line" if "holds no table row" in problem else "printed"
            line, column = item.pos(field) if hasattr(item, "pos") and field in item else (erratum.yaml_line or 1, 1)
            yield Finding("CT14", errata.path, line, column, erratum.line,
                          details={"erratum": erratum.id, "detail": detail_zh, "detail_en": problem})
