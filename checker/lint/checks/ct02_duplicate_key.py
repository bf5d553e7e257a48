"""CT02 duplicate-key: a key given twice in one mapping, which PyYAML would silently drop."""
from __future__ import annotations

import re

from ..registry import Finding, Scope, rule
from ..targets import YamlFile

_FIRST_AT = re.compile(r"first at line (\d+)")


@rule("CT02", scope=Scope.FILE)
def duplicate_key(file: YamlFile):
    if file.error is not None:
        return  # an unreadable file is CT01's alone; duplicates met before it broke off are noise
    for issue in file.duplicates:
        key = issue.message.split('"')[1]
        first = _FIRST_AT.search(issue.message)
        yield Finding("CT02", file.path, issue.line, issue.column,
                      details={"key": key, "first_line": first.group(1) if first else "?"})
