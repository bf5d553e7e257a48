"""CT12 empty-level-3: a level-3 node with no level-4 entries and no erratum saying they were lost."""
from __future__ import annotations

from ..registry import Scope, rule
from ..targets import NodeVisit


@rule("CT12", scope=Scope.NODE)
def empty_level_3(node: NodeVisit):
    if node.code_level == 3 and not node.children and "lost" not in node.node:
        yield node.finding("CT12", code=node.code, name=node.name)
