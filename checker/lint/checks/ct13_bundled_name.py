"""CT13 bundled-name: a level-4 name listing several services, with no `parts` to split it."""
from __future__ import annotations

import re

from ..registry import Scope, rule
from ..targets import NodeVisit

_BUNDLE_HARD = re.compile(r"[；;]")
_BUNDLE_SOFT = re.compile(r"[，,]\s*")
_SERVICE_END = re.compile(r"(服务|活动|节目)$")


@rule("CT13", scope=Scope.NODE)
def bundled_name(node: NodeVisit):
    if node.code_level == 4 and "parts" not in node.node and is_bundled(node.name):
        yield node.finding("CT13", code=node.code, name=node.name)


def is_bundled(name: str) -> bool:
    """Whether a level-4 name lists several services (；-separated, or comma between services)."""
    if _BUNDLE_HARD.search(name):
        return True
    parts = _BUNDLE_SOFT.split(name)
    return len(parts) > 1 and all(_SERVICE_END.search(p.strip()) for p in parts)
