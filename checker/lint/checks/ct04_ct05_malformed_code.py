"""CT04 malformed-code and CT05 missing-leading-a: one check with two verdicts.

A code that is not well formed gets exactly one of the two: CT05 when it is a well-formed code
but for its lost `A` (the printed 160601), CT04 for anything else. Split in two modules, each
would repeat the other's condition to stay out of its way.
"""
from __future__ import annotations

from ... import codes
from ..registry import Scope, rule
from ..targets import NodeVisit


@rule("CT04", "CT05", scope=Scope.NODE)
def malformed_code(node: NodeVisit):
    if node.well_formed:
        return
    if node.code.isdigit() and codes.level_of(node.code):
        yield node.finding("CT05", code=node.code)
    else:
        yield node.finding("CT04", code=node.code)
