"""CT01 yaml-unreadable: a file the safe loader refuses (syntax, encoding, aliases, depth, tags)."""
from __future__ import annotations

from ..registry import Finding, Scope, rule
from ..targets import YamlFile


@rule("CT01", scope=Scope.FILE)
def yaml_unreadable(file: YamlFile):
    if file.error is not None:
        # A missing or oversized file has no position (0, 0); the file's start stands for it.
        yield Finding("CT01", file.path, max(file.error.line, 1), max(file.error.column, 1),
                      details={"detail": file.error.message})
