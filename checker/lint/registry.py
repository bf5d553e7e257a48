"""The lint rule registry: each check registers the rule ids it reports and the scope it visits.

A check is a function taking the target of its scope (see targets.py) and yielding Findings.
The engine reads every file once and hands each target to the checks of its scope; the
rule table (rules/lint.yaml) then gives each finding its name, severity and message.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any


class Scope(str, Enum):
    """What a check visits, in the order the engine meets it."""

    FILE = "file"                # every YAML file read, as read (before any structure is trusted)
    SECTOR_FILE = "sector-file"  # a readable sector file, with what the JSON Schema says of it
    SECTOR = "sector"            # a sector file that follows the schema, as a whole
    NODE = "node"                # each node of such a file, a parent before its children
    EDITION = "edition"          # the usable sector files of an edition together
    ERRATA = "errata"            # errata.yaml, with the published text it corrects
    IMPORT = "import"            # import.yaml, the record of the import
    SOURCE = "source"            # sector files against the published text they were imported from


@dataclass(frozen=True)
class Finding:
    """What a check reports: a rule id, a position, and the details its message needs."""

    rule: str
    path: Path
    line: int
    column: int
    source_line: int | None = None
    details: dict[str, Any] = field(default_factory=dict)


Check = Callable[[Any], Iterable[Finding]]


@dataclass(frozen=True)
class Implementation:
    """One registered check: the rule ids it may report, its scope, and the function."""

    ids: tuple[str, ...]
    scope: Scope
    check: Check

    @property
    def module(self) -> str:
        return self.check.__module__


_REGISTERED: list[Implementation] = []


def rule(*ids: str, scope: Scope) -> Callable[[Check], Check]:
    """Register a check for `ids` (one id, or two when they are one decision) visiting `scope`."""

    def register(check: Check) -> Check:
        _REGISTERED.append(Implementation(ids, scope, check))
        return check

    return register


_CHECKS_PACKAGE = "checker.lint.checks"


def implementations() -> list[Implementation]:
    """Every registered check. The modules of checker/lint/checks/ are imported on first use, so
    adding a rule is adding a module there; `svccheck --help` never pays for it."""
    package = importlib.import_module(_CHECKS_PACKAGE)
    for module in sorted(info.name for info in pkgutil.iter_modules(package.__path__)):
        importlib.import_module(f"{_CHECKS_PACKAGE}.{module}")
    return list(_REGISTERED)


def by_scope() -> dict[Scope, list[Implementation]]:
    """The registered checks grouped by the scope they visit."""
    grouped: dict[Scope, list[Implementation]] = {scope: [] for scope in Scope}
    for implementation in implementations():
        grouped[implementation.scope].append(implementation)
    return grouped
