"""CT11 repeated-code: a code met twice in one sector list, usually a heading lost at a page break."""
from __future__ import annotations

from ..registry import Scope, rule
from ..targets import NodeVisit


@rule("CT11", scope=Scope.NODE)
def repeated_code(node: NodeVisit):
    code = node.usable_code
    if not code:
        return
    first_line = node.sector.memo("CT11")
    if code in first_line:
        yield node.finding("CT11", code=node.code, sector=node.sector.doc["sector"], first_line=first_line[code])
    else:
        first_line[code] = node.node["line"]
