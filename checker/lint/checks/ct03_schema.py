"""CT03 schema: a sector file that does not follow checker/schema/sector.schema.json.

The engine validates (it must know whether the file can be walked at all); this check says
where each violation stands.
"""
from __future__ import annotations

from ... import yamlio
from ..registry import Finding, Scope, rule
from ..targets import SectorFile


@rule("CT03", scope=Scope.SECTOR_FILE)
def schema(sector: SectorFile):
    for error in sector.schema_errors:
        line, column = _position(sector.doc, list(error.absolute_path))
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        yield Finding("CT03", sector.path, line, column, details={"detail": f"{where}: {error.message}"})


def _position(doc, path_parts) -> tuple[int, int]:
    """Line and column of the value at a JSON-Schema error path, as near as it can be found."""
    node, pos = doc, (getattr(doc, "line", 1), getattr(doc, "column", 1))
    for part in path_parts:
        if isinstance(node, yamlio.LineDict) and part in node:
            pos = node.pos(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            pos = (getattr(node, "line", pos[0]), getattr(node, "column", pos[1]))
        else:
            break
    return pos
