"""CT16 unknown-level-code: a level 1-3 code that the shared classification (levels.yaml) lacks."""
from __future__ import annotations

from ..registry import Scope, rule
from ..targets import NodeVisit


@rule("CT16", scope=Scope.NODE)
def unknown_level_code(node: NodeVisit):
    levels = node.sector.levels
    # No levels at all (a sector file linted on its own, outside an edition) is no evidence.
    if not levels or not (node.usable_code and node.code_level and node.code_level <= 3):
        return
    if node.usable_code not in levels:
        yield node.finding("CT16", code=node.code, name=node.name)
