"""CT07 level-column-mismatch: the column a name stands in disagrees with its code's length."""
from __future__ import annotations

from ..registry import Scope, rule
from ..targets import NodeVisit


@rule("CT07", scope=Scope.NODE)
def level_column_mismatch(node: NodeVisit):
    if node.code_level and node.code_level != node.level:
        yield node.finding("CT07", code=node.code, name=node.name, level=node.level, code_level=node.code_level)
