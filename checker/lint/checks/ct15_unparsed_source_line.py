"""CT15 unparsed-source-line: a table line of the published text the import could not read."""
from __future__ import annotations

from ..registry import Finding, Scope, rule
from ..targets import ImportRecord


@rule("CT15", scope=Scope.IMPORT)
def unparsed_source_line(record: ImportRecord):
    for item in record.doc.get("unparsed") or []:
        yield Finding("CT15", record.path, getattr(item, "line", 1), 1, item.get("line"),
                      details={"source": item.get("line"), "text": item.get("text")})
