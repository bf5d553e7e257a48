"""CT08 no-level-1-root: a sector list whose first node is not the level-1 root `A`."""
from __future__ import annotations

from ..registry import Finding, Scope, rule
from ..targets import SectorFile


@rule("CT08", scope=Scope.SECTOR)
def no_level_1_root(sector: SectorFile):
    roots = sector.doc["nodes"]
    if roots and not (roots[0]["code"] == "A" and roots[0]["level"] == 1):
        first = roots[0]
        yield Finding("CT08", sector.path, first.line, first.column, first["line"],
                      details={"sector": sector.doc["sector"], "code": first["code"], "name": first["name"]})
