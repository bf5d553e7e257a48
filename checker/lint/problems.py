"""Problems: findings stamped with the rule table's name, severity and message; what a run keeps."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import rules


@dataclass(frozen=True)
class Problem:
    """One finding of lint at a file position (1-based line and column)."""

    rule: str
    name: str
    severity: str
    message: str
    file: str
    line: int
    column: int
    source_line: int | None = None
    details: dict = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        """The JSON record."""
        out = {
            "rule": self.rule, "name": self.name, "severity": self.severity, "message": self.message,
            "file": self.file, "line": self.line, "column": self.column,
        }
        if self.source_line is not None:
            out["source_line"] = self.source_line
        return out

    def check_tuple(self) -> tuple[str, int, int]:
        """(rule, line, column): what tests compare, independent of wording."""
        return (self.rule, self.line, self.column)


class Collector:
    """Gathers findings for one run and renders them through the rule table."""

    def __init__(self, lang: str = "zh"):
        self.lang = lang
        self.rules = rules.load("lint")
        self.problems: list[Problem] = []

    def add(self, rule_id: str, path: Path, line: int, column: int, source_line: int | None = None, **details):
        rule = self.rules[rule_id]
        self.problems.append(
            Problem(rule.id, rule.name, rule.severity, rule.message(self.lang, **details),
                    display_path(path), line, column, source_line, details)
        )


def display_path(path: Path) -> str:
    """A path as the user would type it: relative below the working folder, else absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def exit_code(problems: list[Problem], strict: bool) -> int:
    """0 clean, 1 when an error (or, with strict, a warning) was found."""
    failing = {"error", "warning"} if strict else {"error"}
    return 1 if any(p.severity in failing for p in problems) else 0


def configure(problems: list[Problem], select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
              severities: dict[str, str] | None = None) -> list[Problem]:
    """Only the rules selected (ids or id prefixes: `CT0`, `CT14`; all when none), less those
    ignored, with a severity set per rule where the maintainer wants another (`CT05=error`)."""

    def matches(rule: str, patterns: tuple[str, ...]) -> bool:
        return any(rule == p or rule.startswith(p) for p in patterns)

    out = []
    for p in problems:
        if (select and not matches(p.rule, select)) or matches(p.rule, ignore):
            continue
        if severities and p.rule in severities:
            p = replace(p, severity=severities[p.rule])
        out.append(p)
    return out
