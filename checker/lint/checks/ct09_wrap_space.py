"""CT09 wrap-space: a space inside a Chinese name, left by a PDF line wrap (服 务)."""
from __future__ import annotations

from ...text import WRAP_SPACE, unwrap
from ..registry import Scope, rule
from ..targets import NodeVisit


@rule("CT09", scope=Scope.NODE)
def wrap_space(node: NodeVisit):
    if WRAP_SPACE.search(node.name):
        yield node.finding("CT09", name=node.name, fixed=unwrap(node.name))
