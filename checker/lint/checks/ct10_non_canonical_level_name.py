"""CT10 non-canonical-level-name: a level 1-3 node named otherwise than levels.yaml names its code."""
from __future__ import annotations

from ...text import unwrap
from ..registry import Scope, rule
from ..targets import NodeVisit


@rule("CT10", scope=Scope.NODE)
def non_canonical_level_name(node: NodeVisit):
    if not (node.usable_code and node.code_level and node.code_level <= 3):
        return
    canonical = node.sector.levels.get(node.usable_code)
    # A wrap space is CT09's finding; the name is compared without it.
    if canonical is not None and unwrap(node.name) != canonical:
        yield node.finding("CT10", code=node.code, name=node.name, canonical=canonical)
