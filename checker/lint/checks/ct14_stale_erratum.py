"""CT14 stale-erratum: an erratum that no longer matches the published text it corrects."""
from __future__ import annotations

from ... import importer
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
                          details={"erratum": name, "detail": f"incomplete record ({exc})"})
            continue
        problem = importer.check_erratum(erratum, by_line)
        if problem:
            yield Finding("CT14", errata.path, erratum.yaml_line or 1, 1, erratum.line,
                          details={"erratum": erratum.id, "detail": problem})
