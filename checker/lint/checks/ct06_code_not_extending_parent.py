"""CT06 code-not-extending-parent: a child's code is not its parent's plus two digits."""
from __future__ import annotations

from ... import codes
from ..registry import Scope, rule
from ..targets import NodeVisit


@rule("CT06", scope=Scope.NODE)
def code_not_extending_parent(node: NodeVisit):
    parent = node.parent
    # A parent printed in the wrong column pulls its siblings under it; its own CT07
    # already explains that, so the cascade is not reported again.
    if not node.usable_code or parent is None or _misplaced(parent):
        return
    if codes.parent_of(node.usable_code) != _with_a(parent["code"]):
        yield node.finding("CT06", code=node.code, parent=parent["code"])


def _with_a(code: str) -> str:
    return code if codes.WELL_FORMED.match(code) else "A" + code


def _misplaced(node) -> bool:
    """Whether a node's column disagrees with its code's level."""
    return codes.level_of(_with_a(node["code"])) not in (None, node["level"])
